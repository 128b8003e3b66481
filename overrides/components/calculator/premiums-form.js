// The premiums form: the reader's city and base (and, where the city asks, a medical base or grade)
// give the whole monthly or yearly bill, one row per insurance, with the insurances the reader leaves
// out of the total. Shown in the result table calculator.html renders (rows `tr[data-row]`, named as
// the engine's bill fields).
//
// @module premiums-form

import { cents, fromCents, money, whole } from "../site/format.js";
import { choose, formValue, setText } from "./form-values.js";

/** @typedef {import("./calculator.js").Calculator} Calculator */
/** @typedef {import("./calculator.js").FieldSpec} FieldSpec */

/** The amount the reader typed, without thousands separators or spaces. @param {string} text */
const amount = (text) => text.replace(/[,\s]/g, "");

export class PremiumForm {
  /** @param {Calculator} calculator @param {HTMLFormElement} form */
  constructor(calculator, form) {
    this.calculator = calculator;
    this.form = form;
    const section = /** @type {HTMLElement} */ (form.closest("[data-guide-premium]"));
    const control = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
    const inForm = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (form.querySelector(selector));
    const inSection = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (section.querySelector(selector));
    this.parts = {
      section,
      city: /** @type {HTMLSelectElement} */ (form.elements.namedItem("city")),
      base: control("base"),
      slider: control("base-slider"),
      range: inForm("[data-guide-range]"),
      error: inSection("[data-guide-premium-error]"),
      result: inSection("[data-guide-premium-result]"),
      summary: inSection("[data-guide-summary]"),
      medicalBaseField: inForm("[data-guide-medical-base]"),
      medicalBase: control("medical_base"),
      medicalRange: inForm("[data-guide-medical-range]"),
      medicalGradeField: inForm("[data-guide-medical-grade]"),
      medicalGrade: /** @type {HTMLSelectElement} */ (form.elements.namedItem("medical_grade")),
      nearest: inSection("[data-guide-use-nearest]"),
    };
    /** The last bill the engine answered (re-rendered without the engine for the view and the boxes). */
    this.premium = /** @type {{params: Record<string, string>, result: any} | null} */ (null);
    /** The base of the last bill the engine answered (the pension form's default). */
    this.lastBase = /** @type {string | null} */ (null);
    this.bind();
  }

