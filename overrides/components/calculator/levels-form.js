// The base explorer (levels.html): every base the chosen city allows, with the whole monthly bill, the
// pension at the statutory retirement month and the payback time (shebao_calculator.levels, the same
// answer as `guide levels`). The page was built with the table for a default profile; this form redraws
// it for the city of the premiums form, the person of the retirement form (birth month, sex, original
// age, months paid; the default profile while those are incomplete), the pension calculation base of the
// pension form (else the city's average wage stands in) and its own assumption, the pension's yearly
// rise. Bars use the same 5 % width classes as the build-time table (macros/views/decisions.py).
//
// @module levels-form

import { money } from "../site/format.js";
import { formValue, setText } from "./form-values.js";

/** @typedef {import("./calculator.js").Calculator} Calculator */
/** @typedef {import("./calculator.js").FieldSpec} FieldSpec */

const BAR_STEP = 5;

/** The width class of a bar for `value` on a scale whose longest bar is `top` (half-up, as the build does). */
export function barClass(/** @type {string | null} */ value, /** @type {number} */ top) {
  if (value === null || !(top > 0)) {
    return "guide-bar--w0";
  }
  const step = Math.floor((Number(value) / top) * 100 / BAR_STEP + 0.5) * BAR_STEP;
  return `guide-bar--w${Math.max(0, Math.min(100, step))}`;
}

