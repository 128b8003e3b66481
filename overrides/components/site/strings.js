// The UI strings a component script shows (README "Component scripts"): the page gives them in the
// component's JSON island; its strings.yaml lists the keys, checked on every build. A key the page
// lacks is logged and shows nothing, never the raw key.

/**
 * Fill `{name}` placeholders; a placeholder without a value stays as written.
 * @param {string} text @param {Record<string, string | number>} [values]
 * @returns {string} plain text (set with textContent, never as HTML)
 */
export function fill(text, values = {}) {
  return String(text || "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/**
 * @callback Translate
 * @param {string} key @param {Record<string, string | number>} [values]
 * @returns {string} the filled text, or "" for a key the page does not carry
 */

/**
 * @param {Record<string, string> | undefined} strings the component's strings from its JSON island
 * @param {string} component its name, for the error message
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
