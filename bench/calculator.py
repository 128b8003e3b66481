"""The browser figures: calculator first results (cold, warm), later updates, offline, memory, page bytes.

Baseline: bench/naive.html, a page that starts Pyodide eagerly on page load (main thread, wheel via
loadPackage) and then computes the result for its input. Its **ready time** is from navigation start
to that first computed result. Ours is measured from the reader's first interaction (typing a base
into the form right after the page's load event) to that input's result on screen. Cold = a fresh
browser context; warm = a second visit in the same context. Ours and the naive page alternate run by
run in one browser, and the medians are compared.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import statistics
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
GUIDE_PAGES = ["", "steps/", "checklist/", "cities/shanghai/", "en/", "en/insurance/"]
CALCULATOR = "calculator/"
NAIVE = "bench-naive/"
WAIT_MS = 180_000
ROOT = "[data-module='guide-calculator']"

# Type a base into the page's input and resolve with the ms until that base's result is shown
# (both pages dispatch guide:calculator-result after rendering). null on timeout.
MEASURE = """
([selector, value, waitMs]) => new Promise((resolve) => {
  const t0 = performance.now();
  const timer = setTimeout(() => resolve(null), waitMs);
  document.addEventListener("guide:calculator-result", function done(event) {
    const d = event.detail;
    if (d.kind === "premiums" && d.params.base === value) {
      document.removeEventListener("guide:calculator-result", done);
      clearTimeout(timer);
      resolve(performance.now() - t0);
    }
  });
  const input = document.querySelector(selector);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
})
"""
INPUT = {CALCULATOR: "#guide-calc-base", NAIVE: "#base"}

# Resolve once the service worker keeps the engine (the next visit is a "repeat visit").
ENGINE_KEPT = """
async (waitMs) => {
  if (!("caches" in self)) return false;
  // The calculator's own config names the engine's files (their folders carry a content hash).
  const config = JSON.parse(document.querySelector("script[data-guide-calculator-config]")?.textContent || "{}");
  const wasm = new URL((config.pyodideIndex || "../assets/pyodide/") + "pyodide.asm.wasm", location.href).href;
  for (const until = Date.now() + waitMs; Date.now() < until;) {
    if (await caches.match(wasm)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
"""


def prepare_site(site: Path | None, scratch: Path) -> Path:
    """A copy of the built site with the naive baseline page added."""
    from macros.writers.calculator_assets import pyodide_dir, wheel_path
    from macros.cli.build import build_site

    if site is None:
        print("building the site …", file=sys.stderr)
        site = build_site(PROJECT, scratch / "site", preview=True)
    else:
        target = scratch / "site"
        shutil.copytree(site, target)
        site = target
    naive = site / NAIVE
    naive.mkdir(parents=True, exist_ok=True)
    shutil.copy(BENCH / "naive.html", naive / "index.html")
    shutil.copy(BENCH / "naive.js", naive / "naive.js")
    # The naive page loads Pyodide from assets/pyodide/ and the wheel named in wheel.txt (relative to
    # assets/calculator/); the site keeps both in folders named after their content hash.
    shutil.copytree(site / pyodide_dir(), site / "assets" / "pyodide", dirs_exist_ok=True)
    wheel = wheel_path().removeprefix("assets/calculator/")
    (site / "assets" / "calculator" / "wheel.txt").write_text(wheel + "\n", encoding="utf-8")
    return site


class QuietServer(ThreadingHTTPServer):
    """A page closed in the middle of a download (the bench closes pages as soon as it has its
    number) is not an error worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    from macros.cli.serve import SiteHandler

    server = QuietServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def median(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return statistics.median(real) if real else None


def type_and_wait(page: Any, path: str, value: str) -> float | None:
    return page.evaluate(MEASURE, [INPUT[path], value, WAIT_MS])  # type: ignore[no-any-return]


def updates(page: Any, path: str, count: int = 12) -> list[float]:
    took = [type_and_wait(page, path, str(8100 + 37 * i)) for i in range(count)]
    return [t for t in took if t is not None]


def memory(page: Any, path: str) -> dict[str, float | None]:
    """The tab's JS heap (CDP, after a GC) and the interpreter's WebAssembly memory, in bytes."""
    client = page.context.new_cdp_session(page)
    client.send("HeapProfiler.enable")
    client.send("HeapProfiler.collectGarbage")
    client.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
    client.detach()
    if path == CALCULATOR:
        wasm = page.evaluate(f"async () => (await document.querySelector(\"{ROOT}\").guideCalculator.engine.memory()).wasm_bytes")
    else:
        wasm = page.evaluate("() => window.__naivePyodide ? window.__naivePyodide._module.HEAP8.buffer.byteLength : null")
    return {"js_heap": metrics.get("JSHeapUsedSize"), "wasm": wasm}


def ours_visit(page: Any, base_url: str, value: str) -> tuple[float | None, dict[str, Any]]:
    """Open /calculator/, type right after the load event; ms to that input's result."""
    page.goto(f"{base_url}/{CALCULATOR}", wait_until="load")
    took = type_and_wait(page, CALCULATOR, value)
    detail = page.evaluate(f"""() => {{
      const nav = performance.getEntriesByType("navigation")[0];
      const engine = document.querySelector("{ROOT}").guideCalculator.engine;
      return {{ load: nav ? nav.loadEventStart : null, timings: engine.timings || null,
               controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller) }};
    }}""")
    return took, detail


def naive_visit(page: Any, base_url: str) -> float | None:
    """Open the naive page; ms from navigation start to its first computed result."""
    page.goto(f"{base_url}/{NAIVE}", wait_until="load")
    page.wait_for_function("() => window.__naiveReady !== undefined", timeout=WAIT_MS)
    return page.evaluate("() => window.__naiveReady")  # type: ignore[no-any-return]


def run_ours(browser: Any, base_url: str) -> dict[str, Any]:
    context = browser.new_context()
    try:
        page = context.new_page()
        cold, cold_detail = ours_visit(page, base_url, "8000")
        later = updates(page, CALCULATOR)
        mem = memory(page, CALCULATOR)
        kept = page.evaluate(ENGINE_KEPT, 30_000)
        page.close()
        page = context.new_page()
        warm, warm_detail = ours_visit(page, base_url, "9000")
        # A guide page visited online, then both again with the network cut.
        page.goto(f"{base_url}/", wait_until="load")
        page.close()
        context.set_offline(True)
        page = context.new_page()
        try:
            offline, _ = ours_visit(page, base_url, "9100")
        except Exception as error:  # noqa: BLE001 - an offline failure is a figure, not a crash
            print(f"offline calculator: {error}", file=sys.stderr)
            offline = None
        try:
            response = page.goto(f"{base_url}/", wait_until="load")
            guide_offline = bool(response and response.ok and page.locator("article h1").count())
        except Exception as error:  # noqa: BLE001
            print(f"offline guide page: {error}", file=sys.stderr)
            guide_offline = False
        return {"cold": cold, "warm": warm, "updates": later, "memory": mem, "kept": kept,
                "offline": offline, "guide_offline": guide_offline,
                "detail": {"cold": cold_detail, "warm": warm_detail}}
    finally:
        context.close()


def run_naive(browser: Any, base_url: str) -> dict[str, Any]:
    context = browser.new_context()
    try:
        page = context.new_page()
        cold = naive_visit(page, base_url)
        later = updates(page, NAIVE)
        mem = memory(page, NAIVE)
        page.close()
        page = context.new_page()
        warm = naive_visit(page, base_url)
        return {"cold": cold, "warm": warm, "updates": later, "memory": mem}
    finally:
        context.close()


class Bytes:
    """Encoded response sizes of one page visit (worker requests included), with a gzip estimate."""

    def __init__(self, site: Path, base_url: str) -> None:
        self.site = site
        self.base_url = base_url
        self.entries: list[tuple[str, int]] = []
        self.page_urls: set[str] = set()
        self._gzip: dict[Path, int] = {}

    def record(self, request: Any) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request that never got a response
            return
        self.entries.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        if getattr(request, "service_worker", None) is None:
            # Not the service worker's own fetches (its precache, after the page's load event): those
            # count in the transfer, not in what the page loads at start.
            self.page_urls.add(request.url)

    def gzipped(self, url: str) -> int:
        path = urlparse(url).path.lstrip("/")
        file = self.site / path
        if file.is_dir() or path.endswith("/") or path == "":
            file = file / "index.html"
        if not file.is_file():
            return 0
        if file not in self._gzip:
            self._gzip[file] = len(gzip.compress(file.read_bytes(), compresslevel=6))
        return self._gzip[file]

    def summary(self) -> dict[str, int]:
        # Requests answered from a cache (the service worker keeping what the page just loaded, with
        # its HTTP-cache copies) transfer nothing: each URL counts once, when it crossed the network.
        ours = [(u, n) for u, n in self.entries if u.startswith(self.base_url) and n > 0]
        urls = sorted({u for u, _ in ours})
        return {
            "requests": len(ours),
            "transfer": sum(n for _, n in ours),
            "gzip": sum(self.gzipped(u) for u in urls if u in self.page_urls),
            "pyodide": sum(n for u, n in ours if "/assets/pyodide/" in u),
            "offsite": len([u for u, _ in self.entries if not u.startswith(self.base_url)]),
        }


def visit_bytes(browser: Any, site: Path, base_url: str, path: str) -> dict[str, int]:
    context = browser.new_context()
    recorder = Bytes(site, base_url)
    context.on("requestfinished", recorder.record)
    page = context.new_page()
    page.goto(f"{base_url}/{path}", wait_until="load")
    if path in (CALCULATOR, NAIVE):
        # Count what the page costs once the engine is up.
        type_and_wait(page, path, "8000")
    page.wait_for_load_state("networkidle")
    context.close()
    return recorder.summary()


def measure(runs: int, site: Path) -> dict[str, Any]:
    """Everything the browser part of the bench measures, raw (site: made by prepare_site)."""
    import os

    from playwright.sync_api import sync_playwright

    executable = os.environ.get("GUIDE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    server, base_url = serve(site)
    raw: dict[str, Any] = {"runs": runs, "ours": [], "naive": [], "bytes": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            # One throw-away visit each, so neither pays for the browser's own warm-up.
            run_naive(browser, base_url)
            run_ours(browser, base_url)
            for run in range(runs):
                # Alternate the order so neither page always runs on a warmer machine.
                order = [("ours", run_ours), ("naive", run_naive)]
                for key, runner in order if run % 2 == 0 else order[::-1]:
                    result = runner(browser, base_url)
                    raw[key].append(result)
                    extra = ""
                    if key == "ours":
                        d = result["detail"]
                        extra = (f", load {d['cold']['load'] and round(d['cold']['load'])}/{d['warm']['load'] and round(d['warm']['load'])} ms,"
                                 f" engine {d['cold']['timings']} / {d['warm']['timings']}, warm controlled {d['warm']['controlled']},"
                                 f" offline {result['offline'] and round(result['offline'])} ms, guide offline {result['guide_offline']}")
                    print(f"run {run + 1}/{runs} {key}: cold {result['cold'] and round(result['cold'])} ms,"
                          f" warm {result['warm'] and round(result['warm'])} ms,"
                          f" update median {round(median(list(result['updates'])) or 0)} ms{extra}", file=sys.stderr)
            for path in [*GUIDE_PAGES, CALCULATOR, NAIVE]:
                raw["bytes"][path or "/"] = visit_bytes(browser, site, base_url, path)
            browser.close()
    finally:
        server.shutdown()
    return raw


def rows(raw: dict[str, Any]) -> list[dict[str, str]]:
    from bench.table import row

    ours, naive = raw["ours"], raw["naive"]
    cold, cold_naive = median([r["cold"] for r in ours]), median([r["cold"] for r in naive])
    warm, warm_naive = median([r["warm"] for r in ours]), median([r["warm"] for r in naive])
    upd = median([u for r in ours for u in r["updates"]])
    upd_naive = median([u for r in naive for u in r["updates"]])
    offline = [r["offline"] is not None for r in ours]
    guide_offline = [r["guide_offline"] for r in ours]

    def mb(r: dict[str, Any]) -> float | None:
        m = r["memory"]
        return None if m["js_heap"] is None or m["wasm"] is None else (m["js_heap"] + m["wasm"]) / 2**20

    heap = median([r["memory"]["js_heap"] / 2**20 for r in ours if r["memory"]["js_heap"]])
    wasm = median([r["memory"]["wasm"] / 2**20 for r in ours if r["memory"]["wasm"]])
    table = [
        row("calculator first result, cold: interaction → result (baseline: naive ready time)", cold, cold_naive,
            "≤ 0.8 × naive", None if cold is None or cold_naive is None else cold <= 0.8 * cold_naive),
        row("calculator first result, warm: second visit (baseline: naive ready time on its second visit)",
            warm, warm_naive, "≤ 0.5 × naive", None if warm is None or warm_naive is None else warm <= 0.5 * warm_naive),
        row("calculator later updates, median (baseline: naive)", upd, upd_naive, "< 50 ms",
            None if upd is None else upd < 50),
        row("calculator computes offline on a repeat visit (runs that did)", f"{sum(offline)}/{len(offline)}", None,
            "all", bool(offline) and all(offline), unit=""),
        row("guide page visited before opens offline (runs that did)", f"{sum(guide_offline)}/{len(guide_offline)}",
            None, "all", bool(guide_offline) and all(guide_offline), unit=""),
        row(f"calculator tab memory: JS heap {heap and round(heap, 1)} MB + wasm {wasm and round(wasm, 1)} MB"
            " (baseline: naive tab)", median([mb(r) for r in ours]), median([mb(r) for r in naive]), "reported", None,
            unit="MB"),
    ]
    for path, figures in raw["bytes"].items():
        name = path if path != "/" else "/ (home)"
        if path == NAIVE:
            continue
        if path == CALCULATOR:
            table.append(row(f"bytes {name}, engine loaded (transfer; baseline: naive)", figures["transfer"] / 1024,
                             raw["bytes"][NAIVE]["transfer"] / 1024, "—", None, "KB"))
            continue
        table.append(row(f"Pyodide bytes {name}", figures["pyodide"] / 1024, None, "0", figures["pyodide"] == 0, "KB"))
        table.append(row(f"bytes {name} (gzip estimate)", figures["gzip"] / 1024, None, "≤ 150 KB",
                         figures["gzip"] <= 150 * 1024, "KB"))
    return table
