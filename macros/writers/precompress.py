"""Precompressed copies (`.br`, `.gz`) of the calculator engine's large files, for hosts that serve them.

A first visit to the calculator downloads the engine: Pyodide's WebAssembly (9.6 MB, 3.6 MB as a host
gzips it on the fly, 2.7 MB as Brotli at its densest setting), its JavaScript, the small standard
library and our wheel. Static hosts compress on the fly at a fast setting; nginx (`brotli_static`,
`gzip_static`), Caddy (`file_server { precompressed br gzip }`) and Apache (a rewrite rule) can
instead send a file's precompressed sibling when the browser accepts that encoding. So the build
writes `<file>.br` (Brotli, quality 11) and `<file>.gz` (gzip, level 9) next to each engine file that
is large and compresses by at least MIN_SAVING: the page keeps asking for `<file>`, and a host that
does not know about siblings serves it as before. README, "Deploying", says how to switch it on.

Quality 11 takes about 30 s for the WebAssembly on a small machine, so each compressed copy is kept
in `.cache/precompressed/` under the SHA-256 of the file it was made from (a new Pyodide or engine is
a new file); later builds copy it.

Not here: the memory snapshot, which is gzipped inside its file (the worker inflates it itself, so
that it stays small on hosts that do not compress unknown types); a `.br` of it would need the
browser to inflate Brotli in JavaScript, which Chromium's DecompressionStream cannot (README,
Performance). The stdlib zip and the wheel are deflated inside (Brotli saves under 5%): MIN_SAVING
skips them.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import shutil
from pathlib import Path

from macros import PROJECT

CACHE = PROJECT / ".cache" / "precompressed"
MIN_BYTES = 32 * 1024
"""Smaller files gain too little to be worth two more files (and hosts compress them on the fly)."""
MIN_SAVING = 0.05
"""A sibling is written only if it is at least this much smaller than the file itself."""
BROTLI_QUALITY = 11
GZIP_LEVEL = 9
ENCODINGS = {".br": "br", ".gz": "gzip"}
"""Sibling suffix → the Content-Encoding a host sends with it."""
SKIP = (".snapshot",)
"""Already compressed inside (see above): a sibling would save nothing."""

log = logging.getLogger("mkdocs.plugins.guide")


def _compress(data: bytes, suffix: str) -> bytes:
    if suffix == ".br":
        import brotli  # type: ignore[import-untyped]

        return bytes(brotli.compress(data, quality=BROTLI_QUALITY))
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def compressed(source: Path, suffix: str) -> bytes:
    """The `suffix` (.br or .gz) encoding of `source`, from the cache or made and cached."""
    data = source.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    level = BROTLI_QUALITY if suffix == ".br" else GZIP_LEVEL
    cached = CACHE / f"{key}-{level}{suffix}"
    if cached.exists():
        return cached.read_bytes()
    result = _compress(data, suffix)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(cached.suffix + ".partial")
        partial.write_bytes(result)
        partial.replace(cached)
    except OSError:  # a read-only checkout: compress again next time
        pass
    return result


def write_precompressed(site_dir: Path, paths: list[str]) -> list[str]:
    """Write `.br`/`.gz` siblings of the site-relative `paths` worth compressing; return the siblings' paths."""
    written = []
    for path in paths:
        source = site_dir / path
        if path.endswith(SKIP) or not source.is_file() or source.stat().st_size < MIN_BYTES:
            continue
        size = source.stat().st_size
        for suffix in ENCODINGS:
            target = source.with_name(source.name + suffix)
            data = compressed(source, suffix)
            if len(data) > size * (1 - MIN_SAVING):
                target.unlink(missing_ok=True)
                continue
            target.write_bytes(data)
            shutil.copystat(source, target)
            written.append(f"{path}{suffix}")
    if written:
        log.info("precompressed engine files: %s", ", ".join(written))
    return written


def siblings(site_dir: Path) -> list[str]:
    """Site-relative paths of the precompressed siblings in a built site (for _headers and tests)."""
    found = []
    for suffix in ENCODINGS:
        for path in sorted((site_dir / "assets").rglob(f"*{suffix}")):
            if path.with_name(path.name[: -len(suffix)]).is_file():
                found.append(path.relative_to(site_dir).as_posix())
    return sorted(found)


def headers_note(site_dir: Path) -> list[str]:
    """Comment lines for _headers: which files have siblings, and why no rule here maps them.

    Netlify and Cloudflare Pages (the hosts that read _headers) compress on the fly and never send a
    file's sibling in its place; a `Content-Encoding` rule for the original would label uncompressed
    bytes as compressed and break the engine. So the mapping is for hosts that negotiate (README).
    """
    found = siblings(site_dir)
    if not found:
        return []
    return [
        "# Precompressed siblings (macros/writers/precompress.py): " + ", ".join(found) + ".",
        "# Hosts that negotiate them (nginx brotli_static/gzip_static, Caddy precompressed, Apache) send <file>.br",
        "# for <file> with Content-Encoding: br (.gz: gzip), the Content-Type of <file> and Vary: Accept-Encoding.",
        "# No rule here sets Content-Encoding: Netlify and Cloudflare Pages compress on the fly and never serve them.",
    ]
