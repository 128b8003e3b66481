"""Load content once per build (hooks and macros share it), reloading when a file changes.

Between builds, validated content is kept in .cache/content/, keyed by the bytes of every content
file, the models' source and the day (staleness warnings depend on it): a build whose content did
not change skips parsing and validating it. Content with problems is never cached, so its messages
always come from a fresh load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from .content import Content, ContentError, load_content
from .content.export import calculator_data
from .content.yaml_source import MAX_FILE_BYTES

PROJECT = Path(__file__).resolve().parent.parent
CONTENT_ENV = "GUIDE_CONTENT_DIR"
CACHE_DIR = PROJECT / ".cache" / "content"
CACHE_KEEP = 8  # newest cached contents kept (content/ and the test fixtures)
MODELS = Path(__file__).resolve().parent / "content"


def content_root() -> Path:
    """content/ of this project, or the folder named by $GUIDE_CONTENT_DIR (tests, benchmarks)."""
    return Path(os.environ.get(CONTENT_ENV) or PROJECT / "content").resolve()


_cache: dict[Path, tuple[tuple[tuple[str, float, int], ...], Content]] = {}


def _content_files(root: Path) -> list[tuple[Path, os.stat_result]]:
    """Every *.yaml and *.yml entry under `root`, with its own metadata (links are not followed: the
    loader refuses anything but a regular file, with a message, so nothing here may hang or fail)."""
    entries = []
    for path in sorted({*root.rglob("*.yaml"), *root.rglob("*.yml")}):
        try:
            entries.append((path, path.lstat()))
        except OSError:  # removed while listing
            continue
    return entries


def _stamp(root: Path) -> tuple[tuple[str, float, int], ...]:
    return tuple((str(path), info.st_mtime, info.st_size) for path, info in _content_files(root))


def site_content(root: Path) -> Content:
    """Validated content of `root`, or a PluginError listing every problem (the build stops)."""
    root = root.resolve()
    stamp = _stamp(root)
    cached = _cache.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        content = _load_cached(root)
    except ContentError as error:
        lines = "\n".join(str(p) for p in error.problems)
        raise PluginError(f"content/ has {len(error.problems)} problem(s):\n{lines}") from None
    _cache[root] = (stamp, content)
    return content


_exports: dict[Path, tuple[Content, dict[str, Any]]] = {}


def site_calculator_data(root: Path) -> dict[str, Any]:
    """The calculator's export of `root`'s content (macros/content/export.py), made once per content."""
    content = site_content(root)
    cached = _exports.get(root.resolve())
    if cached and cached[0] is content:
        return cached[1]
    data = calculator_data(content)
    _exports[root.resolve()] = (content, data)
    return data


def _cache_key(root: Path) -> str:
    digest = hashlib.sha256(f"{dt.date.today().isoformat()}\n{root}\n".encode())
    for path in sorted(MODELS.rglob("*.py")):
        digest.update(path.read_bytes())
    for path, info in _content_files(root):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
            digest.update(path.read_bytes())
        else:  # not loadable: load_content reports it, and content with problems is never cached
            digest.update(f"{info.st_mode} {info.st_size} {info.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def _load_cached(root: Path) -> Content:
    """load_content(root), from .cache/content/ when nothing it depends on changed."""
    cached = CACHE_DIR / f"{_cache_key(root)}.pickle"
    try:
        with cached.open("rb") as file:
            content = pickle.load(file)
        if isinstance(content, Content):
            return content
    except Exception:  # noqa: BLE001 - a missing, old or broken cache entry only means a fresh load
        pass
    content = load_content(root)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=CACHE_DIR, suffix=".partial", delete=False) as partial:
            pickle.dump(content, partial, protocol=pickle.HIGHEST_PROTOCOL)
        Path(partial.name).replace(cached)
        entries = sorted(CACHE_DIR.glob("*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only checkout still builds
        pass
    return content
