// How every component script starts (the pattern of GOV.UK Frontend's initAll): each component's root
// element carries `data-module="<name>"`; `start(name, create)` finds every such root on the page and
// starts the component once per root (the root then carries `data-<name>-init`). One component
// failing to start is logged and never stops the others or the page, which stays complete without
// JavaScript.
//
// @module start

/**
 * @param {string} name the `data-module` value, e.g. "guide-calculator"
 * @param {(root: HTMLElement) => unknown} create starts the component on one root
 * @param {{onError?: (root: HTMLElement, error: unknown) => void}} [options] `onError` undoes what the
 *   page showed for a component that could not start
 * @returns {void}
 */
export function start(name, create, options = {}) {
  const marker = `data-${name}-init`;
  const startAll = () => {
    for (const root of document.querySelectorAll(`[data-module="${name}"]`)) {
      if (!(root instanceof HTMLElement) || root.hasAttribute(marker)) {
        continue;
      }
      root.setAttribute(marker, "");
      try {
        create(root);
      } catch (error) {
        if (options.onError) {
          options.onError(root, error);
        }
        console.error(error);
      }
    }
  };
  startAll();
  // Material's instant navigation swaps pages without reloading; its document$ fires on every page.
  const pages = /** @type {{document$?: {subscribe?: (next: () => void) => unknown}}} */ (/** @type {unknown} */ (window)).document$;
  if (pages && typeof pages.subscribe === "function") {
    pages.subscribe(startAll);
  }
}
