/**
 * shebao-guide embed host script, served as /embed.js (generated at build time by macros/writers/embeds.py,
 * which fills in the allowlists between the config markers). Use on any site:
 *
 *   <div data-guide-embed="checklist" data-lang="zh" data-city="shanghai"></div>
 *   <script src="https://GUIDE-SITE/embed.js" async></script>
 *
 * Each placeholder becomes an iframe of the matching embed page, sized to its content. Attributes:
 *   data-guide-embed  checklist | calculator | city | offer-check   (anything else: the placeholder is left alone)
 *   data-lang         zh | en                                 (anything else: zh)
 *   data-city         a city id of the guide, e.g. shanghai   (required for city; else ignored if unknown)
 *   data-color        #rrggbb accent colour                   (anything else: ignored)
 *   data-size         full | compact                          (anything else: full)
 *   data-work         offer-check only: a kind of work, e.g. ride-hailing (anything else: ignored)
 *
 * Plain iframes of the guide's embed pages already on the page (pasted where scripts are stripped,
 * then the script added) are adopted: they are sized and send events like placeholders' iframes.
 *
 * DOM events dispatched on the placeholder (they bubble; `event.detail` is plain JSON):
 *   guide:ready               {component, lang, city}        the embed reported for the first time
 *   guide:height              {height}                        new iframe height in CSS pixels
 *   guide:checklist-progress  {done, total, checklist}        ticks changed (or the filter did)
 *   guide:calculator-result   the calculator's result object  an estimate was calculated
 *   guide:offer-check-result  {work, city, lang, answer}      the offer check shows an answer
 *   guide:storage-unavailable {component, key}               neither the frame nor this page may store
 *
 * Host storage: a frame whose own storage the browser refuses asks this script to keep its ticks in
 * this page's localStorage, under "shebao-guide:<guide address>:<key>" (keys allowlisted, values
 * bounded): {type: "storage-get", id, key} is answered with {type: "storage-value", id, key, ok, value},
 * posted to that iframe only and only to the guide's exact origin; {type: "storage-set", key, value}
 * saves. When this page's storage fails too, guide:storage-unavailable is dispatched.
 *
 * Messages are accepted only when `event.origin` is exactly the origin this script was loaded from and
 * `event.source` is the iframe this script created for that placeholder. The script finds the guide's
 * address (origin and sub-path) from its own URL, so it works wherever the guide is published.
 * `window.shebaoGuideEmbed.scan()` processes placeholders added after the page loaded.
 */
