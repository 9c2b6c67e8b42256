// Search-as-you-type suggestions under the search box, as an ARIA combobox:
// debounced calls to `/api/search/suggest/`, answers to older keystrokes
// ignored, arrows to move, Enter to pick, Escape to close.

import { request, ApiProblem } from "./api.js";
import { h, fill, marked, debounce } from "./dom.js";

const MIN_CHARS = 3;
const DELAY_MS = 120;

/**
 * Wires the box. `onPick(product)` gets a product suggestion
 * (`{id, title, category}`), `onCategory(category)` a category one (issue
 * 10's suggest adds them; older answers have none).
 */
export function attachSuggest({ input, list, onPick, onCategory }) {
  let latest = 0;
  let controller = null;
  let items = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const open = () => {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };

  const setActive = (index) => {
    const options = list.querySelectorAll("[role=option][data-index]");
    active = index;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const pick = (index) => {
    const item = items[index];
    if (!item) return;
    close();
    if (item.kind === "category") onCategory(item.value);
    else onPick(item.value);
  };

  const render = (query, answer) => {
    const products = Array.isArray(answer.suggestions) ? answer.suggestions : [];
    const categories = Array.isArray(answer.categories) ? answer.categories : [];
    items = [
      ...categories.map((value) => ({ kind: "category", value })),
      ...products.map((value) => ({ kind: "product", value })),
    ];
    if (items.length === 0) {
      fill(list, h("li", { class: "empty", role: "option", "aria-disabled": "true" }, `No suggestions for “${query}”`));
    } else {
      fill(list, items.map((item, index) => option(item, index, query, pick)));
    }
    active = -1;
    open();
  };

  const fetchSuggestions = debounce(async (query) => {
    const mine = ++latest;
    controller?.abort();
    controller = new AbortController();
    try {
      const answer = await request(`/api/search/suggest/?${new URLSearchParams({ q: query, limit: "8" })}`,
        { signal: controller.signal });
      if (mine !== latest || input.value.trim() !== query) return;
      render(query, answer);
    } catch (err) {
      if (err.name === "AbortError" || mine !== latest) return;
      items = [];
      const message = err instanceof ApiProblem ? err.message : "Suggestions are not available right now.";
      fill(list, h("li", { class: "problem", role: "option", "aria-disabled": "true" }, message));
      open();
    }
  }, DELAY_MS);

  input.addEventListener("input", () => {
    const query = input.value.trim();
    if (query.length < MIN_CHARS) {
      latest++;
      controller?.abort();
      fetchSuggestions.cancel();
      close();
      return;
    }
    fetchSuggestions(query);
  });

  input.addEventListener("keydown", (event) => {
    const count = items.length;
    switch (event.key) {
      case "ArrowDown":
        if (count === 0) return;
        event.preventDefault();
        if (list.hidden) open();
        setActive((active + 1) % count);
        break;
      case "ArrowUp":
        if (count === 0) return;
        event.preventDefault();
        if (list.hidden) open();
        setActive(active <= 0 ? count - 1 : active - 1);
        break;
      case "Enter":
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          pick(active);
        } else {
          close();
        }
        break;
      case "Escape":
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
        break;
      case "Tab":
        close();
        break;
      default:
    }
  });

  input.addEventListener("blur", () => setTimeout(close, 150));
  // A click on an option must not blur the box before the click lands.
  list.addEventListener("mousedown", (event) => event.preventDefault());

  return {
    close,
    /** Forgets answers in flight, e.g. when the shopper submits. */
    cancel() {
      latest++;
      controller?.abort();
      fetchSuggestions.cancel();
      close();
    },
  };
}

function option(item, index, query, pick) {
  const props = {
    id: `suggestion-${index}`,
    role: "option",
    "aria-selected": "false",
    "data-index": index,
    class: item.kind,
    onclick: () => pick(index),
  };
  if (item.kind === "category") {
    const category = item.value;
    const path = Array.isArray(category.path) ? category.path.join(" › ") : String(category.path ?? category.value ?? "");
    return h("li", props, h("span", { class: "kind" }, "Category"), " ", path,
      category.count !== undefined ? h("span", { class: "muted" }, ` (${category.count})`) : null);
  }
  const product = item.value;
  const title = product.highlight?.title ?? (typeof product.highlight === "string" ? product.highlight : null);
  return h("li", props,
    title ? marked(title) : emphasize(product.title, query),
    product.category ? h("span", { class: "muted" }, ` in ${product.category}`) : null);
}

/** The title with the start of each word the shopper typed marked. */
function emphasize(title, query) {
  const typed = query.toLowerCase().split(/\s+/).filter(Boolean);
  return String(title).split(/(\s+)/).map((word) => {
    const lower = word.toLowerCase();
    const hit = typed.filter((t) => lower.startsWith(t)).sort((a, b) => b.length - a.length)[0];
    return hit ? [h("mark", {}, word.slice(0, hit.length)), word.slice(hit.length)] : word;
  });
}
