// Served only by `guide serve` (macros/serve.py) and linked into pages on the way out, never part of a
// build: waits for the next rebuild and reloads the page. A file, not inline script, so the page's
// Content-Security-Policy (script-src 'self') allows it.
(function () {
  var script = document.currentScript;
  var version = Number(new URL(script.src).searchParams.get("version")) || 0;
  var waitUrl = new URL("wait", script.src);
  var poll = function () {
    waitUrl.searchParams.set("version", String(version));
    fetch(waitUrl.href, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.version !== version) location.reload();
        else poll();
      })
      .catch(function () { setTimeout(poll, 2000); });  // server restarting: try again
  };
  poll();
})();
