/**
 * In-frame side of the embed protocol (loaded by overrides/embed.html on embed pages only).
 *
 * - Reports the page height to the parent window, on load and whenever it changes (a filter hides
 *   items, the frame gets narrower), as `{protocol: "shebao-guide", version: 1, type: "height", height}`.
 * - Forwards the components' DOM events (`guide:checklist-progress`, `guide:calculator-result`) as
 *   `{protocol, version, type: "event", name, detail}` with a plain-JSON copy of the detail.
 * - Messages go only to `window.parent`, never to `top` or other frames. Nothing is read from messages.
 * - Reads two query parameters, each checked against an allowlist and otherwise ignored:
 *   `city` (a city offered by the page's own city picker) and `color` (`#rrggbb`). Nothing read from
 *   the address is ever written as HTML.
 * - Same-page anchors stay in the frame; every other link opens in the top window (<base target>).
 */
(function () {
  "use strict";

  var PROTOCOL = "shebao-guide";
  var VERSION = 1;
  var FORWARD = ["guide:checklist-progress", "guide:calculator-result"];
  var CITY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var COLOR = /^#[0-9a-fA-F]{6}$/;

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

  function post(message) {
    if (!framed) return;
    message.protocol = PROTOCOL;
    message.version = VERSION;
    try {
      window.parent.postMessage(message, target);
    } catch (error) { /* parent gone or origin changed: nothing to do */ }
  }

  // Events: capture on window sees every event dispatched in the document, bubbling or not.
  FORWARD.forEach(function (name) {
    window.addEventListener(name, function (event) {
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
      var select = selects[i];
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
      if (!known || select.value === value) continue;
      select.value = value;
      select.dispatchEvent(new Event("input", { bubbles: true }));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function start() {
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
