// The cart: lines kept in this browser (localStorage), placed as one order
// at the picked store through `POST /orders/`, with an Idempotency-Key so a
// retry after a lost answer cannot place it twice.

import { request, ApiProblem } from "./api.js";
import { h, fill, price } from "./dom.js";

const STORAGE_KEY = "catalog.cart";
const MAX_UNITS = 10_000;

/**
 * `view` holds the cart's elements; `store()` answers the picked store
 * (`{id, name}`) or null.
 */
export function createCart(view, store) {
  let lines = load();
  // The key of an order whose answer never arrived, reused while the same
  // order is placed again.
  let pending = null;

  const save = () => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
    } catch {
      // Private browsing may refuse storage; the cart then lives as long as the page.
    }
  };

  const render = () => {
    const units = lines.reduce((sum, line) => sum + line.quantity, 0);
    view.count.textContent = String(units);
    const picked = store();
    view.store.textContent = picked ? `Ordering from ${picked.name}.` : "Choose a store above to order from it.";
    fill(view.lines, lines.length === 0 ? h("li", { class: "muted" }, "Your cart is empty.") : lines.map((line) =>
      h("li", { "data-product-id": line.product_id },
        h("span", { class: "line-title" }, line.title),
        h("input", {
          type: "number", min: "1", max: String(MAX_UNITS), value: String(line.quantity), inputmode: "numeric",
          "aria-label": `Quantity of ${line.title}`,
          onchange: (event) => setQuantity(line.product_id, event.target.value),
        }),
        h("span", { class: "line-price" }, price(line.price * line.quantity)),
        h("button", {
          type: "button", class: "link", "aria-label": `Remove ${line.title} from the cart`,
          onclick: () => remove(line.product_id),
        }, "Remove"))));
    const total = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
    view.total.textContent = lines.length ? `Total ${price(total)}` : "";
    view.place.disabled = lines.length === 0 || !picked;
  };

  const setQuantity = (productId, raw) => {
    const quantity = Math.min(MAX_UNITS, Math.max(1, Number.parseInt(raw, 10) || 1));
    lines = lines.map((line) => (line.product_id === productId ? { ...line, quantity } : line));
    save();
    render();
  };

  const remove = (productId) => {
    lines = lines.filter((line) => line.product_id !== productId);
    save();
    render();
  };

  const place = async () => {
    const picked = store();
    if (!picked || lines.length === 0) return;
    const body = {
      store_id: Number(picked.id),
      items: lines.map((line) => ({ product_id: line.product_id, quantity_requested: line.quantity })),
    };
    const fingerprint = JSON.stringify(body);
    if (!pending || pending.fingerprint !== fingerprint) pending = { fingerprint, key: newKey() };
    view.place.disabled = true;
    fill(view.result, h("p", { class: "muted" }, "Placing your order…"));
    try {
      const order = await request("/orders/", {
        method: "POST", body, headers: { "idempotency-key": pending.key },
      });
      pending = null;
      showOrder(order, picked);
    } catch (err) {
      // A definite refusal (4xx) will not change on retry with this key.
      if (err instanceof ApiProblem && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
        pending = null;
      }
      fill(view.result, h("p", { class: "problem" }, "The order was not placed. ",
        err instanceof ApiProblem ? err.message : "Please try again."));
    }
    render();
  };

  const showOrder = (order, picked) => {
    const titles = new Map(lines.map((line) => [line.product_id, line.title]));
    if (order.status === "CONFIRMED") {
      lines = [];
      save();
      fill(view.result, h("p", { class: "confirmed", "data-status": "CONFIRMED" },
        h("strong", {}, "CONFIRMED"), ` Order #${order.id} at ${picked.name} is placed.`));
      return;
    }
    const shortages = Array.isArray(order.shortages) ? order.shortages : [];
    fill(view.result, h("div", { class: "rejected", "data-status": order.status },
      h("p", {}, h("strong", {}, order.status), ` Order #${order.id}: ${picked.name} does not have enough of:`),
      h("ul", { class: "shortages" }, shortages.map((s) => h("li", { "data-product-id": s.product_id },
        `${titles.get(s.product_id) || `Product ${s.product_id}`}: you asked for ${s.requested}, ` +
        `${s.available} available (short by ${s.short_by})`))),
      h("p", { class: "muted" }, "Nothing was charged or reserved. Change the quantities and place it again.")));
  };

  view.place.addEventListener("click", place);

  return {
    render,
    /** Adds `quantity` units of a product (a search hit or a product answer). */
    add(product, quantity = 1) {
      const existing = lines.find((line) => line.product_id === product.id);
      if (existing) existing.quantity = Math.min(MAX_UNITS, existing.quantity + quantity);
      else lines.push({ product_id: product.id, title: product.title, price: Number(product.price), quantity });
      save();
      fill(view.result);
      render();
    },
  };
}

function load() {
  try {
    const lines = JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]");
    return Array.isArray(lines) ? lines.filter((l) => Number.isInteger(l.product_id) && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

/** A random UUID; `crypto.randomUUID` exists only on https or localhost pages. */
function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
