"""Shared fixtures: content trees to break, the built site, a local server, a real headless Chromium."""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


@pytest.fixture
def fixture_content(tmp_path: Path) -> Path:
    """A copy of the minimal valid fixture tree (plus the real ui.yaml and national.yaml), safe to break."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    shutil.copy(CONTENT / "ui.yaml", root / "ui.yaml")
    shutil.copy(CONTENT / "national.yaml", root / "national.yaml")
    return root


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with the real content."""
    from macros.cli.build import build_site

    target = tmp_path_factory.mktemp("built") / "site"
    return build_site(PROJECT, target, preview=True)


def serve_directory(directory: Path, host: str = "127.0.0.1") -> tuple[ThreadingHTTPServer, str]:
    from macros.cli.serve import SiteHandler

    server = ThreadingHTTPServer((host, 0), functools.partial(SiteHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    server, url = serve_directory(site_dir)
    yield url
    server.shutdown()


CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("GUIDE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium not found: run `make test` (it installs Debian's chromium) or set GUIDE_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_nojs(browser: object) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: object) -> list[dict[str, object]]:
    """Serious and critical axe-core violations on the loaded page."""
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")  # type: ignore[attr-defined]
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def no_script_axe(browser: Any, url: str) -> list[dict[str, object]]:
    """axe on the page as it is without JavaScript: every site script is refused, axe is injected."""
    context = browser.new_context()
    page = context.new_page()
    page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    page.goto(url)
    violations = axe_violations(page)
    context.close()
    return violations
