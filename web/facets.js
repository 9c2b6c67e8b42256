// The filter column: the category tree (or, from an older service, a flat
// category list), brand, price ranges, availability and the facetable
// attributes, each from the search answer's `facets`. A click asks main.js
// for a new state through `change(changes)`; nothing here fetches.

import { h, fill, label } from "./dom.js";
import { toggled } from "./url_state.js";

/** Renders `facets` for `state` into `container`; `names` learns category names. */
export function renderFacets(container, facets, state, { change, names, storeName }) {
  const sections = [];
  const category = facets.category;
  if (Array.isArray(category)) sections.push(flatCategories(category, state, change, names));
  else if (category && typeof category === "object") sections.push(categoryTree(category, state, change, names));
  if (Array.isArray(facets.brand) && (facets.brand.length > 0 || state.brand.length > 0)) {
    sections.push(checklist("brand", "Brand", entries(facets.brand, state.brand), (value) =>
      change({ brand: toggled(state.brand, value) })));
  }
  if (Array.isArray(facets.price)) sections.push(prices(facets.price, state, change));
  if (Array.isArray(facets.availability)) sections.push(availability(facets.availability, state, change, storeName));
  const attributes = facets.attributes && typeof facets.attributes === "object" ? facets.attributes : {};
  const keys = new Set([...Object.keys(attributes), ...Object.keys(state.attrs)]);
  for (const key of [...keys].sort()) {
    const chosen = state.attrs[key] || [];
    const counts = Array.isArray(attributes[key]) ? attributes[key] : [];
    sections.push(checklist(`attr.${key}`, label(key), entries(counts, chosen), (value) =>
      change({ attrs: { ...state.attrs, [key]: toggled(chosen, value) } })));
  }
  fill(container, sections);
}

/** Counted values, plus chosen ones the answer no longer counts (so they can be unticked). */
function entries(counts, chosen) {
  const list = counts.map((c) => ({ value: String(c.value), label: String(c.value), count: c.count }));
  for (const value of chosen) {
    if (!list.some((entry) => entry.value.toLowerCase() === value.toLowerCase())) {
      list.push({ value, label: value, count: 0 });
    }
  }
  return list.map((entry) => ({
    ...entry,
    checked: chosen.some((value) => value.toLowerCase() === entry.value.toLowerCase()),
  }));
}

function checklist(facet, legend, list, toggle) {
  const id = (value) => `f-${facet}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return h("fieldset", { class: "facet", "data-facet": facet },
    h("legend", {}, legend),
    list.length === 0 ? h("p", { class: "muted" }, "None") : null,
    h("ul", {}, list.map((entry) => h("li", {},
      h("input", {
        type: "checkbox", id: id(entry.value), "data-value": entry.value, checked: entry.checked,
        onchange: () => toggle(entry.value),
      }),
      h("label", { for: id(entry.value) }, entry.label, h("span", { class: "n" }, ` ${entry.count}`))))));
}

/** Today's answer: one level of categories, multi-select by id. */
function flatCategories(list, state, change, names) {
  for (const entry of list) names.set(String(entry.id), entry.value);
  const chosen = state.category;
  const shown = list.map((c) => ({ value: String(c.id), label: c.value, count: c.count }));
  for (const value of chosen) {
    if (!shown.some((entry) => entry.value === value)) {
      shown.push({ value, label: names.get(value) || value, count: 0 });
    }
  }
  return checklist("category", "Category",
    shown.map((entry) => ({ ...entry, checked: chosen.includes(entry.value) })),
    (value) => change({ category: toggled(chosen, value) }));
}

/** The contract's tree: the chosen category's path (to climb back up) and its children. */
function categoryTree(tree, state, change, names) {
  const path = Array.isArray(tree.path) ? tree.path : [];
  const children = Array.isArray(tree.children) ? tree.children : [];
  for (const entry of [...path, ...children]) names.set(String(entry.id), entry.value);
  const crumbs = [h("li", {}, path.length === 0
    ? h("span", { "aria-current": "true" }, "All categories")
    : h("button", { type: "button", class: "link", onclick: () => change({ category: [] }) }, "All categories"))];
  path.forEach((entry, i) => {
    const last = i === path.length - 1;
    crumbs.push(h("li", {}, last
      ? h("span", { "aria-current": "true" }, entry.value, h("span", { class: "n" }, ` ${entry.count}`))
      : h("button", {
        type: "button", class: "link", "data-value": String(entry.id),
        "aria-label": `Back up to ${entry.value}`, onclick: () => change({ category: [String(entry.id)] }),
      }, entry.value)));
  });
  return h("section", { class: "facet", "data-facet": "category", "aria-labelledby": "facet-category" },
    h("h3", { id: "facet-category" }, "Category"),
    h("ol", { class: "crumbs", "aria-label": "Category path" }, crumbs),
    h("ul", { class: "children" }, children.map((child) => h("li", {},
      h("button", {
        type: "button", class: "link", "data-value": String(child.id),
        onclick: () => change({ category: [String(child.id)] }),
      }, child.value, h("span", { class: "n" }, ` ${child.count}`))))));
}

function prices(buckets, state, change) {
  const chosen = (b) => state.min_price === String(b.min) && state.max_price === upTo(b.max);
  const anyChosen = state.min_price === "" && state.max_price === "";
  const radio = (id, text, checked, onchange, count) => h("li", {},
    h("input", { type: "radio", name: "price", id, checked, onchange }),
    h("label", { for: id }, text, count === undefined ? null : h("span", { class: "n" }, ` ${count}`)));
  const custom = !anyChosen && !buckets.some(chosen);
  return h("fieldset", { class: "facet", "data-facet": "price" },
    h("legend", {}, "Price"),
    h("ul", {},
      radio("price-any", "Any price", anyChosen, () => change({ min_price: "", max_price: "" })),
      custom ? radio("price-custom", `$${state.min_price || "0"} to $${state.max_price || "any"}`, true, () => {}) : null,
      buckets.filter((b) => b.count > 0 || chosen(b)).map((b) => radio(`price-${b.range}`,
        b.max === null ? `$${b.min} and above` : `$${b.min} to $${b.max}`, chosen(b),
        () => change({ min_price: String(b.min), max_price: upTo(b.max) }), b.count))));
}

/** A bucket's exclusive upper bound as the API's inclusive `max_price`. */
function upTo(max) {
  return max === null || max === undefined ? "" : (max - 0.01).toFixed(2);
}

function availability(list, state, change, storeName) {
  const inStock = list.find((entry) => entry.value === "in_stock");
  const where = storeName ? ` at ${storeName}` : "";
  return h("fieldset", { class: "facet", "data-facet": "availability" },
    h("legend", {}, "Availability"),
    h("ul", {}, h("li", {},
      h("input", {
        type: "checkbox", id: "in-stock", checked: state.in_stock,
        onchange: (event) => change({ in_stock: event.target.checked }),
      }),
      h("label", { for: "in-stock" }, `In stock${where}`,
        inStock ? h("span", { class: "n" }, ` ${inStock.count}`) : null))));
}
