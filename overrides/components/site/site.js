// Marks the page as able to run our enhancements; CSS shows JS-only controls under this class only,
// so without JavaScript every page stays complete and printable.
document.documentElement.classList.add("guide-js");

// The service worker (sw.js at the site root, written by macros/writers/calculator_assets.py): repeat
// visits from the cache, and pages visited before open offline. Registered after the page has
// loaded, from the root this script's own URL implies (so a site under a sub-path works), never
// inside frames (embeds), and silently: blocked storage or an old browser only means no cache.
(function () {
  try {
    if (!("serviceWorker" in navigator) || window.self !== window.top) return;
    var script = /** @type {HTMLScriptElement | null} */ (document.querySelector('script[src*="components/site/site.js"]'));
    if (!script) return;
    var root = new URL("../../", script.src);
    var keepThisPage = function (registration) {
      var urls = [location.href];
      performance.getEntriesByType("resource").forEach(function (entry) {
        if (entry.name.indexOf(root.href) === 0) urls.push(entry.name);
      });
      // Material's search worker loads its own files (not in this page's resource timings).
      try {
        var config = JSON.parse(document.getElementById("__config").textContent);
        var worker = new URL(config.search, location.href);
        urls.push(worker.href, new URL("search/search_index.json", new URL(config.base, location.href)).href);
        var lang = document.documentElement.lang;
        ["stemmer.support", "multi"].concat(lang && lang !== "en" ? [lang] : []).forEach(function (name) {
          urls.push(new URL("../lunr/min/lunr." + name + ".min.js", worker).href);
        });
      } catch (error) {
        // No search on this page.
      }
      if (registration.active) registration.active.postMessage({ type: "guide:keep", urls: urls });
    };
    var register = function () {
      navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(keepThisPage)
        .catch(function () {});
    };
    // On the calculator page, only once its engine worker has started: Chromium lets a service worker
    // that became active first control a new worker, which made the first visit's engine downloads
    // take one path or the other by timing (and escape tests that block them). Now they always go
    // straight to the network on a first visit; calculator.js then asks the service worker to keep them.
    var calculator = /** @type {HTMLElement | null} */ (document.querySelector("[data-module='guide-calculator']"));
    var afterCalculator = function () {
      if (!calculator || calculator.dataset.guideCalculatorState) register();
      else calculator.addEventListener("guide:calculator-state", register, { once: true });
    };
    if (document.readyState === "complete") afterCalculator();
    else window.addEventListener("load", afterCalculator, { once: true });
  } catch (error) {
    // No service worker: the site works as before, online.
  }
})();
