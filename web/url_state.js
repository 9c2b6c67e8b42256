// The shopper's search as the page URL's query string. The page's
// parameters are the search API's own (`q`, `category`, `brand`,
// `attr.<key>`, `min_price`, `max_price`, `store_id`, `in_stock`, `sort`,
// `page`), so a URL can be shared, the back button walks through searches,
// and the same string is sent to `/api/search/products/`.

const LISTS = ["category", "brand"];
const SINGLES = ["q", "min_price", "max_price", "store_id", "sort", "page_size"];

export function emptyState() {
  return {
    q: "", category: [], brand: [], attrs: {}, min_price: "", max_price: "",
    store_id: "", in_stock: false, sort: "", page: 1, page_size: "",
  };
}

/** The state a query string (`location.search`) describes. */
export function parse(search) {
  const state = emptyState();
  for (const [key, raw] of new URLSearchParams(search)) {
    const value = raw.trim();
    if (!value) continue;
    if (LISTS.includes(key)) {
      if (!state[key].includes(value)) state[key].push(value);
    } else if (key.startsWith("attr.") && key.length > 5) {
      const name = key.slice(5);
      const values = (state.attrs[name] ||= []);
      if (!values.includes(value)) values.push(value);
    } else if (SINGLES.includes(key)) {
      state[key] = key === "q" ? raw : value;
    } else if (key === "in_stock") {
      state.in_stock = value === "true" || value === "1";
    } else if (key === "page") {
      const page = Number.parseInt(value, 10);
      state.page = Number.isFinite(page) && page > 0 ? page : 1;
    }
  }
  return state;
}

/** The query string of a state, in a fixed order, defaults left out. */
export function serialize(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.append("q", state.q.trim());
  for (const key of LISTS) for (const value of state[key]) params.append(key, value);
  for (const name of Object.keys(state.attrs).sort()) {
    for (const value of state.attrs[name]) params.append(`attr.${name}`, value);
  }
  for (const key of ["min_price", "max_price", "store_id"]) {
    if (state[key] !== "") params.append(key, state[key]);
  }
  if (state.in_stock) params.append("in_stock", "true");
  if (state.sort) params.append("sort", state.sort);
  if (state.page > 1) params.append("page", String(state.page));
  if (state.page_size) params.append("page_size", state.page_size);
  return params.toString();
}

/** A copy of `state` with `changes` applied; any filter change goes back to page 1. */
export function withChanges(state, changes) {
  const next = structuredClone(state);
  Object.assign(next, structuredClone(changes));
  if (!("page" in changes)) next.page = 1;
  return next;
}

/** Adds or removes `value` in the list at `key` (`category`, `brand`) or attribute `name`. */
export function toggled(list, value) {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** Writes the state to the address bar: a new history entry, or in place while typing. */
export function remember(state, { replace = false } = {}) {
  const query = serialize(state);
  const url = query ? `/?${query}` : "/";
  if (url === `${location.pathname}${location.search}`) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}
