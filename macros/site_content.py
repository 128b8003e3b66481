"""Load content once per build (hooks and macros share it), reloading when a file changes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from .content import Content, ContentError, load_content
from .content.export import calculator_data

PROJECT = Path(__file__).resolve().parent.parent
CONTENT_ENV = "GUIDE_CONTENT_DIR"


def content_root() -> Path:
    """content/ of this project, or the folder named by $GUIDE_CONTENT_DIR (tests, benchmarks)."""
    return Path(os.environ.get(CONTENT_ENV) or PROJECT / "content").resolve()


_cache: dict[Path, tuple[tuple[tuple[str, float], ...], Content]] = {}


def _stamp(root: Path) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((str(p), p.stat().st_mtime) for p in root.rglob("*.yaml")))


def site_content(root: Path) -> Content:
    """Validated content of `root`, or a PluginError listing every problem (the build stops)."""
    root = root.resolve()
    stamp = _stamp(root)
    cached = _cache.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        content = load_content(root)
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
