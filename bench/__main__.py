"""`make bench`: every figure of issue 7 in one table (figure, value, baseline, ratio, target, pass/fail).

* bench/calculator.py: the browser figures, measured in one headless Chromium against a naive page
  (bench/naive.html) in the same run: the calculator's first result cold and warm, later updates,
  offline repeat visits, the calculator tab's memory, and each page type's bytes;
* bench/throttled.py: the same site over a throttled link (10 Mbit/s shared, +100 ms, gzip), CPU 1× and
  4×: navigation → first Pyodide result and first-visit bytes against the naive page, and the time to
  the first readable screen of guide pages against plain Material pages of the same text;
* bench/calibrate.py: plain and snapshot engine starts on loopback with the worker's CPU probe, to
  check the worker's START_SAVED_MS / PROBE_REFERENCE_MS against this machine;
* bench/build.py (when present): the build figures (time against a plain mkdocs-material build,
  scaling to 300 synthetic cities, peak RSS).

Timings on a shared machine are noisy: the targets are ratios within one run; the table shows medians.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def machine() -> str:
    cores = os.cpu_count()
    try:
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        gib = int(mem.split()[1]) / 2**20
    except (OSError, StopIteration, ValueError):
        gib = float("nan")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{cores} cores, {gib:.0f} GiB memory, load average {load}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold/warm runs per page (median reported)")
    parser.add_argument("--site", type=Path, default=None, help="use this built site instead of building one")
    parser.add_argument("--no-build", action="store_true", help="skip the build figures (bench/build.py)")
    parser.add_argument("--throttled-runs", type=int, default=3,
                        help="first visits per page and CPU profile on the throttled link (0 skips them)")
    parser.add_argument("--calibration-runs", type=int, default=5,
                        help="plain/snapshot engine starts for the worker's snapshot choice (0 skips them)")
    parser.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    args = parser.parse_args(argv)

    from bench import calculator, calibrate, table, throttled

    print(f"machine: {machine()}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as scratch:
        site = calculator.prepare_site(args.site, Path(scratch))
        raw = calculator.measure(args.runs, site)
        throttled_raw = throttled.measure(args.throttled_runs, site, Path(scratch)) if args.throttled_runs else None
        calibration_raw = calibrate.measure(args.calibration_runs, site) if args.calibration_runs else None
    rows = calculator.rows(raw)
    if throttled_raw is not None:
        rows += throttled.rows(throttled_raw)
    if calibration_raw is not None:
        rows += calibrate.rows(calibration_raw)

    build_rows: list[dict[str, object]] = []
    if not args.no_build:
        try:
            from bench import build  # the build figures (another module; optional)
        except ImportError:
            build = None  # type: ignore[assignment]
        if build is not None and hasattr(build, "figures"):
            build_rows = list(build.figures())
            rows += [table.from_dict(figure) for figure in build_rows]

    print()
    print(table.render(rows))
    print()
    print(f"{args.runs} run(s) each, ours and the naive page alternating; timings are medians. Transfer sizes"
          " are as served by macros/cli/serve.py (uncompressed); the gzip estimate compresses the same files at"
          f" level 6. Throttled rows: {args.throttled_runs} first visit(s) each, alternating, medians."
          f" Machine: {machine()}.")
    if args.json:
        print(json.dumps({"browser": raw, "throttled": throttled_raw, "calibration": calibration_raw, "build": build_rows},
                         indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
