// The site's service worker: repeat visits start from the cache, and pages visited before (and the
// calculator's engine) keep working offline.
//
// macros/calculator_assets.py copies this file to the site root as sw.js (a service worker controls
// only URLs under its own folder) and fills in the two versions below. site.js registers it.
//
// * Pyodide's files never change for a given Pyodide version: cache first, in a cache named after
//   that version, kept across site builds (13 MB a reader downloads once).
// * The calculator wheel carries its version in its name, the interpreter snapshot a hash of what
//   it was made from: cache first, in this build's cache.
// * Everything else of ours (pages, data.json, styles, scripts, search index): network first, the
//   cache when the network fails (offline) or is too slow for a page we have already.
// * Other origins, non-GET requests and range requests pass through untouched, never cached.
// * Pages tell the worker what they used ("guide:keep" messages): the page itself and its assets
//   (site.js), the engine's downloads (calculator.js). Those come from the HTTP cache when they can.
// * A new build gets a new cache; activation deletes the caches of other builds and Pyodide versions.

const BUILD = "__GUIDE_BUILD__";
const PYODIDE_VERSION = "__GUIDE_PYODIDE__";
const SITE_CACHE = `guide-site-${BUILD}`;
const PYODIDE_CACHE = `guide-pyodide-${PYODIDE_VERSION}`;
/** A page we have a copy of gets this long to arrive from the network before the copy is shown. */
const NETWORK_PATIENCE_MS = 4000;

const scope = new URL(self.registration.scope);

/** @param {URL} url */
function cacheFor(url) {
  const path = url.pathname.slice(scope.pathname.length);
  if (path.startsWith("assets/pyodide/")) {
    return { name: PYODIDE_CACHE, immutable: true };
  }
  if (path.startsWith("assets/calculator/") && (path.endsWith(".whl") || path.endsWith(".snapshot"))) {
    return { name: SITE_CACHE, immutable: true };
  }
  return { name: SITE_CACHE, immutable: false };
}

/** @param {URL} url */
function ours(url) {
  return url.origin === scope.origin && url.pathname.startsWith(scope.pathname) && !url.pathname.endsWith("/sw.js");
}

/** The cache key: the URL without its fragment (and without the query for our static files). */
function key(/** @type {URL} */ url) {
  const clean = new URL(url.href);
  clean.hash = "";
  return clean.href;
}

/** @param {Response} response */
function storable(response) {
  return response && response.ok && response.status === 200 && response.type === "basic";
}

async function put(/** @type {string} */ cacheName, /** @type {string} */ url, /** @type {Response} */ response) {
  try {
    const cache = await caches.open(cacheName);
    await cache.put(url, response);
  } catch {
    // Quota or storage errors: the site works without the cache.
  }
}

async function cacheFirst(/** @type {Request} */ request, /** @type {{name: string}} */ target, /** @type {string} */ url) {
  const cache = await caches.open(target.name);
  const cached = await cache.match(url);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (storable(response)) {
    await put(target.name, url, response.clone());
  }
  return response;
}

async function networkFirst(/** @type {FetchEvent} */ event, /** @type {{name: string}} */ target, /** @type {string} */ url) {
  const cache = await caches.open(target.name);
  const cached = await cache.match(url, { ignoreVary: true });
  const network = fetch(event.request).then((response) => {
    if (storable(response)) {
      event.waitUntil(put(target.name, url, response.clone()));
    }
    return response;
  });
  if (!cached) {
    return network;
  }
  network.catch(() => {});
  // Slow network: show the copy we have (the fresh one still lands in the cache for next time).
  const slow = new Promise((resolve) => setTimeout(() => resolve(cached), NETWORK_PATIENCE_MS));
  try {
    return await Promise.race([network, slow]);
  } catch {
    return cached;
  }
}

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("guide-") && name !== SITE_CACHE && name !== PYODIDE_CACHE) {
        await caches.delete(name);
      }
    }
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) {
    return;
  }
  const url = new URL(request.url);
  if (!ours(url)) {
    return;
  }
  const target = cacheFor(url);
  event.respondWith(target.immutable ? cacheFirst(request, target, key(url)) : networkFirst(event, target, key(url)));
});

/** Keep URLs a page used: from the HTTP cache if it has them, else the network; immutable ones once. */
async function keep(/** @type {string[]} */ urls) {
  const seen = new Set();
  await Promise.all(urls.map(async (raw) => {
    let url;
    try {
      url = new URL(raw, scope);
    } catch {
      return;
    }
    if (!ours(url) || seen.has(key(url))) {
      return;
    }
    seen.add(key(url));
    const target = cacheFor(url);
    const cache = await caches.open(target.name);
    if (target.immutable && await cache.match(key(url))) {
      return;
    }
    try {
      const response = await fetch(key(url), { cache: "force-cache", credentials: "same-origin" });
      if (storable(response)) {
        await cache.put(key(url), response);
      }
    } catch {
      // Offline or gone: nothing to keep.
    }
  }));
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "guide:keep" && Array.isArray(message.urls)) {
    event.waitUntil(keep(message.urls.filter((u) => typeof u === "string").slice(0, 200)));
  }
});
