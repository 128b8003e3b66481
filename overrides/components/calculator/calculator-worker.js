// The calculator engine in a Web Worker (a module worker), so that loading Pyodide (megabytes of
// WebAssembly) and running Python never block typing on the page.
//
// Protocol (all URLs absolute, computed by calculator.js from the page's own location):
//   page -> worker  {type: "init", pyodide, indexURL, wheel, data}
//   worker -> page  {type: "ready", timings} | {type: "failed", stage, message}
//   page -> worker  {type: "call", id, request}        request: the JSON text handle() takes
//   worker -> page  {type: "reply", id, response}      response: the JSON text handle() returns

/** @type {Promise<(request: string) => string> | null} */
let engine = null;

/**
 * Fetch a URL as bytes or text, failing on HTTP errors (fetch itself only fails on network errors).
 * @param {string} url
 * @param {"arrayBuffer" | "text"} as
 */
async function download(url, as) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return as === "text" ? response.text() : response.arrayBuffer();
}

/**
 * Start Pyodide, install our wheel, load the figures; resolve to the engine's handle().
 * The wheel and the figures download while the interpreter starts.
 * @param {{pyodide: string, indexURL: string, wheel: string, data: string}} urls
 */
async function start(urls) {
  const t0 = performance.now();
  const wheel = download(urls.wheel, "arrayBuffer");
  const data = download(urls.data, "text");
  // Avoid unhandled rejections while the interpreter starts; each is awaited below.
  wheel.catch(() => {});
  data.catch(() => {});
  const { loadPyodide } = await import(urls.pyodide);
  const pyodide = await loadPyodide({ indexURL: urls.indexURL });
  const t1 = performance.now();
  // unpackArchive installs a pure-Python wheel into site-packages without the package lock; it
  // throws on a bad archive (unlike loadPackage, which logs and resolves), and the import below
  // checks that the package really is there.
  pyodide.unpackArchive(await wheel, "wheel");
  const browser = pyodide.pyimport("shebao_calculator.browser");
  const handle = (/** @type {string} */ request) => String(browser.handle(request));
  const loaded = JSON.parse(handle(`{"action":"load_data","params":{},"data":${await data}}`));
  if (!loaded.ok) {
    throw new Error(`load_data: ${loaded.error && loaded.error.code}`);
  }
  const t2 = performance.now();
  return { handle, timings: { pyodide_ms: t1 - t0, ready_ms: t2 - t0 } };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (engine) {
      return;
    }
    const started = start(message);
    engine = started.then((e) => e.handle);
    try {
      const { timings } = await started;
      self.postMessage({ type: "ready", timings });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "call") {
    try {
      if (!engine) {
        throw new Error("not started");
      }
      const handle = await engine;
      self.postMessage({ type: "reply", id: message.id, response: handle(message.request) });
    } catch (error) {
      self.postMessage({ type: "reply", id: message.id, failed: String(error) });
    }
  }
});
