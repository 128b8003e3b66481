// How every component script starts (like GOV.UK Frontend's initAll; README "Component scripts"):
// `start(name, create)` starts the component once on each `[data-module="<name>"]` root, which then
// carries `data-<name>-init`. A failure is logged and never stops the others or the page.

/**
 * @param {string} name the `data-module` value, e.g. "guide-calculator"
 * @param {(root: HTMLElement) => unknown} create starts the component on one root
 * @param {{onError?: (root: HTMLElement, error: unknown) => void}} [options] `onError` undoes what the
 *   page showed for a component that could not start
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
        options.onError?.(root, error);
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
