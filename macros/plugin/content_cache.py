"""Load content for a build (the plugin loads it once per build and hands it to every view and writer).

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

from mkdocs.exceptions import PluginError

from macros import PROJECT
from macros.content import Content, ContentError, load_content
from macros.content.yaml_source import MAX_FILE_BYTES

CONTENT_ENV = "GUIDE_CONTENT_DIR"
CACHE_DIR = PROJECT / ".cache" / "content"
CACHE_KEEP = 8  # newest cached contents kept (content/ and the test fixtures)
MODELS = PROJECT / "macros" / "content"


def content_root() -> Path:
    """content/ of this project, or the folder named by $GUIDE_CONTENT_DIR (tests, benchmarks)."""
    return Path(os.environ.get(CONTENT_ENV) or PROJECT / "content").resolve()


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


def site_content(root: Path) -> Content:
    """Validated content of `root`, or a PluginError listing every problem (the build stops)."""
    try:
        return _load_cached(root.resolve())
    except ContentError as error:
        lines = "\n".join(str(p) for p in error.problems)
        raise PluginError(f"content/ has {len(error.problems)} problem(s):\n{lines}") from None


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
    """load_content(root), from macros.cache/content/ when nothing it depends on changed."""
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
