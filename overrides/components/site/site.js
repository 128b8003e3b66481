// Marks the page as able to run our enhancements; CSS shows JS-only controls under this class only,
// so without JavaScript every page stays complete and printable.
document.documentElement.classList.add("guide-js");
