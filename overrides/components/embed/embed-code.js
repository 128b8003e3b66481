/**
 * The embed code page (/embed/, /en/embed/): build the snippets from the form, preview them live with
 * the real /embed.js, copy them. Loaded on every page; does nothing without its component.
 * Everything is set with textContent / setAttribute from allowlisted form values, never as HTML.
 */

import { start } from "../site/start.js";

const CITY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const KINDS = ["checklist", "calculator", "city", "offer-check"];
const LANGS = ["zh", "en"];
const SIZES = ["full", "compact"];

/** @param {HTMLElement} root the `[data-module="guide-embed-code"]` of embed-code.html */
function enhance(root) {
  const ref = (/** @type {string} */ name) => root.querySelector(`[data-ref="${name}"]`);
  const form = /** @type {HTMLFormElement|null} */ (ref("form"));
  const preview = ref("preview");
  const events = ref("events");
  if (!form || !preview || !events) return;
  const siteRoot = new URL(root.getAttribute("data-root") || "./", document.baseURI).href;
  const cityOptions = [...form.querySelectorAll('select[name="city"] option')].map((o) => /** @type {HTMLOptionElement} */ (o).value);
  const citySelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem("city"));
  const noCity = citySelect.options[0];
  /** Start heights per component and size (macros/views/embed.py START_HEIGHTS, the same table as embed.js). */
  let heights = {};
  try {
    heights = JSON.parse(root.getAttribute("data-heights") || "{}");
  } catch {
    heights = {};
  }

  function values() {
    const data = new FormData(form);
    const component = String(data.get("component") || "");
    const lang = String(data.get("lang") || "");
    const city = String(data.get("city") || "");
    const color = String(data.get("color") || "").trim();
    const size = String(data.get("size") || "");
    return {
      size: SIZES.includes(size) ? size : "full",
      component: KINDS.includes(component) ? component : "checklist",
      lang: LANGS.includes(lang) ? lang : "zh",
      city: CITY.test(city) && cityOptions.includes(city) ? city : "",
      color: COLOR.test(color) ? color : "",
    };
  }

  function iframeSrc(v) {
    const path = `${v.lang === "zh" ? "" : `${v.lang}/`}embed/${v.component === "city" ? `cities/${v.city}/` : `${v.component}/`}`;
    const url = new URL(path, siteRoot);
    if (v.city && v.component !== "city") url.searchParams.set("city", v.city);
    if (v.color) url.searchParams.set("color", v.color);
    if (v.size !== "full") url.searchParams.set("size", v.size);
    return url.href;
  }

  function escapeAttr(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  let lastKey = "";
  function update() {
    const v = values();
    // A city embed needs a city: offer no "none" then, and pick the first one.
    noCity.disabled = v.component === "city";
    if (v.component === "city" && !v.city) {
      citySelect.selectedIndex = 1;
      v.city = citySelect.value;
    }
    const attrs = [`data-guide-embed="${v.component}"`, `data-lang="${v.lang}"`];
    if (v.city) attrs.push(`data-city="${v.city}"`);
    if (v.color) attrs.push(`data-color="${v.color}"`);
    if (v.size !== "full") attrs.push(`data-size="${v.size}"`);
    ref("snippet-script").textContent =
      `<div ${attrs.join(" ")}></div>\n<script src="${escapeAttr(new URL("embed.js", siteRoot).href)}" async></script>`;
    const title = v.component === "city" ? v.city : v.component;
    ref("snippet-iframe").textContent =
      `<iframe src="${escapeAttr(iframeSrc(v))}" title="shebao-guide: ${title}" width="100%" height="${Number(heights[v.component]?.[v.size]) || 600}" style="border:0" loading="lazy"></iframe>`;

    const key = JSON.stringify(v);
    if (key === lastKey) return;
    lastKey = key;
    const placeholder = document.createElement("div");
    placeholder.setAttribute("data-guide-embed", v.component);
    placeholder.setAttribute("data-lang", v.lang);
    if (v.city) placeholder.setAttribute("data-city", v.city);
    if (v.color) placeholder.setAttribute("data-color", v.color);
    if (v.size !== "full") placeholder.setAttribute("data-size", v.size);
    for (const name of ["guide:ready", "guide:checklist-progress", "guide:calculator-result"]) {
      placeholder.addEventListener(name, (event) => log(name, /** @type {CustomEvent} */ (event).detail));
    }
    preview.replaceChildren(placeholder);
    events.replaceChildren();
    hostScript().then((api) => api && api.scan(preview));
  }

  function log(name, detail) {
    const item = document.createElement("li");
    item.textContent = `${name} ${JSON.stringify(detail)}`;
    events.append(item);
    while (events.children.length > 20) events.firstElementChild?.remove();
  }

  /** Load the real host script once (same origin), as a host site would. */
  let loading = null;
  function hostScript() {
    if (!loading) {
      loading = new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = new URL("embed.js", siteRoot).href;
        script.async = true;
        script.onload = () => resolve(/** @type {any} */ (window).shebaoGuideEmbed || null);
        script.onerror = () => resolve(null);
        document.head.append(script);
      });
    }
    return loading;
  }

  root.addEventListener("click", async (event) => {
    const button = /** @type {Element} */ (event.target).closest('[data-action="copy"]');
    if (!button) return;
    const name = button.getAttribute("data-target") || "";
    const code = ref(name);
    const status = ref(`status-${name}`);
    if (!code || !status) return;
    // Emptied first, so copying twice in a row is announced twice; the text is styled to be seen.
    status.textContent = "";
    status.classList.remove("guide-embed-code__status--ok", "guide-embed-code__status--failed");
    let copied = false;
    try {
      await navigator.clipboard.writeText(code.textContent || "");
      copied = true;
    } catch {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    window.setTimeout(() => {
      status.classList.add(copied ? "guide-embed-code__status--ok" : "guide-embed-code__status--failed");
      status.textContent = copied ? `✓ ${root.getAttribute("data-copied") || ""}` : root.getAttribute("data-copy-failed") || "";
    }, 50);
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  update();
}

start("guide-embed-code", enhance);
