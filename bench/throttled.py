"""Figures on a phone's network (issue 17): the calculator and the guide pages over a throttled link.

Loopback makes bytes free; readers are on mobile data. This module serves the built site through a
small static host that behaves like a real one on a slow link:

* one link of 10 Mbit/s **shared by every connection** (a token bucket all responses draw from),
* 100 ms added before every response (round trip plus server time),
* a file's precompressed sibling (`<file>.br`, else `<file>.gz`, macros/writers/precompress.py) when
  the browser accepts that encoding and the sibling exists, as nginx's brotli_static/gzip_static or
  Caddy's `precompressed` do; otherwise text, JavaScript, JSON, SVG and WebAssembly gzipped on the
  fly (level 6) when the browser accepts it, as static hosts do,
* the Cache-Control the build's `_headers` gives each file (a year, immutable, for hashed names),

and drives headless Chromium with the CPU at 1× (desktop) and slowed 4× (phone-like, CDP
`Emulation.setCPUThrottlingRate`). Each run is a fresh browser context (a first visit).

Figures, medians of alternating runs, ours beside a baseline measured in the same run:

* navigation → first Pyodide result: ours (``/calculator/``, the reader types a base as soon as the form's
  script is up) against the naive page (``bench/naive.html``: Pyodide on page load, then the wheel);
* first-visit bytes of the calculator page with its engine loaded, against the naive page's;
* time to the first readable screen (largest contentful paint) of guide pages at CPU 4×, against a plain
  mkdocs-material page of the same text (the article of our built page as plain Markdown).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.calculator import CHROMIUM_ARGS, NAIVE, PROJECT, ROOT, WAIT_MS, QuietServer, median

LINK_BITS_PER_SECOND = 10_000_000
LATENCY_SECONDS = 0.100
CPU_PROFILES = (1, 4)
GUIDE_PAGES = ["", "checklist/", "cities/shanghai/", "en/insurance/"]
CALCULATOR = "calculator/"
PLAIN = "bench-plain/"
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/wasm", "image/svg+xml",
                 "application/manifest+json")
_CHUNK = 16 * 1024


class SharedLink:
    """A token bucket every response draws from: concurrent downloads share the link's bandwidth."""

    def __init__(self, bits_per_second: int) -> None:
        self.bytes_per_second = bits_per_second / 8
        self._lock = threading.Lock()
        self._free_at = 0.0

    def send(self, out: Any, data: bytes) -> None:
        for start in range(0, len(data), _CHUNK):
            chunk = data[start:start + _CHUNK]
            with self._lock:
                begin = max(time.monotonic(), self._free_at)
                self._free_at = begin + len(chunk) / self.bytes_per_second
                done = self._free_at
            delay = done - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            out.write(chunk)


def accepted(header: str) -> set[str]:
    """The content codings an Accept-Encoding header accepts (q=0 excluded)."""
    codings = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=")
        if name and not (params and q.replace(".", "", 1).isdigit() and float(q) == 0):
            codings.add(name.strip().lower())
    return codings


class ThrottledHandler(http.server.SimpleHTTPRequestHandler):
    """GET only (all the pages ask for): latency, then the file, compressed where a host would."""

    link: SharedLink
    gz_cache: dict[Path, bytes]
    gz_lock = threading.Lock()
    header_rules: list[tuple[str, list[tuple[str, str]]]]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        from macros.cli.serve import SiteHandler

        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        time.sleep(LATENCY_SECONDS)
        if not path.is_file():
            self.send_error(404)
            return
        from macros.writers.headers import headers_for
        from macros.writers.precompress import ENCODINGS

        ctype = SiteHandler.extensions_map.get(path.suffix) or self.guess_type(str(path))
        codings = accepted(self.headers.get("Accept-Encoding", ""))
        encoding = None
        for suffix, coding in ENCODINGS.items():
            sibling = path.with_name(path.name + suffix)
            if coding in codings and sibling.is_file():
                body, encoding = sibling.read_bytes(), coding
                break
        else:
            body = path.read_bytes()
            if "gzip" in codings and any(ctype.startswith(prefix) for prefix in _COMPRESSIBLE):
                body, encoding = self._gzipped(path, body), "gzip"
        site_path = "/" + path.resolve().relative_to(Path(self.directory).resolve()).as_posix()
        cache = dict(headers_for(self.header_rules, site_path)).get("Cache-Control", "no-cache")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.link.send(self.wfile, body)

    def _gzipped(self, path: Path, body: bytes) -> bytes:
        with self.gz_lock:
            if path not in self.gz_cache:
                self.gz_cache[path] = gzip.compress(body, compresslevel=6)
            return self.gz_cache[path]


