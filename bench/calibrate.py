"""Calibrate the worker's snapshot-or-plain choice (calculator-worker.js: START_SAVED_MS, PROBE_REFERENCE_MS).

The worker takes the memory snapshot on a first visit only when its download (SNAPSHOT_BYTES at the
speed the wheel and the figures came) is shorter than the Python start-up it saves, scaled to this
device: START_SAVED_MS × (cpu probe ms here / PROBE_REFERENCE_MS). Both constants must come from the
same machine at the same moment, or the scale means nothing. This measures them together, on loopback
(downloads cost next to nothing, so each start is CPU time) in headless Chromium, fresh context each:

* plain: the engine's worker started without a snapshot (small standard library, wheel, figures);
* snapshot: the same with the snapshot (on loopback its download is instant, so the worker takes it);
  its timings carry the worker's CPU probe (`cpu_probe_ms`, the loop cpuProbeMs() times);

alternating, medians. The worker's choice depends only on START_SAVED_MS / PROBE_REFERENCE_MS (start-up
saved per ms of probe): each pair of starts gives (plain − snapshot) / probe, and the median of those
paired ratios is steadier on a shared machine than the ratio of medians (a busy moment slows both
the start and the probe next to it). The worker's constants are compared with that.

`python -m bench.calibrate [--runs N]` prints the figures; `python -m bench` adds them as rows.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from bench.calculator import CHROMIUM_ARGS, PROJECT, median, serve

WORKER_SOURCE = PROJECT / "overrides" / "components" / "calculator" / "calculator-worker.js"
PAGE = "bench-calibrate/"

START = """
async ({ worker, init }) => new Promise((resolve, reject) => {
  const w = new Worker(worker, { type: "module" });
  w.addEventListener("message", (event) => {
    if (event.data.type === "ready") resolve(event.data.timings);
    else if (event.data.type === "failed") reject(new Error(event.data.message));
  });
  w.addEventListener("error", (event) => reject(new Error(event.message || "worker error")));
  w.postMessage({ type: "init", ...init });
})
"""


def worker_constants() -> dict[str, float]:
    """The constants as the worker's source has them now."""
    text = WORKER_SOURCE.read_text(encoding="utf-8")
    found = {}
    for name in ("START_SAVED_MS", "PROBE_REFERENCE_MS", "SNAPSHOT_BYTES"):
        match = re.search(rf"const {name} = ([0-9.e]+);", text)
        if match:
            found[name] = float(match.group(1))
    return found


def engine_init(site: Path, base_url: str) -> tuple[str, dict[str, Any]]:
    """The worker's URL and its init message, as calculator.js would send them from /calculator/."""
    html = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<script type=\"application/json\" data-guide-calculator-config>(.*?)</script>", html, re.S)
    if not match:
        raise RuntimeError("calculator/index.html has no calculator config")
    config = json.loads(match.group(1))
    page = f"{base_url}/calculator/"

    def absolute(url: str) -> str:
        return urljoin(page, url)

    init = {"pyodide": absolute(config["pyodide"]), "indexURL": absolute(config["pyodideIndex"]),
            "wheel": absolute(config["wheel"]), "data": absolute(config["data"]), "lock": config.get("pyodideLock"),
            "snapshot": absolute(config["snapshot"]), "stdlib": absolute(config["stdlib"])}
    return absolute(config["worker"]), init


def one_start(browser: Any, base_url: str, worker: str, init: dict[str, Any]) -> dict[str, Any] | None:
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGE}")
        return page.evaluate(START, {"worker": worker, "init": init})  # type: ignore[no-any-return]
    except Exception as error:  # noqa: BLE001 - a failed start is a missing figure
        print(f"calibrate: {error}", file=sys.stderr)
        return None
    finally:
        context.close()


