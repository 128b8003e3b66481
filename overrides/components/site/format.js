// The one money and number formatter of every component script: the same digits as the build-time
// tables (macros/views/render.py `money` and `whole`), so a figure a script writes reads exactly like the
// figure the page was built with. Amounts travel as decimal strings ("12345.6"), never floats.
//
// Placeholders in UI strings are filled by strings.js (`fill`).

/**
 * "12345.6" -> "12,345.60"; nothing -> "—" (as render.money writes a missing figure).
 * @param {string | number | null | undefined} value
 * @returns {string}
 */
export function money(value) {
  if (value === null || value === undefined || value === "") {
    return "—";
  }
  const [int, frac = ""] = String(value).split(".");
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(frac + "00").slice(0, 2)}`;
}

/**
 * "7384.00" -> "7,384", "7384.5" -> "7,384.50": bounds as the build-time range line writes them.
 * @param {string | number | null | undefined} value
 * @returns {string}
 */
export function whole(value) {
  return money(value).replace(/\.00$/, "");
}

/**
 * "1509.20" -> 150920 (whole cents; these amounts are far below 2^53).
 * @param {string | number} value
 * @returns {number}
 */
export function cents(value) {
  const [int, frac = ""] = String(value).split(".");
  return Number(int) * 100 + Number((frac + "00").slice(0, 2)) * (int.startsWith("-") ? -1 : 1);
}

/**
 * 150920 -> "1509.20"
 * @param {number} total whole cents
 * @returns {string}
 */
export function fromCents(total) {
  return `${Math.trunc(total / 100)}.${String(Math.abs(total) % 100).padStart(2, "0")}`;
}
