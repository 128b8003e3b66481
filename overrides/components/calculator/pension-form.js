// The pension form: an estimate of the monthly basic pension from the calculation base, the reader's
// average contribution index, the months paid and the personal account. It follows the other forms
// (index from the premium form's base and city, months and birth from the retirement form) until the
// reader types their own values.
//
// @module pension-form

import { money } from "../site/format.js";
import { setText } from "./form-values.js";

/** @typedef {import("./calculator.js").Calculator} Calculator */
/** @typedef {import("./calculator.js").FieldSpec} FieldSpec */

/** "2031-04" -> months since year 0 @param {string} text */
function monthIndex(text) {
  const [year, month] = text.split("-").map(Number);
  return year * 12 + month - 1;
}

/** This month, in months since year 0, by the reader's clock (the engine uses the same clock). */
function thisMonth() {
  const now = new Date();
  return now.getFullYear() * 12 + now.getMonth();
}

/** The link's names of the pension form's own values. */
const LINKED = ["calc_base", "index", "contribution_months", "account_balance"];

export class PensionForm {
  /** @param {Calculator} calculator @param {HTMLFormElement} form */
  constructor(calculator, form) {
    this.calculator = calculator;
    this.form = form;
    const box = /** @type {HTMLElement} */ (form.parentElement);
    const control = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
    const find = (/** @type {ParentNode} */ within, /** @type {string} */ selector) => /** @type {HTMLElement} */ (within.querySelector(selector));
    this.parts = {
      error: find(box, "[data-guide-pension-error]"),
      result: find(box, "[data-guide-pension-result]"),
      summary: find(box, "[data-guide-pension-form] ~ [data-guide-summary]"),
      index: control("index"),
      months: control("contribution_months"),
      indexHint: find(form, "[data-guide-index-hint]"),
      monthsHint: find(form, "[data-guide-months-hint]"),
    };
    this.bind();
  }

