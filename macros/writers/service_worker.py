"""Write the site's service worker (sw.js at the site root) with its Workbox libraries and precache manifest.

Workbox (npm, pinned in package-lock.json) does the cache work: precaching with revisions, routing,
strategies and expiration. Its classic-script builds are copied from node_modules into a folder named
after their content hash (never a CDN) and loaded with importScripts, which `script-src 'self'` allows.

What the build tells the worker (filled into overrides/components/site/sw.js):

* the precache manifest: the unhashed scripts and styles every page loads (`components/site/`,
  Material's globals), the favicon, each language's search index with its lunr files (pages load the
  index only when the reader opens search), each with a revision (a hash of its bytes), plus Material's
  hashed bundles (the hash is in the name, so no revision). Workbox fetches only what changed when a
  new build is deployed;
* the engine: the files of the calculator engine this build links to (Pyodide, wheel, snapshot; all
  hashed names), so activation can replace an older engine a reader has kept;
* the patterns that tell hashed (immutable) files from the rest (`IMMUTABLE` below, shared with
  macros/writers/headers.py for Cache-Control).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from macros import PROJECT

TEMPLATE = PROJECT / "overrides" / "components" / "site" / "sw.js"
WORKBOX_PACKAGES = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration", "workbox-precaching")
"""In load order: each build attaches itself to the `workbox` global the ones before it made."""
WORKBOX_DIR = "assets/workbox"

IMMUTABLE = re.compile(r"(^|[./-])[0-9a-f]{8,}([./-]|$)")
"""A path whose name (or folder) carries a content hash: Material's bundles (`bundle.f13b1293.min.js`),
Pyodide and the wheel (`assets/pyodide/<hash>/`, `assets/calculator/wheel-<hash>/`), the snapshot
(`engine-<hash>.snapshot`), Workbox (`assets/workbox/<hash>/`). Such a URL never changes content."""

PRECACHE_UNHASHED = ("components/site/", "components/embed/material-globals.js", "assets/images/favicon.png")
"""Unhashed files every page loads: precached with a revision, fetched again only when it changes.
Other components' files and the figures are kept when a page uses them (the worker's guide-static
cache): precaching them would cost every first visit about 200 KB it may never need."""
PRECACHE_HASHED = ("assets/javascripts/bundle.", "assets/stylesheets/", "assets/javascripts/workers/search.")
LUNR_DIR = "assets/javascripts/lunr/min"


def search_files(site_dir: Path) -> list[str]:
    """Each language's search index and the lunr files Material's search worker imports for it.

    Pages load the index only when the reader opens search (components/site/search-on-demand.js), so a
    page visited online no longer leaves it in the cache: precached, search works offline on every page.
    """
    files: list[str] = []
    for index in sorted(site_dir.glob("**/search/search_index.json")):
        files.append(index.relative_to(site_dir).as_posix())
        langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
        names = [f"lunr.{lang}.min.js" for lang in langs if lang != "en"]
        if len(langs) > 1:
            names.append("lunr.multi.min.js")
        if names:
            names.append("lunr.stemmer.support.min.js")
        files += [f"{LUNR_DIR}/{name}" for name in names if f"{LUNR_DIR}/{name}" not in files]
    return [path for path in files if (site_dir / path).is_file()]


class ServiceWorkerError(Exception):
    """Workbox is missing from node_modules; the message says how to install it."""


def is_immutable(path: str) -> bool:
    """Whether a site-relative path names a file whose content can never change (a hash in its name)."""
    return bool(IMMUTABLE.search(path))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def copy_workbox(site_dir: Path) -> list[str]:
    """Copy Workbox's production builds into assets/workbox/<hash>/; return their site-relative paths."""
    sources = []
    for package in WORKBOX_PACKAGES:
        source = PROJECT / "node_modules" / package / "build" / f"{package}.prod.js"
        if not source.exists():
            raise ServiceWorkerError(f"{source} is missing: run `npm ci` (or `make setup`) to install Workbox")
        text = source.read_text(encoding="utf-8")
        sources.append((package, re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)))
    folder = f"{WORKBOX_DIR}/{_digest(''.join(text for _, text in sources).encode())[:12]}"
    (site_dir / folder).mkdir(parents=True, exist_ok=True)
    paths = []
    for package, text in sources:
        path = f"{folder}/{package}.js"
        (site_dir / path).write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def precache_manifest(site_dir: Path) -> list[dict[str, str | None]]:
    """[{url, revision}] for Workbox: revision None for hashed names, the content hash otherwise."""
    entries: list[dict[str, str | None]] = []
    search = set(search_files(site_dir))
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix == ".map":
            continue
        if relative.startswith(PRECACHE_HASHED) and is_immutable(relative):
            entries.append({"url": relative, "revision": None})
        elif (relative.startswith(PRECACHE_UNHASHED) and path.suffix in (".js", ".mjs", ".css", ".json", ".png")
              or relative in search):
            entries.append({"url": relative, "revision": _digest(path.read_bytes())[:16]})
    return entries


def write_service_worker(site_dir: Path, engine: list[str]) -> Path:
    """Write sw.js at the site root (a worker controls only URLs under its own folder).

    `engine` lists the site-relative URLs of the calculator engine this build links to.
    """
    libraries = copy_workbox(site_dir)
    for url in engine:
        if not is_immutable(url):
            raise ServiceWorkerError(f"engine file {url} has no content hash in its name")
    template = TEMPLATE.read_text(encoding="utf-8")
    text = (template
            .replace('"__GUIDE_WORKBOX__"', json.dumps(libraries))
            .replace('"__GUIDE_PRECACHE__"', json.dumps(precache_manifest(site_dir), separators=(",", ":")))
            .replace('"__GUIDE_ENGINE__"', json.dumps(engine))
            .replace('"__GUIDE_IMMUTABLE__"', json.dumps(IMMUTABLE.pattern)))
    target = site_dir / "sw.js"
    target.write_text(text, encoding="utf-8")
    return target
