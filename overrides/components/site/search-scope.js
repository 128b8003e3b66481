// Each language has its own search index (macros/writers/search.py splits them at build time). Material
// loads the index from config.base, so on English pages point config.base at the /en/ tree.
// Runs before Material's bundle reads the config; without it, search still works, unscoped.
// The trailing slash matters: Material resolves "search/search_index.json" and every result
// location against new URL(config.base, location); without it ".../en" resolves like "/".
(function () {
  var element = document.getElementById("__config");
  if (!element || document.documentElement.lang !== "en") return;
  try {
    var config = JSON.parse(element.textContent);
    config.base = config.base.replace(/\/+$/, "") + "/en/";
    element.textContent = JSON.stringify(config);
  } catch (error) {
    // Leave search as Material configured it.
  }
})();