  bind() {
    // Defaults follow the other forms until the reader types their own value.
    for (const field of [this.parts.index, this.parts.months]) {
      field.addEventListener("input", () => {
        field.dataset.edited = field.value.trim() === "" ? "" : "yes";
      });
    }
    this.form.addEventListener("input", () => this.update());
    this.form.addEventListener("change", () => this.update());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update();
    });
  }

  /** @returns {Record<string, FieldSpec>} the pension form's fields by the engine's parameter names */
  fields() {
    const field = (/** @type {string} */ name) => /** @type {HTMLElement} */ (this.form.elements.namedItem(name));
    const balance = { control: field("account_balance"), kind: "amount-or-zero", example: "50000" };
    return {
      calc_base: { control: field("calc_base"), kind: "amount", example: "12049" },
      index: { control: field("index"), kind: "index" },
      contribution_months: { control: field("contribution_months"), kind: "whole", example: "180" },
      account_balance: balance,
      start_balance: balance,
    };
  }

  /** The retirement form's last answer, if any. */
  retirement() {
    return this.calculator.retirement ? this.calculator.retirement.current : null;
  }

  /** Months from now to the statutory retirement month (0 if already there). */
  monthsLeft() {
    const retirement = this.retirement();
    if (!retirement) {
      return 0;
    }
    return Math.max(0, monthIndex(retirement.result.retirement_month) - thisMonth());
  }

  /** The premium form's base: the engine's value if it answered, else what the reader typed. */
  premiumBase() {
    return this.calculator.premiums ? this.calculator.premiums.base() : "";
  }

  /** Fill the index and months the reader has not typed from the other forms, and say where they came from. */
  updateDefaults() {
    const t = this.calculator.t;
    const parts = this.parts;
    const premiums = this.calculator.premiums;
    const option = premiums ? premiums.cityOption() : null;
    const wage = option ? option.dataset.average : "";
    const base = this.premiumBase();
    if (option && wage && Number(base) > 0) {
      const index = (Number(base) / Number(wage)).toFixed(2);
      parts.indexHint.textContent = t("calc-index-derived", {
        base: money(base), wage: money(wage), city: option.dataset.name || "", index,
      });
      if (!parts.index.dataset.edited) {
        parts.index.value = index;
      }
    } else {
      parts.indexHint.textContent = t("calc-index-default");
      if (!parts.index.dataset.edited) {
        parts.index.value = "0.6";
      }
    }
    const retirement = this.retirement();
    if (retirement) {
      const paid = Number(retirement.params.paid_months || 0);
      const left = this.monthsLeft();
      parts.monthsHint.textContent = t("calc-months-derived", { paid, left, total: paid + left });
      if (!parts.months.dataset.edited) {
        parts.months.value = String(paid + left);
      }
    } else {
      parts.monthsHint.textContent = t("pension-needs-retirement");
    }
    this.update();
  }

  /** The pension request, or null while something it needs is missing. */
  params() {
    const form = this.form;
    const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value.replace(/[,\s]/g, "");
    const retirement = this.retirement();
    if (!retirement || value("calc_base") === "" || value("contribution_months") === "" || value("index") === "") {
      return null;
    }
    const r = retirement.params;
    /** @type {Record<string, any>} */
    const params = {
      calc_base: value("calc_base"), index: value("index"), contribution_months: value("contribution_months"),
      birth: r.birth, sex: r.sex,
    };
    if (r.original_age !== undefined) {
      params.original_age = r.original_age;
    }
    const balance = value("account_balance");
    const keepPaying = /** @type {HTMLInputElement} */ (form.elements.namedItem("keep_paying")).checked;
    const left = this.monthsLeft();
    if (keepPaying && left > 0 && this.premiumBase()) {
      params.projection = { monthly_base: this.premiumBase(), months: String(left), start_balance: balance || "0" };
    } else if (balance !== "") {
      params.account_balance = balance;
    }
    return params;
  }

  update() {
    const calculator = this.calculator;
    const t = calculator.t;
    const parts = this.parts;
    if (calculator.engine.ready === null) {
      return;
    }
    const params = this.params();
    if (!params) {
      parts.result.hidden = true;
      calculator.clearErrors(parts, this.fields());
      parts.summary.textContent = "";
      return;
    }
    calculator.schedule("pension", async () => {
      const response = await calculator.ask("pension", "pension", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        calculator.showError(parts, parts.summary, this.fields(), response.error);
        calculator.emit("pension", params, response);
        return;
      }
      const p = response.result;
      calculator.clearErrors(parts, this.fields());
      const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (parts.result.querySelector(selector));
      for (const name of ["basic_pension", "account_pension", "total"]) {
        find(`[data-out=${name}]`).textContent = money(p[name]);
      }
      find("[data-out=payout_months]").textContent = p.payout_months;
      const assumptions = p.assumptions.map((/** @type {any} */ a) => t("pension-assumption-line", { label: calculator.tx(a), value: calculator.tx(a.value_text) }));
      if (p.projection) {
        assumptions.push(`${t("calc-months", { n: p.projection.months })} × ${money(p.projection.monthly_contribution)} + ${money(p.projection.start_balance)} = ${money(p.projection.balance_at_retirement)}`);
      }
      const texts = (/** @type {any[]} */ list) => list.map((text) => calculator.tx(text));
      calculator.renderList(find("[data-guide-assumptions]"), assumptions);
      calculator.renderList(find("[data-guide-formula]"), texts(p.formula));
      calculator.renderList(find("[data-guide-notes]"), texts(p.notes));
      calculator.renderSources(find("[data-guide-sources]"), p.sources);
      calculator.say(parts.summary, t("calc-pension-summary", { total: money(p.total) }));
      parts.error.hidden = true;
      parts.result.hidden = false;
      calculator.emit("pension", params, p);
    });
  }

  /** Fill the form from a calculator link (README "Calculator links"). @param {URLSearchParams} query */
  readUrl(query) {
    const pension = this.form;
    for (const name of LINKED) {
      const field = pension.elements.namedItem(name);
      setText(field, query.get(name));
      if (query.has(name) && field instanceof HTMLInputElement && (name === "index" || name === "contribution_months")) {
        field.dataset.edited = "yes";
      }
    }
    if (query.get("keep_paying") === "0") {
      /** @type {HTMLInputElement} */ (pension.elements.namedItem("keep_paying")).checked = false;
    }
  }

  /** Put the reader's own values (never the derived defaults) into a calculator link. @param {URLSearchParams} query */
  writeUrl(query) {
    const pension = this.form;
    for (const name of LINKED) {
      const field = /** @type {HTMLInputElement} */ (pension.elements.namedItem(name));
      // Derived defaults follow the other forms; only the reader's own values go into the link.
      if (field.value.trim() && (name === "calc_base" || name === "account_balance" || field.dataset.edited)) {
        query.set(name, field.value.trim());
      }
    }
    if (!/** @type {HTMLInputElement} */ (pension.elements.namedItem("keep_paying")).checked) {
      query.set("keep_paying", "0");
    }
  }
}
