// The shop page's wiring: the URL is the state (url_state.js); every change
// writes it and runs one search, whose answer renders the facets, results
// and chips. Answers to superseded searches are dropped.

import { request, ApiProblem } from "./api.js";
import { h, fill, debounce } from "./dom.js";
import { parse, serialize, withChanges, remember } from "./url_state.js";
import { attachSuggest } from "./suggest.js";
import { renderFacets } from "./facets.js";
import { renderResults, renderChips } from "./results.js";
import {
  fetchStores, storesFromStock, sortStores, renderStorePicker, currentPosition, locationAllowed,
} from "./stores.js";
import { openProduct } from "./product.js";
import { createCart } from "./cart.js";

const $ = (id) => document.getElementById(id);
const input = $("q");
const sortSelect = $("sort");
const storeSelect = $("store");
const view = {
  count: $("result-count"), relaxed: $("relaxed"), noResults: $("no-results"),
  list: $("results"), pager: $("pager"),
};

let state = parse(location.search);
/** Category id -> name, learned from answers, for chips of chosen categories. */
const names = new Map();
let stores = [];
let storesFromProducts = false;
let position = null;
let answer = null;
let latestSearch = 0;
let searchController = null;
/** Whether the shopper is typing a query: its keystrokes share one history entry. */
let typing = false;

const storeName = () => stores.find((s) => String(s.id) === state.store_id)?.name || "";

function change(changes, { replace = false } = {}) {
  state = withChanges(state, changes);
  remember(state, { replace });
  if (!("q" in changes)) typing = false;
  syncControls();
  search();
}

function syncControls() {
  // Rewriting the same text would move the caret while the shopper types.
  if (input.value !== state.q) input.value = state.q;
  const best = sortSelect.querySelector('option[value=""]');
  best.textContent = state.q.trim() ? "Best match" : "Newest";
  sortSelect.querySelector('option[value="newest"]').hidden = !state.q.trim();
  sortSelect.value = state.sort;
  if (sortSelect.value !== state.sort) {
    sortSelect.append(h("option", { value: state.sort }, state.sort));
    sortSelect.value = state.sort;
  }
  storeSelect.value = state.store_id;
  document.title = state.q.trim() ? `${state.q.trim()} · Shop` : "Shop · catalog";
  cart.render();
}

async function search() {
  const mine = ++latestSearch;
  searchController?.abort();
  searchController = new AbortController();
  view.list.setAttribute("aria-busy", "true");
  try {
    const found = await request(`/api/search/products/?${serialize(state)}`, { signal: searchController.signal });
    if (mine !== latestSearch) return;
    answer = found;
    hideNotice();
    render();
    if (storesFromProducts && stores.length === 0 && found.results?.length) loadStoresFromStock(found.results[0].id);
  } catch (err) {
    if (err.name === "AbortError" || mine !== latestSearch) return;
    answer = null;
    fill(view.list);
    fill(view.pager);
    view.count.textContent = "";
    delete view.count.dataset.count;
    view.noResults.hidden = true;
    view.relaxed.hidden = true;
    const words = err instanceof ApiProblem ? err.message : "Please try again.";
    if (err.status === 400) {
      // The URL asks for something the API refuses (an old or edited link):
      // repeating it cannot help, starting over can.
      const fix = state.page > 1 ? { label: "Go to the first page", changes: { page: 1 } }
        : { label: "Start a new search", changes: parse("") };
      showNotice(`The search failed. ${words}`, { label: fix.label, run: () => change(fix.changes) });
    } else {
      showNotice(`The search failed. ${words}`, { label: "Try again", run: search });
    }
  } finally {
    if (mine === latestSearch) view.list.removeAttribute("aria-busy");
  }
}

function render() {
  renderChips($("active-filters"), state, { names, storeName: storeName(), change });
  if (!answer) return;
  if (answer.results?.some((hit) => "popularity" in hit) && !sortSelect.querySelector('option[value="popularity"]')) {
    sortSelect.append(h("option", { value: "popularity" }, "Most popular"));
    sortSelect.value = state.sort;
  }
  renderFacets($("facets"), answer.facets || {}, state, { change, names, storeName: storeName() });
  renderResults(view, answer, state, { names, storeName: storeName(), open: showProduct, add: addToCart, change });
}

