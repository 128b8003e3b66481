// The site's service worker: repeat visits start from the cache, pages visited before and the
// calculator's engine keep working offline, and a new deploy keeps them.
//
// macros/writers/service_worker.py writes this file to the site root as sw.js (a worker controls only URLs
// under its own folder), with Workbox (self-hosted from node_modules) and four build facts filled in.
// site.js registers it. Caches (all bounded; keys never carry a query string or fragment):
//
// * guide-precache-…  Workbox precache: the unhashed scripts and styles every page loads, the favicon,
//   Material's bundles, each with a revision from the build. A deploy refetches only what changed.
// * guide-pages       pages the reader visited: network first (the copy when offline or slow). Its
//   name never changes, so a deploy keeps them. At most MAX_PAGES, least recently used dropped.
// * guide-static      other unhashed files of ours a page used (component scripts and styles, the
//   calculator's figures, search index, lunr): network first, bounded.
// * guide-assets      other files with a content hash in their name: cache first, bounded.
// * guide-engine      the calculator's engine (Pyodide, wheel, snapshot; all hashed names): cache
//   first. When a deploy changes the engine, activation fetches the new one for a reader who kept
//   the old one, then drops the old.
// Only GET requests for our own pages and assets are cached; other origins, the API, range requests
// and anything else pass through untouched. Pages tell the worker what they loaded before it
// controlled them ("guide:keep" messages from site.js and calculator.js).

importScripts(...["__GUIDE_WORKBOX__"].flat());

/** @type {{url: string, revision: string | null}[]} */
const PRECACHE = ["__GUIDE_PRECACHE__"].flat();
/** @type {string[]} site-relative URLs of this build's engine */
const ENGINE = ["__GUIDE_ENGINE__"].flat();
const IMMUTABLE = new RegExp("__GUIDE_IMMUTABLE__");
const MAX_PAGES = 50;
const MAX_STATIC = 40;
const MAX_ASSETS = 40;
const MAX_ENGINE = 12;
/** A page we have a copy of gets this long to arrive from the network before the copy is shown. */
const NETWORK_PATIENCE_S = 4;

const { cacheNames, setCacheNameDetails } = workbox.core;
const { registerRoute } = workbox.routing;
const { CacheFirst, NetworkFirst } = workbox.strategies;
const { CacheExpiration, ExpirationPlugin } = workbox.expiration;
const { precacheAndRoute, cleanupOutdatedCaches, getCacheKeyForURL } = workbox.precaching;

setCacheNameDetails({ prefix: "guide" });
const CACHES = { pages: "guide-pages", static: "guide-static", assets: "guide-assets", engine: "guide-engine" };

const scope = new URL(self.registration.scope);
const engineUrls = new Set(ENGINE.map((path) => new URL(path, scope).href));

/** The site-relative path of one of our URLs, or null for anything we do not cache. */
function ourPath(/** @type {URL} */ url) {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  const path = url.pathname.slice(scope.pathname.length);
  if (path === "sw.js" || path.startsWith("api/") || path.startsWith("__guide__/")) return null;
  return path;
}

/** Which of our caches a URL belongs in (null: not cached). */
function kindOf(/** @type {URL} */ url) {
  const path = ourPath(url);
  if (path === null) return null;
  if (engineUrls.has(withoutQuery(url))) return "engine";
  if (path === "" || path.endsWith("/") || path.endsWith(".html")) return "pages";
  if (IMMUTABLE.test(path) && (path.startsWith("assets/") || path.startsWith("components/"))) return "assets";
  if (/^(en\/)?search\/search_index\.json$/.test(path) || path.startsWith("assets/javascripts/lunr/")
    || path === "assets/calculator/data.json" || /^components\/.+\.(m?js|css)$/.test(path)) return "static";
  return null;
}

function withoutQuery(/** @type {URL | string} */ url) {
  const clean = new URL(url);
  clean.search = "";
  clean.hash = "";
  return clean.href;
}

/** Workbox plugin: one cache entry per URL whatever its query; only complete same-origin answers. */
const keyAndFilter = (/** @type {string} */ kind) => ({
  cacheKeyWillBeUsed: async ({ request }) => withoutQuery(request.url),
  cacheWillUpdate: async ({ response }) => {
    if (!response || response.status !== 200 || response.type !== "basic") return null;
    if (kind === "pages" && !(response.headers.get("content-type") || "").includes("text/html")) return null;
    return response;
  },
});

const bounded = (/** @type {number} */ maxEntries) => new ExpirationPlugin({ maxEntries, purgeOnQuotaError: true });

