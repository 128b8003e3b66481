// The interactive calculator: premiums, retirement date and pension estimate.
//
// Progressive enhancement: the page already shows the build-time tables; this script reveals the
// forms (CSS shows .guide-js-only under html.guide-js), starts the engine (Pyodide in a Web Worker)
// on the reader's first use of a form or when the page is idle, whichever comes first, and fills the
// result regions as the reader types. If the engine cannot start, the root gets
// `guide-calculator--unavailable`, the forms hide again and one status line says why.
//
// This module is the page's calculator: what the three forms share (strings, errors beside their
// fields, the result events, the link in the address, when the engine starts). The engine client is
// engine-client.js, each form its own module (premiums-form.js, retirement-form.js, pension-form.js);
// every amount is written by the site's one formatter (../site/format.js).
//
// Every string shown comes from the page: labels are rendered in the HTML, composed strings come
// from the JSON island (content/ui.yaml). Each result is also dispatched as a DOM CustomEvent
// `guide:calculator-result` on the component root ({kind, params, result}) for embeds.
//
// The inputs live in the page's address (#city=shanghai&base=9000&…, README "Calculator links"): read
// on load and when the hash changes, rewritten (replaceState) as the reader types, so a result can be
// shared. An error is worded here from the engine's code and allowed range (calc-err-* in
// content/ui.yaml) and shown under the field that caused it, with aria-invalid and aria-describedby,
// until the field is fixed; the engine's own message (which names its parameters) is never shown.

import { whole } from "../site/format.js";
import { start } from "../site/start.js";
import { translator } from "../site/strings.js";
import { Engine } from "./engine-client.js";
import { bindPrint, GapForm } from "./gap-form.js";
import { LevelsForm } from "./levels-form.js";
import { PensionForm } from "./pension-form.js";
import { PremiumForm } from "./premiums-form.js";
import { RetirementForm } from "./retirement-form.js";

/** @typedef {import("./engine-client.js").CalculatorConfig} CalculatorConfig */

/**
 * A form field as the error wording sees it: the control, what kind of value it takes, and (for amounts
 * with bounds the page knows) its allowed range.
 * @typedef {{control: HTMLElement, kind: string, example?: string, bounds?: () => ({min: string, max: string} | null)}} FieldSpec
 */

/**
 * The parts of a form's section an error touches: the section's error box and its result.
 * @typedef {{error: HTMLElement, result: HTMLElement}} Section
 */

/**
 * One calculator page: the premium form, the retirement form and the pension form.
 */
