"""Page weight of the guide pages (issue 7, target 1), computed from the built files: no timing.

Every page but the calculator (and its embed) must stay within 150 KB gzipped for what it loads at
start: its HTML, the stylesheets, scripts (with their static imports) and images it references, and
Material's search worker (started on load where the page has a search box). The search index and its
lunr language files load only when the reader opens search (components/site/search-on-demand.js, run
before Material's bundle): they count only on a page without that script. Modules a script imports on demand (import()) are not counted.
None of it may reference Pyodide, and no stylesheet or script may come from another origin (they
block rendering). `make bench` measures the same in Chromium; this is the cheap guard.
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

BUDGET = 150 * 1024
CALCULATOR_PAGES = {"calculator/", "en/calculator/", "embed/calculator/", "en/embed/calculator/"}
# import … from "x", import "x", export … from "x" (static imports only; import() loads on demand)
STATIC_IMPORT = re.compile(r"""(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']""", re.M)


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[tuple[str, bool]] = []  # (src, module)
        self.images: list[str] = []
        self.config = ""
        self.search = False  # Material fetches the search index only where the search box is
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("data-md-component") == "search":
            self.search = True
        if tag == "link" and "stylesheet" in a.get("rel", "").split() and a.get("href"):
            self.stylesheets.append(a["href"])
        elif tag == "link" and "icon" in a.get("rel", "").split() and a.get("href"):
            self.images.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append((a["src"], a.get("type") == "module"))
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True
        elif tag == "img" and a.get("src") and a.get("loading") != "lazy":
            self.images.append(a["src"])

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data


def guide_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        url = html.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        if url in CALCULATOR_PAGES or url.startswith(("assets/", "api/")):
            continue
        pages.append(url)
    return pages


def page_files(site: Path, url: str) -> dict[Path, str]:
    """Files the page at `url` loads at start → why (for the failure message)."""
    base = f"http://site/{url}"
    page = site / url / "index.html"
    files: dict[Path, str] = {page: "page"}
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))

    def local(ref: str, at: str) -> Path | None:
        absolute = urljoin(at, ref)
        parsed = urlparse(absolute)
        if parsed.netloc != "site":
            raise AssertionError(f"/{url}: {ref} is on another origin ({parsed.netloc}); it blocks rendering")
        return site / parsed.path.lstrip("/")

    def add_script(ref: str, at: str, module: bool) -> None:
        path = local(ref, at)
        if path is None or path in files:
            return
        files[path] = ref
        if module and path.is_file():
            here = urljoin(at, ref)
            for target in STATIC_IMPORT.findall(path.read_text(encoding="utf-8")):
                if target.startswith((".", "/")):
                    add_script(target, here, True)

    for ref in parser.stylesheets + parser.images:
        path = local(ref, base)
        if path is not None:
            files[path] = ref
    for ref, module in parser.scripts:
        add_script(ref, base, module)
    # Material's search: the worker on load; its lunr language files and this language's index on load
    # too, unless search-on-demand.js runs before Material's bundle (then when the reader opens search).
    config = json.loads(parser.config or "{}")
    if config.get("search") and parser.search:
        worker = local(config["search"], base)
        assert worker is not None
        files[worker] = "search worker"
        if index_on_demand(parser.scripts):
            return files
        lang_root = site / "en" if url.startswith("en/") else site
        index = lang_root / "search" / "search_index.json"
        files[index] = "search index"
        langs = [lang for lang in json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] if lang != "en"]
        lunr = worker.parent.parent / "lunr" / "min"
        if langs:
            files[lunr / "lunr.stemmer.support.min.js"] = "search language"
            files[lunr / "lunr.multi.min.js"] = "search language"
            for lang in langs:
                files[lunr / f"lunr.{lang}.min.js"] = "search language"
    return files


def index_on_demand(scripts: list[tuple[str, bool]]) -> bool:
    """Whether components/site/search-on-demand.js runs before Material's bundle (which asks for the index)."""
    names = [src.rsplit("/", 1)[-1] for src, _ in scripts]
    bundle = next((i for i, name in enumerate(names) if name.startswith("bundle.")), None)
    return bundle is not None and "search-on-demand.js" in names[:bundle]


def gzipped(path: Path, cache: dict[Path, int]) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=6))
    return cache[path]


def test_guide_pages_stay_within_budget_and_load_no_pyodide(site_dir: Path) -> None:
    cache: dict[Path, int] = {}
    pages = guide_pages(site_dir)
    assert {"", "checklist/", "cities/shanghai/", "en/", "embed/checklist/"} <= set(pages)
    problems = []
    for url in pages:
        files = page_files(site_dir, url)
        missing = [why for path, why in files.items() if not path.is_file()]
        assert not missing, f"/{url} references missing files: {missing}"
        for path in files:
            if path.suffix in (".html", ".js", ".mjs", ".css") and "assets/pyodide" in path.read_text(encoding="utf-8"):
                problems.append(f"/{url}: {path.relative_to(site_dir)} references assets/pyodide")
        total = sum(gzipped(path, cache) for path in files)
        if total > BUDGET:
            biggest = sorted(files, key=lambda p: -gzipped(p, cache))[:6]
            detail = ", ".join(f"{p.relative_to(site_dir)} {gzipped(p, cache) / 1024:.1f} KB" for p in biggest)
            problems.append(f"/{url}: {total / 1024:.1f} KB gzipped > {BUDGET // 1024} KB ({detail})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url,absent", [
    ("", "components/checklist/checklist.js"),
    ("", "components/embed/embed-code.js"),
    ("", "components/city/city.js"),
    ("steps/", "components/checklist/checklist.css"),
    ("cities/shanghai/", "components/checklist/checklist.js"),
])
def test_components_load_only_where_they_are_used(site_dir: Path, url: str, absent: str) -> None:
    loaded = {p.relative_to(site_dir).as_posix() for p in page_files(site_dir, url)}
    assert absent not in loaded


@pytest.mark.parametrize("url,present", [
    ("checklist/", "components/checklist/checklist.js"),
    ("print/", "components/checklist/checklist.js"),
    ("embed/checklist/", "components/checklist/checklist.js"),
    ("en/checklist/", "components/checklist/checklist.css"),
    ("en/print/", "components/checklist/checklist.css"),
    ("en/embed/checklist/", "components/checklist/checklist.js"),
    ("cities/shanghai/", "components/city/city.js"),
    ("en/embed/cities/shanghai/", "components/city/city.js"),
    ("embed/", "components/embed/embed-code.js"),
    ("en/embed/", "components/embed/embed-code.css"),
    ("resident/", "components/resident/resident.css"),
    ("en/sources/", "components/sources/changes.css"),
])
def test_components_load_where_they_are_used(site_dir: Path, url: str, present: str) -> None:
    loaded = {p.relative_to(site_dir).as_posix() for p in page_files(site_dir, url)}
    assert present in loaded
