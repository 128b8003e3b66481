/**
 * The guided start, enhanced. The page already works without JavaScript: every part of the summary is
 * rendered and the generated answers.css shows what the form's inputs select. This keeps the answers in
 * the address (`#city=shanghai&hukou=local-hukou&situation=first-time&work=platform-worker`, rewritten
 * without a new history entry as the reader answers, read on load and when the hash changes), filters
 * with `hidden` (so it also works where CSS :has() does not), counts the documents, points the
 * checklist link at the reader's answers, and offers Print and Copy link. Only ids the page was built
 * with are accepted from an address; everything else is ignored. It only ever sets text, never HTML.
 *
 * @module start
 */

import { start } from "../site/start.js";
import { translator } from "../site/strings.js";

/**
 * @typedef {object} StartData
 * @property {Record<string, string[]>} questions - Question id → its answer ids, in order.
 * @property {string[]} cities - City ids.
 * @property {Record<string, string[]>} checklist - Answer id → the checklist options it stands for.
 * @property {string[]} checklistOrder - Every checklist option id, in the checklist's order.
 * @property {Record<string, string>} strings - UI strings in the page language, `{name}` placeholders.
 */

/**
 * @typedef {object} Answers
 * @property {string} city - A city id, or "".
 * @property {Map<string, string>} choices - Question id → answer id (unanswered: absent).
 */

const CITY = "city";

/**
 * Answers from a URL fragment; unknown names and values are ignored, a later value wins.
 *
 * @param {string} hash - `location.hash`, with or without "#".
 * @param {StartData} data - What the page was built with.
 * @returns {Answers} The answers the fragment carries.
 */
