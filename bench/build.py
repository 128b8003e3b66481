"""Build figures of issue 7 (targets 4 and 5): build time beside a plain mkdocs-material build, scaling, peak RSS.

For two sizes, the real content and the real content plus 300 synthetic cities (generated into a
temporary content folder, never into content/), this builds

* ours: the real project (the guide plugin: macros, city pages, calculator assets, API, embeds) with GUIDE_CONTENT_DIR set,
  through macros/cli/build.py:build_site, strict;
* plain: the same pages as plain Markdown (the text each of our pages shows, headings and all, taken
  from our built HTML) with the same theme, custom_dir, i18n and search configuration, but no guide
  plugin.

Each build runs in its own Python process (imports, jieba's dictionary and all), several times with
the order alternated; the ratio is the median of each run's ours/plain (built back to back). Both projects are copies in a temporary folder, so
the stubs the plugin generates never touch docs/ of the working tree.

`python -m bench.build` prints the rows; `bench/__main__.py` imports `figures()` for `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
SYNTHETIC_CITIES = 300
RATIO_TARGET = 1.3
LINEAR_TARGET = 1.1  # per-page time with 300 more cities, relative to the real size


# --- projects -------------------------------------------------------------------------------------

def _copy_docs(source: Path, target: Path) -> None:
    """docs/ without the stubs the plugin generates (they are regenerated from the content in use)."""
    generated = "<!-- generated from content/cities"

    def ignore(folder: str, names: list[str]) -> list[str]:
        skip = []
        for name in names:
            path = Path(folder) / name
            if path.is_file() and path.suffix == ".md" and generated in path.read_text(encoding="utf-8"):
                skip.append(name)
        return skip

    shutil.copytree(source, target, ignore=ignore)


def our_project(target: Path) -> Path:
    """A copy of the project's build inputs; overrides/ and macros/ are links to the real ones."""
    target.mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    _copy_docs(PROJECT / "docs", target / "docs")
    for name in ("overrides", "macros"):
        (target / name).symlink_to(PROJECT / name, target_is_directory=True)
    return target


