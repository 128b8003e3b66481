"""`guide serve`: sends site/_headers like a host would, links its reload script into pages (never
into a build), and rebuilds when a watched file changes."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from macros.writers.headers import CACHE_IMMUTABLE, CACHE_REVALIDATE
from macros.cli.serve import Reloader, preview_handler, snapshot, watch
from project_copy import build_copy, project_copy  # tests/


@pytest.fixture(scope="module")
def preview(site_dir: Path) -> Iterator[tuple[str, Reloader]]:
    reloader = Reloader()
    server = ThreadingHTTPServer(("127.0.0.1", 0), preview_handler(site_dir, "/", reloader))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", reloader
    server.shutdown()


def get(url: str) -> tuple[dict[str, list[str]], bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own local server
        headers: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        return headers, response.read()


def test_serve_sends_the_headers_file(preview: tuple[str, Reloader]) -> None:
    base, _ = preview
    headers, _ = get(f"{base}/steps/")
    policies = headers["content-security-policy"]
    assert any("script-src 'self' 'wasm-unsafe-eval'" in p for p in policies)
    assert "frame-ancestors 'self'" in policies
    assert headers["x-frame-options"] == ["SAMEORIGIN"]
    assert headers["cache-control"] == [CACHE_REVALIDATE]
    headers, _ = get(f"{base}/embed/checklist/")
    assert "x-frame-options" not in headers
    from macros.writers.calculator_assets import asset_urls

    headers, _ = get(f"{base}/{asset_urls()['wheel']}")
    assert headers["cache-control"] == [CACHE_IMMUTABLE]
    headers, _ = get(f"{base}/api/v1/index.json")
    assert headers["access-control-allow-origin"] == ["*"]


def test_pages_get_the_reload_script_only_from_serve(preview: tuple[str, Reloader], site_dir: Path) -> None:
    base, reloader = preview
    _, body = get(f"{base}/")
    assert f'<script src="/__guide__/reload.js?version={reloader.version}" defer></script></head>' in body.decode()
    headers, script = get(f"{base}/__guide__/reload.js")
    assert headers["content-type"][0].startswith("text/javascript") and b"location.reload()" in script
    for page in site_dir.rglob("*.html"):
        assert "__guide__" not in page.read_text(encoding="utf-8"), page
    assert "__guide__" not in (site_dir / "sw.js").read_text(encoding="utf-8").replace("__guide__/", "")


def test_the_wait_endpoint_answers_when_a_rebuild_lands(preview: tuple[str, Reloader]) -> None:
    base, reloader = preview
    seen = reloader.version
    answers: list[int] = []
    waiting = threading.Thread(target=lambda: answers.append(json.loads(get(f"{base}/__guide__/wait?version={seen}")[1])["version"]))
    waiting.start()
    reloader.bump()
    waiting.join(timeout=30)
    assert answers == [seen + 1]


def test_an_edit_rebuilds_the_site(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    site = tmp_path / "site"
    url = "http://127.0.0.1:8000/"
    before = snapshot(project)
    build_copy(project, site, url)
    assert snapshot(project) == before, "the build changed a watched file: serve would rebuild for ever"
    reloader = Reloader()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, site, url, reloader, stop, before), daemon=True)
    watcher.start()
    try:
        marker = "served-edit-marker-2718"
        docs = project / "docs" / "legal.md"
        docs.write_text(docs.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
        assert reloader.wait(1, timeout=180) == 2
        assert marker in (site / "legal" / "index.html").read_text(encoding="utf-8")
    finally:
        stop.set()
        watcher.join(timeout=30)
