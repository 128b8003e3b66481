"""Build the site into a temporary folder and swap it in only on success, in one atomic step.

A failed build (bad content, a strict-mode warning) must leave the previous site/ untouched, so the
build never writes into site/ directly. The finished build replaces site/ with one
renameat2(RENAME_EXCHANGE) on Linux: at every moment site/ is either the whole old site or the whole
new one, so a server reading it (`guide serve` while it rebuilds, a host syncing the folder) never
sees a missing or half-written site. Where the call is missing (other systems, old kernels, some
file systems) two renames are the fallback, with a moment between them where site/ does not exist.

A deployable build needs the site's real public URL (canonical links, sitemap, API, the QR code on
the print sheet carry it): `--site-url` or `site_url` in mkdocs.yml. A preview build (`guide serve`,
`guide build --preview`, tests, bench) may use a local address and is marked as not deployable.
"""

from __future__ import annotations

import ctypes
import errno
import ipaddress
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

PREVIEW_URL = "http://127.0.0.1:8000/"
PREVIEW_MARK = "PREVIEW-NOT-DEPLOYABLE.txt"
NO_SITE_URL = ("no site URL: a deployable build needs the address the site will be published at "
               "(canonical links, the sitemap, the API and the print sheet's QR code carry it). "
               "Pass --site-url https://example.org/shebao/ (make build SITE_URL=…) or set site_url in mkdocs.yml; "
               "for a local preview run `guide serve` (or `make serve`), or `guide build --preview`.")
LEGACY_STALE_SECONDS = 3600
"""Build folders from before folders carried their process id are swept once this old."""


class BuildFailed(Exception):
    """The build stopped; the message says why. The previous site is intact."""


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def resolve_site_url(configured: str | None, given: str | None, preview: bool) -> str:
    """The URL to build for: the option, else mkdocs.yml; a preview falls back to PREVIEW_URL."""
    url = (given or configured or "").strip()
    if not url:
        if preview:
            return PREVIEW_URL
        raise BuildFailed(NO_SITE_URL)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BuildFailed(f"site URL '{url}' is not an http(s) address such as https://example.org/shebao/")
    if _is_local(url) and not preview:
        raise BuildFailed(f"site URL '{url}' is a local address, which only a preview may use. " + NO_SITE_URL)
    return url if url.endswith("/") else url + "/"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep_stale_builds(target: Path) -> list[Path]:
    """Delete build folders that a killed build of `target` left beside it; return what was deleted.

    Only folders named like ours (`.<name>-build-<pid>-…`, `.<name>-old`), real directories (not
    links) owned by this user, whose build process is gone, are touched. Names without a process id
    (`.<name>-old` of the fallback swap, folders from older versions) only when an hour old, and
    `.<name>-old` never while `<name>` itself is missing (it may be the only copy of the site).
    """
    ours = re.compile(rf"\.{re.escape(target.name)}-build-(?:(\d+)-)?[A-Za-z0-9_]+|\.{re.escape(target.name)}-old")
    swept = []
    for entry in target.parent.iterdir():
        match = ours.fullmatch(entry.name)
        if not match:
            continue
        try:
            info = entry.lstat()
        except OSError:
            continue
        if not entry.is_dir() or entry.is_symlink() or info.st_uid != os.getuid():
            continue
        if entry.name.endswith("-old") and not target.exists():
            continue
        pid = match.group(1) if match.lastindex else None
        if pid is not None:
            if int(pid) == os.getpid() or _pid_alive(int(pid)):
                continue
        elif time.time() - info.st_mtime < LEGACY_STALE_SECONDS:  # no pid: only when clearly abandoned
            continue
        shutil.rmtree(entry, ignore_errors=True)
        swept.append(entry)
    return swept


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc before 2.28, musl
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_into_place(staging: Path, target: Path) -> None:
    """Make `staging` the new `target` in one step; the old site is deleted afterwards."""
    if not target.exists() and not target.is_symlink():
        staging.rename(target)  # atomic: nothing to replace
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        return
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _mark_preview(site: Path, site_url: str) -> None:
    (site / PREVIEW_MARK).write_text(
        f"This site was built as a local preview for {site_url}; do not deploy it.\n"
        "Its links, sitemap, API and QR codes point at that address. Build for the public address with\n"
        "`guide build --site-url https://example.org/shebao/` (see README, Deploying).\n", encoding="utf-8")
    (site / "robots.txt").write_text("# local preview, not deployable\nUser-agent: *\nDisallow: /\n", encoding="utf-8")


def build_site(project: Path, site_dir: Path | None = None, site_url: str | None = None, strict: bool = True,
               preview: bool = False) -> Path:
    """Build project/mkdocs.yml into site_dir (default project/site) atomically; return site_dir.

    Without `preview` a real site URL (argument or mkdocs.yml) is required (BuildFailed otherwise).
    """
    target = (site_dir or project / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_builds(target)
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-{os.getpid()}-", dir=target.parent))
        overrides: dict[str, Any] = {"site_dir": str(staging), "strict": strict}
        config = load_config(str(project / "mkdocs.yml"), **overrides)
        url = resolve_site_url(config.get("site_url"), site_url, preview)
        config["site_url"] = url
        build(config)
        if preview:
            _mark_preview(staging, url)
            from macros.writers.headers import guide_settings, write_headers

            write_headers(staging, url, guide_settings(config).embed_hosts)  # with the marks in it
    except BuildFailed:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    except (Abort, MkDocsException, SystemExit) as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        detail = "\n".join(counter.messages) or str(error)
        raise BuildFailed(f"build failed; the previous site was left as it was.\n{detail}") from None
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    swap_into_place(staging, target)
    return target
