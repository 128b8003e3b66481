// The language switch keeps the reader's place: the #anchor goes along (ids are the same in both
// languages wherever content gives them). Read again when the switcher is used: the checklist
// rewrites the address without a hashchange. Without JavaScript the switch leads to the page's top.
(function () {
  var carry = function () {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      try {
        var url = new URL(link.getAttribute("href") || "", location.href);
        url.hash = location.hash;
        link.setAttribute("href", url.href);
      } catch (error) {
        // Leave the link as the server wrote it.
      }
    });
  };
  var near = function (event) {
    if (event.target instanceof Element && event.target.closest(".md-header__option")) carry();
  };
  carry();
  addEventListener("hashchange", carry);
  document.addEventListener("pointerdown", near, true);
  document.addEventListener("focusin", near);
})();