  bind() {
    const parts = this.parts;
    this.showMedicalFields();
    this.previousMin = this.cityOption().dataset.min;
    parts.city.addEventListener("change", () => {
      this.applyCity();
      this.update();
    });
    parts.medicalBase.addEventListener("input", () => this.update());
    parts.medicalGrade.addEventListener("change", () => this.update());
    parts.base.addEventListener("input", () => {
      const value = Number(parts.base.value.replace(/,/g, ""));
      if (Number.isFinite(value)) {
        parts.slider.value = String(value);
      }
      this.update();
    });
    parts.slider.addEventListener("input", () => {
      parts.base.value = parts.slider.value;
      this.update();
    });
    this.form.addEventListener("change", (event) => {
      const target = /** @type {HTMLInputElement} */ (event.target);
      if (target.name === "include" || target.name === "view") {
        this.render();
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update();
    });
    parts.nearest.addEventListener("click", () => {
      parts.base.value = parts.nearest.dataset.value || "";
      parts.slider.value = parts.base.value;
      this.update();
      this.calculator.writeUrl();
      parts.base.focus();
    });
  }

  /** @returns {Record<string, FieldSpec>} the premium form's fields by the engine's parameter names */
  fields() {
    const parts = this.parts;
    const option = () => this.cityOption().dataset;
    return {
      base: { control: parts.base, kind: "amount", bounds: () => ({ min: option().min || "", max: option().max || "" }) },
      medical_base: {
        control: parts.medicalBase, kind: "amount",
        bounds: () => {
          const rule = this.medicalRule();
          return rule && rule.min !== undefined ? { min: rule.min, max: rule.max } : null;
        },
      },
      medical_grade: { control: parts.medicalGrade, kind: "grade" },
    };
  }

  /** The chosen city's bounds, medical fields and insurance boxes; a base the reader never changed follows its lowest base. */
  applyCity() {
    const parts = this.parts;
    const option = this.cityOption();
    parts.slider.min = option.dataset.min || "";
    parts.slider.max = option.dataset.max || "";
    parts.range.textContent = this.calculator.t("calc-range", { min: whole(option.dataset.min), max: whole(option.dataset.max) });
    if (parts.base.value.trim() === "" || Number(parts.base.value) === Number(this.previousMin)) {
      parts.base.value = option.dataset.min || "";
    }
    parts.slider.value = parts.base.value;
    this.previousMin = option.dataset.min;
    this.showMedicalFields();
    // Only the insurances this city's bill computes can be left out of the total.
    const offered = new Set((option.dataset.insurances || "").split(" "));
    for (const label of this.form.querySelectorAll("[data-guide-include]")) {
      const box = /** @type {HTMLElement} */ (label);
      box.hidden = !offered.has(box.dataset.guideInclude || "");
    }
  }

  /** @returns {HTMLOptionElement} the chosen city's option (its data-* carry the city's bounds and rules) */
  cityOption() {
    const select = this.parts.city;
    return select.options[select.selectedIndex];
  }

  /** The city's medical rule, as calculator_page.py describes it on the option (null: nothing to ask). */
  medicalRule() {
    const raw = this.cityOption().dataset.medical;
    return raw ? JSON.parse(raw) : null;
  }

  /** Ask for a medical base or grade only where the city's medical rule takes one. */
  showMedicalFields() {
    const parts = this.parts;
    const rule = this.medicalRule();
    const bounded = Boolean(rule && (rule.kind === "chosen" || rule.kind === "declared"));
    parts.medicalBaseField.hidden = !bounded;
    parts.medicalBase.value = "";
    if (bounded) {
      parts.medicalRange.textContent = this.calculator.t("calc-range", { min: whole(rule.min), max: whole(rule.max) });
    }
    const graded = Boolean(rule && rule.kind === "grades");
    parts.medicalGradeField.hidden = !graded;
    parts.medicalGrade.replaceChildren(...(graded ? rule.grades.map((/** @type {{id: string, name: {zh: string, en: string}}} */ grade) => {
      const option = document.createElement("option");
      option.value = grade.id;
      option.textContent = this.calculator.tx(grade.name);
      return option;
    }) : []));
  }

  /** The base of the bill: the engine's value if it answered, else what the reader typed. */
  base() {
    return this.lastBase || amount(this.parts.base.value);
  }

  update() {
    const calculator = this.calculator;
    const parts = this.parts;
    calculator.schedule("premiums", async () => {
      /** @type {Record<string, string>} */
      const params = { city: parts.city.value, base: amount(parts.base.value) };
      const medicalBase = amount(parts.medicalBase.value);
      if (!parts.medicalBaseField.hidden && medicalBase) {
        params.medical_base = medicalBase;
      }
      if (!parts.medicalGradeField.hidden && parts.medicalGrade.value) {
        params.medical_grade = parts.medicalGrade.value;
      }
      // A city whose figures have not been renewed yet: use its latest period, as the tables do.
      const on = this.cityOption().dataset.on;
      if (on) {
        params.date = on;
      }
      const response = await calculator.ask("premiums", "premiums", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        this.premium = null;
        calculator.showError(parts, parts.summary, this.fields(), response.error);
        const nearest = response.error.nearest;
        if (nearest && (response.error.field || "base") === "base") {
          parts.nearest.hidden = false;
          parts.nearest.dataset.value = nearest;
          parts.nearest.textContent = calculator.t("calc-use-nearest", { amount: money(nearest) });
        }
        calculator.emit("premiums", params, response);
        return;
      }
      calculator.clearErrors(parts, this.fields());
      this.premium = { params, result: response.result };
      this.lastBase = response.result.base;
      this.render();
      calculator.emit("premiums", params, response.result);
      calculator.pension?.updateDefaults();
    });
  }

  render() {
    const calculator = this.calculator;
    const t = calculator.t;
    const parts = this.parts;
    if (!this.premium) {
      return;
    }
    const result = this.premium.result;
    const form = this.form;
    const view = /** @type {HTMLInputElement | null} */ (form.querySelector("input[name=view]:checked"))?.value || "monthly";
    const include = new Set([...form.querySelectorAll("input[name=include]:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value));
    const figures = result[view];
    /** @type {Record<string, {insurance: string, status: string}>} */
    const lines = Object.fromEntries((result.insurances || []).map((/** @type {{insurance: string, status: string}} */ l) => [l.insurance, l]));
    let total = 0;
    for (const element of parts.result.querySelectorAll("tr[data-row]")) {
      const row = /** @type {HTMLTableRowElement} */ (element);
      const name = row.dataset.row || "";
      const cell = /** @type {HTMLElement} */ (row.querySelector("[data-cell]"));
      const insurance = name.startsWith("pension") ? "pension" : name;
      if (name === "total") {
        continue;
      }
      const line = lines[insurance];
      row.hidden = !line;
      row.classList.remove("guide-calculator__excluded");
      if (!line) {
        continue;
      }
      if (!include.has(insurance) && line.status === "computed") {
        cell.textContent = t("calc-excluded");
        row.classList.add("guide-calculator__excluded");
      } else if (line.status !== "computed" || figures[name] === null) {
        cell.textContent = t(`bill-status-${line.status}`);
      } else {
        cell.textContent = money(figures[name]);
        if (name === insurance) {
          total += cents(figures[name]);
        }
      }
    }
    const out = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (parts.result.querySelector(selector));
    // With everything included this is the engine's own total (checked by the tests).
    const everything = Object.values(lines).every((l) => l.status !== "computed" || include.has(l.insurance));
    const shownTotal = everything ? figures.total : fromCents(total);
    out("tr[data-row=total] [data-cell]").textContent = money(shownTotal);
    // A total that leaves out an insurance the reader can join says which, in its own label.
    const sep = calculator.lang === "zh" ? "、" : ", ";
    const missing = (result.missing || []).map((/** @type {string} */ m) => t(`bill-name-${m}`)).join(sep);
    out("[data-guide-total-label]").textContent = result.complete ? t("bill-total") : t("bill-total-incomplete", { missing });
    const incomplete = out("[data-guide-incomplete]");
    incomplete.hidden = result.complete;
    incomplete.textContent = result.complete ? "" : t("bill-incomplete-note", { missing });
    const labels = /** @type {HTMLTemplateElement | null} */ (parts.section.querySelector("[data-guide-view-labels]"));
    const label = labels && labels.content.querySelector(`[data-view=${view}]`);
    out("[data-guide-view-label]").textContent = label ? label.textContent : view;
    out("[data-guide-period]").textContent = t("calc-period", {
      start: calculator.date(result.period.valid_from), end: calculator.date(result.period.valid_until),
    });
    calculator.renderList(out("[data-guide-formula]"), result.formula.map((/** @type {any} */ f) => calculator.tx(f)));
    const notes = [result.medical_reason, result.unemployment_reason, ...(result.notes || [])].filter(Boolean).map((n) => calculator.tx(n));
    calculator.renderList(out("[data-guide-notes]"), notes);
    calculator.renderSources(out("[data-guide-sources]"), result.sources);
    parts.range.textContent = t("calc-range", { min: whole(result.bounds.min), max: whole(result.bounds.max) });
    const summary = { city: calculator.tx(result.city.name), total: money(shownTotal) };
    calculator.say(parts.summary, (view === "annual" ? t("calc-summary-year", summary) : t("calc-summary-month", summary))
      + (result.complete ? "" : ` (${t("bill-total-incomplete", { missing })})`));
    const print = /** @type {HTMLAnchorElement | null} */ (parts.result.querySelector("[data-guide-print-link]"));
    if (print) {
      const link = new URLSearchParams({ city: result.city.id, base: result.base });
      if (everything) {
        link.set("monthly", result.monthly.total);
      }
      print.setAttribute("href", `${(print.getAttribute("href") || "").replace(/#.*$/, "")}#${link}`);
    }
    parts.error.hidden = true;
    parts.result.hidden = false;
  }

  /** Fill the form from a calculator link (README "Calculator links"). @param {URLSearchParams} query */
  readUrl(query) {
    const parts = this.parts;
    const city = query.get("city");
    if (city && [...parts.city.options].some((o) => o.value === city)) {
      parts.city.value = city;
    }
    this.applyCity();
    setText(parts.base, query.get("base"));
    parts.slider.value = parts.base.value;
    setText(parts.medicalBase, query.get("medical_base"));
    const grade = query.get("medical_grade");
    if (grade && [...parts.medicalGrade.options].some((o) => o.value === grade)) {
      parts.medicalGrade.value = grade;
    }
    if (query.has("include")) {
      const included = new Set((query.get("include") || "").split(","));
      for (const box of this.form.querySelectorAll("input[name=include]")) {
        /** @type {HTMLInputElement} */ (box).checked = included.has(/** @type {HTMLInputElement} */ (box).value);
      }
    }
    choose(this.form, "view", query.get("view"));
  }

  /** Put what the reader set into a calculator link. @param {URLSearchParams} query */
  writeUrl(query) {
    const parts = this.parts;
    const premium = this.form;
    query.set("city", formValue(premium, "city"));
    query.set("base", formValue(premium, "base"));
    if (!parts.medicalBaseField.hidden && formValue(premium, "medical_base")) {
      query.set("medical_base", formValue(premium, "medical_base"));
    }
    if (!parts.medicalGradeField.hidden && formValue(premium, "medical_grade")) {
      query.set("medical_grade", formValue(premium, "medical_grade"));
    }
    const boxes = [...premium.querySelectorAll("input[name=include]")].map((b) => /** @type {HTMLInputElement} */ (b));
    if (boxes.some((b) => !b.checked)) {
      query.set("include", boxes.filter((b) => b.checked).map((b) => b.value).join(","));
    }
    if (formValue(premium, "view") === "annual") {
      query.set("view", "annual");
    }
  }
}
