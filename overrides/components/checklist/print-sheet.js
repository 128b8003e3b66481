/**
 * The printable sheet, enhanced: it follows the reader's ticks, answers and city (shared with the
 * checklist through the store), hides items that do not apply, shows the chosen city's figures and
 * sources, and redraws the QR code so it opens the online checklist with the same ticks. Without
 * JavaScript the sheet lists every item with a QR code made at build time. That code (the online
 * checklist, no ticks) stays as long as there is nothing to carry, so the QR library is downloaded
 * only once the reader has ticked, answered or chosen a city.
 *
 * @module print-sheet
 */

import { ChecklistStore, readData, withoutHash } from "./checklist-store.js";

/** QR library (qrcode-generator, MIT, from npm), loaded only when the sheet has state to carry. */
const QR_MODULE = "./vendor/qrcode.mjs";
const QUIET_ZONE = 4;

/**
 * An amount from an address, if it is one (figures, at most 2 decimals) within [min, max].
 *
 * @param {string|null} value - The address's value.
 * @param {string|undefined} min - Lowest allowed, as the page wrote it.
 * @param {string|undefined} max - Highest allowed.
 * @returns {number|null} The amount, or null.
 */
export function chosenAmount(value, min, max) {
  if (!value || !/^\d{1,9}(\.\d{1,2})?$/.test(value) || min === undefined || max === undefined) return null;
  const amount = Number(value);
  return amount >= Number(min) && amount <= Number(max) ? amount : null;
}

export class PrintSheet {
  static moduleName = "guide-print-sheet";

  /**
   * @param {Element} root - `[data-module="guide-print-sheet"]`, as rendered by print.html.
   */
  constructor(root) {
    if (!(root instanceof HTMLElement)) throw new TypeError("PrintSheet: root is not an element");
    this.root = root;
    this.store = ChecklistStore.for(readData(root));
    /** @type {HTMLTableRowElement[]} */
    this.rows = [...root.querySelectorAll("tr[data-item]")].map((row) => /** @type {HTMLTableRowElement} */ (row));
    this.citySelect = /** @type {HTMLSelectElement|null} */ (root.querySelector('select[data-ref="city"]'));
    this.qr = root.querySelector('svg[data-ref="qr"]');
    this.link = root.querySelector('a[data-ref="url"]');
    // The server-rendered link to the online checklist (rewritten by embeds like any link).
    this.baseUrl = withoutHash(this.link?.getAttribute("href") || "");
    // The text of the build-time code: kept while the share link carries no state.
    this.builtQrText = this.qr?.getAttribute("data-qr-text") || null;
    /** @type {string|null} */
    this.qrText = this.builtQrText;
    /** @type {Promise<any>|null} */
    this.qrLibrary = null;

    root.addEventListener("change", (event) => {
      const target = /** @type {HTMLInputElement | HTMLSelectElement} */ (event.target);
      if (target instanceof HTMLInputElement && target.type === "checkbox") this.store.tick(target.name, target.checked);
      else if (target === this.citySelect) this.store.chooseCity(target.value);
    });
    root.addEventListener("click", (event) => {
      if (/** @type {Element} */ (event.target).closest('[data-action="print"]')) window.print();
    });
    this.store.addEventListener("change", () => this.render());
    // See checklist.js: the page may come back from the back/forward cache with stale ticks.
    window.addEventListener("pageshow", () => this.store.reload());
    window.addEventListener("hashchange", () => this.showChosen(this.store.state.city));
    this.render();
  }

  /** Make the sheet show the store's state. */
  render() {
    const { state } = this.store;
    for (const row of this.rows) {
      row.hidden = !this.store.applies(row.dataset.appliesTo || "");
      const box = /** @type {HTMLInputElement|null} */ (row.querySelector('input[type="checkbox"]'));
      if (box) box.checked = state.ticks.has(row.dataset.item || "");
    }
    for (const group of this.root.querySelectorAll("tbody[data-group]")) {
      /** @type {HTMLElement} */ (group).hidden = !group.querySelector("tr[data-item]:not([hidden])");
    }
    for (const block of this.root.querySelectorAll("[data-city]")) {
      /** @type {HTMLElement} */ (block).hidden = (/** @type {HTMLElement} */ (block).dataset.city || "") !== state.city;
    }
    if (this.citySelect) this.citySelect.value = state.city;
    this.showChosen(state.city);
    const shareUrl = this.store.shareUrl(this.baseUrl);
    if (this.link) {
      this.link.textContent = this.baseUrl;
      this.link.setAttribute("href", shareUrl);
    }
    this.drawQr(shareUrl === this.baseUrl && this.builtQrText ? this.builtQrText : shareUrl);
  }

  /**
   * The reader's own base and the calculator's monthly total for it, when the address carries them
   * (`#city=…&base=7546&monthly=2263.80`, the calculator's "print with this base" link) and they fit the
   * chosen city: a base within its bounds, a total above 0 and at most its highest bill. Anything else
   * is ignored, as in every link of the guide; only figures are ever written, as text.
   *
   * @param {string} city - The chosen city id, or "".
   */
  showChosen(city) {
    const line = /** @type {HTMLElement|null} */ (this.root.querySelector('[data-ref="chosen"]'));
    if (!line) return;
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    const block = /** @type {HTMLElement|null} */ (city ? this.root.querySelector(`.guide-sheet__city[data-city="${city}"]`) : null);
    const base = chosenAmount(params.get("base"), block?.dataset.baseMin, block?.dataset.baseMax);
    const monthly = chosenAmount(params.get("monthly"), "0.01", block?.dataset.billMax);
    line.hidden = base === null;
    const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const baseText = line.querySelector('[data-ref="chosen-base"]');
    const monthlyText = line.querySelector('[data-ref="chosen-monthly"]');
    if (baseText) baseText.textContent = base === null ? "" : money.format(base);
    if (monthlyText) monthlyText.textContent = monthly === null ? "—" : money.format(monthly);
  }

  /**
   * Redraw the QR code for `text`. Keeps the build-time code when the library cannot be loaded.
   *
   * @param {string} text - The share link.
   */
  async drawQr(text) {
    if (!this.qr || text === this.qrText) return;
    this.qrText = text;
    try {
      this.qrLibrary ||= import(QR_MODULE);
      const { default: qrcode } = await this.qrLibrary;
      // Another render may have started while the library loaded: draw only the latest text.
      if (text !== this.qrText) return;
      const code = qrcode(0, "M");
      code.addData(text);
      code.make();
      const count = code.getModuleCount();
      let d = "";
      for (let y = 0; y < count; y += 1) {
        for (let x = 0; x < count; ) {
          const start = x;
          while (x < count && code.isDark(y, x)) x += 1;
          if (x > start) d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`;
          else x += 1;
        }
      }
      const size = count + 2 * QUIET_ZONE;
      this.qr.setAttribute("viewBox", `0 0 ${size} ${size}`);
      this.qr.querySelector("path")?.setAttribute("d", d);
      this.qr.setAttribute("data-qr-text", text);
    } catch (error) {
      console.error(error);
    }
  }
}
