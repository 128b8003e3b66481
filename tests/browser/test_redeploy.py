"""A redeploy in real Chromium: build, visit pages and use the calculator, rebuild with a changed
calculator (so a new wheel, snapshot and sw.js) into the same served folder, reload.

The pages visited before the deploy still open offline, and the service worker has replaced the
engine: the new wheel is cached, the old one is gone, and the calculator computes offline with it.
The builds run in a copy of the project (`guide build` in a fresh process), so the real calculator
source is never touched.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from calculator_page import ENGINE_WAIT_MS, cli, money  # tests/
from project_copy import build_copy as build, project_copy
from test_offline import CACHED, KEPT, compute, total, wait_until

pytestmark = pytest.mark.browser

WHEEL_URL = "() => new URL(JSON.parse(document.querySelector('script[data-guide-calculator-config]').textContent).wheel, location.href).href"


def test_a_redeploy_keeps_visited_pages_and_replaces_the_engine(browser: Any, tmp_path: Path) -> None:
    from macros.cli.serve import SiteHandler

    project = project_copy(tmp_path / "project")
    site = tmp_path / "site"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    build(project, site, base_url + "/")
    server = ThreadingHTTPServer(("127.0.0.1", port), lambda *a: SiteHandler(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        visited = ["", "steps/", "en/insurance/"]
        titles = {}
        for path in visited:
            page.goto(f"{base_url}/{path}")
            titles[path] = page.inner_text("article h1")
            page.evaluate(KEPT, ["./"])
        page.goto(f"{base_url}/calculator/")
        compute(page, "9000")
        old_wheel = page.evaluate(WHEEL_URL)
        page.evaluate(KEPT, [old_wheel, "./"])
        old_worker = (site / "sw.js").read_text(encoding="utf-8")

        # The deploy: a changed calculator, built into the folder the server is serving.
        source = project / "calculator" / "src" / "shebao_calculator" / "__init__.py"
        source.write_text(source.read_text(encoding="utf-8") + "\n# changed by test_redeploy\n", encoding="utf-8")
        build(project, site, base_url + "/")
        assert (site / "sw.js").read_text(encoding="utf-8") != old_worker

        page.reload()
        new_wheel = page.evaluate(WHEEL_URL)
        assert new_wheel != old_wheel
        page.evaluate("navigator.serviceWorker.ready.then((r) => r.update())")
        wait_until(page, """async ([oldWheel, newWheel]) => {
          const keys = (await (await caches.open("guide-engine")).keys()).map((r) => r.url);
          return keys.includes(newWheel) && !keys.includes(oldWheel);
        }""", [old_wheel, new_wheel], ENGINE_WAIT_MS / 1000)
        cached = page.evaluate(CACHED)
        assert not [name for name in cached if name.startswith("guide-site-")]
        for path in visited:
            assert f"{base_url}/{path}" in cached["guide-pages"], path
        page.close()

        context.set_offline(True)
        page = context.new_page()
        for path in visited:
            response = page.goto(f"{base_url}/{path}")
            assert response is not None and response.ok, path
            assert page.inner_text("article h1") == titles[path]
        page.goto(f"{base_url}/calculator/")
        assert page.evaluate(WHEEL_URL) == new_wheel
        compute(page, "9100")
        expected = money(cli("calc", "--city", "shanghai", "--base", "9100")["monthly"]["total"])
        page.wait_for_function("expected => document.querySelector('[data-guide-premium-result] tr[data-row=total] [data-cell]')"
                               ".textContent === expected", arg=expected, timeout=ENGINE_WAIT_MS)
        assert total(page) == expected
        assert json.loads((site / "api" / "v1" / "index.json").read_text(encoding="utf-8"))["site_url"] == base_url + "/"
    finally:
        context.close()
        server.shutdown()
