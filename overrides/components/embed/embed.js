/**
 * In-frame side of the embed protocol (loaded by overrides/embed.html on embed pages only).
 *
 * - Reports the page height to the parent window, on load and whenever it changes (a filter hides
 *   items, the frame gets narrower), as `{protocol: "shebao-guide", version: 1, type: "height", height}`.
 * - Forwards the components' DOM events (`guide:checklist-progress`, `guide:calculator-result`,
 *   `guide:offer-check-result`) as
 *   `{protocol, version, type: "event", name, detail}` with a plain-JSON copy of the detail.
 * - Messages go only to `window.parent`, never to `top` or other frames. Messages are read only from
 *   `window.parent` (and from its origin, where the browser tells it): `hello` (the host script adopting
 *   a plain iframe that reported before it listened: the height is reported again) and `storage-value`
 *   (the answer to `storage-get`, below).
 * - Host storage: where this frame may not store anything (the browser refuses storage to third-party
 *   frames), checklist-store.js asks the host page to keep its ticks through
 *   `window.shebaoGuideHostStorage`: `{type: "storage-get", id, key}` is answered by the host script
 *   with `{type: "storage-value", id, key, ok, value}`, and `{type: "storage-set", key, value}` saves.
 *   Without a host script (a plain iframe), there is no answer: after 3 s the frame works in memory.
 * - Reads three query parameters, each checked against an allowlist and otherwise ignored:
 *   `city` (a city offered by the page's own city picker), `color` (`#rrggbb`) and `size` (`compact`:
 *   the answer only, see embed.css; anything else: the full component). Nothing read from the address is
 *   ever written as HTML.
 * - Same-page anchors stay in the frame; every other link opens in the top window (<base target>).
 */
