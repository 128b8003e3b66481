// The retirement form: birth month, sex (and for a woman her original retirement age) and the months
// already paid give the statutory retirement month and age under the gradual reform, the minimum
// contribution years and the earliest early retirement. The pension form builds on its answer.
//
// @module retirement-form

import { choose, formValue, setText } from "./form-values.js";

/** @typedef {import("./calculator.js").Calculator} Calculator */
/** @typedef {import("./calculator.js").FieldSpec} FieldSpec */

export class RetirementForm {
  /** @param {Calculator} calculator @param {HTMLFormElement} form */
  constructor(calculator, form) {
    this.calculator = calculator;
    this.form = form;
    const box = /** @type {HTMLElement} */ (form.closest("[data-guide-retire]"));
    const find = (/** @type {ParentNode} */ within, /** @type {string} */ selector) => /** @type {HTMLElement} */ (within.querySelector(selector));
    this.parts = {
      error: find(box, "[data-guide-retire-error]"),
      result: find(box, "[data-guide-retire-result]"),
      summary: find(box, "[data-guide-retire-form] ~ [data-guide-summary]"),
      originalAge: find(form, "[data-guide-original-age]"),
      originalAgePrompt: find(form, "[data-guide-original-age-prompt]"),
    };
    /** The last answer ({params, result}), for the pension form; null while there is none. */
    this.current = /** @type {{params: Record<string, any>, result: any} | null} */ (null);
    this.bind();
  }

  bind() {
    const form = this.form;
    // A birth year still being typed ("19") is judged when the reader leaves the field (change), one
    // that cannot become a year ("abcd") at once.
    const onChange = (/** @type {Event | null} */ event) => {
      this.parts.originalAge.hidden = !this.female();
      this.update(Boolean(event && event.type === "change"));
    };
    onChange(null);
    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update(true);
    });
  }

  female() {
    return /** @type {HTMLInputElement | null} */ (this.form.querySelector("input[name=sex]:checked"))?.value === "female";
  }

  /** @returns {Record<string, FieldSpec>} the retirement form's fields by the engine's parameter names */
  fields() {
    const form = this.form;
    return {
      birth: { control: /** @type {HTMLElement} */ (form.elements.namedItem("year")), kind: "birth" },
      paid_months: { control: /** @type {HTMLElement} */ (form.elements.namedItem("paid_months")), kind: "whole", example: "120" },
    };
  }

  /**
   * The retirement request from the form, or null while the birth year is incomplete. A woman must choose
   * her original retirement age (there is no default: no national rule says which applies to her); until
   * she does, the request is null and the form asks for it.
   */
  params() {
    const value = (/** @type {string} */ name) => formValue(this.form, name);
    const year = value("year");
    if (!/^\d{4}$/.test(year)) {
      return null;
    }
    /** @type {{birth: string, sex: string, original_age?: number, paid_months?: string}} */
    const params = { birth: `${year}-${value("month")}`, sex: value("sex") };
    if (params.sex === "female") {
      const chosen = value("original_age");
      if (chosen === "") {
        return null;
      }
      params.original_age = Number(chosen);
    }
    const paid = value("paid_months");
    if (paid !== "") {
      params.paid_months = paid;
    }
    return params;
  }

  /** @param {boolean} [committed] the reader has left a field (a half-typed year is now an error) */
  update(committed = false) {
    const calculator = this.calculator;
    const t = calculator.t;
    const params = this.params();
    const parts = this.parts;
    const yearField = /** @type {HTMLInputElement} */ (this.form.elements.namedItem("year"));
    const year = yearField.value.trim();
    if (year === "") {
      calculator.setFieldError(yearField, "");
    } else if (!/^\d{4}$/.test(year) && (committed || /\D/.test(year))) {
      calculator.setFieldError(yearField, t("calc-err-birth-year"));
    }
    const ageMissing = this.female() && !this.form.querySelector("input[name=original_age]:checked");
    parts.originalAgePrompt.hidden = !ageMissing;
    if (!params) {
      this.current = null;
      parts.result.hidden = true;
      parts.error.hidden = true;
      parts.summary.textContent = ageMissing && /^\d{4}$/.test(year) ? t("retire-choose-original-age") : "";
      calculator.pension?.updateDefaults();
      return;
    }
    calculator.schedule("retirement", async () => {
      const response = await calculator.ask("retirement", "retirement", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        this.current = null;
        calculator.showError(parts, parts.summary, this.fields(), response.error);
        calculator.emit("retirement", params, response);
        calculator.pension?.updateDefaults();
        return;
      }
      const r = response.result;
      calculator.clearErrors(parts, this.fields());
      this.current = { params, result: r };
      const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (parts.result.querySelector(selector));
      const out = (/** @type {string} */ name, /** @type {string} */ text) => {
        find(`[data-out=${name}]`).textContent = text;
      };
      const age = (/** @type {{years: number, months: number}} */ a) => calculator.age(a);
      out("original", `${age(r.original_age)} (${r.original_retirement_month})`);
      out("delay", t("calc-months", { n: r.delay_months }));
      out("retirement_age", age(r.retirement_age));
      out("retirement_month", r.retirement_month);
      out("minimum", t("calc-years", { n: r.minimum_contribution_years }));
      out("still", r.months_still_needed === null ? "—"
        : r.months_still_needed === 0 ? t("calc-none-needed") : t("calc-months", { n: r.months_still_needed }));
      const early = r.early_retirement;
      out("early", early.available ? `${early.earliest_month} (${age(early.earliest_age)})` : t("calc-early-none"));
      const texts = (/** @type {any[]} */ list) => list.map((text) => calculator.tx(text));
      calculator.renderList(find("[data-guide-conditions]"), early.available ? texts(early.conditions) : []);
      calculator.renderList(find("[data-guide-formula]"), texts(r.formula));
      calculator.renderList(find("[data-guide-notes]"), texts(r.notes));
      calculator.renderSources(find("[data-guide-sources]"), r.sources);
      calculator.say(parts.summary, t("calc-retire-summary", { month: r.retirement_month, age: age(r.retirement_age) }));
      parts.error.hidden = true;
      parts.result.hidden = false;
      calculator.emit("retirement", params, r);
      calculator.pension?.updateDefaults();
    });
  }

  /** Fill the form from a calculator link (README "Calculator links"). @param {URLSearchParams} query */
  readUrl(query) {
    const retire = this.form;
    const birth = /^(\d{4})-(\d{2})$/.exec(query.get("birth") || "");
    if (birth) {
      setText(retire.elements.namedItem("year"), birth[1]);
      const month = /** @type {HTMLSelectElement} */ (retire.elements.namedItem("month"));
      if ([...month.options].some((o) => o.value === birth[2])) {
        month.value = birth[2];
      }
    }
    choose(retire, "sex", query.get("sex"));
    choose(retire, "original_age", query.get("original_age"));
    setText(retire.elements.namedItem("paid_months"), query.get("paid_months"));
    this.parts.originalAge.hidden = !this.female();
  }

  /** Put what the reader set into a calculator link. @param {URLSearchParams} query */
  writeUrl(query) {
    const value = (/** @type {string} */ name) => formValue(this.form, name);
    if (!/^\d{4}$/.test(value("year"))) {
      return;
    }
    query.set("birth", `${value("year")}-${value("month")}`);
    query.set("sex", value("sex"));
    if (value("sex") === "female" && value("original_age")) {
      query.set("original_age", value("original_age"));
    }
    if (value("paid_months")) {
      query.set("paid_months", value("paid_months"));
    }
  }
}
