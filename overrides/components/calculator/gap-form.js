// The break simulator (gap.html): the reader says from which month they stop paying and, optionally, from
// which month they pay again; the engine (shebao_calculator.gap, the same answer as `guide gap`) says what
// that costs for the city of the premiums form and the person of the retirement form: months kept and
// still needed, whether the city allows back-payment (with its sources), the medical waiting period after
// the break (or why the guide does not have it, and the bureau to ask), and the resident scheme meanwhile.
// The page's table of every city's break rules reads without JavaScript.
//
// @module gap-form

import { formValue, setText } from "./form-values.js";

/** @typedef {import("./calculator.js").Calculator} Calculator */
/** @typedef {import("./calculator.js").FieldSpec} FieldSpec */

const MONTH = /^\d{4}-\d{2}$/;
const PERSON_FIELDS = ["birth", "sex", "original_age", "paid_months"];

export class GapForm {
  /** @param {Calculator} calculator @param {HTMLElement} section */
  constructor(calculator, section) {
    this.calculator = calculator;
    this.section = section;
    const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (section.querySelector(selector));
    this.form = /** @type {HTMLFormElement} */ (find("[data-guide-gap-form]"));
    this.parts = {
      error: find("[data-guide-gap-error]"),
      result: find("[data-guide-gap-result]"),
      summary: find("[data-guide-gap-form] ~ [data-guide-summary]"),
      needs: find("[data-guide-gap-needs]"),
      offices: find("[data-guide-gap-offices]"),
    };
    this.form.addEventListener("input", () => this.update());
    this.form.addEventListener("change", () => this.update(true));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update(true);
    });
    calculator.root.addEventListener("change", (event) => {
      const form = event.target instanceof Element ? event.target.closest("form") : null;
      if (form && form !== this.form && !form.hasAttribute("data-guide-levels-form")) {
        this.update();
      }
    });
  }

  /** @returns {Record<string, FieldSpec>} */
  fields() {
    const control = (/** @type {string} */ name) => /** @type {HTMLElement} */ (this.form.elements.namedItem(name));
    return { stop: { control: control("stop"), kind: "month" }, resume: { control: control("resume"), kind: "month" } };
  }

  /** @param {boolean} [committed] the reader has left a field (a half-typed month is now an error) */
  update(committed = false) {
    const calculator = this.calculator;
    const parts = this.parts;
    const fields = this.fields();
    const stop = formValue(this.form, "stop");
    const resume = formValue(this.form, "resume");
    // A month still being typed ("2027-") is judged when the reader leaves the field.
    let incomplete = false;
    for (const [name, value] of [["stop", stop], ["resume", resume]]) {
      const control = fields[name].control;
      if (value === "" || MONTH.test(value)) {
        calculator.setFieldError(control, "");
      } else {
        incomplete = true;
        if (committed || /[^\d-]/.test(value)) {
          calculator.setFieldError(control, calculator.t("gap-err-month"));
        }
      }
    }
    const person = calculator.retirement ? calculator.retirement.params() : null;
    const select = /** @type {HTMLSelectElement | null} */ (calculator.root.querySelector("[data-guide-premium-form] select[name=city]"));
    const ready = person !== null && person.paid_months !== undefined;
    parts.needs.hidden = ready || stop === "";
    if (stop === "" || incomplete || !ready || !select || calculator.engine.ready === null) {
      parts.result.hidden = true;
      parts.error.hidden = true;
      calculator.say(parts.summary, "");
      return;
    }
    /** @type {Record<string, any>} */
    const params = { ...person, city: select.value, stop };
    if (resume !== "") {
      params.resume = resume;
    }
    calculator.schedule("gap", async () => {
      const response = await calculator.ask("gap", "gap", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        if (PERSON_FIELDS.includes(response.error.field)) {
          parts.result.hidden = true;
          parts.needs.hidden = false;
          return;
        }
        calculator.showError(parts, parts.summary, fields, response.error);
        calculator.emit("gap", params, response);
        return;
      }
      calculator.clearErrors(parts, fields);
      this.render(response.result);
      parts.result.hidden = false;
      calculator.emit("gap", params, response.result);
    });
  }

  /** @param {any} r the engine's gap answer */
  render(r) {
    const calculator = this.calculator;
    const t = calculator.t;
    const tx = (/** @type {any} */ text) => calculator.tx(text);
    const result = this.parts.result;
    const out = (/** @type {string} */ name, /** @type {string} */ text) => {
      /** @type {HTMLElement} */ (result.querySelector(`[data-out=${name}]`)).textContent = text;
    };
    out("retirement_month", r.retirement_month);
    out("minimum", t("calc-years", { n: r.minimum_contribution_years }));
    out("still", r.months_still_needed === 0 ? t("calc-none-needed") : t("calc-months", { n: r.months_still_needed }));
    out("at_retirement", t("calc-months", { n: r.months_at_retirement }));
    const back = r.back_payment;
    out("back_payment", t("gap-answer", { answer: t(`gap-allowed-${String(back.allowed)}`), why: tx(back.note) }));
    const waiting = r.medical_waiting_months === null ? t("gap-allowed-null") : t("gap-waiting", { months: r.medical_waiting_months });
    const medical = r.medical_waiting;
    out("medical", [r.medical_waiting_months === null ? tx(r.medical_waiting_reason)
      : t("gap-answer", { answer: waiting, why: tx(medical.explanation) }), medical.caution ? tx(medical.caution) : ""]
      .filter(Boolean).join(" "));
    out("resident", tx(r.resident_alternative));
    // The resident schemes page, at the address the build wrote for this page (full page or embed).
    const residentPage = /** @type {HTMLAnchorElement | null} */ (this.section.querySelector(".guide-gap__resident a"));
    if (residentPage) {
      const link = /** @type {HTMLAnchorElement} */ (residentPage.cloneNode(true));
      /** @type {HTMLElement} */ (result.querySelector("[data-out=resident]")).append(" ", link);
    }
    calculator.renderList(/** @type {HTMLElement} */ (result.querySelector("[data-guide-notes]")), r.notes.map(tx));
    const offices = this.parts.offices;
    offices.replaceChildren();
    const ask = [back.allowed === null ? r.offices.social_insurance : null, r.medical_waiting_months === null ? r.offices.medical : null]
      .filter((office, i, all) => office && all.findIndex((o) => o && o.url === office.url) === i);
    if (ask.length) {
      offices.append(t("not-published-ask"), " ");
      ask.forEach((office, i) => {
        const a = document.createElement("a");
        a.href = office.url;
        a.rel = "noopener";
        a.textContent = tx(office.name);
        offices.append(...(i ? [calculator.lang === "zh" ? "、" : ", "] : []), a);
      });
    }
    offices.hidden = ask.length === 0;
    const sources = [...back.sources, ...medical.sources, ...r.sources]
      .filter((s, i, all) => all.findIndex((o) => o.id === s.id) === i);
    calculator.renderSources(/** @type {HTMLElement} */ (result.querySelector("[data-guide-sources]")), sources);
    calculator.say(this.parts.summary, t("gap-summary", { month: r.retirement_month, years: r.minimum_contribution_years, waiting }));
  }

  /** @param {URLSearchParams} query */
  readUrl(query) {
    setText(this.form.elements.namedItem("stop"), query.get("stop"));
    setText(this.form.elements.namedItem("resume"), query.get("resume"));
  }

  /** @param {URLSearchParams} query */
  writeUrl(query) {
    for (const name of ["stop", "resume"]) {
      const value = formValue(this.form, name);
      if (value !== "") {
        query.set(name, value);
      }
    }
  }
}

/**
 * "Print these two answers": mark the page so the print styles keep only the explorer and the simulator
 * (calculator.css), print, and unmark it afterwards.
 * @param {HTMLElement} root
 */
export function bindPrint(root) {
  const html = document.documentElement;
  for (const button of root.querySelectorAll("[data-guide-print-decisions]")) {
    button.addEventListener("click", () => {
      html.classList.add("guide-print-decisions");
      window.addEventListener("afterprint", () => html.classList.remove("guide-print-decisions"), { once: true });
      window.print();
    });
  }
}
