"""`make bench`: how fast the browser calculator answers and how many bytes each page type costs.

Builds the site into a temporary folder, adds a naive baseline page (bench/naive.html: Pyodide
started eagerly on page load, on the main thread, wheel via loadPackage), serves both on 127.0.0.1
and drives headless Chromium, all in the same run:

* first result: from the reader's first interaction (typing a base right after the page's load
  event) to that input's result on screen, cold (fresh browser context) and warm (second visit in
  the same context), ours beside the naive page;
* later updates: the median time from typing to the result once the engine is up;
* bytes: encoded transfer sizes of everything each page type downloads (the local server does not
  compress, so a gzip estimate of the same files is shown too), and the Pyodide bytes among them.

Prints one table (figure, value, baseline, ratio, target, pass/fail). Targets come from issue 7; this
only makes the numbers visible. Timings on a shared machine are noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import shutil
import statistics
import sys
import tempfile
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


def prepare_site(site: Path | None, scratch: Path) -> Path:
    """A copy of the built site with the naive baseline page added."""
    from macros.calculator_assets import wheel_name
    from macros.site_build import build_site

    if site is None:
        print("building the site …", file=sys.stderr)
        site = build_site(PROJECT, scratch / "site")
    else:
        target = scratch / "site"
        shutil.copytree(site, target)
        site = target
    naive = site / NAIVE
    naive.mkdir(parents=True, exist_ok=True)
    shutil.copy(BENCH / "naive.html", naive / "index.html")
    shutil.copy(BENCH / "naive.js", naive / "naive.js")
    (site / "assets" / "calculator" / "wheel.txt").write_text(wheel_name() + "\n", encoding="utf-8")
    return site


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    from macros.serve import SiteHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class Bytes:
    """Encoded response sizes of one page visit (worker requests included), with a gzip estimate."""

    def __init__(self, site: Path, base_url: str) -> None:
        self.site = site
        self.base_url = base_url
        self.entries: list[tuple[str, int]] = []
        self._gzip: dict[Path, int] = {}

    def record(self, request: Any) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # a request that never got a response
            return
        self.entries.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

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
        ours = [(u, n) for u, n in self.entries if u.startswith(self.base_url)]
        return {
            "requests": len(ours),
            "transfer": sum(n for _, n in ours),
            "gzip": sum(self.gzipped(u) for u, _ in ours),
            "pyodide": sum(n for u, n in ours if "/assets/pyodide/" in u),
            "offsite": len(self.entries) - len(ours),
        }


def visit_bytes(browser: Any, site: Path, base_url: str, path: str) -> dict[str, int]:
    context = browser.new_context()
    recorder = Bytes(site, base_url)
    context.on("requestfinished", recorder.record)
    page = context.new_page()
    page.goto(f"{base_url}/{path}", wait_until="load")
    if path in (CALCULATOR, NAIVE):
        # Count what the page costs once the engine is up.
        measure(page, path, "8000")
    page.wait_for_load_state("networkidle")
    context.close()
    return recorder.summary()


def measure(page: Any, path: str, value: str) -> float | None:
    return page.evaluate(MEASURE, [INPUT[path], value, WAIT_MS])  # type: ignore[no-any-return]


def first_results(browser: Any, base_url: str, path: str) -> tuple[float | None, float | None, list[float]]:
    """Cold and warm first-result times, then later updates, for one page in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/{path}", wait_until="load")
    cold = measure(page, path, "8000")
    updates = []
    for i in range(12):
        value = str(8100 + 37 * i)
        took = measure(page, path, value)
        if took is not None:
            updates.append(took)
    page.close()
    page = context.new_page()
    page.goto(f"{base_url}/{path}", wait_until="load")
    warm = measure(page, path, "9000")
    context.close()
    return cold, warm, updates