/** Shows `message`, with a button for `action` (`{label, run}`) when given. */
function showNotice(message, action) {
  const notice = $("notice");
  fill(notice, h("span", {}, message), " ",
    action ? h("button", { type: "button", class: "link", onclick: () => { hideNotice(); action.run(); } }, action.label) : null,
    h("button", { type: "button", class: "link", "aria-label": "Dismiss this message", onclick: hideNotice }, "Dismiss"));
  notice.hidden = false;
}

function hideNotice() {
  $("notice").hidden = true;
}

function showProduct(hit) {
  openProduct($("product"), hit, { storeId: state.store_id, position, add: addToCart });
}

function addToCart(product, quantity = 1) {
  cart.add(product, quantity);
  const status = $("order-result");
  status.textContent = `Added ${product.title} to the cart.`;
}

function setStores(list) {
  stores = sortStores(list, position);
  renderStorePicker(storeSelect, stores, state.store_id);
  cart.render();
  render();
}

async function loadStoresFromStock(productId) {
  try {
    setStores(await storesFromStock(productId));
  } catch (err) {
    showNotice(`The list of stores could not be loaded. ${err.message}`);
  }
}

const cart = createCart({
  count: $("cart-count"), store: $("cart-store"), lines: $("cart-lines"), total: $("cart-total"),
  place: $("place-order"), result: $("order-result"),
}, () => (state.store_id ? { id: state.store_id, name: storeName() || `store ${state.store_id}` } : null));

const suggest = attachSuggest({
  input,
  list: $("suggestions"),
  onPick: (product) => {
    typed.cancel();
    input.value = product.title;
    typing = false;
    change({ q: product.title });
    showProduct(product);
  },
  onCategory: (category) => {
    typed.cancel();
    input.value = "";
    const value = category.id !== undefined ? String(category.id)
      : (Array.isArray(category.path) ? category.path.join(" > ") : String(category.path ?? category.value));
    change({ q: "", category: [value] });
  },
});

const typed = debounce(() => {
  change({ q: input.value }, { replace: typing });
  typing = true;
}, 250);

input.addEventListener("input", typed);
$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  typed.cancel();
  suggest.cancel();
  change({ q: input.value }, { replace: typing });
  typing = false;
});
sortSelect.addEventListener("change", () => change({ sort: sortSelect.value }));
storeSelect.addEventListener("change", () => change({ store_id: storeSelect.value }));
window.addEventListener("popstate", () => {
  typing = false;
  state = parse(location.search);
  syncControls();
  search();
});

const toggle = (button, panel, show) => {
  panel.hidden = !show;
  panel.classList.toggle("open", show);
  button.setAttribute("aria-expanded", String(show));
};
$("cart-button").addEventListener("click", () => toggle($("cart-button"), $("cart"), $("cart").hidden));
$("cart-close").addEventListener("click", () => toggle($("cart-button"), $("cart"), false));
$("filters-toggle").addEventListener("click", () => {
  const facets = $("facets");
  const show = !facets.classList.contains("open");
  facets.classList.toggle("open", show);
  $("filters-toggle").setAttribute("aria-expanded", String(show));
});

async function locate() {
  position = await currentPosition();
  if (!position) {
    showNotice("Your browser gave no location, so the stores stay sorted by name.");
    return;
  }
  $("near-me").hidden = true;
  setStores(stores);
}

async function boot() {
  syncControls();
  search();
  try {
    const list = await fetchStores();
    if (list === null) storesFromProducts = true;
    else setStores(list);
    if (storesFromProducts && answer?.results?.length) loadStoresFromStock(answer.results[0].id);
  } catch (err) {
    showNotice(`The list of stores could not be loaded. ${err.message}`);
  }
  if (await locationAllowed()) locate();
  else if (navigator.geolocation) {
    $("near-me").hidden = false;
    $("near-me").addEventListener("click", locate);
  }
}

boot();
