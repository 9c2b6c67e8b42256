// The result column: count, active filters, relaxed words, the product
// cards and the pager, from one search answer.

import { h, fill, marked, price, label } from "./dom.js";

/** The deepest page the API serves (`page * page_size` at most 10,000). */
const WINDOW = 10_000;

export function renderResults(view, answer, state, { names, storeName, open, add, change }) {
  const count = Number(answer.count) || 0;
  const query = state.q.trim();
  view.count.dataset.count = String(count);
  view.count.textContent = `${count.toLocaleString()} ${count === 1 ? "result" : "results"}` +
    (query ? ` for “${query}”` : "") + (storeName ? ` at ${storeName}` : "");

  const dropped = Array.isArray(answer.matching?.dropped) ? answer.matching.dropped : [];
  view.relaxed.hidden = !(dropped.length > 0 && count > 0);
  if (!view.relaxed.hidden) {
    fill(view.relaxed, "No product matches every word of “", query, "”, so these leave out: ",
      dropped.map((word, i) => [i > 0 ? ", " : "", h("s", {}, word)]), ".");
  }

  view.noResults.hidden = count > 0;
  if (count === 0) {
    const filtered = hasFilters(state);
    fill(view.noResults,
      h("p", { class: "big" }, query ? `No products match “${query}”.` : "No products match these filters."),
      dropped.length > 0 ? h("p", {}, "Even without ", dropped.map((w, i) => [i > 0 ? ", " : "", h("s", {}, w)]), " nothing matched.") : null,
      filtered ? h("p", {}, "Try removing a filter, or ",
        h("button", { type: "button", class: "link", onclick: () => change(clearedFilters()) }, "clear all filters"), ".") : null,
      query ? h("p", {}, "Check the spelling or try fewer words.") : null);
  }

  const results = Array.isArray(answer.results) ? answer.results : [];
  for (const hit of results) names.set(String(hit.category_id), hit.category);
  fill(view.list, results.map((hit) => card(hit, storeName, open, add)));

  const pageSize = Number(answer.page_size) || 20;
  const last = Math.max(1, Math.min(Math.ceil(count / pageSize), Math.floor(WINDOW / pageSize)));
  renderPager(view.pager, Number(answer.page) || state.page, count === 0 ? 0 : last, change);
}

function card(hit, storeName, open, add) {
  const title = hit.highlight?.title ?? (typeof hit.highlight === "string" ? hit.highlight : null);
  const snippet = hit.highlight?.description;
  const path = Array.isArray(hit.category_path) && hit.category_path.length > 0
    ? hit.category_path.join(" › ") : hit.category;
  const stock = hit.in_stock ? "In stock" : "Out of stock";
  return h("li", { class: "card", "data-product-id": hit.id },
    hit.image_url ? h("img", {
      src: hit.image_url, alt: "", loading: "lazy", referrerpolicy: "no-referrer",
      onerror: (event) => event.target.remove(),
    }) : h("div", { class: "no-image", "aria-hidden": "true" }, (hit.title || "?").charAt(0)),
    h("h3", {}, h("button", {
      type: "button", class: "link title", onclick: () => open(hit),
      "aria-label": `Details of ${hit.title}`,
    }, title ? marked(title) : hit.title)),
    h("p", { class: "muted" }, [hit.brand, path].filter(Boolean).join(" · ")),
    snippet ? h("p", { class: "snippet" }, marked(snippet)) : null,
    h("p", { class: "price" }, price(hit.price)),
    h("p", { class: hit.in_stock ? "stock in" : "stock out" }, storeName ? `${stock} at ${storeName}` : stock),
    h("button", {
      type: "button", class: "add", onclick: () => add(hit), "aria-label": `Add ${hit.title} to the cart`,
    }, "Add to cart"));
}

function renderPager(nav, page, last, change) {
  if (last <= 1) {
    fill(nav);
    return;
  }
  const go = (n) => () => {
    change({ page: n });
    window.scrollTo({ top: 0 });
  };
  const numbers = new Set([1, last, page - 1, page, page + 1].filter((n) => n >= 1 && n <= last));
  const items = [];
  let previous = 0;
  for (const n of [...numbers].sort((a, b) => a - b)) {
    if (n - previous > 1) items.push(h("li", { class: "gap", "aria-hidden": "true" }, "…"));
    items.push(h("li", {}, h("button", {
      type: "button", "aria-label": `Page ${n}`, "aria-current": n === page ? "page" : false, onclick: go(n),
    }, String(n))));
    previous = n;
  }
  fill(nav, h("ul", {},
    h("li", {}, h("button", { type: "button", disabled: page <= 1, onclick: go(page - 1) }, "‹ Previous")),
    items,
    h("li", {}, h("button", { type: "button", disabled: page >= last, onclick: go(page + 1) }, "Next ›"))));
}

export function hasFilters(state) {
  return state.category.length > 0 || state.brand.length > 0 || Object.values(state.attrs).some((v) => v.length) ||
    state.min_price !== "" || state.max_price !== "" || state.in_stock || state.store_id !== "";
}

function clearedFilters() {
  return { category: [], brand: [], attrs: {}, min_price: "", max_price: "", in_stock: false };
}

/** One removable chip per active filter. */
export function renderChips(ul, state, { names, storeName, change }) {
  const chips = [];
  const chip = (text, changes) => chips.push(h("li", {}, h("button", {
    type: "button", class: "chip", onclick: () => change(changes), "aria-label": `Remove filter ${text}`,
  }, text, h("span", { "aria-hidden": "true" }, " ×"))));
  for (const id of state.category) {
    chip(`Category: ${names.get(id) || id}`, { category: state.category.filter((c) => c !== id) });
  }
  for (const brand of state.brand) chip(`Brand: ${brand}`, { brand: state.brand.filter((b) => b !== brand) });
  for (const [key, values] of Object.entries(state.attrs)) {
    for (const value of values) {
      chip(`${label(key)}: ${value}`, { attrs: { ...state.attrs, [key]: values.filter((v) => v !== value) } });
    }
  }
  if (state.min_price !== "" || state.max_price !== "") {
    chip(`Price: ${state.min_price ? price(state.min_price) : "$0"} to ${state.max_price ? price(state.max_price) : "any"}`,
      { min_price: "", max_price: "" });
  }
  if (state.store_id) chip(`Store: ${storeName || state.store_id}`, { store_id: "" });
  if (state.in_stock) chip("In stock", { in_stock: false });
  if (chips.length > 1) {
    chips.push(h("li", {}, h("button", { type: "button", class: "link", onclick: () => change({ ...clearedFilters(), store_id: "" }) }, "Clear all")));
  }
  fill(ul, chips);
  ul.hidden = chips.length === 0;
}
