/**
 * The visit checklist, enhanced. The server-rendered list already works without JavaScript (real
 * labels and checkboxes, every condition written out); this adds the "which applies to you?"
 * filter, ticks kept in localStorage, progress in a live region, Reset with undo, "show remaining
 * only", a share link, and a Print button. It only ever sets text (textContent), never HTML.
 *
 * Entry module (linked from checklist.html and print.html): it starts every checklist and print sheet
 * on the page (../site/start.js).
 *
 * @module checklist
 */

import { start } from "../site/start.js";
import { translator } from "../site/strings.js";
import { ChecklistStore, readData, withoutHash } from "./checklist-store.js";
import { PrintSheet } from "./print-sheet.js";

/**
 * Progress of a checklist, sent as the detail of a `guide:checklist-progress` event that bubbles
 * from the component root whenever it changes (the embed script forwards it to iframe hosts).
 *
 * @typedef {object} ChecklistProgress
 * @property {number} done - Ticked items among those that apply.
 * @property {number} total - Items that apply under the current answers.
 * @property {string} checklist - The checklist id.
 */

export class Checklist {
  static moduleName = "guide-checklist";

  /**
   * @param {Element} root - `[data-module="guide-checklist"]`, as rendered by checklist.html.
   */
  constructor(root) {
    if (!(root instanceof HTMLElement)) throw new TypeError("Checklist: root is not an element");
    this.root = root;
    this.store = ChecklistStore.for(readData(root));
    /** A UI string (content/ui.yaml, keys declared in strings.yaml); a missing one is logged, never shown. */
    this.t = translator(this.store.data.i18n, "checklist");
    /** @type {HTMLLIElement[]} */
    this.items = [...root.querySelectorAll("li[data-item]")].map((item) => /** @type {HTMLLIElement} */ (item));
    /** @type {ChecklistProgress|null} */
    this.progress = null;
    this.remainingOnly = false;
    /** @type {Record<string, HTMLElement>} */
    this.refs = {};
    for (const element of root.querySelectorAll("[data-ref]")) {
      this.refs[/** @type {HTMLElement} */ (element).dataset.ref || ""] = /** @type {HTMLElement} */ (element);
    }
    this.remainingButton = root.querySelector('[data-action="remaining"]');
    // Share links lead to the page the server linked (a real <a>, so an embed that rewrites links
    // to point at the full site makes them lead there too), not necessarily to this address.
    this.baseUrl = withoutHash(this.refs["share-link"]?.getAttribute("href") || "");

    // ARIA only now that the behaviour it announces exists.
    for (const name of ["progress", "hidden-count", "copy-status", "storage"]) this.refs[name]?.setAttribute("aria-live", "polite");
    this.refs.message?.setAttribute("role", "status");
    this.remainingButton?.setAttribute("aria-pressed", "false");

    root.addEventListener("change", (event) => this.onChange(event));
    root.addEventListener("click", (event) => this.onClick(event));
    this.refs.filter?.addEventListener("submit", (event) => event.preventDefault());
    this.store.addEventListener("change", () => this.render());
    this.store.addEventListener("offer", () => this.offerUi("showOffer"));
    this.store.addEventListener("replaced", (event) => this.offerUi("showReplaced", /** @type {CustomEvent} */ (event).detail));
    this.store.addEventListener("storage-off", () => this.showStorageOff());
    this.store.addEventListener("storage-host", () => this.showStorageOff());
    // The back/forward cache restores the page as it was, and a normal back navigation lets the
    // browser restore checkbox states from its form cache: both can disagree with what was saved
    // meanwhile (e.g. ticks made on /print/), so read storage again whenever the page is shown.
    window.addEventListener("pageshow", () => this.store.reload());

    if (!this.store.persistent) this.showStorageOff();
    if (this.store.offer) this.offerUi("showOffer");
    this.render();
  }

  /** @param {Event} event - A change inside the component. */
  onChange(event) {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (target.classList.contains("guide-checklist__box")) this.store.tick(target.name, target.checked);
    else if (target.type === "radio") this.store.answer(target.name, target.value);
    else if (target === this.refs.city) this.store.chooseCity(target.value);
  }

  /** @param {MouseEvent} event - A click inside the component. */
  onClick(event) {
    const button = /** @type {HTMLElement|null} */ (/** @type {Element} */ (event.target).closest("[data-action]"));
    if (!button || !this.root.contains(button)) return;
    const action = button.dataset.action;
    if (action === "remaining") {
      this.remainingOnly = !this.remainingOnly;
      button.setAttribute("aria-pressed", String(this.remainingOnly));
      this.render();
    } else if (action === "reset") {
      this.reset();
    } else if (action === "print") {
      window.print();
    } else if (action === "copy") {
      this.copyLink();
    }
  }

  /** Clear every tick, and offer Undo until the next message. */
  reset() {
    const before = new Set(this.store.state.ticks);
    if (!before.size) return;
    this.store.update({ ticks: new Set() });
    this.message(this.t("checklist-reset-done"), [
      { label: this.t("checklist-undo"), action: () => this.store.update({ ticks: before }) },
    ]);
  }