export class Calculator {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    const island = root.querySelector("[data-guide-calculator-config]");
    /** @type {CalculatorConfig} */
    this.config = JSON.parse(island ? island.textContent || "{}" : "{}");
    this.lang = this.config.lang || document.documentElement.lang || "zh";
    /**
     * A string of the page's catalogue (content/ui.yaml via the JSON island; the keys this script may use
     * are declared in strings.yaml and checked at build time). A missing one is logged and shows nothing.
     */
    this.t = translator(this.config.i18n, "calculator");
    this.status = /** @type {HTMLElement} */ (root.querySelector("[data-guide-status]"));
    this.engine = new Engine(this.config, (state, detail) => this.setState(state, detail));
    this.dates = new Intl.DateTimeFormat(this.lang === "zh" ? "zh-CN" : "en-CA",
      this.lang === "zh" ? { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" } : { timeZone: "UTC" });
    /** @type {Record<string, number>} */
    this.seq = { premiums: 0, retirement: 0, pension: 0, levels: 0, gap: 0 };
    /** @type {Record<string, {busy: boolean, next: (() => unknown) | null}>} */
    this.lanes = {};
    this.interacted = false;

    const form = (/** @type {string} */ selector) => /** @type {HTMLFormElement | null} */ (root.querySelector(selector));
    const premiumForm = form("[data-guide-premium-form]");
    const retireForm = form("[data-guide-retire-form]");
    const pensionForm = form("[data-guide-pension-form]");
    this.forms = [premiumForm, retireForm, pensionForm].filter((f) => f !== null);
    /** @type {PremiumForm | null} */
    this.premiums = premiumForm ? new PremiumForm(this, premiumForm) : null;
    /** @type {RetirementForm | null} */
    this.retirement = retireForm ? new RetirementForm(this, retireForm) : null;
    /** @type {PensionForm | null} */
    this.pension = pensionForm ? new PensionForm(this, pensionForm) : null;
    if (this.pension) {
      this.pension.updateDefaults();
    }
    // The base explorer and the break simulator (issue 18) build on the three forms above.
    const section = (/** @type {string} */ selector) => /** @type {HTMLElement | null} */ (root.querySelector(selector));
    const levelsSection = section("[data-guide-levels]");
    const gapSection = section("[data-guide-gap]");
    /** @type {LevelsForm | null} */
    this.levels = levelsSection ? new LevelsForm(this, levelsSection) : null;
    /** @type {GapForm | null} */
    this.gap = gapSection ? new GapForm(this, gapSection) : null;
    bindPrint(root);
    this.bindUrl();
    this.bindStart();
    // For the bench and debugging (memory figures): the page's calculator.
    Object.defineProperty(root, "guideCalculator", { value: this });
  }

  /** @param {{[lang: string]: string} | null | undefined} text */
  tx(text) {
    return text ? text[this.lang] || text.zh : "";
  }

  /** "2026-07-01" in the page's language, as the build-time tables write it. @param {string | null} iso */
  date(iso) {
    if (!iso) {
      return this.t("open-ended");
    }
    const [y, m, d] = iso.split("-").map(Number);
    return this.dates.format(new Date(Date.UTC(y, m - 1, d)));
  }

  /** 50岁1个月 / 50 years 1 month: the same catalogue keys the engine words ages with. @param {{years: number, months: number}} age */
  age(age) {
    const values = { years: age.years, months: age.months };
    return age.months === 0 ? this.t("age-years", values)
      : age.months === 1 ? this.t("age-years-month", values) : this.t("age-years-months", values);
  }

  /** @param {string} state @param {string} [detail] */
  setState(state, detail) {
    this.root.dataset.guideCalculatorState = state;
    this.root.dispatchEvent(new CustomEvent("guide:calculator-state", {
      bubbles: true, detail: { state, timings: this.engine ? this.engine.timings : undefined },
    }));
    if (state === "loading") {
      this.status.textContent = this.t("calc-loading");
    } else if (state === "ready") {
      this.status.textContent = this.t("calc-ready");
      this.premiums?.update();
      this.retirement?.update();
      this.levels?.update();
      this.gap?.update();
    } else if (state === "unavailable") {
      this.root.classList.add("guide-calculator--unavailable");
      this.status.textContent = this.t("calc-unavailable");
      if (detail) {
        console.warn("calculator unavailable:", detail);
      }
    }
  }

  /**
   * Start the engine as soon as a form is (nearly) on screen, on first use of any form, or when the
   * page is idle, whichever comes first. On /calculator/ the form is near the top, so the engine
   * starts while the page finishes loading and is usually up before the reader has typed.
   */
  bindStart() {
    const start = () => {
      this.engine.start().catch(() => {});
    };
    for (const type of ["focusin", "pointerdown", "input"]) {
      this.root.addEventListener(type, (event) => {
        if (event.target instanceof Element && event.target.closest("form")) {
          if (!this.interacted) {
            this.interacted = true;
            performance.mark("guide-calculator:interaction");
          }
          start();
        }
      }, { passive: true });
    }
    const forms = this.forms;
    if ("IntersectionObserver" in window && forms.length) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          start();
        }
      }, { rootMargin: "100% 0px" });
      forms.forEach((form) => observer.observe(form));
    }
    const idle = () => ("requestIdleCallback" in window ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 1500));
    if (document.readyState === "complete") {
      idle();
    } else {
      window.addEventListener("load", idle, { once: true });
    }
  }

  /**
   * Run a calculation now if none of this kind is in flight; otherwise remember only the latest and
   * run it when the current one answers. The engine answers in about a millisecond, so typing gets a
   * result per keystroke without a fixed debounce delay, and a burst of input never queues up.
   * @param {string} kind @param {() => unknown} run
   */
  schedule(kind, run) {
    const lane = this.lanes[kind] || (this.lanes[kind] = { busy: false, next: null });
    if (lane.busy) {
      lane.next = run;
      return;
    }
    lane.busy = true;
    Promise.resolve()
      .then(run)
      .catch((error) => console.error(error))
      .finally(() => {
        lane.busy = false;
        const next = lane.next;
        lane.next = null;
        if (next) {
          this.schedule(kind, next);
        }
      });
  }

  /**
   * The engine's answer, or null if it failed or a newer request of the same kind was made meanwhile.
   * @param {string} kind @param {string} action @param {object} params @returns {Promise<any>}
   */
  async ask(kind, action, params) {
    const seq = ++this.seq[kind];
    let response;
    try {
      response = await this.engine.call(action, params);
    } catch {
      return null;
    }
    return seq === this.seq[kind] ? response : null;
  }

  /**
   * Put a line in a section's live region. Errors are also shown in their box, so there the line is
   * for screen readers only (visually hidden) instead of showing the same text twice.
   * @param {HTMLElement} summary @param {string} text @param {boolean} [screenReaderOnly]
   */
  say(summary, text, screenReaderOnly = false) {
    summary.textContent = text;
    summary.classList.toggle("guide-calculator__sr-only", screenReaderOnly);
  }

  /** @param {string} kind @param {object} params @param {any} result */
  emit(kind, params, result) {
    this.root.dispatchEvent(new CustomEvent("guide:calculator-result", {
      bubbles: true, detail: { kind, params, result },
    }));
  }

  /**
   * Show an engine error in the reader's words: under the field that caused it (aria-invalid, its id in
   * the field's aria-describedby), or in the section's box when no single field did. The engine's code
   * and detail fields (`field`, `min`, `max`) choose the words; its message is never shown.
   * @param {Section} section
   * @param {HTMLElement} summary
   * @param {Record<string, FieldSpec>} fields the section's fields by the engine's parameter name
   * @param {any} error the engine's error object
   */
  showError(section, summary, fields, error) {
    this.clearErrors(section, fields);
    section.result.hidden = true;
    const name = error.field || (error.code === "base_out_of_range" || error.code === "average_wage_unavailable" ? "base" : "");
    const spec = fields[name] || fields[name.replace(/ %$/, "")];
    const text = this.errorText(error, spec);
    if (spec && spec.control && !spec.control.closest("[hidden]")) {
      this.setFieldError(spec.control, text);
    } else {
      section.error.hidden = false;
      section.error.querySelector("[data-guide-error-message]").textContent = text;
    }
    this.say(summary, text, true);
  }

  /** No error in this section any more: every field valid again, the section's box hidden. */
  clearErrors(section, fields) {
    section.error.hidden = true;
    for (const spec of Object.values(fields)) {
      if (spec.control) {
        this.setFieldError(spec.control, "");
      }
    }
  }

  /**
   * Put a field's error under it (or take it away with an empty text).
   * @param {HTMLElement} field @param {string} text
   */
  setFieldError(field, text) {
    const box = /** @type {HTMLElement | null} */ (this.root.querySelector(`[data-guide-field-error="${field.id}"]`));
    if (!box) {
      return;
    }
    const others = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter((id) => id && id !== box.id);
    const message = box.querySelector("[data-guide-error-text]");
    if (message) {
      message.textContent = text;
    }
    box.hidden = !text;
    if (text) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", [box.id, ...others].join(" "));
    } else {
      field.removeAttribute("aria-invalid");
      if (others.length) {
        field.setAttribute("aria-describedby", others.join(" "));
      } else {
        field.removeAttribute("aria-describedby");
      }
      const nearest = box.querySelector("[data-guide-use-nearest]");
      if (nearest) {
        /** @type {HTMLElement} */ (nearest).hidden = true;
      }
    }
  }

  /**
   * The reader's words for an engine error: chosen by the kind of field and the error's code, filled
   * with the allowed range (the field's own bounds where the page knows them, else the engine's).
   * @param {any} error @param {FieldSpec | undefined} spec
   */
  errorText(error, spec) {
    const code = error.code;
    const hasRange = error.min !== undefined && error.max !== undefined && error.max !== null;
    if (code === "payout_age_out_of_range") {
      return this.t("calc-err-pension-age", { min: error.min_age, max: error.max_age });
    }
    switch (spec ? spec.kind : "") {
      case "amount": {
        const bounds = spec && spec.bounds ? spec.bounds() : null;
        if (bounds) {
          return this.t("calc-err-amount-range", { min: whole(bounds.min), max: whole(bounds.max) });
        }
        return this.t("calc-err-amount", { example: spec && spec.example ? spec.example : "7546" });
      }
      case "amount-or-zero":
        return this.t("calc-err-amount-or-zero", { example: spec && spec.example ? spec.example : "50000" });
      case "whole":
        return code === "out_of_range" && hasRange
          ? this.t("calc-err-whole-range", { min: error.min, max: error.max })
          : this.t("calc-err-whole", { example: spec && spec.example ? spec.example : "180" });
      case "index":
        return code === "index_out_of_range" && hasRange
          ? this.t("calc-err-index-range", { min: error.min, max: error.max })
          : this.t("calc-err-index");
      case "birth":
        if (code === "birth_in_future") {
          return this.t("calc-err-birth-future");
        }
        return code === "birth_out_of_range" && hasRange
          ? this.t("calc-err-birth-range", { min: error.min, max: error.max })
          : this.t("calc-err-birth-year");
      case "grade":
        return this.t("calc-err-grade");
      case "rate":
        return this.t("calc-err-rate", { max: error.max || "0.5" });
      case "month":
        return code === "month_out_of_range" && hasRange
          ? this.t("gap-err-month-range", { min: error.min, max: error.max })
          : this.t("gap-err-month");
      default:
        return this.t("calc-err-other");
    }
  }

  /** @param {HTMLElement} list @param {string[]} items */
  renderList(list, items) {
    list.replaceChildren(...items.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    const heading = /** @type {HTMLElement | null} */ (list.previousElementSibling);
    list.hidden = items.length === 0;
    if (heading && heading.tagName === "H4") {
      heading.hidden = items.length === 0;
    }
  }

  /** @param {Element} list @param {Array<any>} sources */
  renderSources(list, sources) {
    list.replaceChildren(...(sources || []).map((source) => {
      const li = document.createElement("li");
      const title = this.tx(source.title);
      if (source.url) {
        const a = document.createElement("a");
        a.href = source.url;
        a.textContent = title;
        a.rel = "noopener";
        li.append(a);
      } else {
        li.append(title);
      }
      if (source.document_number && !title.includes(source.document_number)) {
        li.append(` (${source.document_number})`);
      }
      return li;
    }));
  }

  // --- The inputs in the address ---------------------------------------------------------------

  /**
   * Read the inputs from the address now and whenever the reader follows another calculator link; write
   * them back (replaceState, no new history entry) after every input, so the address is always a link to
   * the result on screen.
   */
  bindUrl() {
    this.readUrl();
    window.addEventListener("hashchange", () => {
      if (this.readUrl()) {
        this.recompute();
      }
    });
    for (const type of ["input", "change"]) {
      this.root.addEventListener(type, (event) => {
        if (event.target instanceof Element && event.target.closest("form")) {
          this.writeUrl();
        }
      });
    }
  }

  /** Compute every form again (after the inputs changed under it). */
  recompute() {
    if (this.engine.ready === null) {
      return;
    }
    this.premiums?.update();
    this.retirement?.update();
    this.levels?.update();
    this.gap?.update();
  }

  /**
   * Fill the forms from `#city=…&base=…` (README "Calculator links"). Unknown names and values that
   * fit no control are ignored; a value the engine refuses shows its error once computed, like typing.
   * @returns {boolean} whether the address held calculator inputs
   */
  readUrl() {
    const hash = window.location.hash.slice(1);
    if (!hash.includes("=")) {
      return false;
    }
    const query = new URLSearchParams(hash);
    this.premiums?.readUrl(query);
    this.retirement?.readUrl(query);
    this.pension?.readUrl(query);
    this.levels?.readUrl(query);
    this.gap?.readUrl(query);
    return true;
  }

  /** The address for what the forms hold now: only what the reader set (defaults stay out). */
  writeUrl() {
    const query = new URLSearchParams();
    this.premiums?.writeUrl(query);
    this.retirement?.writeUrl(query);
    this.pension?.writeUrl(query);
    this.levels?.writeUrl(query);
    this.gap?.writeUrl(query);
    const url = new URL(window.location.href);
    url.hash = query.toString();
    try {
      window.history.replaceState(window.history.state, "", url.href);
    } catch {
      // A sandboxed frame may refuse: the result still shows, only the link is not kept.
    }
  }
}

start("guide-calculator", (root) => new Calculator(root), {
  onError: (root) => root.classList.add("guide-calculator--unavailable"),
});
