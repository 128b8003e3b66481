// The UI strings a component script may show: the page gives them (content/ui.yaml, in the page's
// language) in the component's JSON island; which keys a script may ask for is declared in its
// folder's strings.yaml and checked at build time (macros/views/script_strings.py). A key the page
// lacks is still a bug: it is logged (the browser tests fail on console errors) and shows nothing,
// never the raw key.
//
// @module strings

import { fill } from "./format.js";

/**
 * @callback Translate
 * @param {string} key a key of content/ui.yaml listed in the component's strings.yaml
 * @param {Record<string, string | number>} [values] placeholder values
 * @returns {string} the filled text, or "" for a key the page does not carry
 */

/**
 * @param {Record<string, string> | undefined} strings the component's strings from its JSON island
 * @param {string} component the component's name, for the error message
 * @returns {Translate}
 */
export function translator(strings, component) {
  const known = strings || {};
  return (key, values) => {
    if (!Object.prototype.hasOwnProperty.call(known, key)) {
      console.error(`${component}: missing UI string "${key}" (declare it in its strings.yaml)`);
      return "";
    }
    return fill(known[key], values);
  };
}
