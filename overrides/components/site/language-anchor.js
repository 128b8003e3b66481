// The language switcher leads to the same page in the other language; this makes it keep the place
// on the page too (the #anchor: a step, a legal article, a checklist share fragment). Ids are the
// same in both languages wherever they come from content. Without JavaScript the switch still works,
// to the top of the page.
(function () {
  var links = function () {
    return document.querySelectorAll(".md-select__link[hreflang]");
  };
  var carry = function () {
    var hash = window.location.hash;
    for (var i = 0; i < links().length; i += 1) {
      var link = links()[i];
      try {
        var url = new URL(link.getAttribute("href") || "", window.location.href);
        url.hash = hash;
        link.setAttribute("href", url.href);
      } catch (error) {
        // Leave this link as the server wrote it.
      }
    }
  };
  carry();
  window.addEventListener("hashchange", carry);
  // The checklist rewrites the address with history.replaceState (no hashchange): read it again
  // whenever the switcher is about to be used.
  document.addEventListener("pointerdown", function (event) {
    if (event.target instanceof Element && event.target.closest(".md-header__option")) carry();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest(".md-header__option")) carry();
  });
})();
