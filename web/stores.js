// The store picker's list: the stores from `GET /stores/`, nearest first
// when the browser gives a location, by name otherwise.
//
// A service without `GET /stores/` (it is newer than the shop page) still
// has `GET /products/{id}/stock/`, which names every store: the page then
// takes the list from the first product it shows.

import { request, routeMissing } from "./api.js";
import { h, fill } from "./dom.js";

/** The stores, or `null` when this service has no `GET /stores/`. */
export async function fetchStores() {
  try {
    const stores = await request("/stores/");
    return Array.isArray(stores) ? stores : stores.results || [];
  } catch (err) {
    if (routeMissing(err)) return null;
    throw err;
  }
}

/** The stores as `GET /products/{id}/stock/` names them. */
export async function storesFromStock(productId) {
  const answer = await request(`/products/${encodeURIComponent(productId)}/stock/`);
  return answer.stores.map((s) => ({
    id: s.store_id, name: s.name, location: s.location, latitude: s.latitude, longitude: s.longitude,
  }));
}

/** Kilometres between two points on the Earth (haversine). */
export function distanceKm(from, to) {
  if (!from || to.latitude === null || to.latitude === undefined ||
      to.longitude === null || to.longitude === undefined) return null;
  const rad = (deg) => (deg * Math.PI) / 180;
  const dLat = rad(to.latitude - from.latitude);
  const dLon = rad(to.longitude - from.longitude);
  const a = Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(from.latitude)) * Math.cos(rad(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Nearest first when `position` is known (stores without coordinates last), else by name. */
export function sortStores(stores, position) {
  const byName = (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id - b.id;
  const withDistance = stores.map((store) => ({ ...store, km: distanceKm(position, store) }));
  return withDistance.sort((a, b) => {
    if (a.km === null && b.km === null) return byName(a, b);
    if (a.km === null) return 1;
    if (b.km === null) return -1;
    return a.km - b.km || byName(a, b);
  });
}

export function renderStorePicker(select, stores, chosen) {
  const known = stores.some((store) => String(store.id) === chosen);
  fill(select,
    h("option", { value: "" }, "All stores"),
    stores.map((store) => h("option", { value: String(store.id) },
      store.name, store.location ? ` — ${store.location}` : "",
      store.km === null || store.km === undefined ? "" : ` (${formatKm(store.km)})`)),
    chosen && !known ? h("option", { value: chosen }, `Store ${chosen}`) : null);
  select.value = chosen;
}

function formatKm(km) {
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}

/** The browser's position, or null when it gives none (denied, unsupported, timed out). */
export function currentPosition() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) {
      resolve(null);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
      () => resolve(null),
      { timeout: 10_000, maximumAge: 600_000 });
  });
}

/** Whether the shopper already allowed this page to know where they are. */
export async function locationAllowed() {
  try {
    const status = await navigator.permissions?.query({ name: "geolocation" });
    return status?.state === "granted";
  } catch {
    return false;
  }
}