def serve_throttled(site: Path) -> tuple[QuietServer, str]:
    from macros.writers.headers import parse_headers

    headers = site / "_headers"
    rules = parse_headers(headers.read_text(encoding="utf-8")) if headers.is_file() else []
    handler = type("Handler", (ThrottledHandler,), {"link": SharedLink(LINK_BITS_PER_SECOND), "gz_cache": {},
                                                    "header_rules": rules})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- plain Material pages of the same text -----------------------------------------------------------

def add_plain_pages(site: Path, scratch: Path) -> None:
    """Build plain mkdocs-material pages holding the same article text as ours, into site/bench-plain/."""
    import yaml

    from bench.build import plain_markdown

    project = scratch / "plain-project"
    docs = project / "docs"
    for page in GUIDE_PAGES:
        built = (site / page / "index.html").read_text(encoding="utf-8")
        target = docs / (page + "index.md" if page else "index.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(built, ""), encoding="utf-8")
    config = {
        "site_name": "灵活就业社保指南", "docs_dir": "docs", "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"lang": ["zh", "en"]}}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site / PLAIN)], check=True, cwd=project)


# --- measurements -----------------------------------------------------------------------------------

# Types a base into the calculator as soon as its script has enhanced the form; records when the first
# premiums result computed in the browser is on screen (ms from navigation start).
OURS_INIT = f"""
(() => {{
  document.addEventListener("guide:calculator-result", (event) => {{
    if (event.detail.kind === "premiums" && window.__firstResult === undefined) window.__firstResult = performance.now();
  }});
  const poll = setInterval(() => {{
    const root = document.querySelector("{ROOT}");
    const input = document.querySelector("#guide-calc-base");
    if (!root || !root.guideCalculator || !input) return;
    clearInterval(poll);
    input.value = "8000";
    input.dispatchEvent(new Event("input", {{ bubbles: true }}));
  }}, 20);
}})();
"""
LCP_INIT = """
(() => {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
})();
"""


def _context(browser: Any, cpu: int, init: str, recorder: Any = None) -> tuple[Any, Any]:
    context = browser.new_context()
    context.add_init_script(init)
    if recorder is not None:
        context.on("requestfinished", recorder)
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return context, page


class Transfer:
    """Bytes that crossed the link in one visit (encoded bodies and headers; worker requests included)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.total = 0

    def __call__(self, request: Any) -> None:
        if not request.url.startswith(self.base_url):
            return
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request that never got a response
            return
        self.total += sizes["responseBodySize"] + sizes["responseHeadersSize"]


def first_result(browser: Any, base_url: str, cpu: int, which: str) -> dict[str, Any]:
    """One first visit: ms from navigation to the first computed result, the bytes it took, and (ours)
    the engine's timings (its snapshot choice and why)."""
    transfer = Transfer(base_url)
    init = OURS_INIT if which == "ours" else "(() => {})();"
    context, page = _context(browser, cpu, init, transfer)
    try:
        if which == "ours":
            page.goto(f"{base_url}/{CALCULATOR}", wait_until="commit")
            page.wait_for_function("() => window.__firstResult !== undefined", timeout=WAIT_MS)
            took = page.evaluate("() => window.__firstResult")
            engine = page.evaluate(f"() => document.querySelector(\"{ROOT}\").guideCalculator.engine.timings || null")
        else:
            page.goto(f"{base_url}/{NAIVE}", wait_until="commit")
            page.wait_for_function("() => window.__naiveReady !== undefined", timeout=WAIT_MS)
            took = page.evaluate("() => window.__naiveReady")
            engine = None
        page.wait_for_load_state("networkidle")
        return {"ms": took, "bytes": transfer.total, "engine": engine}
    except Exception as error:  # noqa: BLE001 - a timeout is a missing figure, not a crash
        print(f"throttled {which} cpu {cpu}×: {error}", file=sys.stderr)
        return {"ms": None, "bytes": transfer.total or None}
    finally:
        context.close()


def readable(browser: Any, base_url: str, cpu: int, path: str) -> float | None:
    """ms from navigation to the largest contentful paint of a first visit."""
    context, page = _context(browser, cpu, LCP_INIT)
    try:
        page.goto(f"{base_url}/{path}", wait_until="load")
        page.wait_for_timeout(300)  # let the last paint be reported
        return page.evaluate("() => window.__lcp ?? null")  # type: ignore[no-any-return]
    finally:
        context.close()


def measure(runs: int, site: Path, scratch: Path) -> dict[str, Any]:
    """Everything the throttled part of the bench measures, raw (site: a prepared copy with the naive page)."""
    import os

    from playwright.sync_api import sync_playwright

    print("building the plain Material pages for the readable-screen baseline …", file=sys.stderr)
    add_plain_pages(site, scratch)
    executable = os.environ.get("GUIDE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    server, base_url = serve_throttled(site)
    raw: dict[str, Any] = {"runs": runs, "calculator": {}, "pages": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for cpu in CPU_PROFILES:
                results: dict[str, list[dict[str, Any]]] = {"ours": [], "naive": []}
                for run in range(runs):
                    order = ["ours", "naive"] if run % 2 == 0 else ["naive", "ours"]
                    for which in order:
                        results[which].append(first_result(browser, base_url, cpu, which))
                    print(f"throttled cpu {cpu}× run {run + 1}/{runs}: ours {results['ours'][-1]},"
                          f" naive {results['naive'][-1]}", file=sys.stderr)
                raw["calculator"][cpu] = results
            cpu = max(CPU_PROFILES)
            for path in GUIDE_PAGES:
                ours: list[float | None] = []
                plain: list[float | None] = []
                for run in range(runs):
                    pair = [(ours, path), (plain, PLAIN + path)]
                    for store, url in pair if run % 2 == 0 else pair[::-1]:
                        store.append(readable(browser, base_url, cpu, url))
                raw["pages"][path or "/"] = {"ours": ours, "plain": plain}
                print(f"throttled readable {path or '/'}: ours {ours}, plain {plain}", file=sys.stderr)
            browser.close()
    finally:
        server.shutdown()
    return raw


def rows(raw: dict[str, Any]) -> list[dict[str, str]]:
    from bench.table import row

    targets = {1: 0.8, 4: 0.5}
    table = []
    for cpu, results in raw["calculator"].items():
        ours = median([r["ms"] for r in results["ours"]])
        naive = median([r["ms"] for r in results["naive"]])
        target = targets.get(cpu, 0.8)
        table.append(row(f"10 Mbit/s +100 ms, CPU {cpu}×: navigation → first Pyodide result (baseline: naive)",
                         ours, naive, f"≤ {target} × naive",
                         None if ours is None or naive is None else ours <= target * naive))
        if cpu == min(raw["calculator"]):
            ours_b = median([r["bytes"] for r in results["ours"]])
            naive_b = median([r["bytes"] for r in results["naive"]])
            table.append(row("10 Mbit/s: calculator first-visit bytes, gzip as served (baseline: naive)",
                             None if ours_b is None else ours_b / 1024, None if naive_b is None else naive_b / 1024,
                             "≤ 1.0 × naive", None if ours_b is None or naive_b is None else ours_b <= naive_b, "KB"))
    for path, pair in raw["pages"].items():
        name = path if path != "/" else "/ (home)"
        table.append(row(f"10 Mbit/s +100 ms, CPU 4×: first readable screen (LCP) {name} (baseline: plain Material)",
                         median(pair["ours"]), median(pair["plain"]), "reported", None))
    return table
