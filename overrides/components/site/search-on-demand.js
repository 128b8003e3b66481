// Load the search index only when the reader opens search (issue 17).
//
// Material's bundle asks for search/search_index.json (by XMLHttpRequest) as soon as it starts, and
// the index is the largest part of every guide page's start-up and grows with every text added (the
// Chinese one, segmented by jieba at build time, is about 44 KB gzipped). This script holds that one
// request back until the reader focuses the search field, opens search (the magnifier label, the
// keyboard shortcuts, which focus the field) or arrives with a search in the address (?q= deep link,
// ?h= highlighting after a result); then it sends it, and Material carries on as if the answer had
// simply been slow ("initialising search" shows meanwhile). The lunr language files load with the
// index (Material's worker imports them when the index arrives), so they wait too.
//
// It must run before Material's bundle (overrides/main.html loads it right after search-scope.js)
// and touches nothing else: only a GET of a same-origin URL ending in /search/search_index.json is
// held, and XMLHttpRequest is restored once the index has been asked for. Without this script, or
// if Material ever fetched the index another way, search still works: it loads at start again
// (tests/browser/test_search_on_demand.py would then fail). Offline, the index comes from the
// service worker's precache (macros/service_worker.py lists both languages' indexes).
(function () {
  if (typeof XMLHttpRequest !== "function" || !document.forms.namedItem("search")) return;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  /** @type {WeakSet<XMLHttpRequest>} */
  var indexRequests = new WeakSet();
  /** @type {{request: XMLHttpRequest, body: any}[]} */
  var held = [];
  var released = false;

  /** @param {string | URL} url */
  function isIndex(url) {
    try {
      var target = new URL(String(url), location.href);
      return target.origin === location.origin && /\/search\/search_index\.json$/.test(target.pathname);
    } catch (error) {
      return false;
    }
  }

  proto.open = function (/** @type {string} */ method, /** @type {string | URL} */ url) {
    if (!released && String(method).toUpperCase() === "GET" && isIndex(url)) indexRequests.add(this);
    return open.apply(this, /** @type {any} */ (arguments));
  };
  proto.send = function (/** @type {any} */ body) {
    if (!released && indexRequests.has(this)) {
      held.push({ request: this, body: body });
      return;
    }
    return send.apply(this, /** @type {any} */ (arguments));
  };

  function release() {
    if (released) return;
    released = true;
    proto.open = open;
    proto.send = send;
    document.removeEventListener("focusin", onFocus, true);
    document.removeEventListener("change", onToggle, true);
    document.removeEventListener("pointerdown", onPointer, true);
    held.splice(0).forEach(function (entry) {
      send.call(entry.request, entry.body);
    });
  }

  /** @param {Event} event */
  function inSearch(event) {
    var target = event.target;
    return target instanceof Element && Boolean(target.closest("[data-md-component='search'], label[for='__search']"));
  }
  function onFocus(/** @type {Event} */ event) {
    if (inSearch(event)) release();
  }
  function onToggle(/** @type {Event} */ event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.id === "__search" && target.checked) release();
  }
  function onPointer(/** @type {Event} */ event) {
    // A touch on the magnifier: the request leaves while the search dialog opens.
    if (inSearch(event)) release();
  }

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) {
    release();
    return;
  }
  document.addEventListener("focusin", onFocus, true);
  document.addEventListener("change", onToggle, true);
  document.addEventListener("pointerdown", onPointer, true);
})();