def synthetic_content(target: Path, count: int = SYNTHETIC_CITIES) -> Path:
    """content/ plus `count` cities cloned from the real ones under new ids and names."""
    shutil.copytree(CONTENT, target)
    templates = sorted((CONTENT / "cities").glob("*.yaml"))
    for i in range(count):
        source = templates[i % len(templates)]
        text = source.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        new_id = f"synthetic-{i + 1:03d}-{data['id']}"
        name = data["name"]
        text = text.replace(f"\nid: {data['id']}\n", f"\nid: {new_id}\n", 1)
        pattern = re.compile(r"\nname:\n  zh: .*\n  en: .*\n")
        text, replaced = pattern.subn(f"\nname:\n  zh: {name['zh']}{i + 1:03d}\n  en: {name['en']} {i + 1:03d}\n",
                                      text, count=1)
        if replaced != 1 or f"id: {new_id}" not in text:
            raise RuntimeError(f"cannot clone {source.name}: unexpected layout of id/name")
        (target / "cities" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return target


class _ArticleText(HTMLParser):
    """The text of a built page's <article> as plain Markdown: headings, paragraphs, list items."""

    BLOCKS = {"p", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "blockquote", "div", "section",
              "details", "table", "ul", "ol", "dl", "form", "fieldset", "legend", "label", "button"}
    SKIP = {"script", "style", "svg", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.lines: list[str] = []
        self.current: list[str] = []
        self.heading = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if not text:
            return
        if self.heading:
            self.lines.append("#" * self.heading + " " + text)
        else:
            # Markdown must not read the text as markup: escape what it would.
            self.lines.append(re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
            return
        if not self.depth:
            return
        if tag in self.SKIP:
            self.skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.heading = int(tag[1])
        elif tag in self.BLOCKS or tag in ("br", "td", "th"):
            self._flush() if tag not in ("td", "th") else self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._flush()
            self.depth -= 1
        elif not self.depth:
            return
        elif tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.heading = 0
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.current.append(data)


def _page_output(relative: Path) -> Path:
    """docs-relative x.md / x.en.md → site-relative HTML (use_directory_urls, suffix structure)."""
    parts = relative.with_suffix("").parts
    lang_prefix: tuple[str, ...] = ()
    if parts[-1].endswith(".en"):
        parts = (*parts[:-1], parts[-1][:-3])
        lang_prefix = ("en",)
    if parts[-1] in ("index", "README"):
        parts = parts[:-1]
    return Path(*lang_prefix, *parts, "index.html")


def plain_markdown(built_html: str, front_matter: str) -> str:
    parser = _ArticleText()
    parser.feed(built_html)
    parser.close()
    body = "\n\n".join(parser.lines)
    return f"{front_matter}{body}\n"


def plain_project(ours: Path, site: Path, target: Path) -> Path:
    """The pages of `ours` (stubs generated, built into `site`) as plain Markdown, without the guide plugin."""
    target.mkdir(parents=True)
    config = yaml.safe_load((ours / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "guide" in p) and p != "guide"]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Same theme files (main.html, partials, component scripts and styles) and the jieba user dictionary.
    (target / "overrides").symlink_to(PROJECT / "overrides", target_is_directory=True)
    (target / "macros").symlink_to(PROJECT / "macros", target_is_directory=True)
    docs = ours / "docs"
    for page in sorted(docs.rglob("*.md")):
        relative = page.relative_to(docs)
        source = page.read_text(encoding="utf-8")
        front = ""
        match = re.match(r"---\n.*?\n---\n", source, re.S)
        if match:
            front = match.group(0)
        built = site / _page_output(relative)
        if not built.exists():
            raise RuntimeError(f"{relative}: expected the built page at {built}")
        out = target / "docs" / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(plain_markdown(built.read_text(encoding="utf-8"), front), encoding="utf-8")
    return target


# --- timed builds ---------------------------------------------------------------------------------

def _child(project: Path, site: Path, strict: bool) -> None:
    """Runs in the build subprocess: one build, its wall time on stdout as JSON."""
    import logging

    logging.basicConfig(level=logging.ERROR)
    start = time.perf_counter()
    from macros.cli.build import build_site

    build_site(project, site, strict=strict, preview=True)
    print(json.dumps({"seconds": time.perf_counter() - start, "rss_mb": _peak_rss_mb()}))


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory since it started the build's Python (VmHWM).

    The rusage of the child would also count the memory of the parent it was forked from (the
    browser bench holds ~165 MB), which a process inherits until exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def timed_build(project: Path, site: Path, content: Path, strict: bool = True, keep: bool = False) -> dict[str, float]:
    """One build in a fresh process: wall seconds (the build, imports included) and the process's peak RSS in MB."""
    env = dict(os.environ, GUIDE_CONTENT_DIR=str(content))
    command = [sys.executable, "-m", "bench.build", "--child", str(project), str(site)]
    if not strict:
        command.append("--no-strict")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=err)
        # wait4 reaps this one child with its own rusage (ru_maxrss in KB on Linux, the fallback when
        # the child cannot read its own VmHWM), where resource.getrusage(RUSAGE_CHILDREN) would be the
        # maximum over every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if process.returncode:
        raise RuntimeError(f"build of {project} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    if result.get("rss_mb") is None:
        result["rss_mb"] = usage.ru_maxrss / 1024
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
    return result


def page_count(project: Path) -> int:
    return sum(1 for _ in (project / "docs").rglob("*.md"))


def figures(runs: int = 7, big_runs: int = 3, cities: int = SYNTHETIC_CITIES, log: Any = None) -> list[dict[str, Any]]:
    """Rows for the bench table: build ratios at both sizes, linearity, peak RSS at `cities` more cities.

    A real-size build takes seconds and a single one swings by ±20% on a shared machine, so it runs
    `runs` times; the big one runs `big_runs` times.
    """
    say = log or (lambda message: print(message, file=sys.stderr))
    with tempfile.TemporaryDirectory(prefix="guide-bench-build-") as scratch:
        root = Path(scratch)
        # Snapshots: content/ may change while the bench runs.
        sizes = {"real": synthetic_content(root / "content-real", 0),
                 "big": synthetic_content(root / "content-big", cities)}
        projects: dict[str, tuple[Path, Path, Path]] = {}  # size → (ours, plain, content)
        for size, content in sizes.items():
            ours = our_project(root / f"ours-{size}")
            say(f"preparing {size}: building ours once to generate the pages and the plain baseline …")
            site = root / f"site-{size}"
            timed_build(ours, site, content, keep=True)  # warm-up; generates the stubs; its HTML gives the text
            plain = plain_project(ours, site, root / f"plain-{size}")
            shutil.rmtree(site, ignore_errors=True)
            timed_build(plain, root / "site-plain", content, strict=False)  # warm-up
            projects[size] = (ours, plain, content)

        times: dict[tuple[str, str], list[float]] = {}
        rss: dict[tuple[str, str], list[float]] = {}
        for run in range(max(runs, big_runs)):
            wanted = [size for size in sizes if run < (runs if size == "real" else big_runs)]
            order = [(size, kind) for size in wanted for kind in ("ours", "plain")]
            for size, kind in (order if run % 2 == 0 else order[::-1]):
                ours, plain, content = projects[size]
                project = ours if kind == "ours" else plain
                result = timed_build(project, root / f"site-{size}-{kind}", content, strict=kind == "ours")
                times.setdefault((size, kind), []).append(result["seconds"])
                rss.setdefault((size, kind), []).append(result["rss_mb"])
                say(f"run {run + 1}/{runs if size == 'real' else big_runs} {size} {kind}: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")
        pages = {size: page_count(projects[size][0]) for size in sizes}

    t = {key: statistics.median(values) for key, values in times.items()}
    rows = []
    for size, label in (("real", "real content"), ("big", f"+{cities} synthetic cities")):
        # Each run builds ours and plain back to back: the median of those paired ratios is steadier
        # on a loaded machine than the ratio of the two medians.
        ratio = statistics.median(o / p for o, p in zip(times[(size, "ours")], times[(size, "plain")]))
        rows.append(_row(f"build time, {label} ({pages[size]} pages)", f"{t[(size, 'ours')]:.2f} s",
                         f"{t[(size, 'plain')]:.2f} s (plain)", ratio, f"≤ {RATIO_TARGET} × plain", ratio <= RATIO_TARGET))
    per_real = t[("real", "ours")] / pages["real"] * 1000
    per_big = t[("big", "ours")] / pages["big"] * 1000
    linear = per_big / per_real
    rows.append(_row(f"build time per page, +{cities} cities vs real", f"{per_big:.1f} ms",
                     f"{per_real:.1f} ms (real)", linear, f"≤ {LINEAR_TARGET} (linear)", linear <= LINEAR_TARGET))
    peak, peak_plain = max(rss[("big", "ours")]), max(rss[("big", "plain")])
    rows.append(_row(f"build peak RSS, +{cities} cities", f"{peak:.0f} MB", f"{peak_plain:.0f} MB (plain)",
                     peak / peak_plain, "reported", None))
    return rows


def _row(figure: str, value: str, baseline: str, ratio: float, target: str, ok: bool | None) -> dict[str, Any]:
    return {"figure": figure, "value": value, "baseline": baseline, "ratio": f"{ratio:.2f}", "target": target,
            "ok": ok}


def print_rows(rows: list[dict[str, Any]]) -> None:
    keys = ("figure", "value", "baseline", "ratio", "target", "ok")
    cells = [{k: ("—" if r[k] is None else ("pass" if r[k] else "FAIL")) if k == "ok" else str(r[k]) for k in keys}
             for r in rows]
    widths = {k: max(len(k), *(len(c[k]) for c in cells)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    print("  ".join("-" * widths[k] for k in keys))
    for c in cells:
        print("  ".join(c[k].ljust(widths[k]) for k in keys))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed builds of each kind, real content (median)")
    parser.add_argument("--big-runs", type=int, default=3, help="timed builds of each kind, with the synthetic cities")
    parser.add_argument("--cities", type=int, default=SYNTHETIC_CITIES, help="synthetic cities for the scaling run")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument("--child", nargs=2, metavar=("PROJECT", "SITE"), help=argparse.SUPPRESS)
    parser.add_argument("--no-strict", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]), not args.no_strict)
        return 0
    rows = figures(args.runs, args.big_runs, args.cities)
    print()
    print_rows(rows)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
