// The bench's baseline: Pyodide on the main thread, started eagerly on page load, wheel via
// loadPackage, then the result for the input's value. Its ready time is window.__naiveReady: ms
// from navigation start to that first computed result on screen. Paths are relative to
// /bench-naive/ in the bench's copy of the site.
import { loadPyodide } from "../assets/pyodide/pyodide.mjs";

const status = document.getElementById("status");
const result = document.getElementById("result");
const input = document.getElementById("base");
const assets = new URL("../assets/", document.baseURI).href;

const ready = (async () => {
  const pyodide = await loadPyodide({ indexURL: `${assets}pyodide/` });
  window.__naivePyodide = pyodide;
  const manifest = await (await fetch(`${assets}calculator/wheel.txt`)).text();
  await pyodide.loadPackage(`${assets}calculator/${manifest.trim()}`);
  const browser = pyodide.pyimport("shebao_calculator.browser");
  const data = await (await fetch(`${assets}calculator/data.json`)).text();
  browser.handle(`{"action":"load_data","params":{},"data":${data}}`);
  status.textContent = "ready";
  return browser;
})();

async function update() {
  const browser = await ready;
  const base = input.value;
  const reply = JSON.parse(browser.handle(JSON.stringify({ action: "premiums", params: { city: "shanghai", base } })));
  result.dataset.base = base;
  result.textContent = reply.ok ? reply.result.monthly.total : reply.error.code;
  document.dispatchEvent(new CustomEvent("guide:calculator-result", { detail: { kind: "premiums", params: { base }, result: reply } }));
}

input.addEventListener("input", update);
// The first result, as soon as the engine is up: that moment is the naive page's ready time.
// (Measured the same way as ours: when the result is written into the page, before its paint.)
update().then(() => {
  window.__naiveReady = performance.now();
});
