// The interactive calculator: premiums, retirement date and pension estimate.
//
// Progressive enhancement: the page already shows the build-time tables; this script reveals the
// forms (CSS shows .guide-js-only under html.guide-js), starts the engine (Pyodide in a Web Worker)
// on the reader's first use of a form or when the page is idle, whichever comes first, and fills the
// result regions as the reader types. If the engine cannot start, the root gets
// `guide-calculator--unavailable`, the forms hide again and one status line says why.
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

/**
 * @typedef {{lang: string, defaultCity: string, pyodide: string, pyodideIndex: string, wheel: string,
 *   data: string, worker: string, timeoutMs: number, i18n: Record<string, string>, snapshot?: string, stdlib?: string,
 *   pyodideLock?: object}} CalculatorConfig
 */

/**
 * A form field as the error wording sees it: the control, what kind of value it takes, and (for amounts
 * with bounds the page knows) its allowed range.
 * @typedef {{control: HTMLElement, kind: string, example?: string, bounds?: () => ({min: string, max: string} | null)}} FieldSpec
 */

/** @param {string} text @param {Record<string, string | number>} [values] */
function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** "12345.6" -> "12,345.60": the same digits as the build-time tables (render.money). */
function money(value) {
  if (value === null || value === undefined || value === "") {
    return "—";
  }
  const [int, frac = ""] = String(value).split(".");
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(frac + "00").slice(0, 2)}`;
}

/** "7384.00" -> "7,384", "7384.5" -> "7,384.50": bounds as the build-time range line writes them. */
function whole(value) {
  return money(value).replace(/\.00$/, "");
}

/** "1509.20" -> 150920 (whole cents; these amounts are far below 2^53). */
function cents(value) {
  const [int, frac = ""] = String(value).split(".");
  return Number(int) * 100 + Number((frac + "00").slice(0, 2)) * (int.startsWith("-") ? -1 : 1);
}

/** 150920 -> "1509.20" */
function fromCents(total) {
  return `${Math.trunc(total / 100)}.${String(Math.abs(total) % 100).padStart(2, "0")}`;
}

/** "YYYY-MM" of this month, in the reader's clock (the engine uses the same clock). */
function thisMonth() {
  const now = new Date();
  return now.getFullYear() * 12 + now.getMonth();
}

/** "2031-04" -> months since year 0 */
function monthIndex(text) {
  const [year, month] = text.split("-").map(Number);
  return year * 12 + month - 1;
}

/** Clear an element and append children. */
function replaceChildren(element, children) {
  element.replaceChildren(...children);
}

/**
 * Ask the site's service worker (components/site/sw.js, registered by site.js) to keep what the
 * engine downloaded, so the next visit starts from the cache and works offline. Silent where there
 * is no service worker (embeds, blocked storage, old browsers).
 * @param {string[]} urls
 */
function keepOffline(urls) {
  try {
    if (!("serviceWorker" in navigator) || window.self !== window.top) {
      return;
    }
    navigator.serviceWorker.ready.then((registration) => {
      if (registration.active) {
        registration.active.postMessage({ type: "guide:keep", urls });
      }
    }, () => {});
  } catch {
    // No service worker here: nothing to keep.
  }
}

/**
 * The engine in a worker: started once, on demand; calls are answered in order.
 */
class Engine {
  /** @param {CalculatorConfig} config @param {(state: string, detail?: string) => void} onState */
  constructor(config, onState) {
    this.config = config;
    this.onState = onState;
    /** @type {Promise<void> | null} */
    this.ready = null;
    this.nextId = 1;
    /** @type {Map<number, {resolve: Function, reject: Function}>} */
    this.pending = new Map();
  }

  static supported() {
    return "noModule" in HTMLScriptElement.prototype && typeof WebAssembly === "object" && typeof Worker === "function";
  }

  /** Start the worker (idempotent); resolves when the engine answers, rejects if it cannot. */
  start() {
    if (this.ready) {
      return this.ready;
    }
    this.ready = new Promise((resolve, reject) => {
      const absolute = (/** @type {string} */ url) => new URL(url, document.baseURI).href;
      if (!Engine.supported()) {
        reject(new Error("unsupported browser"));
        return;
      }
      this.onState("loading");
      let worker;
      try {
        worker = new Worker(absolute(this.config.worker), { type: "module" });
      } catch (error) {
        reject(error);
        return;
      }
      this.worker = worker;
      const timer = setTimeout(() => reject(new Error("timeout")), this.config.timeoutMs);
      worker.addEventListener("error", (event) => {
        clearTimeout(timer);
        reject(new Error(event.message || "worker error"));
      });
      worker.addEventListener("message", (event) => {
        const message = event.data;
        if (message.type === "ready") {
          clearTimeout(timer);
          this.timings = message.timings;
          resolve();
          keepOffline([...(message.resources || []), absolute(this.config.worker)]);
        } else if (message.type === "failed") {
          clearTimeout(timer);
          reject(new Error(message.message));
        } else if (message.type === "reply") {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (!waiting) {
            return;
          }
          if (message.failed) {
            waiting.reject(new Error(message.failed));
          } else {
            waiting.resolve(JSON.parse(message.response));
          }
        }
      });
      worker.postMessage({
        type: "init",
        pyodide: absolute(this.config.pyodide),
        indexURL: absolute(this.config.pyodideIndex),
        wheel: absolute(this.config.wheel),
        data: absolute(this.config.data),
        lock: this.config.pyodideLock,
        snapshot: this.config.snapshot ? absolute(this.config.snapshot) : null,
        stdlib: this.config.stdlib ? absolute(this.config.stdlib) : null,
      });
    });
    this.ready.then(() => this.onState("ready"), (error) => this.onState("unavailable", String(error)));
    return this.ready;
  }

  /** For the bench: the worker's WebAssembly memory in bytes (null before the engine is up). */
  async memory() {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "memory", id });
    });
  }

  /** @param {string} action @param {object} params @returns {Promise<any>} the engine's reply */
  async call(action, params) {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "call", id, request: JSON.stringify({ action, params }) });
    });
  }
}

/**
 * One calculator page: the premium form, the retirement form and the pension form.
 */
class Calculator {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    const island = root.querySelector("[data-guide-calculator-config]");
    /** @type {CalculatorConfig} */
    this.config = JSON.parse(island ? island.textContent || "{}" : "{}");
    this.lang = this.config.lang || document.documentElement.lang || "zh";
    this.i18n = this.config.i18n || {};
    this.status = root.querySelector("[data-guide-status]");
    this.engine = new Engine(this.config, (state, detail) => this.setState(state, detail));
    this.dates = new Intl.DateTimeFormat(this.lang === "zh" ? "zh-CN" : "en-CA",
      this.lang === "zh" ? { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" } : { timeZone: "UTC" });
    /** Results kept to re-render without the engine (view switch, included insurances). */
    this.premium = null;
    this.retirement = null;
    this.seq = { premiums: 0, retirement: 0, pension: 0 };
    /** @type {Record<string, {busy: boolean, next: Function | null}>} */
    this.lanes = {};

    this.premiumForm = root.querySelector("[data-guide-premium-form]");
    this.retireForm = root.querySelector("[data-guide-retire-form]");
    this.pensionForm = root.querySelector("[data-guide-pension-form]");
    this.bindPremium();
    this.bindRetirement();
    this.bindPension();
    this.bindUrl();
    this.bindStart();
    // For the bench and debugging (memory figures): the page's calculator.
    Object.defineProperty(root, "guideCalculator", { value: this });
  }

  /**
   * A string of the page's catalogue (content/ui.yaml via the JSON island). A key the island lacks is a
   * bug: it is logged (the browser tests fail on console errors, and a unit test checks every key this
   * script uses against macros/calculator_page.SCRIPT_STRINGS) and shows nothing, never the raw key.
   * @param {string} key @param {Record<string, string | number>} [values]
   */
  t(key, values) {
    if (!(key in this.i18n)) {
      console.error(`calculator: missing UI string "${key}"`);
      return "";
    }
    return fill(this.i18n[key], values);
  }

  /** @param {{zh: string, en: string} | null | undefined} text */
  tx(text) {
    return text ? text[this.lang] || text.zh : "";
  }

  /** "2026-07-01" in the page's language, as the build-time tables write it. */
  date(iso) {
    if (!iso) {
      return this.t("open-ended");
    }
    const [y, m, d] = iso.split("-").map(Number);
    return this.dates.format(new Date(Date.UTC(y, m - 1, d)));
  }

  /** 50岁1个月 / 50 years 1 month: the same catalogue keys the engine words ages with. */
  age(age) {
    const key = age.months === 0 ? "age-years" : age.months === 1 ? "age-years-month" : "age-years-months";
    return this.t(key, { years: age.years, months: age.months });
  }

  setState(state, detail) {
    this.root.dataset.guideCalculatorState = state;
    this.root.dispatchEvent(new CustomEvent("guide:calculator-state", {
      bubbles: true, detail: { state, timings: this.engine ? this.engine.timings : undefined },
    }));
    if (state === "loading") {
      this.status.textContent = this.t("calc-loading");
    } else if (state === "ready") {
      this.status.textContent = this.t("calc-ready");
      this.updatePremium();
      this.updateRetirement();
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
    const forms = [this.premiumForm, this.retireForm, this.pensionForm].filter(Boolean);
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
   */
  say(summary, text, screenReaderOnly = false) {
    summary.textContent = text;
    summary.classList.toggle("guide-calculator__sr-only", screenReaderOnly);
  }

  emit(kind, params, result) {
    this.root.dispatchEvent(new CustomEvent("guide:calculator-result", {
      bubbles: true, detail: { kind, params, result },
    }));
  }

  /**
   * Show an engine error in the reader's words: under the field that caused it (aria-invalid, its id in
   * the field's aria-describedby), or in the section's box when no single field did. The engine's code
   * and detail fields (`field`, `min`, `max`) choose the words; its message is never shown.
   * @param {{error: HTMLElement, result: HTMLElement}} section
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
      default:
        return this.t("calc-err-other");
    }
  }

  /** @returns {Record<string, FieldSpec>} the premium form's fields by the engine's parameter names */
  premiumFields() {
    const parts = this.premiumParts;
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
    this.updatePremium();
    this.updateRetirement();
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
    const text = (/** @type {Element | RadioNodeList | null} */ field, /** @type {string | null} */ value) => {
      if (value !== null && field instanceof HTMLInputElement) {
        field.value = value;
      }
    };
    const choose = (/** @type {HTMLFormElement} */ form, /** @type {string} */ name, /** @type {string | null} */ value) => {
      const option = value === null ? null : [...form.querySelectorAll(`input[name="${name}"]`)]
        .find((input) => /** @type {HTMLInputElement} */ (input).value === value);
      if (option) {
        /** @type {HTMLInputElement} */ (option).checked = true;
      }
    };
    const premium = this.premiumForm;
    if (premium && this.premiumParts) {
      const parts = this.premiumParts;
      const city = query.get("city");
      const select = /** @type {HTMLSelectElement} */ (parts.city);
      if (city && [...select.options].some((o) => o.value === city)) {
        select.value = city;
      }
      this.applyCity();
      text(parts.base, query.get("base"));
      parts.slider.value = parts.base.value;
      text(parts.medicalBase, query.get("medical_base"));
      const grade = query.get("medical_grade");
      const grades = /** @type {HTMLSelectElement} */ (parts.medicalGrade);
      if (grade && [...grades.options].some((o) => o.value === grade)) {
        grades.value = grade;
      }
      if (query.has("include")) {
        const included = new Set((query.get("include") || "").split(","));
        for (const box of premium.querySelectorAll("input[name=include]")) {
          /** @type {HTMLInputElement} */ (box).checked = included.has(/** @type {HTMLInputElement} */ (box).value);
        }
      }
      choose(premium, "view", query.get("view"));
    }
    const retire = this.retireForm;
    if (retire) {
      const birth = /^(\d{4})-(\d{2})$/.exec(query.get("birth") || "");
      if (birth) {
        text(retire.elements.namedItem("year"), birth[1]);
        const month = /** @type {HTMLSelectElement} */ (retire.elements.namedItem("month"));
        if ([...month.options].some((o) => o.value === birth[2])) {
          month.value = birth[2];
        }
      }
      choose(retire, "sex", query.get("sex"));
      choose(retire, "original_age", query.get("original_age"));
      text(retire.elements.namedItem("paid_months"), query.get("paid_months"));
      this.retireParts.originalAge.hidden = /** @type {HTMLInputElement | null} */ (retire.querySelector("input[name=sex]:checked"))?.value !== "female";
    }
    const pension = this.pensionForm;
    if (pension) {
      for (const name of ["calc_base", "index", "contribution_months", "account_balance"]) {
        const field = pension.elements.namedItem(name);
        text(field, query.get(name));
        if (query.has(name) && field instanceof HTMLInputElement && (name === "index" || name === "contribution_months")) {
          field.dataset.edited = "yes";
        }
      }
      if (query.get("keep_paying") === "0") {
        /** @type {HTMLInputElement} */ (pension.elements.namedItem("keep_paying")).checked = false;
      }
    }
    return true;
  }

  /** The address for what the forms hold now: only what the reader set (defaults stay out). */
  writeUrl() {
    const query = new URLSearchParams();
    const value = (/** @type {HTMLFormElement} */ form, /** @type {string} */ name) => {
      const field = form.elements.namedItem(name);
      if (field instanceof RadioNodeList) {
        return field.value;
      }
      return field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value.trim() : "";
    };
    const premium = this.premiumForm;
    if (premium && this.premiumParts) {
      const parts = this.premiumParts;
      query.set("city", value(premium, "city"));
      query.set("base", value(premium, "base"));
      if (!parts.medicalBaseField.hidden && value(premium, "medical_base")) {
        query.set("medical_base", value(premium, "medical_base"));
      }
      if (!parts.medicalGradeField.hidden && value(premium, "medical_grade")) {
        query.set("medical_grade", value(premium, "medical_grade"));
      }
      const boxes = [...premium.querySelectorAll("input[name=include]")].map((b) => /** @type {HTMLInputElement} */ (b));
      if (boxes.some((b) => !b.checked)) {
        query.set("include", boxes.filter((b) => b.checked).map((b) => b.value).join(","));
      }
      if (value(premium, "view") === "annual") {
        query.set("view", "annual");
      }
    }
    const retire = this.retireForm;
    if (retire && /^\d{4}$/.test(value(retire, "year"))) {
      query.set("birth", `${value(retire, "year")}-${value(retire, "month")}`);
      query.set("sex", value(retire, "sex"));
      if (value(retire, "sex") === "female" && value(retire, "original_age")) {
        query.set("original_age", value(retire, "original_age"));
      }
      if (value(retire, "paid_months")) {
        query.set("paid_months", value(retire, "paid_months"));
      }
    }
    const pension = this.pensionForm;
    if (pension) {
      for (const name of ["calc_base", "index", "contribution_months", "account_balance"]) {
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
    const url = new URL(window.location.href);
    url.hash = query.toString();
    try {
      window.history.replaceState(window.history.state, "", url.href);
    } catch {
      // A sandboxed frame may refuse: the result still shows, only the link is not kept.
    }
  }

  // --- Premiums -------------------------------------------------------------------------------

  bindPremium() {
    const form = this.premiumForm;
    if (!form) {
      return;
    }
    const section = form.closest("[data-guide-premium]");
    this.premiumParts = {
      section,
      city: form.elements.namedItem("city"),
      base: form.elements.namedItem("base"),
      slider: form.elements.namedItem("base-slider"),
      range: form.querySelector("[data-guide-range]"),
      error: section.querySelector("[data-guide-premium-error]"),
      result: section.querySelector("[data-guide-premium-result]"),
      summary: section.querySelector("[data-guide-summary]"),
      medicalBaseField: form.querySelector("[data-guide-medical-base]"),
      medicalBase: form.elements.namedItem("medical_base"),
      medicalRange: form.querySelector("[data-guide-medical-range]"),
      medicalGradeField: form.querySelector("[data-guide-medical-grade]"),
      medicalGrade: form.elements.namedItem("medical_grade"),
    };
    this.premiumParts.nearest = section.querySelector("[data-guide-use-nearest]");
    const parts = this.premiumParts;
    this.showMedicalFields();
    this.previousMin = this.cityOption().dataset.min;
    parts.city.addEventListener("change", () => {
      this.applyCity();
      this.updatePremium();
    });
    parts.medicalBase.addEventListener("input", () => this.updatePremium());
    parts.medicalGrade.addEventListener("change", () => this.updatePremium());
    parts.base.addEventListener("input", () => {
      const value = Number(parts.base.value.replace(/,/g, ""));
      if (Number.isFinite(value)) {
        parts.slider.value = String(value);
      }
      this.updatePremium();
    });
    parts.slider.addEventListener("input", () => {
      parts.base.value = parts.slider.value;
      this.updatePremium();
    });
    form.addEventListener("change", (event) => {
      const target = /** @type {HTMLInputElement} */ (event.target);
      if (target.name === "include" || target.name === "view") {
        this.renderPremium();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.updatePremium();
    });
    parts.nearest.addEventListener("click", () => {
      parts.base.value = parts.nearest.dataset.value || "";
      parts.slider.value = parts.base.value;
      this.updatePremium();
      this.writeUrl();
      parts.base.focus();
    });
  }

  /** The chosen city's bounds, medical fields and insurance boxes; a base the reader never changed follows its lowest base. */
  applyCity() {
    const parts = this.premiumParts;
    const option = this.cityOption();
    parts.slider.min = option.dataset.min;
    parts.slider.max = option.dataset.max;
    parts.range.textContent = this.t("calc-range", { min: whole(option.dataset.min), max: whole(option.dataset.max) });
    if (parts.base.value.trim() === "" || Number(parts.base.value) === Number(this.previousMin)) {
      parts.base.value = option.dataset.min;
    }
    parts.slider.value = parts.base.value;
    this.previousMin = option.dataset.min;
    this.showMedicalFields();
    // Only the insurances this city's bill computes can be left out of the total.
    const offered = new Set((option.dataset.insurances || "").split(" "));
    for (const label of this.premiumForm.querySelectorAll("[data-guide-include]")) {
      const box = /** @type {HTMLElement} */ (label);
      box.hidden = !offered.has(box.dataset.guideInclude || "");
    }
  }

  cityOption() {
    const select = /** @type {HTMLSelectElement} */ (this.premiumForm.elements.namedItem("city"));
    return select.options[select.selectedIndex];
  }

  /** The city's medical rule, as calculator_page.py describes it on the option (null: nothing to ask). */
  medicalRule() {
    const raw = this.cityOption().dataset.medical;
    return raw ? JSON.parse(raw) : null;
  }

  /** Ask for a medical base or grade only where the city's medical rule takes one. */
  showMedicalFields() {
    const parts = this.premiumParts;
    const rule = this.medicalRule();
    const bounded = Boolean(rule && (rule.kind === "chosen" || rule.kind === "declared"));
    parts.medicalBaseField.hidden = !bounded;
    parts.medicalBase.value = "";
    if (bounded) {
      parts.medicalRange.textContent = this.t("calc-range", { min: whole(rule.min), max: whole(rule.max) });
    }
    const graded = Boolean(rule && rule.kind === "grades");
    parts.medicalGradeField.hidden = !graded;
    replaceChildren(parts.medicalGrade, graded ? rule.grades.map((/** @type {{id: string, name: {zh: string, en: string}}} */ grade) => {
      const option = document.createElement("option");
      option.value = grade.id;
      option.textContent = this.tx(grade.name);
      return option;
    }) : []);
  }

  updatePremium() {
    const parts = this.premiumParts;
    if (!parts) {
      return;
    }
    this.schedule("premiums", async () => {
      const params = { city: parts.city.value, base: parts.base.value.replace(/[,\s]/g, "") };
      const medicalBase = parts.medicalBase.value.replace(/[,\s]/g, "");
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
      const response = await this.ask("premiums", "premiums", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        this.premium = null;
        this.showError(parts, parts.summary, this.premiumFields(), response.error);
        const nearest = response.error.nearest;
        if (nearest && (response.error.field || "base") === "base") {
          parts.nearest.hidden = false;
          parts.nearest.dataset.value = nearest;
          parts.nearest.textContent = this.t("calc-use-nearest", { amount: money(nearest) });
        }
        this.emit("premiums", params, response);
        return;
      }
      this.clearErrors(parts, this.premiumFields());
      this.premium = { params, result: response.result };
      this.lastBase = response.result.base;
      this.renderPremium();
      this.emit("premiums", params, response.result);
      this.updatePensionDefaults();
    });
  }

  renderPremium() {
    const parts = this.premiumParts;
    if (!this.premium) {
      return;
    }
    const result = this.premium.result;
    const form = this.premiumForm;
    const view = /** @type {HTMLInputElement | null} */ (form.querySelector("input[name=view]:checked"))?.value || "monthly";
    const include = new Set([...form.querySelectorAll("input[name=include]:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value));
    const figures = result[view];
    /** @type {Record<string, {status: string}>} */
    const lines = Object.fromEntries((result.insurances || []).map((/** @type {{insurance: string, status: string}} */ l) => [l.insurance, l]));
    let total = 0;
    for (const row of parts.result.querySelectorAll("tr[data-row]")) {
      const name = row.dataset.row;
      const cell = row.querySelector("[data-cell]");
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
        cell.textContent = this.t("calc-excluded");
        row.classList.add("guide-calculator__excluded");
      } else if (line.status !== "computed" || figures[name] === null) {
        cell.textContent = this.t(`bill-status-${line.status}`);
      } else {
        cell.textContent = money(figures[name]);
        if (name === insurance) {
          total += cents(figures[name]);
        }
      }
    }
    // With everything included this is the engine's own total (checked by the tests).
    const everything = Object.values(lines).every((l) => l.status !== "computed" || include.has(l.insurance));
    const shownTotal = everything ? figures.total : fromCents(total);
    parts.result.querySelector("tr[data-row=total] [data-cell]").textContent = money(shownTotal);
    // A total that leaves out an insurance the reader can join says which, in its own label.
    const sep = this.lang === "zh" ? "、" : ", ";
    const missing = (result.missing || []).map((/** @type {string} */ m) => this.t(`bill-name-${m}`)).join(sep);
    parts.result.querySelector("[data-guide-total-label]").textContent = result.complete ? this.t("bill-total") : this.t("bill-total-incomplete", { missing });
    const incomplete = parts.result.querySelector("[data-guide-incomplete]");
    incomplete.hidden = result.complete;
    incomplete.textContent = result.complete ? "" : this.t("bill-incomplete-note", { missing });
    const labels = parts.section.querySelector("[data-guide-view-labels]");
    const label = labels && labels.content.querySelector(`[data-view=${view}]`);
    parts.result.querySelector("[data-guide-view-label]").textContent = label ? label.textContent : view;
    parts.result.querySelector("[data-guide-period]").textContent = this.t("calc-period", {
      start: this.date(result.period.valid_from), end: this.date(result.period.valid_until),
    });
    this.renderList(parts.result.querySelector("[data-guide-formula]"), result.formula.map((f) => this.tx(f)));
    const notes = [result.medical_reason, result.unemployment_reason, ...(result.notes || [])].filter(Boolean).map((n) => this.tx(n));
    this.renderList(parts.result.querySelector("[data-guide-notes]"), notes);
    this.renderSources(parts.result.querySelector("[data-guide-sources]"), result.sources);
    parts.range.textContent = this.t("calc-range", { min: whole(result.bounds.min), max: whole(result.bounds.max) });
    this.say(parts.summary, this.t(view === "annual" ? "calc-summary-year" : "calc-summary-month", {
      city: this.tx(result.city.name), total: money(shownTotal),
    }) + (result.complete ? "" : ` (${this.t("bill-total-incomplete", { missing })})`));
    parts.error.hidden = true;
    parts.result.hidden = false;
  }

  /** @param {Element} list @param {string[]} items */
  renderList(list, items) {
    replaceChildren(list, items.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    const heading = list.previousElementSibling;
    list.hidden = items.length === 0;
    if (heading && heading.tagName === "H4") {
      heading.hidden = items.length === 0;
    }
  }

  /** @param {Element} list @param {Array<any>} sources */
  renderSources(list, sources) {
    replaceChildren(list, (sources || []).map((source) => {
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

  // --- Retirement -----------------------------------------------------------------------------

  bindRetirement() {
    const form = this.retireForm;
    if (!form) {
      return;
    }
    const box = form.closest("[data-guide-retire]");
    this.retireParts = {
      error: box.querySelector("[data-guide-retire-error]"),
      result: box.querySelector("[data-guide-retire-result]"),
      summary: box.querySelector("[data-guide-retire-form] ~ [data-guide-summary]"),
      originalAge: form.querySelector("[data-guide-original-age]"),
      originalAgePrompt: form.querySelector("[data-guide-original-age-prompt]"),
    };
    // A birth year still being typed ("19") is judged when the reader leaves the field (change), one
    // that cannot become a year ("abcd") at once.
    const onChange = (/** @type {Event | null} */ event) => {
      const female = /** @type {HTMLInputElement | null} */ (form.querySelector("input[name=sex]:checked"))?.value === "female";
      this.retireParts.originalAge.hidden = !female;
      this.updateRetirement(Boolean(event && event.type === "change"));
    };
    onChange(null);
    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.updateRetirement(true);
    });
  }

  /** @returns {Record<string, FieldSpec>} the retirement form's fields by the engine's parameter names */
  retirementFields() {
    const form = this.retireForm;
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
  retirementParams() {
    const form = this.retireForm;
    const value = (name) => {
      const field = form.elements.namedItem(name);
      if (field instanceof RadioNodeList) {
        return field.value;
      }
      return field ? /** @type {HTMLInputElement} */ (field).value.trim() : "";
    };
    const year = value("year");
    if (!/^\d{4}$/.test(year)) {
      return null;
    }
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
  updateRetirement(committed = false) {
    if (!this.retireForm) {
      return;
    }
    const params = this.retirementParams();
    const parts = this.retireParts;
    const yearField = /** @type {HTMLInputElement} */ (this.retireForm.elements.namedItem("year"));
    const year = yearField.value.trim();
    if (year === "") {
      this.setFieldError(yearField, "");
    } else if (!/^\d{4}$/.test(year) && (committed || /\D/.test(year))) {
      this.setFieldError(yearField, this.t("calc-err-birth-year"));
    }
    const sex = /** @type {HTMLInputElement | null} */ (this.retireForm.querySelector("input[name=sex]:checked"))?.value;
    const ageMissing = sex === "female" && !this.retireForm.querySelector("input[name=original_age]:checked");
    parts.originalAgePrompt.hidden = !ageMissing;
    if (!params) {
      this.retirement = null;
      parts.result.hidden = true;
      parts.error.hidden = true;
      parts.summary.textContent = ageMissing && /^\d{4}$/.test(this.retireForm.elements.namedItem("year").value.trim())
        ? this.t("retire-choose-original-age") : "";
      this.updatePensionDefaults();
      return;
    }
    this.schedule("retirement", async () => {
      const response = await this.ask("retirement", "retirement", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        this.retirement = null;
        this.showError(parts, parts.summary, this.retirementFields(), response.error);
        this.emit("retirement", params, response);
        this.updatePensionDefaults();
        return;
      }
      const r = response.result;
      this.clearErrors(parts, this.retirementFields());
      this.retirement = { params, result: r };
      const out = (name, text) => {
        parts.result.querySelector(`[data-out=${name}]`).textContent = text;
      };
      out("original", `${this.age(r.original_age)} (${r.original_retirement_month})`);
      out("delay", this.t("calc-months", { n: r.delay_months }));
      out("retirement_age", this.age(r.retirement_age));
      out("retirement_month", r.retirement_month);
      out("minimum", this.t("calc-years", { n: r.minimum_contribution_years }));
      out("still", r.months_still_needed === null ? "—"
        : r.months_still_needed === 0 ? this.t("calc-none-needed") : this.t("calc-months", { n: r.months_still_needed }));
      const early = r.early_retirement;
      out("early", early.available ? `${early.earliest_month} (${this.age(early.earliest_age)})` : this.t("calc-early-none"));
      this.renderList(parts.result.querySelector("[data-guide-conditions]"), early.available ? early.conditions.map((c) => this.tx(c)) : []);
      this.renderList(parts.result.querySelector("[data-guide-formula]"), r.formula.map((f) => this.tx(f)));
      this.renderList(parts.result.querySelector("[data-guide-notes]"), r.notes.map((n) => this.tx(n)));
      this.renderSources(parts.result.querySelector("[data-guide-sources]"), r.sources);
      this.say(parts.summary, this.t("calc-retire-summary", { month: r.retirement_month, age: this.age(r.retirement_age) }));
      parts.error.hidden = true;
      parts.result.hidden = false;
      this.emit("retirement", params, r);
      this.updatePensionDefaults();
    });
  }

  // --- Pension --------------------------------------------------------------------------------

  bindPension() {
    const form = this.pensionForm;
    if (!form) {
      return;
    }
    const box = form.parentElement;
    this.pensionParts = {
      error: box.querySelector("[data-guide-pension-error]"),
      result: box.querySelector("[data-guide-pension-result]"),
      summary: box.querySelector("[data-guide-pension-form] ~ [data-guide-summary]"),
      index: form.elements.namedItem("index"),
      months: form.elements.namedItem("contribution_months"),
      indexHint: form.querySelector("[data-guide-index-hint]"),
      monthsHint: form.querySelector("[data-guide-months-hint]"),
    };
    // Defaults follow the other forms until the reader types their own value.
    for (const field of [this.pensionParts.index, this.pensionParts.months]) {
      field.addEventListener("input", () => {
        field.dataset.edited = field.value.trim() === "" ? "" : "yes";
      });
    }
    form.addEventListener("input", () => this.updatePension());
    form.addEventListener("change", () => this.updatePension());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.updatePension();
    });
    this.updatePensionDefaults();
  }

  /** @returns {Record<string, FieldSpec>} the pension form's fields by the engine's parameter names */
  pensionFields() {
    const field = (/** @type {string} */ name) => /** @type {HTMLElement} */ (this.pensionForm.elements.namedItem(name));
    const balance = { control: field("account_balance"), kind: "amount-or-zero", example: "50000" };
    return {
      calc_base: { control: field("calc_base"), kind: "amount", example: "12049" },
      index: { control: field("index"), kind: "index" },
      contribution_months: { control: field("contribution_months"), kind: "whole", example: "180" },
      account_balance: balance,
      start_balance: balance,
    };
  }

  /** Months from now to the statutory retirement month (0 if already there). */
  monthsLeft() {
    if (!this.retirement) {
      return 0;
    }
    return Math.max(0, monthIndex(this.retirement.result.retirement_month) - thisMonth());
  }

  /** The premium form's base: the engine's value if it answered, else what the reader typed. */
  premiumBase() {
    if (this.lastBase) {
      return this.lastBase;
    }
    return this.premiumParts ? this.premiumParts.base.value.replace(/[,\s]/g, "") : "";
  }

  updatePensionDefaults() {
    const parts = this.pensionParts;
    if (!parts) {
      return;
    }
    const option = this.premiumForm ? this.cityOption() : null;
    const wage = option ? option.dataset.average : "";
    const base = this.premiumBase();
    if (wage && Number(base) > 0) {
      const index = (Number(base) / Number(wage)).toFixed(2);
      parts.indexHint.textContent = this.t("calc-index-derived", {
        base: money(base), wage: money(wage), city: option.dataset.name || "", index,
      });
      if (!parts.index.dataset.edited) {
        parts.index.value = index;
      }
    } else {
      parts.indexHint.textContent = this.t("calc-index-default");
      if (!parts.index.dataset.edited) {
        parts.index.value = "0.6";
      }
    }
    if (this.retirement) {
      const paid = Number(this.retirement.params.paid_months || 0);
      const left = this.monthsLeft();
      parts.monthsHint.textContent = this.t("calc-months-derived", { paid, left, total: paid + left });
      if (!parts.months.dataset.edited) {
        parts.months.value = String(paid + left);
      }
    } else {
      parts.monthsHint.textContent = this.t("pension-needs-retirement");
    }
    this.updatePension();
  }

  /** The pension request, or null while something it needs is missing. */
  pensionParams() {
    const form = this.pensionForm;
    const value = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value.replace(/[,\s]/g, "");
    if (!this.retirement || value("calc_base") === "" || value("contribution_months") === "" || value("index") === "") {
      return null;
    }
    const r = this.retirement.params;
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

  updatePension() {
    const parts = this.pensionParts;
    if (!parts || this.engine.ready === null) {
      return;
    }
    const params = this.pensionParams();
    if (!params) {
      parts.result.hidden = true;
      this.clearErrors(parts, this.pensionFields());
      parts.summary.textContent = "";
      return;
    }
    this.schedule("pension", async () => {
      const response = await this.ask("pension", "pension", params);
      if (!response) {
        return;
      }
      if (!response.ok) {
        this.showError(parts, parts.summary, this.pensionFields(), response.error);
        this.emit("pension", params, response);
        return;
      }
      const p = response.result;
      this.clearErrors(parts, this.pensionFields());
      for (const name of ["basic_pension", "account_pension", "total"]) {
        parts.result.querySelector(`[data-out=${name}]`).textContent = money(p[name]);
      }
      parts.result.querySelector("[data-out=payout_months]").textContent = p.payout_months;
      const assumptions = p.assumptions.map((a) => this.t("pension-assumption-line", { label: this.tx(a), value: this.tx(a.value_text) }));
      if (p.projection) {
        assumptions.push(`${this.t("calc-months", { n: p.projection.months })} × ${money(p.projection.monthly_contribution)} + ${money(p.projection.start_balance)} = ${money(p.projection.balance_at_retirement)}`);
      }
      this.renderList(parts.result.querySelector("[data-guide-assumptions]"), assumptions);
      this.renderList(parts.result.querySelector("[data-guide-formula]"), p.formula.map((f) => this.tx(f)));
      this.renderList(parts.result.querySelector("[data-guide-notes]"), p.notes.map((n) => this.tx(n)));
      this.renderSources(parts.result.querySelector("[data-guide-sources]"), p.sources);
      this.say(parts.summary, this.t("calc-pension-summary", { total: money(p.total) }));
      parts.error.hidden = true;
      parts.result.hidden = false;
      this.emit("pension", params, p);
    });
  }
}

for (const root of document.querySelectorAll("[data-module='guide-calculator']")) {
  if (root instanceof HTMLElement && !root.hasAttribute("data-guide-calculator-init")) {
    root.setAttribute("data-guide-calculator-init", "");
    try {
      new Calculator(root);
    } catch (error) {
      root.classList.add("guide-calculator--unavailable");
      console.error(error);
    }
  }
}