(function () {
  "use strict";

  var PROTOCOL = "shebao-guide";
  var VERSION = 1;
  var FORWARD = ["guide:checklist-progress", "guide:calculator-result", "guide:offer-check-result"];
  var CITY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var COLOR = /^#[0-9a-fA-F]{6}$/;
  var SIZES = ["compact"];
  /** Compact checklist: at most this many remaining items, the rest are one link away. */
  var COMPACT_ITEMS = 5;

  var params;
  try {
    params = new URLSearchParams(window.location.search);
  } catch (error) {
    params = new URLSearchParams();
  }
  var framed = window.parent !== window;

  /** The parent's origin, where the browser tells us; "*" otherwise (messages carry no secrets). */
  function parentOrigin() {
    try {
      var ancestors = window.location.ancestorOrigins;
      if (ancestors && ancestors.length && ancestors[0] !== "null") return ancestors[0];
    } catch (error) { /* not supported */ }
    try {
      if (document.referrer) return new URL(document.referrer).origin;
    } catch (error) { /* no usable referrer */ }
    return "*";
  }
  var target = framed ? parentOrigin() : "";
  var HOST_TIMEOUT = 3000;
  /** @type {Record<string, (reply: {ok: boolean, value: (string|null)}) => void>} */
  var waiting = {};
  var nextId = 1;

  function post(message) {
    if (!framed) return;
    message.protocol = PROTOCOL;
    message.version = VERSION;
    try {
      window.parent.postMessage(message, target);
    } catch (error) { /* parent gone or origin changed: nothing to do */ }
  }

  /** A message from the page that framed us (never from other frames or origins), in this protocol. */
  function fromParent(event) {
    var data = event.data;
    if (!framed || event.source !== window.parent || (target !== "*" && event.origin !== target)) return null;
    if (!data || typeof data !== "object" || data.protocol !== PROTOCOL || data.version !== VERSION) return null;
    return data;
  }

  window.addEventListener("message", function (event) {
    var data = fromParent(event);
    if (!data) return;
    if (data.type === "hello") {
      last = -1;
      schedule();
    } else if (data.type === "storage-value" && typeof data.id === "number" && waiting[data.id]) {
      var resolve = waiting[data.id];
      delete waiting[data.id];
      resolve({ ok: data.ok === true, value: typeof data.value === "string" ? data.value : null });
    }
  });

  var hostStorage = {
    getItem: function (key) {
      return new Promise(function (resolve) {
        if (!framed) {
          resolve({ ok: false, value: null });
          return;
        }
        var id = nextId;
        nextId += 1;
        waiting[id] = resolve;
        post({ type: "storage-get", id: id, key: String(key) });
        window.setTimeout(function () {
          if (!waiting[id]) return;
          delete waiting[id];
          resolve({ ok: false, value: null });
        }, HOST_TIMEOUT);
      });
    },
    setItem: function (key, value) {
      post({ type: "storage-set", key: String(key), value: String(value) });
    },
  };
  // Defined before the components' module scripts run; a defined property cannot be clobbered by an
  // element id.
  try {
    Object.defineProperty(window, "shebaoGuideHostStorage", { value: hostStorage, writable: false, configurable: false });
  } catch (error) { /* already defined */ }

  // Events: capture on window sees every event dispatched in the document, bubbling or not.
  FORWARD.forEach(function (name) {
    window.addEventListener(name, function (/** @type {CustomEvent} */ event) {
      var detail;
      try {
        detail = JSON.parse(JSON.stringify(event.detail === undefined ? null : event.detail));
      } catch (error) {
        return;
      }
      post({ type: "event", name: name, detail: detail });
    }, true);
  });

  // Height: the document element is as tall as its content (embed.css), never the frame.
  var last = -1;
  var pending = false;
  function measure() {
    pending = false;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last && height > 0) {
      last = height;
      post({ type: "height", height: height });
    }
  }
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(measure);
  }

  function colour() {
    var value = params.get("color");
    if (!value || !COLOR.test(value) || !document.body) return;
    // CSSOM custom properties only: allowed under the CSP, and the value is exactly #rrggbb.
    ["--md-primary-fg-color", "--md-accent-fg-color", "--md-typeset-a-color"].forEach(function (name) {
      document.body.style.setProperty(name, value);
    });
  }

  function anchors() {
    var links = document.querySelectorAll('a[href^="#"]');
    for (var i = 0; i < links.length; i += 1) links[i].setAttribute("target", "_self");
  }

  function city() {
    var value = params.get("city");
    if (!value || !CITY.test(value)) return;
    var selects = document.querySelectorAll('[data-guide-embed-root] select[name="city"]');
    for (var i = 0; i < selects.length; i += 1) {
      var select = /** @type {HTMLSelectElement} */ (selects[i]);
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
      if (!known || select.value === value) continue;
      select.value = value;
      select.dispatchEvent(new Event("input", { bubbles: true }));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function size() {
    var value = params.get("size");
    if (SIZES.indexOf(value) === -1) return;
    document.documentElement.classList.add("guide-embed-" + value);
    var root = document.querySelector("[data-guide-embed-root]");
    if (root) root.setAttribute("data-size", value);
    window.addEventListener("guide:checklist-progress", function () { window.setTimeout(compactChecklist, 0); }, true);
    compactChecklist();
  }

  /**
   * Compact checklist: the first few items still to do (ticked ones and those that do not apply are
   * hidden by checklist.js or embed.css); how many more there are is said next to the full-page link.
   */
  function compactChecklist() {
    var items = document.querySelectorAll("[data-guide-embed-root] .guide-checklist__item");
    var shown = 0;
    var more = 0;
    for (var i = 0; i < items.length; i += 1) {
      var item = /** @type {HTMLElement} */ (items[i]);
      var box = /** @type {HTMLInputElement | null} */ (item.querySelector(".guide-checklist__box"));
      var open = !item.hidden && !(box && box.checked);
      var keep = open && shown < COMPACT_ITEMS;
      if (keep) shown += 1;
      else if (open) more += 1;
      item.classList.toggle("guide-embed-beyond", !keep);
    }
    var groups = document.querySelectorAll("[data-guide-embed-root] .guide-checklist__group");
    for (var j = 0; j < groups.length; j += 1) {
      groups[j].classList.toggle("guide-embed-beyond", !groups[j].querySelector(".guide-checklist__item:not(.guide-embed-beyond)"));
    }
    var note = /** @type {HTMLElement | null} */ (document.querySelector("[data-guide-embed-more]"));
    if (!note) return;
    var template = note.getAttribute("data-template") || "";
    note.textContent = more ? template.replace("{n}", String(more)) : "";
    note.hidden = !more;
  }

  function start() {
    size();
    colour();
    anchors();
    city();
    // Components that start on DOMContentLoaded or later (after this listener) get the city too.
    window.setTimeout(city, 0);
    window.addEventListener("load", city);
    if (!framed) return;
    document.documentElement.classList.add("guide-embed-framed");
    if (typeof ResizeObserver === "function") {
      var observer = new ResizeObserver(schedule);
      observer.observe(document.documentElement);
      if (document.body) observer.observe(document.body);
    }
    // The frame resized by someone else (the host's CSS): report again even if the content did not change.
    window.addEventListener("resize", function () { last = -1; schedule(); });
    window.addEventListener("load", schedule);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule, function () {});
    measure();
  }

  // Module scripts (the components) run before DOMContentLoaded: they are ready when start() runs.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