(function () {
  "use strict";

  var CONFIG = /*@config*/ { components: ["checklist", "calculator", "city", "offer-check"], languages: ["zh", "en"], cities: [], works: [], titles: { zh: {}, en: {} }, sizes: ["full", "compact"], heights: {} } /*@end*/;
  var PROTOCOL = "shebao-guide";
  var EVENTS = ["guide:checklist-progress", "guide:calculator-result", "guide:offer-check-result"];
  var COLOR = /^#[0-9a-fA-F]{6}$/;
  var MAX_HEIGHT = 100000;
  var VERSION = 1;
  var STORAGE_KEY = /^guide:checklist:[a-z0-9]+(-[a-z0-9]+)*$/;
  var MAX_STORED = 20000;

  // The host page is not ours: an element with id or name "shebaoGuideEmbed" (or an <img
  // name="currentScript">) shadows globals and document properties of the same name (DOM clobbering).
  // So read document.currentScript through Document's own getter, keep the registry under a Symbol
  // that no element can shadow, and trust nothing that is not the shape this script made.
  var script = currentScript();
  if (!script || typeof script.src !== "string" || !script.src) return;
  var scriptUrl = new URL(script.src, document.baseURI);
  var ORIGIN = scriptUrl.origin;
  var ROOT = new URL("./", scriptUrl).href;

  var registry = sharedRegistry();
  if (registry.hosts[ROOT]) {
    registry.hosts[ROOT].scan();
    return;
  }

  function currentScript() {
    try {
      var getter = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get;
      var found = getter.call(document);
      return found instanceof HTMLScriptElement ? found : null;
    } catch (error) {
      return null;
    }
  }

  /** The one registry of every copy of embed.js on this page (one per guide address). */
  function sharedRegistry() {
    var key = typeof Symbol === "function" && Symbol["for"] ? Symbol["for"]("shebao-guide.embed") : "__shebaoGuideEmbedRegistry";
    var found = Object.prototype.hasOwnProperty.call(window, key) ? window[key] : null;
    if (!found || typeof found !== "object" || !found.hosts || typeof found.hosts !== "object" || found.hosts.nodeType) {
      found = { hosts: {} };
      try {
        Object.defineProperty(window, key, { value: found });
      } catch (error) {
        // A frozen window: this copy works on its own.
      }
    }
    // The public name: an own property of window wins over an element named shebaoGuideEmbed.
    try {
      window.shebaoGuideEmbed = found;
    } catch (error) {
      // Read-only on this host: scan() is still reachable through the Symbol.
    }
    return found;
  }

  /** @type {{iframe: HTMLIFrameElement, placeholder: Element, info: object, ready: boolean}[]} */
  var frames = [];
  var done = typeof WeakSet === "function" ? new WeakSet() : null;

  function has(list, value) {
    return typeof value === "string" && list.indexOf(value) !== -1;
  }

  /** The checked settings of one placeholder, or null when it cannot be embedded. */
  function settings(placeholder) {
    var component = placeholder.getAttribute("data-guide-embed");
    if (!has(CONFIG.components, component)) return null;
    var lang = placeholder.getAttribute("data-lang");
    if (!has(CONFIG.languages, lang)) lang = CONFIG.languages[0];
    var city = placeholder.getAttribute("data-city");
    if (!has(CONFIG.cities, city)) city = "";
    if (component === "city" && !city) return null;
    var color = placeholder.getAttribute("data-color");
    if (!color || !COLOR.test(color)) color = "";
    var size = placeholder.getAttribute("data-size");
    if (!has(CONFIG.sizes, size)) size = CONFIG.sizes[0];
    var work = placeholder.getAttribute("data-work");
    if (component !== "offer-check" || !has(CONFIG.works || [], work)) work = "";
    return { component: component, lang: lang, city: city, color: color, size: size, work: work };
  }

  /** The height an iframe starts with before its page reports (the same table as the code page's). */
  function startHeight(info) {
    var heights = CONFIG.heights[info.component] || {};
    return heights[info.size] || 600;
  }

  function frameUrl(info) {
    var path = (info.lang === CONFIG.languages[0] ? "" : info.lang + "/") + "embed/" +
      (info.component === "city" ? "cities/" + info.city + "/" : info.component + "/");
    var url = new URL(path, ROOT);
    if (info.city && info.component !== "city") url.searchParams.set("city", info.city);
    if (info.color) url.searchParams.set("color", info.color);
    if (info.size !== CONFIG.sizes[0]) url.searchParams.set("size", info.size);
    if (info.work) url.searchParams.set("work", info.work);
    return url.href;
  }

  function emit(placeholder, name, detail) {
    var event;
    try {
      event = new CustomEvent(name, { bubbles: true, detail: detail });
    } catch (error) {
      event = document.createEvent("CustomEvent");
      event.initCustomEvent(name, true, false, detail);
    }
    placeholder.dispatchEvent(event);
  }

  function embed(placeholder) {
    if (done) {
      if (done.has(placeholder)) return;
      done.add(placeholder);
    } else if (placeholder.getAttribute("data-guide-embedded") === "true") {
      return;
    }
    var info = settings(placeholder);
    if (!info) {
      if (window.console) window.console.warn("shebao-guide embed.js: a placeholder has an unknown component or city; left as it is");
      return;
    }
    var titles = CONFIG.titles[info.lang] || {};
    var iframe = document.createElement("iframe");
    iframe.src = frameUrl(info);
    iframe.title = titles[info.component === "city" ? "city:" + info.city : info.component] || "shebao-guide";
    iframe.setAttribute("scrolling", "no");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups " +
      "allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation allow-modals allow-downloads");
    iframe.style.display = "block";
    iframe.style.width = "100%";
    iframe.style.border = "0";
    iframe.style.height = startHeight(info) + "px";
    iframe.style.overflow = "hidden";
    placeholder.setAttribute("data-guide-embedded", "true");
    while (placeholder.firstChild) placeholder.removeChild(placeholder.firstChild);
    placeholder.appendChild(iframe);
    frames.push({ iframe: iframe, placeholder: placeholder, info: info, ready: false });
  }

  /**
   * The settings of a plain iframe of one of our embed pages (same origin and path as this script's
   * guide), or null. Only the address is read, checked against the same allowlists.
   */
  function iframeSettings(iframe) {
    var url;
    try {
      url = new URL(iframe.getAttribute("src") || "", document.baseURI);
    } catch (error) {
      return null;
    }
    if (url.origin !== ORIGIN || url.pathname.indexOf(new URL(ROOT).pathname) !== 0) return null;
    var rest = url.pathname.slice(new URL(ROOT).pathname.length);
    var match = /^(?:([a-z]{2})\/)?embed\/(?:(checklist|calculator|offer-check)|cities\/([a-z0-9]+(?:-[a-z0-9]+)*))\/(?:index\.html)?$/.exec(rest);
    if (!match) return null;
    var lang = match[1] || CONFIG.languages[0];
    if (!has(CONFIG.languages, lang) || (match[1] && lang === CONFIG.languages[0])) return null;
    var component = match[2] || "city";
    var city = match[3] || url.searchParams.get("city") || "";
    if (!has(CONFIG.cities, city)) city = "";
    if (component === "city" && !city) return null;
    var size = url.searchParams.get("size");
    var work = url.searchParams.get("work") || "";
    if (component !== "offer-check" || !has(CONFIG.works || [], work)) work = "";
    return { component: component, lang: lang, city: city, color: "", size: has(CONFIG.sizes, size) ? size : CONFIG.sizes[0], work: work };
  }

  /** Take over a plain iframe: size it from its page's messages, send events on the iframe itself. */
  function adopt(iframe) {
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].iframe === iframe) return;
    }
    var info = iframeSettings(iframe);
    if (!info) return;
    iframe.setAttribute("scrolling", "no");
    iframe.style.overflow = "hidden";
    iframe.setAttribute("data-guide-embedded", "true");
    frames.push({ iframe: iframe, placeholder: iframe, info: info, ready: false });
    // Its page may have reported before this script listened: ask it to report again.
    try {
      if (iframe.contentWindow) iframe.contentWindow.postMessage({ protocol: PROTOCOL, version: VERSION, type: "hello" }, ORIGIN);
    } catch (error) { /* not loaded yet: it reports on load */ }
  }

  function scan(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var found = scope.querySelectorAll("[data-guide-embed]");
    for (var i = 0; i < found.length; i += 1) embed(found[i]);
    if (scope !== document && scope.hasAttribute && scope.hasAttribute("data-guide-embed")) embed(scope);
    var plain = scope.querySelectorAll("iframe[src]:not([data-guide-embedded])");
    for (var j = 0; j < plain.length; j += 1) adopt(plain[j]);
  }

  /** This page's localStorage, namespaced per guide address; null when the browser refuses it. */
  function hostStore() {
    try {
      var storage = window.localStorage;
      var probe = "shebao-guide:probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null;
    }
  }

  function storageMessage(frame, data) {
    var key = data.key;
    if (typeof key !== "string" || !STORAGE_KEY.test(key)) return;
    var name = "shebao-guide:" + ROOT + ":" + key;
    var storage = hostStore();
    var value = null;
    var ok = false;
    if (storage) {
      try {
        if (data.type === "storage-get") {
          value = storage.getItem(name);
          ok = true;
        } else if (typeof data.value === "string" && data.value.length <= MAX_STORED) {
          storage.setItem(name, data.value);
          ok = true;
        } else {
          return;
        }
      } catch (error) {
        ok = false;
      }
    }
    if (!ok && !frame.storageOff) {
      frame.storageOff = true;  // once per frame: every tick would repeat it
      emit(frame.placeholder, "guide:storage-unavailable", { component: frame.info.component, key: key });
    }
    if (data.type !== "storage-get" || typeof data.id !== "number") return;
    try {
      frame.iframe.contentWindow.postMessage({ protocol: PROTOCOL, version: VERSION, type: "storage-value",
        id: data.id, key: key, ok: ok, value: ok ? value : null }, ORIGIN);
    } catch (error) { /* the frame went away */ }
  }

  function onMessage(event) {
    if (event.origin !== ORIGIN) return;
    var frame = null;
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].iframe.contentWindow && event.source === frames[i].iframe.contentWindow) frame = frames[i];
    }
    if (!frame) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.protocol !== PROTOCOL) return;
    if (data.type === "storage-get" || data.type === "storage-set") {
      if (data.version === VERSION) storageMessage(frame, data);
      return;
    }
    if (!frame.ready) {
      frame.ready = true;
      emit(frame.placeholder, "guide:ready", { component: frame.info.component, lang: frame.info.lang, city: frame.info.city });
    }
    if (data.type === "height") {
      var height = Number(data.height);
      if (!isFinite(height) || height <= 0 || height > MAX_HEIGHT) return;
      height = Math.ceil(height);
      frame.iframe.style.height = height + "px";
      emit(frame.placeholder, "guide:height", { height: height });
    } else if (data.type === "event" && has(EVENTS, data.name)) {
      var detail = data.detail;
      if (data.name === "guide:checklist-progress") {
        if (!detail || typeof detail !== "object") return;
        detail = { done: Number(detail.done) || 0, total: Number(detail.total) || 0, checklist: String(detail.checklist || "") };
      }
      emit(frame.placeholder, data.name, detail);
    }
  }

  window.addEventListener("message", onMessage);
  registry.hosts[ROOT] = { scan: scan, origin: ORIGIN, root: ROOT };
  registry.scan = function (root) {
    for (var key in registry.hosts) {
      if (Object.prototype.hasOwnProperty.call(registry.hosts, key)) registry.hosts[key].scan(root);
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(); });
  } else {
    scan();
  }
})();
