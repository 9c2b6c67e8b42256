// Building the page's elements. Text always goes in as text nodes, never as
// HTML, so nothing the API answers can become markup or script; the one
// exception, `<mark>` in highlights, is rebuilt element by element.

/**
 * An element: `h("button", { class: "x", onclick: fn, "aria-label": "..." }, "text", child)`.
 * Attributes set to `false`, `null` or `undefined` are left out; `true` sets them empty.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "value") {
      el.value = value;
    } else if (name === "checked") {
      el.checked = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empties `el` and fills it with `children`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'", "#x2F": "/" };

function unescape(text) {
  return text.replace(/&(#x?[0-9a-fA-F]+|[a-z]+);/g, (whole, name) => {
    if (name in ENTITIES) return ENTITIES[name];
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16) || 0xfffd);
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10) || 0xfffd);
    return whole;
  });
}

/**
 * A highlight from the API (HTML-escaped text where only `<mark>` and
 * `</mark>` are tags) as nodes: escaped text becomes text again, marks
 * become <mark> elements, and any other tag stays visible text.
 */
export function marked(highlight) {
  const fragment = document.createDocumentFragment();
  const parts = String(highlight).split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const part of parts) {
    if (part === "<mark>") { inMark = true; continue; }
    if (part === "</mark>") { inMark = false; continue; }
    if (!part) continue;
    const text = document.createTextNode(unescape(part));
    fragment.append(inMark ? h("mark", {}, text) : text);
  }
  return fragment;
}

const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });

export function price(amount) {
  return money.format(Number(amount));
}

/** "storage_gb" -> "Storage gb" */
export function label(key) {
  const words = String(key).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Calls `fn` once calls stop for `ms`. */
export function debounce(fn, ms) {
  let timer = 0;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
