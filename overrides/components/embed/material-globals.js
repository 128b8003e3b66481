/**
 * Material for MkDocs' inline head script, as a file, so pages work under a CSP without inline script
 * (see macros/writers/headers.py). Loaded synchronously in <head> by overrides/partials/javascripts/base.html,
 * before Material's bundle, which reads these globals. `data-md-scope` holds what Material wrote
 * into the script text: the site root relative to the page.
 */
/* eslint-disable no-underscore-dangle */
(function () {
  "use strict";
  var script = document.currentScript;
  var scope = (script && script.getAttribute("data-md-scope")) || ".";
  window.__md_scope = new URL(scope, window.location.href);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) { return (hash << 5) - hash + ch.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || window.localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || window.localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) { /* storage full or blocked */ }
  };
  // From Material's partials/javascripts/content.html: open the content tab named in the address.
  document.addEventListener("DOMContentLoaded", function () {
    var target = /** @type {HTMLInputElement | null} */ (document.getElementById(window.location.hash.slice(1)));
    if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
  });
})();
