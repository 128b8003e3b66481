// The calculator engine's client: the engine (Pyodide in a module Web Worker, calculator-worker.js)
// is started once, on demand; calls go to it as JSON and are answered in order. If it cannot start
// (no WebAssembly or module workers, a download fails, the time runs out) `start()` rejects and the
// page says so (calculator.js).
//
// @module engine-client

/**
 * The settings the page gives the script (macros/views/calculator.py, in the JSON island).
 * @typedef {{lang: string, defaultCity: string, pyodide: string, pyodideIndex: string, wheel: string,
 *   data: string, worker: string, timeoutMs: number, i18n: Record<string, string>, snapshot?: string, stdlib?: string,
 *   pyodideLock?: object}} CalculatorConfig
 */

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
export class Engine {
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