/** Put an entry outside a strategy (no fetch event to hang it on) and still count it against the bound. */
async function putCounted(/** @type {string} */ cacheName, /** @type {number} */ maxEntries, /** @type {string} */ url,
  /** @type {Response} */ response) {
  await (await caches.open(cacheName)).put(url, response);
  const expiration = new CacheExpiration(cacheName, { maxEntries });
  await expiration.updateTimestamp(url);
  await expiration.expireEntries();
}

const strategies = {
  pages: new NetworkFirst({ cacheName: CACHES.pages, networkTimeoutSeconds: NETWORK_PATIENCE_S,
    plugins: [keyAndFilter("pages"), bounded(MAX_PAGES)] }),
  static: new NetworkFirst({ cacheName: CACHES.static, networkTimeoutSeconds: NETWORK_PATIENCE_S,
    plugins: [keyAndFilter("static"), bounded(MAX_STATIC)] }),
  // Hashed names never change content, so the HTTP cache (which the page just filled) is as good as the network.
  assets: new CacheFirst({ cacheName: CACHES.assets, fetchOptions: { cache: "force-cache" },
    plugins: [keyAndFilter("assets"), bounded(MAX_ASSETS)] }),
  engine: new CacheFirst({ cacheName: CACHES.engine, fetchOptions: { cache: "force-cache" },
    plugins: [keyAndFilter("engine"), bounded(MAX_ENGINE)] }),
};

self.addEventListener("install", () => {
  self.skipWaiting();
});

// Precached files first (Workbox's own route; it ignores every query parameter).
precacheAndRoute(PRECACHE, { ignoreURLParametersMatching: [/.*/], cleanURLs: false, directoryIndex: null });
cleanupOutdatedCaches();

registerRoute(({ url, request }) => !request.headers.has("range") && kindOf(url) !== null,
  ({ url, request, event }) => strategies[kindOf(url)].handle({ request, event }));

/** Copy the pages an older worker (one cache per build, "guide-site-<build>") kept into guide-pages. */
async function carryOverPages(/** @type {string} */ name) {
  const old = await caches.open(name);
  const pages = await caches.open(CACHES.pages);
  for (const request of await old.keys()) {
    const url = new URL(request.url);
    if (kindOf(url) !== "pages" || url.search || await pages.match(withoutQuery(url))) continue;
    const response = await old.match(request);
    if (response && (response.headers.get("content-type") || "").includes("text/html")) {
      await putCounted(CACHES.pages, MAX_PAGES, withoutQuery(url), response);
    }
  }
}

/** A reader who kept an older engine gets this build's engine, then loses the old one. */
async function replaceEngine() {
  const cache = await caches.open(CACHES.engine);
  const stale = (await cache.keys()).filter((request) => !engineUrls.has(request.url));
  if (stale.length === 0) return;
  for (const url of engineUrls) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.status !== 200 || response.type !== "basic") return;  // keep the old engine
    await putCounted(CACHES.engine, MAX_ENGINE, url, response);
  }
  await Promise.all(stale.map((request) => cache.delete(request)));
}

self.addEventListener("activate", (event) => {
  const ours = new Set([...Object.values(CACHES), cacheNames.precache]);
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (!name.startsWith("guide-") || ours.has(name)) continue;
      if (name.startsWith("guide-site-")) {
        try {
          await carryOverPages(name);
        } catch {
          // Storage trouble: the pages come back the next time they are visited online.
        }
      }
      await caches.delete(name);
    }
  })());
  // In the background: a fetch waits for activation, and a new engine is megabytes.
  replaceEngine().catch(() => {});
});

/** Keep what a page loaded before this worker controlled it, each in its cache. */
async function keep(/** @type {string[]} */ urls, /** @type {ExtendableEvent} */ event) {
  const seen = new Set();
  await Promise.all(urls.map(async (raw) => {
    let url;
    try {
      url = new URL(raw, scope);
    } catch {
      return;
    }
    const kind = kindOf(url);
    if (kind === null || getCacheKeyForURL(withoutQuery(url)) || seen.has(withoutQuery(url))) return;
    seen.add(withoutQuery(url));
    try {
      await strategies[kind].handle({ request: new Request(withoutQuery(url), { credentials: "same-origin" }), event });
    } catch {
      // Offline or gone: nothing to keep.
    }
  }));
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "guide:keep" && Array.isArray(message.urls)) {
    event.waitUntil(keep(message.urls.filter((u) => typeof u === "string").slice(0, 200), event));
  }
});