def median(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return statistics.median(real) if real else None


def row(figure: str, value: float | None, baseline: float | None, target: str, passed: bool | None,
        unit: str = "ms") -> dict[str, str]:
    def fmt(v: float | None) -> str:
        if v is None:
            return "—"
        return f"{v:,.0f} {unit}" if unit != "KB" else f"{v:,.1f} KB"

    ratio = f"{value / baseline:.2f}" if value is not None and baseline else "—"
    verdict = "—" if passed is None else ("pass" if passed else "FAIL")
    return {"figure": figure, "value": fmt(value), "baseline": fmt(baseline), "ratio": ratio,
            "target": target, "result": verdict}


def print_table(rows: list[dict[str, str]]) -> None:
    headers = {"figure": "figure", "value": "value", "baseline": "baseline (naive)", "ratio": "ratio",
               "target": "target", "result": "pass/fail"}
    widths = {k: max(len(headers[k]), *(len(r[k]) for r in rows)) for k in headers}
    line = "  ".join(headers[k].ljust(widths[k]) for k in headers)
    print(line)
    print("  ".join("-" * widths[k] for k in headers))
    for r in rows:
        print("  ".join((r[k].rjust(widths[k]) if k in ("value", "baseline", "ratio") else r[k].ljust(widths[k]))
                        for k in headers))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold/warm runs per page (median reported)")
    parser.add_argument("--site", type=Path, default=None, help="use this built site instead of building one")
    parser.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    args = parser.parse_args(argv)

    import os
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("GUIDE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as scratch:
        site = prepare_site(args.site, Path(scratch))
        server, base_url = serve(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                raw: dict[str, Any] = {"runs": args.runs, "ours": [], "naive": [], "bytes": {}}
                for run in range(args.runs):
                    # Alternate the order so neither page always runs on a warmer machine.
                    order = [(CALCULATOR, "ours"), (NAIVE, "naive")]
                    for path, key in order if run % 2 == 0 else order[::-1]:
                        cold, warm, updates = first_results(browser, base_url, path)
                        raw[key].append({"cold": cold, "warm": warm, "updates": updates})
                        print(f"run {run + 1}/{args.runs} {key}: cold {cold and round(cold)} ms, warm {warm and round(warm)} ms,"
                              f" update median {median(list(updates)) and round(median(list(updates)) or 0)} ms", file=sys.stderr)
                for path in [*GUIDE_PAGES, CALCULATOR, NAIVE]:
                    raw["bytes"][path or "/"] = visit_bytes(browser, site, base_url, path)
                browser.close()
        finally:
            server.shutdown()

    ours, naive = raw["ours"], raw["naive"]
    cold, cold_naive = median([r["cold"] for r in ours]), median([r["cold"] for r in naive])
    warm, warm_naive = median([r["warm"] for r in ours]), median([r["warm"] for r in naive])
    upd = median([u for r in ours for u in r["updates"]])
    upd_naive = median([u for r in naive for u in r["updates"]])
    rows = [
        row("first result, cold (interaction → result)", cold, cold_naive, "≤ 0.8 × naive",
            None if cold is None or cold_naive is None else cold <= 0.8 * cold_naive),
        row("first result, warm (second visit)", warm, warm_naive, "≤ 0.5 × naive",
            None if warm is None or warm_naive is None else warm <= 0.5 * warm_naive),
        row("later updates, median", upd, upd_naive, "< 50 ms", None if upd is None else upd < 50),
    ]
    for path, figures in raw["bytes"].items():
        name = path if path != "/" else "/ (home)"
        if path in (CALCULATOR, NAIVE):
            rows.append(row(f"bytes {name} (engine loaded, transfer)", figures["transfer"] / 1024,
                            raw["bytes"][NAIVE]["transfer"] / 1024 if path == CALCULATOR else None, "—", None, "KB"))
            continue
        rows.append(row(f"Pyodide bytes {name}", figures["pyodide"] / 1024, None, "0", figures["pyodide"] == 0, "KB"))
        rows.append(row(f"bytes {name} (gzip estimate)", figures["gzip"] / 1024, None, "≤ 150 KB",
                        figures["gzip"] <= 150 * 1024, "KB"))
    print()
    print_table(rows)
    print()
    print(f"{args.runs} run(s) each; timings are medians. Transfer sizes are as served by macros/serve.py"
          " (uncompressed); the gzip estimate compresses the same files at level 6.")
    if args.json:
        print(json.dumps(raw, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
