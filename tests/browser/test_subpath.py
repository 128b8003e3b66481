"""The guide published under a sub-path (`guide build --site-url http://127.0.0.1:<port>/shebao/`), served
only under /shebao/: pages, assets, Pyodide files, the API and embed.js all load from there."""

from __future__ import annotations

import functools
import socket
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from macros.cli.serve import SiteHandler
from conftest import serve_directory  # tests/conftest.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
PREFIX = "/shebao/"


class SubPathHandler(SiteHandler):
    """Serves the site only under PREFIX; anything else is a 404 (so a root-relative URL fails)."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__not_under_prefix__")
        return super().translate_path("/" + path[len(PREFIX):])


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build once with the sub-path site URL (port chosen first), serve under /shebao/."""
    from macros.cli import main

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site_url = f"http://127.0.0.1:{port}{PREFIX}"
    target = tmp_path_factory.mktemp("subpath") / "site"
    assert main(["build", "--preview", "--site-url", site_url, "--site-dir", str(target)]) == 0
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(SubPathHandler, directory=str(target)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site_url
    server.shutdown()


@pytest.fixture
def failures(page) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    return failed


@pytest.mark.parametrize("path", ["", "en/", "checklist/", "calculator/", "cities/shanghai/", "en/embed/",
                                  "embed/checklist/", "en/embed/cities/beijing/"])
def test_pages_load_under_the_sub_path(page, subpath_site: str, failures: list[str], path: str) -> None:
    response = page.goto(subpath_site + path)
    assert response and response.ok
    page.wait_for_load_state("networkidle")
    assert not failures, failures
    assert page.evaluate("() => [...document.styleSheets].filter((s) => s.href).length") >= 2


def test_api_pyodide_and_embed_script_under_the_sub_path(page, subpath_site: str) -> None:
    index = page.request.get(subpath_site + "api/v1/index.json").json()
    assert index["site_url"] == subpath_site
    for endpoint in index["endpoints"]:
        url = endpoint["url"].replace("{id}", index["cities"][0])
        assert url.startswith(subpath_site)
        assert page.request.get(url).ok, url
        assert page.request.get(endpoint["schema"]).ok
    from macros.writers.calculator_assets import pyodide_dir

    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert page.request.get(f"{subpath_site}{pyodide_dir()}/{name}").ok, name
    assert page.request.get(subpath_site + "embed.js").ok
    assert page.request.get(subpath_site + "_headers").text().count(f"{PREFIX}embed/checklist/*") == 1


def test_embed_script_finds_its_sub_path(page, subpath_site: str, tmp_path: Path, failures: list[str]) -> None:
    (tmp_path / "host.html").write_text(
        '<!doctype html><html lang="en"><title>Host</title><body>'
        '<div id="e" data-guide-embed="checklist" data-lang="en"></div>'
        f'<script src="{subpath_site}embed.js" async></script></body></html>', encoding="utf-8")
    server, host = serve_directory(tmp_path, "127.0.0.2")
    try:
        page.goto(f"{host}/host.html")
        page.wait_for_function("document.querySelector('#e iframe')")
        assert page.locator("#e iframe").get_attribute("src") == f"{subpath_site}en/embed/checklist/"
        page.wait_for_function("parseFloat(document.querySelector('#e iframe').style.height) > 700")
        page.wait_for_load_state("networkidle")
        assert not failures, failures
    finally:
        server.shutdown()
