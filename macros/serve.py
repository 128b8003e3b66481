"""A static file server for site/ with the MIME types Pyodide needs (wasm streaming, ES modules)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"serving {site_dir} at http://{host}:{port}/ (Ctrl+C stops)")
        server.serve_forever()