export function parseHash(hash, data) {
  /** @type {Answers} */
  const answers = { city: "", choices: new Map() };
  for (const [name, value] of new URLSearchParams(hash.replace(/^#/, ""))) {
    if (name === CITY && data.cities.includes(value)) answers.city = value;
    else if ((data.questions[name] || []).includes(value)) answers.choices.set(name, value);
  }
  return answers;
}

/**
 * The fragment for these answers (without "#"), the city first, then the questions in order.
 *
 * @param {Answers} answers - The answers.
 * @param {StartData} data - The page's data.
 * @returns {string} e.g. `city=shanghai&hukou=local-hukou`.
 */
export function toHash(answers, data) {
  const parts = answers.city ? [`${CITY}=${answers.city}`] : [];
  for (const question of Object.keys(data.questions)) {
    const chosen = answers.choices.get(question);
    if (chosen) parts.push(`${question}=${chosen}`);
  }
  return parts.join("&");
}

export class GuidedStart {
  /**
   * @param {HTMLElement} root - `[data-module="guide-start"]`, as rendered by start.html.
   */
  constructor(root) {
    this.root = root;
    const island = root.querySelector(".guide-start-data");
    /** @type {StartData} */
    this.data = JSON.parse(island?.textContent || "{}");
    this.form = /** @type {HTMLFormElement} */ (root.querySelector('[data-ref="form"]'));
    this.city = /** @type {HTMLSelectElement} */ (this.form.elements.namedItem(CITY));
    /** @type {Record<string, HTMLElement>} */
    this.refs = {};
    for (const element of root.querySelectorAll("[data-ref]")) {
      this.refs[/** @type {HTMLElement} */ (element).dataset.ref || ""] = /** @type {HTMLElement} */ (element);
    }
    this.t = translator(this.data.strings, "start");
    this.checklistHref = this.refs["checklist-link"]?.getAttribute("href") || "";
    this.refs.count?.setAttribute("aria-live", "polite");

    this.form.addEventListener("change", () => this.onChange());
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.refs.show?.addEventListener("click", (event) => {
      event.preventDefault();
      this.showSummary();
    });
    root.addEventListener("click", (event) => this.onClick(event));
    window.addEventListener("hashchange", () => this.restore());
    root.setAttribute("data-enhanced", "");
    this.restore();
  }

  /** The answers the form shows now. @returns {Answers} */
  read() {
    /** @type {Answers} */
    const answers = { city: this.data.cities.includes(this.city.value) ? this.city.value : "", choices: new Map() };
    for (const question of Object.keys(this.data.questions)) {
      const checked = /** @type {HTMLInputElement|null} */ (this.form.querySelector(`input[name="${question}"]:checked`));
      if (checked) answers.choices.set(question, checked.value);
    }
    return answers;
  }

  /** Put the address's answers into the form (an address without answers leaves the form alone). */
  restore() {
    if (!/(^#|&)[\w-]+=/.test(window.location.hash)) {
      this.render(this.read());
      return;
    }
    const answers = parseHash(window.location.hash, this.data);
    this.city.value = answers.city;
    for (const [question, ids] of Object.entries(this.data.questions)) {
      for (const id of ids) {
        const input = /** @type {HTMLInputElement|null} */ (this.form.querySelector(`input[name="${question}"][value="${id}"]`));
        if (input) input.checked = answers.choices.get(question) === id;
      }
    }
    this.render(answers);
  }

  onChange() {
    const answers = this.read();
    const hash = toHash(answers, this.data);
    const url = new URL(window.location.href);
    url.hash = hash;
    window.history.replaceState(window.history.state, "", hash ? url.href : url.href.replace(/#.*$/, ""));
    this.render(answers);
  }

  /**
   * Show what the answers select.
   *
   * @param {Answers} answers - The answers.
   */
  render(answers) {
    const chosen = new Set(answers.choices.values());
    for (const element of this.root.querySelectorAll("[data-hide]")) {
      const hiddenBy = (/** @type {HTMLElement} */ (element).dataset.hide || "").split(/\s+/);
      /** @type {HTMLElement} */ (element).hidden = hiddenBy.some((id) => chosen.has(id));
    }
    for (const element of this.root.querySelectorAll(".guide-start__city[data-city]")) {
      /** @type {HTMLElement} */ (element).hidden = /** @type {HTMLElement} */ (element).dataset.city !== answers.city;
    }
    for (const element of this.root.querySelectorAll("[data-answer-label]")) {
      const id = /** @type {HTMLElement} */ (element).dataset.answerLabel || "";
      /** @type {HTMLElement} */ (element).hidden = !(id === answers.city || chosen.has(id));
    }
    const complete = Boolean(answers.city) && Object.keys(this.data.questions).every((q) => answers.choices.has(q));
    if (this.refs.incomplete) this.refs.incomplete.hidden = complete;
    if (this.refs["no-city"]) this.refs["no-city"].hidden = Boolean(answers.city);
    const documents = this.refs.documents ? [...this.refs.documents.querySelectorAll("li")].filter((li) => !li.hidden) : [];
    if (this.refs.count) {
      this.refs.count.textContent = this.t("start-count", { n: documents.length });
      this.refs.count.hidden = false;
    }
    const link = this.refs["checklist-link"];
    if (link) {
      const options = new Set([...chosen].flatMap((id) => this.data.checklist[id] || []));
      const parts = [];
      const when = this.data.checklistOrder.filter((id) => options.has(id));
      if (when.length) parts.push(`when=${when.join(",")}`);
      if (answers.city) parts.push(`city=${answers.city}`);
      link.setAttribute("href", parts.length ? `${this.checklistHref}#${parts.join("&")}` : this.checklistHref);
    }
  }

  showSummary() {
    const summary = /** @type {HTMLElement|null} */ (this.root.querySelector("#start-summary"));
    if (!summary) return;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  /** @param {Event} event */
  async onClick(event) {
    const button = /** @type {HTMLElement|null} */ (/** @type {HTMLElement} */ (event.target).closest?.("[data-action]"));
    if (!button) return;
    if (button.dataset.action === "print") window.print();
    if (button.dataset.action === "copy") {
      const status = this.refs.status;
      try {
        await navigator.clipboard.writeText(window.location.href);
        if (status) status.textContent = this.t("start-copied");
      } catch {
        if (status) status.textContent = this.t("start-copy-failed");
      }
    }
  }
}

start("guide-start", (root) => new GuidedStart(root));
