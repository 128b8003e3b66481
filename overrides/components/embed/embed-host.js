/**
 * shebao-guide embed host script, served as /embed.js (generated at build time by macros/embed.py,
 * which fills in the allowlists between the config markers). Use on any site:
 *
 *   <div data-guide-embed="checklist" data-lang="zh" data-city="shanghai"></div>
 *   <script src="https://GUIDE-SITE/embed.js" async></script>
 *
 * Each placeholder becomes an iframe of the matching embed page, sized to its content. Attributes:
 *   data-guide-embed  checklist | calculator | city          (anything else: the placeholder is left alone)
 *   data-lang         zh | en                                 (anything else: zh)
 *   data-city         a city id of the guide, e.g. shanghai   (required for city; else ignored if unknown)
 *   data-color        #rrggbb accent colour                   (anything else: ignored)
 *
 * DOM events dispatched on the placeholder (they bubble; `event.detail` is plain JSON):
 *   guide:ready               {component, lang, city}        the embed reported for the first time
 *   guide:height              {height}                        new iframe height in CSS pixels
 *   guide:checklist-progress  {done, total, checklist}        ticks changed (or the filter did)
 *   guide:calculator-result   the calculator's result object  an estimate was calculated
 *
 * Messages are accepted only when `event.origin` is exactly the origin this script was loaded from and
 * `event.source` is the iframe this script created for that placeholder. The script finds the guide's
 * address (origin and sub-path) from its own URL, so it works wherever the guide is published.
 * `window.shebaoGuideEmbed.scan()` processes placeholders added after the page loaded.
 */
(function () {
  "use strict";

  var CONFIG = /*@config*/ { components: ["checklist", "calculator", "city"], languages: ["zh", "en"], cities: [], titles: { zh: {}, en: {} } } /*@end*/;
  var PROTOCOL = "shebao-guide";
  var EVENTS = ["guide:checklist-progress", "guide:calculator-result"];
  var COLOR = /^#[0-9a-fA-F]{6}$/;
  var MAX_HEIGHT = 100000;

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
    return { component: component, lang: lang, city: city, color: color };
  }

  function frameUrl(info) {
    var path = (info.lang === CONFIG.languages[0] ? "" : info.lang + "/") + "embed/" +
      (info.component === "city" ? "cities/" + info.city + "/" : info.component + "/");
    var url = new URL(path, ROOT);
    if (info.city && info.component !== "city") url.searchParams.set("city", info.city);
    if (info.color) url.searchParams.set("color", info.color);
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
    iframe.style.height = "600px";
    iframe.style.overflow = "hidden";
    placeholder.setAttribute("data-guide-embedded", "true");
    while (placeholder.firstChild) placeholder.removeChild(placeholder.firstChild);
    placeholder.appendChild(iframe);
    frames.push({ iframe: iframe, placeholder: placeholder, info: info, ready: false });
  }

  function scan(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var found = scope.querySelectorAll("[data-guide-embed]");
    for (var i = 0; i < found.length; i += 1) embed(found[i]);
    if (scope !== document && scope.hasAttribute && scope.hasAttribute("data-guide-embed")) embed(scope);
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