  /** Copy the share link; where the clipboard is refused, select it so it can be copied by hand. */
  async copyLink() {
    const input = /** @type {HTMLInputElement|undefined} */ (this.refs.share);
    const status = this.refs["copy-status"];
    if (!input || !status) return;
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = this.t("checklist-copied");
    } catch {
      input.focus();
      input.select();
      status.textContent = this.t("checklist-copy-failed");
    }
  }

  /**
   * Show a message with optional buttons in the status region, replacing the previous one.
   *
   * @param {string} text - The message.
   * @param {{label: string, action: () => void}[]} [buttons] - Each clears the message when used.
   */
  message(text, buttons = []) {
    const region = this.refs.message;
    if (!region) return;
    const paragraph = document.createElement("p");
    paragraph.textContent = text;
    for (const { label, action } of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = label;
      button.addEventListener("click", () => {
        region.replaceChildren();
        action();
      });
      paragraph.append(" ", button);
    }
    region.replaceChildren(paragraph);
  }

  /** Where the ticks are kept when not in this page's storage: said next to the share link. */
  showStorageOff() {
    const status = this.refs.storage;
    if (!status) return;
    const host = this.store.host && this.root.closest("[data-storage-host]")?.getAttribute("data-storage-host");
    status.textContent = host || this.t("checklist-storage-off");
    status.hidden = false;
  }

  /**
   * A share link met other ticks saved on this device (or replaced them): the choices live in
   * checklist-offer.js, downloaded only then, since most visits never need them.
   *
   * @param {"showOffer"|"showReplaced"} name - What to show.
   * @param {import("./checklist-store.js").ChecklistState} [detail] - The saved state, for showReplaced.
   */
  offerUi(name, detail) {
    import("./checklist-offer.js")
      .then((offer) => offer[name](this, detail))
      .catch((error) => console.error(error));
  }

  /** Make the page show the store's state. */
  render() {
    const { state } = this.store;
    const focused = document.activeElement;
    let done = 0;
    let total = 0;
    for (const item of this.items) {
      const slug = item.dataset.item || "";
      const applies = this.store.applies(item.dataset.appliesTo || "");
      const ticked = state.ticks.has(slug);
      const box = /** @type {HTMLInputElement|null} */ (item.querySelector(".guide-checklist__box"));
      if (box) box.checked = ticked;
      item.hidden = !applies || (this.remainingOnly && ticked);
      if (applies) {
        total += 1;
        if (ticked) done += 1;
      }
    }
    for (const group of this.root.querySelectorAll("[data-group]")) {
      /** @type {HTMLElement} */ (group).hidden = !group.querySelector("li[data-item]:not([hidden])");
    }
    const hidden = this.items.length - total;
    if (this.refs["hidden-count"]) this.refs["hidden-count"].textContent = hidden ? this.t("checklist-hidden", { n: hidden }) : "";
    if (this.refs.progress) this.refs.progress.textContent = this.t("checklist-progress", { done, total });

    for (const radio of this.root.querySelectorAll('input[type="radio"]')) {
      const input = /** @type {HTMLInputElement} */ (radio);
      input.checked = (state.when.get(input.name) || "") === input.value;
    }
    if (this.refs.city) /** @type {HTMLSelectElement} */ (this.refs.city).value = state.city;
    const shareUrl = this.store.shareUrl(this.baseUrl);
    if (this.refs.share) /** @type {HTMLInputElement} */ (this.refs.share).value = shareUrl;
    this.refs["share-link"]?.setAttribute("href", shareUrl);
    this.keepStateInUrl();

    // "Show remaining only" hides the item just ticked: move focus on rather than lose it.
    if (focused instanceof HTMLElement && focused !== document.body && focused.closest("[hidden]")) {
      const next = this.items.find((item) => !item.hidden && item.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_PRECEDING);
      /** @type {HTMLElement|null} */ (next?.querySelector(".guide-checklist__box") || this.remainingButton)?.focus();
    }

    if (!this.progress || this.progress.done !== done || this.progress.total !== total) {
      this.progress = { done, total, checklist: this.store.data.id };
      this.root.dispatchEvent(new CustomEvent("guide:checklist-progress", { bubbles: true, detail: { ...this.progress } }));
    }
  }

  /**
   * Without storage, the address is the only place the ticks survive a reload: keep the share
   * fragment in it. With storage, leave the address alone once a share link has been taken in.
   */
  keepStateInUrl() {
    const hash = this.store.toHash();
    const carriesState = /(^|[#&])(ticks|when|city)=/.test(window.location.hash);
    if (this.store.persistent && !this.store.offer && !carriesState) return;
    const url = new URL(window.location.href);
    url.hash = this.store.persistent && !this.store.offer ? "" : hash;
    try {
      if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
    } catch {
      // Some embedded browsers refuse replaceState; the share field still has the link.
    }
  }
}

start(Checklist.moduleName, (root) => new Checklist(root));
start(PrintSheet.moduleName, (root) => new PrintSheet(root));
