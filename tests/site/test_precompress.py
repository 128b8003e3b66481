"""Precompressed siblings of the engine's large files (macros/writers/precompress.py), from the built site.

Each sibling inflates to exactly its file; only files worth it get one (not the snapshot, gzipped
inside, nor the deflated zips); _headers names them without mapping a Content-Encoding (the hosts that
read it never serve siblings); the bench's throttled host sends the sibling the browser accepts.
"""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

import brotli  # type: ignore[import-untyped]

from macros.writers.calculator_assets import asset_urls, pyodide_dir
from macros.writers.headers import parse_headers
from macros.writers.precompress import siblings


def test_the_webassembly_and_its_javascript_have_both_siblings_that_inflate_to_them(site_dir: Path) -> None:
    found = set(siblings(site_dir))
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs"):
        path = f"{pyodide_dir()}/{name}"
        assert {f"{path}.br", f"{path}.gz"} <= found
        original = (site_dir / path).read_bytes()
        br = (site_dir / f"{path}.br").read_bytes()
        gz = (site_dir / f"{path}.gz").read_bytes()
        assert brotli.decompress(br) == original
        assert gzip.decompress(gz) == original
        assert len(br) < len(gz) < len(original)


def test_no_sibling_where_it_saves_nothing(site_dir: Path) -> None:
    found = siblings(site_dir)
    for part in ("snapshot", "stdlib", "wheel"):
        assert not [path for path in found if path.startswith(asset_urls()[part])], part


def test_headers_name_the_siblings_and_map_no_encoding(site_dir: Path) -> None:
    text = (site_dir / "_headers").read_text(encoding="utf-8")
    assert f"{pyodide_dir()}/pyodide.asm.wasm.br" in text
    for _, headers in parse_headers(text):
        assert "Content-Encoding" not in {name for name, _ in headers}


def test_the_bench_host_sends_the_sibling_the_browser_accepts(site_dir: Path) -> None:
    from bench.throttled import accepted, serve_throttled

    assert accepted("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted("br;q=0, gzip;q=0.5") == {"gzip"}
    server, base = serve_throttled(site_dir)
    try:
        url = f"{base}/{pyodide_dir()}/pyodide.asm.mjs"
        original = (site_dir / pyodide_dir() / "pyodide.asm.mjs").read_bytes()
        for accept, encoding, inflate in (("gzip, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)):
            request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.headers["Content-Encoding"] == encoding
                assert response.headers["Vary"] == "Accept-Encoding"
                assert "immutable" in response.headers["Cache-Control"]
                assert inflate(response.read()) == original
    finally:
        server.shutdown()