export class LevelsForm {
  /** @param {Calculator} calculator @param {HTMLElement} section */
  constructor(calculator, section) {
    this.calculator = calculator;
    this.section = section;
    const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (section.querySelector(selector));
    this.form = /** @type {HTMLFormElement} */ (find("[data-guide-levels-form]"));
    this.parts = {
      error: find("[data-guide-levels-error]"),
      result: find("[data-guide-levels-table]"),
      summary: find("[data-guide-summary]"),
      rows: find("[data-guide-levels-rows]"),
      profile: find("[data-guide-levels-profile]"),
      city: find("[data-guide-levels-city]"),
      incomplete: find("[data-guide-levels-incomplete]"),
      assumptions: find("[data-guide-levels-assumptions]"),
      notes: find("[data-guide-notes]"),
      sources: find("[data-guide-sources]"),
    };
    this.form.addEventListener("input", () => this.update());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update();
    });
    // The explorer follows the other forms: a new city, birth month or calculation base redraws it.
    calculator.root.addEventListener("input", (event) => this.follow(event));
    calculator.root.addEventListener("change", (event) => this.follow(event));
  }

  /** @param {Event} event */
  follow(event) {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    if (form && form !== this.form && !form.hasAttribute("data-guide-gap-form")) {
      this.update();
    }
  }

  /** @returns {Record<string, FieldSpec>} */
  fields() {
    return { pension_growth: { control: /** @type {HTMLElement} */ (this.form.elements.namedItem("pension_growth")), kind: "rate" } };
  }

  /** The chosen city's option in the premiums form (its id, name and, where needed, the date of its figures). */
  cityOption() {
    const select = /** @type {HTMLSelectElement | null} */ (this.calculator.root.querySelector("[data-guide-premium-form] select[name=city]"));
    return select ? select.options[select.selectedIndex] : null;
  }

  /** The request: the reader's person where the retirement form is complete, else the default profile. */
  params() {
    const calculator = this.calculator;
    const option = this.cityOption();
    const profile = this.parts.profile.dataset;
    const person = calculator.retirement ? calculator.retirement.params() : null;
    /** @type {Record<string, any>} */
    const params = person ? { ...person } : { birth: profile.birth, sex: "male" };
    params.city = option ? option.value : profile.city;
    if (option && option.dataset.on) {
      params.date = option.dataset.on;
    }
    const pensionForm = /** @type {HTMLFormElement | null} */ (calculator.root.querySelector("[data-guide-pension-form]"));
    const calcBase = pensionForm ? formValue(pensionForm, "calc_base").replace(/[,\s]/g, "") : "";
    if (/^\d+(\.\d+)?$/.test(calcBase) && Number(calcBase) > 0) {
      params.calc_base = calcBase;
    }
    const growth = formValue(this.form, "pension_growth");
    if (growth !== "") {
      params.pension_growth = growth;
    }
    return { params, own: Boolean(person), cityName: option ? option.dataset.name || option.text : "" };
  }

  update() {
    const calculator = this.calculator;
    if (calculator.engine.ready === null) {
      return;
    }
    const { params, own, cityName } = this.params();
    const parts = this.parts;
    calculator.schedule("levels", async () => {
      const response = await calculator.ask("levels", "levels", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        const field = response.error.field;
        if (field && field !== "pension_growth") {
          // A person field the retirement form shows its own error for: keep the table as it is.
          return;
        }
        calculator.showError(parts, parts.summary, this.fields(), response.error);
        calculator.emit("levels", params, response);
        return;
      }
      calculator.clearErrors(parts, this.fields());
      this.render(response.result, own, cityName);
      parts.result.hidden = false;
      calculator.emit("levels", params, response.result);
    });
  }

  /** @param {any} r the engine's levels answer @param {boolean} own @param {string} cityName */
  render(r, own, cityName) {
    const calculator = this.calculator;
    const t = calculator.t;
    const parts = this.parts;
    const name = calculator.tx(r.city.name) || cityName;
    const top = Math.max(...r.levels.map((/** @type {any} */ row) => Number(row.monthly.total)),
      ...r.levels.filter((/** @type {any} */ row) => row.pension_at_retirement !== null)
        .map((/** @type {any} */ row) => Number(row.pension_at_retirement)));
    const cell = (/** @type {string} */ text, /** @type {string | null} */ bar = null) => {
      const td = document.createElement("td");
      td.className = "guide-num";
      td.textContent = text;
      if (bar) {
        const span = document.createElement("span");
        span.className = `guide-bar ${bar}`;
        span.setAttribute("aria-hidden", "true");
        td.append(span);
      }
      return td;
    };
    parts.rows.replaceChildren(...r.levels.map((/** @type {any} */ row) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.className = "guide-num";
      th.textContent = money(row.base);
      if (row.share_of_average !== null) {
        const share = document.createElement("span");
        share.className = "guide-levels__share";
        share.textContent = t("levels-share", { percent: String(Math.round(Number(row.share_of_average) * 10000) / 100) });
        th.append(share);
      }
      const pension = row.pension_at_retirement;
      tr.append(th,
        cell(money(row.monthly.total), `guide-bar--bill ${barClass(row.monthly.total, top)}`),
        pension === null ? cell("—") : cell(money(pension), `guide-bar--pension ${barClass(pension, top)}`),
        cell(row.payback_years === null ? "—" : row.payback_years));
      return tr;
    }));
    parts.city.textContent = name;
    parts.profile.textContent = own ? t("levels-your-profile", { city: name })
      : t("levels-default-profile", { city: name, birth: parts.profile.dataset.birth || "", from: parts.profile.dataset.from || "" });
    parts.incomplete.hidden = r.complete;
    parts.incomplete.textContent = r.complete ? "" : t("bill-incomplete-note", {
      missing: r.missing.map((/** @type {string} */ m) => t(`bill-name-${m}`)).join(calculator.lang === "zh" ? "、" : ", "),
    });
    calculator.renderList(parts.assumptions, r.assumptions.map((/** @type {any} */ item) => (item.name === "retirement_age"
      ? t("pension-assumption-line", { label: calculator.tx(item), value: calculator.tx(item.value_text) }) : calculator.tx(item))));
    const reason = r.levels.length && r.levels[0].reason ? [calculator.tx(r.levels[0].reason)] : [];
    calculator.renderList(parts.notes, [...r.notes.map((/** @type {any} */ n) => calculator.tx(n)), ...reason]);
    calculator.renderSources(parts.sources, r.sources);
    const totals = r.levels.map((/** @type {any} */ row) => row.monthly.total);
    calculator.say(parts.summary, t("levels-summary", {
      city: name, count: r.levels.length, low: money(totals[0]), high: money(totals[totals.length - 1]),
    }));
  }

  /** @param {URLSearchParams} query */
  readUrl(query) {
    setText(this.form.elements.namedItem("pension_growth"), query.get("pension_growth"));
  }

  /** @param {URLSearchParams} query */
  writeUrl(query) {
    const growth = formValue(this.form, "pension_growth");
    if (growth !== "") {
      query.set("pension_growth", growth);
    }
  }
}
