// The product view: a modal dialog with what the search hit says, the full
// product from `GET /products/{id}/` where the service has it public, and
// the stock at every store from `GET /products/{id}/stock/`.

import { request, routeMissing, ApiProblem } from "./api.js";
import { h, fill, price, label } from "./dom.js";
import { distanceKm } from "./stores.js";

let opened = 0;

/**
 * Shows `hit` (a search hit or a suggestion: at least `id` and `title`).
 * `context` gives `storeId` (the picked store), `position` (or null) and
 * `add(product, quantity)`.
 */
export async function openProduct(dialog, hit, context) {
  const mine = ++opened;
  const stock = h("section", { class: "stock", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading stock…"));
  render(dialog, hit, stock, context);
  if (!dialog.open) dialog.showModal();

  const [product, stores] = await Promise.allSettled([
    request(`/products/${encodeURIComponent(hit.id)}/`),
    request(`/products/${encodeURIComponent(hit.id)}/stock/`),
  ]);
  if (mine !== opened || !dialog.open) return;
  let shown = hit;
  if (product.status === "fulfilled") {
    shown = { ...hit, ...product.value };
  } else if (routeMissing(product.reason) && hit.price === undefined) {
    // A service without a public product route: a suggestion carries no
    // price, the search hit does.
    shown = (await searchHit(hit)) || hit;
    if (mine !== opened || !dialog.open) return;
  } else if (!routeMissing(product.reason) && stores.status === "rejected") {
    // The product itself failed (e.g. deleted since the search): say why.
    fill(stock, h("p", { class: "problem" }, wordsOf(product.reason)));
    return;
  }
  const section = stores.status === "fulfilled"
    ? stockTable(stores.value.stores, context)
    : h("p", { class: "problem" }, wordsOf(stores.reason));
  render(dialog, shown, h("section", { class: "stock" }, section), context);
}

async function searchHit(hit) {
  try {
    const answer = await request(`/api/search/products/?${new URLSearchParams({ q: hit.title, page_size: "50" })}`);
    return answer.results.find((result) => result.id === hit.id) || null;
  } catch {
    return null;
  }
}

function wordsOf(err) {
  return err instanceof ApiProblem ? err.message : "The product could not be loaded.";
}

function render(dialog, product, stock, context) {
  const path = Array.isArray(product.category_path) && product.category_path.length
    ? product.category_path.join(" › ") : product.category;
  const attributes = product.attributes && typeof product.attributes === "object"
    ? Object.entries(product.attributes) : [];
  const quantity = h("input", {
    type: "number", id: "product-quantity", min: "1", max: "10000", value: "1", inputmode: "numeric",
  });
  fill(dialog,
    h("form", { method: "dialog", class: "product-head" },
      h("button", { class: "link close", "aria-label": "Close the product view" }, "Close")),
    h("div", { class: product.image_url ? "product-body with-image" : "product-body" },
      product.image_url ? h("img", {
        src: product.image_url, alt: product.title, referrerpolicy: "no-referrer",
        onerror: (event) => event.target.remove(),
      }) : null,
      h("div", {},
        h("h2", { id: "product-title" }, product.title),
        h("p", { class: "muted" }, [product.brand, path].filter(Boolean).join(" · ")),
        product.price !== undefined ? h("p", { class: "price" }, price(product.price)) : null,
        attributes.length ? h("dl", { class: "attributes" }, attributes.map(([key, value]) => [
          h("dt", {}, label(key)), h("dd", {}, Array.isArray(value) ? value.join(", ") : String(value)),
        ])) : null,
        product.description ? h("p", { class: "description" }, product.description) : null,
        product.price !== undefined ? h("div", { class: "add-row" },
          h("label", { for: "product-quantity" }, "Quantity"), quantity,
          h("button", {
            type: "button", class: "primary",
            onclick: () => context.add(product, Math.max(1, Number.parseInt(quantity.value, 10) || 1)),
          }, "Add to cart")) : null)),
    h("h3", {}, "Stock by store"),
    stock);
}

function stockTable(stores, { storeId, position }) {
  if (!stores.length) return h("p", { class: "muted" }, "There are no stores yet.");
  const rows = stores
    .map((store) => ({ ...store, km: distanceKm(position, store) }))
    .sort((a, b) => Number(String(b.store_id) === storeId) - Number(String(a.store_id) === storeId) ||
      (a.km ?? Infinity) - (b.km ?? Infinity) || a.name.localeCompare(b.name));
  return h("table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Store"), h("th", { scope: "col" }, "Stock"))),
    h("tbody", {}, rows.map((store) => h("tr", { class: String(store.store_id) === storeId ? "mine" : null },
      h("th", { scope: "row" }, store.name,
        String(store.store_id) === storeId ? h("span", { class: "muted" }, " (your store)") : null,
        store.km !== null ? h("span", { class: "muted" }, ` · ${Math.round(store.km)} km`) : null),
      h("td", {}, quantityText(store.quantity))))));
}

function quantityText(quantity) {
  if (quantity === null || quantity === undefined) return "Not carried";
  if (quantity === 0) return "Sold out";
  return `${quantity} in stock`;
}
