// The offer check: the page carries every answer (one section per kind of work, one per city) and reads
// without JavaScript. This script shows the form and only the sections of the reader's choice, keeps the
// choice in the address (#work=…&city=…), and sends `guide:offer-check-result` (README, "Offer check")
// with the answer the build computed (macros/content/offer_answer.py), fetched once from the page's
// `data-answers` file. The first choice comes from the address: `?work=&city=` (an embed page, from the
// host's data-work and data-city) or `#work=&city=`; a value no option has is ignored.

import { start } from "../site/start.js";

export const EVENT = "guide:offer-check-result";

/**
 * The choice an address asks for: `?work=&city=` first (embeds), then `#work=&city=`.
 * @param {string} search location.search
 * @param {string} hash location.hash
 * @returns {{work: string | null, city: string | null}}
 */
export function requested(search, hash) {
  const query = new URLSearchParams(search);
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  return {
    work: query.get("work") || fragment.get("work"),
    city: query.get("city") || fragment.get("city"),
  };
}

/**
 * @param {HTMLSelectElement} select
 * @param {string | null} value
 */
function choose(select, value) {
  if (value && Array.prototype.some.call(select.options, (option) => option.value === value)) {
    select.value = value;
  }
}

/**
 * @param {Element} element
 * @param {boolean} shown
 */
function show(element, shown) {
  /** @type {HTMLElement} */ (element).hidden = !shown;
}

/** @param {HTMLElement} root the `[data-module="guide-offer-check"]` element */
function create(root) {
  const form = /** @type {HTMLFormElement} */ (root.querySelector("[data-offer-form]"));
  const work = /** @type {HTMLSelectElement} */ (form.elements.namedItem("work"));
  const city = /** @type {HTMLSelectElement} */ (form.elements.namedItem("city"));
  const status = /** @type {HTMLElement} */ (root.querySelector("[data-offer-status]"));
  const embedded = root.closest("[data-guide-embed-root]") !== null; // an embed page: its address is the host's choice
  /** @type {Promise<Record<string, unknown>> | null} */
  let answers = null;

  const wanted = requested(window.location.search, window.location.hash);
  choose(work, wanted.work);
  choose(city, wanted.city);

  function load() {
    if (!answers) {
      answers = fetch(root.dataset.answers || "", { credentials: "same-origin" }).then((response) => {
        if (!response.ok) throw new Error(`offer check answers: HTTP ${response.status}`);
        return response.json();
      });
    }
    return answers;
  }

  function update() {
    const kind = root.querySelector(`[data-work="${CSS.escape(work.value)}"]`);
    if (!kind) return;
    const platform = /** @type {HTMLElement} */ (kind).dataset.platform || "";
    const listed = platform !== "" && platform !== "other";
    for (const section of root.querySelectorAll("[data-work]")) show(section, section === kind);
    for (const section of root.querySelectorAll("[data-city]")) {
      const chosen = /** @type {HTMLElement} */ (section).dataset.city === city.value;
      show(section, chosen);
      if (!chosen) continue;
      const injury = section.querySelector('[data-offer-part="injury"]');
      if (injury) {
        show(injury, listed);
        for (const row of injury.querySelectorAll("[data-platform]")) {
          show(row, /** @type {HTMLElement} */ (row).dataset.platform === platform);
        }
      }
      const bill = section.querySelector('[data-offer-part="bill"]');
      if (bill) show(bill, /** @type {HTMLElement} */ (kind).dataset.flexible === "true");
    }
    const waiver = root.querySelector("[data-offer-waiver]");
    if (waiver) show(waiver, /** @type {HTMLElement} */ (kind).dataset.waiver === "true");
    const heading = root.querySelector("#offer-cities");
    if (heading) show(heading, false);
    status.textContent = `${work.selectedOptions[0].text} · ${city.selectedOptions[0].text}`;
    if (!embedded) {
      const hash = `#work=${encodeURIComponent(work.value)}&city=${encodeURIComponent(city.value)}`;
      if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
    }
    const key = `${work.value}/${city.value}`;
    const choice = { work: work.value, city: city.value };
    load().then((all) => {
      if (work.value !== choice.work || city.value !== choice.city) return; // the reader moved on
      const answer = /** @type {{answers?: Record<string, unknown>}} */ (all).answers?.[key];
      if (!answer) throw new Error(`offer check: no answer for ${key}`);
      root.dispatchEvent(new CustomEvent(EVENT, {
        bubbles: true,
        detail: { work: choice.work, city: choice.city, lang: document.documentElement.lang || "", answer },
      }));
    }).catch((error) => console.error(error));
  }

  form.hidden = false;
  const jump = root.querySelector("[data-offer-jump]");
  if (jump) show(jump, false);
  root.classList.add("guide-offer--enhanced");
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  window.addEventListener("hashchange", () => {
    const next = requested("", window.location.hash);
    if (next.work === work.value && next.city === city.value) return;
    choose(work, next.work);
    choose(city, next.city);
    update();
  });
  update();
}

start("guide-offer-check", create);
