"""`guide serve` in real Chromium: the site's CSP is enforced (an inline script does not run), and a
rebuild reloads open pages through the served reload script without any CSP complaint."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from macros.cli.serve import Reloader, preview_handler

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def preview(site_dir: Path) -> Iterator[tuple[str, Reloader]]:
    reloader = Reloader()
    server = ThreadingHTTPServer(("127.0.0.1", 0), preview_handler(site_dir, "/", reloader))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", reloader
    server.shutdown()


def test_serve_enforces_the_csp_and_reloads_after_a_rebuild(page: Any, preview: tuple[str, Reloader]) -> None:
    base, reloader = preview
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{base}/steps/")
    page.wait_for_load_state("load")  # never "networkidle": the reload script keeps a request open
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.head.append(script);
    }""")
    assert page.evaluate("window.__inlineRan === undefined")
    assert [m for m in console if "Content Security Policy" in m], "the inline script was not refused by the CSP"
    console.clear()
    page.evaluate("window.__beforeReload = true")
    with page.expect_navigation(timeout=30000):
        reloader.bump()
    page.wait_for_load_state("load")
    assert page.evaluate("window.__beforeReload === undefined")
    assert page.url == f"{base}/steps/"
    assert page.locator(f'script[src="/__guide__/reload.js?version={reloader.version}"]').count() == 1
    assert not [m for m in console if "Content Security Policy" in m], console
