"""The calculator page asks for the engine's large files from its <head> (issue 17), from the built site.

Only the calculator pages (and the calculator's embed) carry the hints; each names a file the build
wrote, relative to the page, as a same-origin `fetch` preload (what the worker's own requests match in
the HTTP cache); never the wheel or the figures (their download speed decides whether the snapshot
pays) nor the snapshot. Guide pages carry none (they must not pay for the engine).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from macros.writers.calculator_assets import asset_urls, pyodide_dir

PRELOAD = re.compile(r"<link rel=\"preload\" href=\"([^\"]+)\" as=\"fetch\" crossorigin>")


def preloads(site: Path, page: str) -> list[str]:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert len(PRELOAD.findall(html)) == len(PRELOAD.findall(head)), f"/{page}: a preload outside <head>"
    return [urlparse(urljoin(f"http://site/{page}", href)).path.lstrip("/") for href in PRELOAD.findall(head)]


@pytest.mark.parametrize("page", ["calculator/", "en/calculator/", "embed/calculator/", "en/embed/calculator/"])
def test_calculator_pages_preload_the_engine_files_the_worker_asks_for(site_dir: Path, page: str) -> None:
    found = preloads(site_dir, page)
    assert found == [f"{pyodide_dir()}/pyodide.mjs", f"{pyodide_dir()}/pyodide.asm.mjs",
                     f"{pyodide_dir()}/pyodide.asm.wasm", asset_urls()["stdlib"]]
    assert all((site_dir / path).is_file() for path in found)
    for part in ("wheel", "data", "snapshot"):
        assert asset_urls()[part] not in found


@pytest.mark.parametrize("page", ["", "en/", "checklist/", "cities/shanghai/", "embed/checklist/"])
def test_guide_pages_preload_nothing(site_dir: Path, page: str) -> None:
    assert preloads(site_dir, page) == []
