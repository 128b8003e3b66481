// City pages: show the stale-figures banner when the latest period has ended by the reader's clock.
// The build already shows it if the period had ended at build time; this catches old cached pages.
// The page stays complete without JavaScript: the banner text is in the HTML, only `hidden` changes.

import { start } from "../site/start.js";

/** Today in the reader's time zone as YYYY-MM-DD (comparable as a string with ISO dates). */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** True when `validUntil` (YYYY-MM-DD, the last day in force) is before `day`. Empty = open-ended. */
export function isStale(validUntil, day) {
  return /^\d{4}-\d{2}-\d{2}$/.test(validUntil || "") && validUntil < day;
}

/** @param {HTMLElement} root the city page's `[data-module="guide-city"]` */
function check(root) {
  const banner = /** @type {HTMLElement | null} */ (root.querySelector("[data-guide-stale-banner]"));
  if (banner && banner.textContent.trim() && isStale(root.dataset.validUntil, today())) {
    banner.hidden = false;
  }
  root.dataset.staleChecked = today(); // the date the check used (for tests and debugging)
}

start("guide-city", check);
