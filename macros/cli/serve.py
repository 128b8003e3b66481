"""The local preview server behind `guide serve`: site/ as a host would send it, rebuilt on every edit.

* MIME types Pyodide needs (wasm streaming, ES modules).
* The headers of site/_headers (CSP, framing, Cache-Control), as Netlify or Cloudflare Pages send
  them, so a page that breaks the policy breaks here first, not after deploying.
* Watches content/, docs/, overrides/, macros/ and mkdocs.yml; on a change it rebuilds in a fresh
  process (so edited Python in macros/ is used) and swaps the site in atomically (site_build.py); open
  pages reload. The reload script is a file served only by this server (/__guide__/reload.js, linked
  into each HTML answer on the way out), never part of a build, and needs no inline script.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from macros.writers.headers import headers_for, parse_headers
from macros import PROJECT

WATCHED = ("content", "docs", "overrides", "macros", "mkdocs.yml")
RELOAD_SCRIPT = Path(__file__).resolve().parent / "serve_reload.js"
RELOAD_PREFIX = "/__guide__/"
WAIT_SECONDS = 25.0
POLL_SECONDS = 0.5


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".webmanifest": "application/manifest+json",
        ".ics": "text/calendar; charset=utf-8",  # the payment reminders (macros/writers/calendar.py)
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class Reloader:
    """The build version open pages wait on; bumped after each successful rebuild."""

    def __init__(self) -> None:
        self.version = 1
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float = WAIT_SECONDS) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class PreviewHandler(SiteHandler):
    """SiteHandler that sends site/_headers and, with a Reloader, links the reload script into pages."""

    site_dir: Path
    base_path = "/"
    reloader: Reloader | None = None
    _rules: tuple[float, list[tuple[str, list[tuple[str, str]]]]] = (0.0, [])

    def _header_rules(self) -> list[tuple[str, list[tuple[str, str]]]]:
        path = self.site_dir / "_headers"
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return []
        cached_mtime, rules = PreviewHandler._rules
        if mtime != cached_mtime:
            rules = parse_headers(path.read_text(encoding="utf-8"))
            PreviewHandler._rules = (mtime, rules)
        return rules

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        if not path.startswith(RELOAD_PREFIX):
            for name, value in headers_for(self._header_rules(), self.base_path.rstrip("/") + path):
                if name.lower() != "content-type":  # sent already, from extensions_map: one is enough
                    self.send_header(name, value)
        super().end_headers()

    def _send(self, body: bytes, content_type: str, own: bool = True) -> None:
        """Answer with `body`; `own` answers (reload script, wait) are never cached, pages get _headers'."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if own:
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if self.reloader is not None and url.path == f"{RELOAD_PREFIX}reload.js":
            self._send(RELOAD_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
            return
        if self.reloader is not None and url.path == f"{RELOAD_PREFIX}wait":
            try:
                seen = int(parse_qs(url.query).get("version", ["0"])[0])
            except ValueError:
                seen = 0
            version = self.reloader.wait(seen)
            self._send(json.dumps({"version": version}).encode(), "application/json")
            return
        if self.reloader is not None:
            page = Path(self.translate_path(self.path))
            if page.is_dir() and url.path.endswith("/"):
                page = page / "index.html"
            if page.suffix == ".html" and page.is_file():
                html = page.read_text(encoding="utf-8")
                tag = f'<script src="{RELOAD_PREFIX}reload.js?version={self.reloader.version}" defer></script>'
                html = html.replace("</head>", f"{tag}</head>", 1)
                self._send(html.encode("utf-8"), "text/html; charset=utf-8", own=False)
                return
        super().do_GET()


def preview_handler(site_dir: Path, base_path: str = "/", reloader: Reloader | None = None) -> functools.partial[PreviewHandler]:
    handler = type("Handler", (PreviewHandler,), {"site_dir": site_dir, "base_path": base_path, "reloader": reloader})
    return functools.partial(handler, directory=str(site_dir))


def _snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file, leaving out the city stubs the build itself writes."""
    found: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        root = project / name
        paths = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        for path in paths:
            relative = path.relative_to(project).as_posix()
            if "__pycache__" in relative or relative.startswith("docs/embed/cities/") or (
                    relative.startswith("docs/cities/") and not Path(relative).name.startswith("index.")):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                found[relative] = (info.st_mtime_ns, info.st_size)
    return found


def _rebuild(project: Path, site_dir: Path, site_url: str) -> bool:
    command = [sys.executable, "-m", "macros.cli", "build", "--preview", "--site-url", site_url, "--site-dir", str(site_dir)]
    print("change seen: rebuilding …", flush=True)
    done = subprocess.run(command, cwd=project, check=False, env={**os.environ, "PYTHONPATH": str(project)})
    if done.returncode == 0:
        print("rebuilt; open pages reload", flush=True)
        return True
    print("rebuild failed (see above); still serving the previous site", flush=True)
    return False


def snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """What `watch` compares against: take it before the site is built, so no edit slips between."""
    return _snapshot(project)


def watch(project: Path, site_dir: Path, site_url: str, reloader: Reloader, stop: threading.Event,
          seen: dict[str, tuple[int, int]] | None = None) -> None:
    """Rebuild whenever a watched file changes (edits made during a build trigger another)."""
    seen = _snapshot(project) if seen is None else seen
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(project)
        if now == seen:
            continue
        time.sleep(POLL_SECONDS)  # let an editor finish writing
        seen = _snapshot(project)
        if _rebuild(project, site_dir, site_url):
            reloader.bump()


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, site_url: str | None = None,
          watch_project: Path | None = None, seen: dict[str, tuple[int, int]] | None = None) -> None:
    """Serve site_dir with its _headers; with watch_project, rebuild and reload on changes."""
    reloader = Reloader() if watch_project is not None else None
    base_path = urlsplit(site_url).path if site_url else "/"
    with http.server.ThreadingHTTPServer((host, port), preview_handler(site_dir, base_path, reloader)) as server:
        server.daemon_threads = True
        stop = threading.Event()
        if watch_project is not None and reloader is not None:
            threading.Thread(target=watch, args=(watch_project, site_dir, site_url or f"http://{host}:{port}/",
                                                 reloader, stop, seen), daemon=True).start()
        print(f"serving {site_dir} at http://{host}:{port}/ with its _headers"
              f"{'; rebuilding on changes' if watch_project else ''} (local preview; Ctrl+C stops)")
        try:
            server.serve_forever()
        finally:
            stop.set()
