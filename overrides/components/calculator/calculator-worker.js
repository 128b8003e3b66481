// The calculator engine in a Web Worker (a module worker), so that loading Pyodide (megabytes of
// WebAssembly) and running Python never block typing on the page.
//
// Protocol (all URLs absolute, computed by calculator.js from the page's own location):
//   page -> worker  {type: "init", pyodide, indexURL, wheel, data, lock, snapshot}
//   worker -> page  {type: "ready", timings, resources} | {type: "failed", stage, message}
//   page -> worker  {type: "call", id, request}        request: the JSON text handle() takes
//   worker -> page  {type: "reply", id, response}      response: the JSON text handle() returns
//   page -> worker  {type: "memory", id}               -> {type: "reply", id, response: {wasm_bytes}}
//
// Start-up is on the critical path of the reader's first result, so everything that can overlap
// does: the wheel and the figures download while Pyodide's module, WebAssembly and standard library
// load (Pyodide itself fetches those three in parallel and compiles the wasm while it streams in);
// the package lock (120 KB of JSON listing CDN packages we never load) is replaced by its `info`
// block from the page's config; the wheel is unpacked straight into site-packages.
//
// The build also ships a memory snapshot of the interpreter taken just after importing our package
// (macros/calculator_assets.py). Restoring it skips Python's start-up, the bulk of the time before
// the first result; it costs about 6 MB (gzipped) more on a first visit, so a reader who asked
// for reduced data use (Save-Data) or on a slow connection gets the ordinary start-up instead.
// If the snapshot is missing or cannot be restored, Pyodide starts the ordinary way.

/** @type {Promise<(request: string) => string> | null} */
let engine = null;
/** @type {any} */
let pyodideInstance = null;

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

/** Whether to fetch the snapshot (about 6 MB gzipped): not when the reader saves data or is on 2G/3G. */
function snapshotWorthIt() {
  const connection = /** @type {any} */ (navigator).connection;
  if (!connection) {
    return true;
  }
  return !connection.saveData && !/(^|-)2g$|^3g$/.test(String(connection.effectiveType || ""));
}

/** The gzipped snapshot, decompressed. */
async function snapshotBytes(/** @type {string} */ url) {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

/**
 * Start Pyodide, install our wheel, load the figures; resolve to the engine's handle().
 * @param {{pyodide: string, indexURL: string, wheel: string, data: string, lock?: object}} urls
 */
async function start(urls) {
  const t0 = performance.now();
  const wheel = download(urls.wheel, "arrayBuffer");
  const data = download(urls.data, "text");
  // Avoid unhandled rejections while the interpreter starts; each is awaited below.
  wheel.catch(() => {});
  data.catch(() => {});
  const { loadPyodide } = await import(urls.pyodide);
  const tImport = performance.now();
  /** @type {Record<string, unknown>} */
  const options = { indexURL: urls.indexURL, packages: [] };
  if (urls.lock) {
    // Only the interpreter's identity; no package list (we never load Pyodide's CDN packages).
    options.lockFileContents = { info: urls.lock, packages: {} };
    options.packageBaseUrl = urls.indexURL;
  }
  let pyodide;
  let restored = false;
  if (urls.snapshot && typeof DecompressionStream === "function" && snapshotWorthIt()) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshotBytes(urls.snapshot) });
      restored = true;
    } catch (error) {
      console.warn("calculator: starting without the snapshot:", error);
    }
  }
  if (!pyodide) {
    pyodide = await loadPyodide(options);
  }
  pyodideInstance = pyodide;
  const t1 = performance.now();
  // unpackArchive installs a pure-Python wheel into site-packages without the package lock; it
  // throws on a bad archive (unlike loadPackage, which logs and resolves), and the import below
  // checks that the package really is there. (After a snapshot the modules are already imported;
  // the files are still installed, for anything the package reads or imports later.)
  pyodide.unpackArchive(await wheel, "wheel");
  const browser = pyodide.pyimport("shebao_calculator.browser");
  const t2 = performance.now();
  const handle = (/** @type {string} */ request) => String(browser.handle(request));
  const loaded = JSON.parse(handle(`{"action":"load_data","params":{},"data":${await data}}`));
  if (!loaded.ok) {
    throw new Error(`load_data: ${loaded.error && loaded.error.code}`);
  }
  const t3 = performance.now();
  return {
    handle,
    timings: { snapshot: restored, import_ms: tImport - t0, pyodide_ms: t1 - t0, package_ms: t2 - t1, data_ms: t3 - t2, ready_ms: t3 - t0 },
  };
}

/** Same-origin URLs this worker downloaded (the page asks the service worker to keep them). */
function resources() {
  return performance.getEntriesByType("resource").map((entry) => entry.name)
    .filter((url) => new URL(url).origin === self.location.origin);
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (engine) {
      return;
    }
    const started = start(message);
    engine = started.then((e) => e.handle);
    engine.catch(() => {});
    try {
      const { timings } = await started;
      self.postMessage({ type: "ready", timings, resources: resources() });
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
  } else if (message.type === "memory") {
    // For the bench: the interpreter's WebAssembly memory (the page measures its own JS heap).
    const heap = pyodideInstance && pyodideInstance._module && pyodideInstance._module.HEAP8;
    self.postMessage({ type: "reply", id: message.id, response: JSON.stringify({ wasm_bytes: heap ? heap.buffer.byteLength : null }) });
  }
});
