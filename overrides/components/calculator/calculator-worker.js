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
// (macros/writers/calculator_assets.py). Restoring it skips Python's start-up, the bulk of the CPU time before
// the first result, but it is about 5 MB (gzipped) more to download: on a phone's network with a fast
// CPU that costs more time than it saves (issue 17). So the worker takes it only when it pays:
// it is already in the cache (a repeat visit), or the estimated download (from how fast the wheel and
// the figures came) is shorter than the Python start-up it saves (from a short CPU probe). Never when the
// reader asked for reduced data use (Save-Data) or is on 2G/3G. If the snapshot is missing or cannot
// be restored, Pyodide starts the ordinary way.
//
// The standard library is the build's cut-down zip (`stdlib`: only what Pyodide's start-up and the
// engine import, compiled to bytecode, 1.5 MB instead of 2.5 MB of source); the snapshot was taken with that same zip.

/** Gzipped snapshot size, roughly (the choice needs only its order of magnitude). */
const SNAPSHOT_BYTES = 5.0e6;
/**
 * The engine's start without the snapshot minus with it, ms, on the reference CPU, and cpuProbeMs()'s loop
 * on that CPU, measured together by bench/calibrate.py (Chromium, loopback, fresh contexts): the
 * five pairs of the `make bench` run of 2026-11-29 16:10 UTC gave a median of 35 ms saved per probe-ms
 * (24, 11, 111, 64, 35), its three quietest (probes 9–15 ms, load about 7) 64; 500 / 9 is 56, within
 * a factor of two of both.
 * (The former 1,500 / 8 came from Node under heavier load; on a loaded machine the short probe
 * underrates how slow a long start will be. README, Performance.)
 */
const START_SAVED_MS = 500;
const PROBE_REFERENCE_MS = 9;

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

/** Whether the reader asked to save data or is on 2G/3G (then never the snapshot, unless cached). */
function savingData() {
  const connection = /** @type {any} */ (navigator).connection;
  if (!connection) {
    return false;
  }
  return Boolean(connection.saveData) || /(^|-)2g$|^3g$/.test(String(connection.effectiveType || ""));
}

/** This CPU's time for a short integer loop, ms (median of three); PROBE_REFERENCE_MS on the reference CPU. */
function cpuProbeMs() {
  const times = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < 1e6; i++) {
      x = (x * 31 + i) | 0;
    }
    times.push(performance.now() - t0 + (x === 0.5 ? 1 : 0));
  }
  times.sort((a, b) => a - b);
  return Math.max(times[1], 0.1);
}

/**
 * Bytes per ms the link gave the given downloads (Resource Timing; null if unknown). On the calculator
 * page they share the link with the engine files its <head> preloads, so this is a share of the link,
 * and the snapshot's download estimate comes out long. Left so on purpose: the snapshot's bytes come on
 * top of everything else, and the plain start's CPU partly runs while those files still arrive, so the
 * saving START_SAVED_MS stands for (measured on loopback) is more than a slow link leaves. On the bench's
 * 10 Mbit/s link, scaling this up to the whole link made the worker take the snapshot in 3 of 5 first
 * visits, each about 3.5 s slower than the plain ones (README, Performance).
 */
function linkSpeed(/** @type {string[]} */ urls) {
  let bytes = 0;
  let start = Infinity;
  let end = 0;
  for (const entry of /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType("resource"))) {
    if (!urls.includes(entry.name) || !entry.encodedBodySize) continue;
    bytes += entry.encodedBodySize;
    start = Math.min(start, entry.responseStart);
    end = Math.max(end, entry.responseEnd);
  }
  if (!bytes) return null;
  return bytes / Math.max(end - start, 1);
}

/** Whether a response for the URL is in the service worker's caches (a repeat visit). */
async function inCache(/** @type {string} */ url) {
  try {
    return typeof caches !== "undefined" && Boolean(await caches.match(url));
  } catch {
    return false;
  }
}

/**
 * Take the snapshot or start Python the ordinary way? Waits for the wheel and the figures (needed
 * anyway), whose download speed stands in for the link's.
 * @param {string} url @param {Promise<unknown>[]} probes @param {string[]} probeUrls
 */
async function snapshotPays(url, probes, probeUrls) {
  if (await inCache(url)) {
    return { use: true, why: "cached" };
  }
  if (savingData()) {
    return { use: false, why: "save-data" };
  }
  const probeMs = cpuProbeMs();
  await Promise.allSettled(probes);
  const speed = linkSpeed(probeUrls);
  const downloadMs = speed ? SNAPSHOT_BYTES / speed : Infinity;
  const savedMs = START_SAVED_MS * (probeMs / PROBE_REFERENCE_MS);
  return { use: downloadMs < savedMs, probeMs,
    why: `download ${Math.round(downloadMs)} ms vs start-up ${Math.round(savedMs)} ms` };
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
 * @param {{pyodide: string, indexURL: string, wheel: string, data: string, lock?: object, snapshot?: string,
 *   stdlib?: string}} urls
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
  if (urls.stdlib) {
    options.stdLibURL = urls.stdlib;
  }
  let pyodide;
  let restored = false;
  /** @type {{use: boolean, why: string, probeMs?: number}} */
  let choice = { use: false, why: "none" };
  if (urls.snapshot && typeof DecompressionStream === "function") {
    choice = await snapshotPays(urls.snapshot, [wheel, data], [urls.wheel, urls.data]);
  }
  if (choice.use && urls.snapshot) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshotBytes(urls.snapshot) });
      restored = true;
    } catch (error) {
      console.warn("calculator: starting without the snapshot:", error);
    }
  }
  if (!pyodide && urls.stdlib) {
    try {
      pyodide = await loadPyodide(options);
    } catch (error) {
      // A build without the small standard library (no Node when it was built): the whole one.
      console.warn("calculator: starting with Pyodide's whole standard library:", error);
      delete options.stdLibURL;
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
    timings: { snapshot: restored, snapshot_choice: choice.why, cpu_probe_ms: choice.probeMs ?? null, import_ms: tImport - t0, pyodide_ms: t1 - t0, package_ms: t2 - t1, data_ms: t3 - t2, ready_ms: t3 - t0 },
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
