"""Build the site into a temporary folder and swap it in only on success.

A failed build (bad content, a strict-mode warning) must leave the previous site/ untouched, so the
build never writes into site/ directly.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException


class BuildFailed(Exception):
    """The build stopped; the message says why. The previous site is intact."""


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(project: Path, site_dir: Path | None = None, site_url: str | None = None, strict: bool = True) -> Path:
    """Build project/mkdocs.yml into site_dir (default project/site) atomically; return site_dir."""
    target = (site_dir or project / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=target.parent))
    overrides: dict[str, Any] = {"site_dir": str(staging), "strict": strict}
    if site_url:
        overrides["site_url"] = site_url
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        config = load_config(str(project / "mkdocs.yml"), **overrides)
        build(config)
    except (Abort, MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        detail = "\n".join(counter.messages) or str(error)
        raise BuildFailed(f"build failed; the previous site was left as it was.\n{detail}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target
