"""Copy the browser libraries the components import from node_modules into the built site.

Like Pyodide (macros/calculator_assets.py), a vendored library is never a hand copy in the repository
and never a CDN: the npm package pinned in package-lock.json is copied at build time to the URL its
component imports, so updating the package (npm) updates the site, and nothing can drift.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent

VENDORED: dict[str, str] = {
    # The print sheet's QR code (overrides/components/checklist/print-sheet.js imports ./vendor/qrcode.mjs).
    "components/checklist/vendor/qrcode.mjs": "qrcode-generator/dist/qrcode.mjs",
}
"""Site-relative URL -> file in node_modules."""


class VendorError(Exception):
    """A vendored package is missing from node_modules; the message says how to install it."""


def copy_vendored(site_dir: Path) -> list[str]:
    """Copy every vendored file into the site; return their site-relative URLs."""
    for url, source in VENDORED.items():
        path = PROJECT / "node_modules" / source
        if not path.is_file():
            raise VendorError(f"{path} is missing: run `npm ci` (or `make setup`) to install {source.split('/')[0]}")
        target = site_dir / url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return list(VENDORED)