def measure(runs: int, site: Path) -> dict[str, Any]:
    """Alternating plain and snapshot starts on loopback (site: a built site; a calibration page is added)."""
    import os

    from playwright.sync_api import sync_playwright

    (site / PAGE).mkdir(parents=True, exist_ok=True)
    (site / PAGE / "index.html").write_text("<!doctype html><title>calibrate</title><p>calibrate</p>\n", encoding="utf-8")
    executable = os.environ.get("GUIDE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    server, base_url = serve(site)
    raw: dict[str, list[dict[str, Any] | None]] = {"plain": [], "snapshot": []}
    try:
        worker, init = engine_init(site, base_url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            one_start(browser, base_url, worker, dict(init, snapshot=None))  # warm-up: the browser's own start
            for run in range(runs):
                order = ["plain", "snapshot"] if run % 2 == 0 else ["snapshot", "plain"]
                for kind in order:
                    timings = one_start(browser, base_url, worker, init if kind == "snapshot" else dict(init, snapshot=None))
                    raw[kind].append(timings)
                    print(f"calibrate run {run + 1}/{runs} {kind}: {timings}", file=sys.stderr)
            browser.close()
    finally:
        server.shutdown()
    return raw


def summary(raw: dict[str, list[dict[str, Any] | None]]) -> dict[str, float | None]:
    plain = median([t["ready_ms"] for t in raw["plain"] if t])
    restored = [t for t in raw["snapshot"] if t and t.get("snapshot")]
    snapshot = median([t["ready_ms"] for t in restored])
    probe = median([t.get("cpu_probe_ms") for t in raw["snapshot"] if t and t.get("cpu_probe_ms")])
    per_probe = median([(p["ready_ms"] - s["ready_ms"]) / s["cpu_probe_ms"] for p, s in zip(raw["plain"], raw["snapshot"])
                        if p and s and s.get("snapshot") and s.get("cpu_probe_ms")])
    return {"plain_ms": plain, "snapshot_ms": snapshot,
            "saved_ms": None if plain is None or snapshot is None else plain - snapshot, "probe_ms": probe,
            "saved_per_probe_ms": per_probe, "restored": float(len(restored)), "runs": float(len(raw["snapshot"]))}


def rows(raw: dict[str, list[dict[str, Any] | None]]) -> list[dict[str, str]]:
    from bench.table import row

    s = summary(raw)
    constants = worker_constants()
    table = [
        row("engine start, loopback, snapshot (baseline: plain start); runs that restored it: "
            f"{s['restored']:.0f}/{s['runs']:.0f}", s["snapshot_ms"], s["plain_ms"], "reported", None),
        row("start-up the snapshot saves, loopback (baseline: START_SAVED_MS in the worker)", s["saved_ms"],
            constants.get("START_SAVED_MS"), "reported", None),
        row("worker CPU probe, measured with it (baseline: PROBE_REFERENCE_MS in the worker)", s["probe_ms"],
            constants.get("PROBE_REFERENCE_MS"), "reported", None, unit="ms"),
    ]
    if s["saved_per_probe_ms"] and "START_SAVED_MS" in constants and "PROBE_REFERENCE_MS" in constants:
        # The one number the worker's choice depends on, against the median of the paired measurements.
        assumed = constants["START_SAVED_MS"] / constants["PROBE_REFERENCE_MS"]
        table.append(row("start-up saved per ms of CPU probe: START_SAVED_MS / PROBE_REFERENCE_MS"
                         " (baseline: measured, median of pairs)", assumed, s["saved_per_probe_ms"],
                         "within 0.5–2 ×", 0.5 <= assumed / s["saved_per_probe_ms"] <= 2, unit=""))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calibrate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="starts of each kind, alternating (medians)")
    parser.add_argument("--site", type=Path, default=None, help="use this built site instead of building one")
    args = parser.parse_args(argv)
    from bench.calculator import prepare_site
    from bench.table import render

    with tempfile.TemporaryDirectory(prefix="guide-calibrate-") as scratch:
        site = prepare_site(args.site, Path(scratch))
        raw = measure(args.runs, site)
    print(render(rows(raw)))
    print(json.dumps(summary(raw)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
