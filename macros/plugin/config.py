"""The options of the `guide` plugin in mkdocs.yml (typed, checked by MkDocs when the config loads)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GuideConfig(Config):
    """plugins: - guide: {content: content, snapshot: true}"""

    content = c.Type(str, default="content")
    """The content folder, relative to mkdocs.yml ($GUIDE_CONTENT_DIR overrides it: tests, benchmarks)."""
    snapshot = c.Type(bool, default=True)
    """Make the calculator's Pyodide memory snapshot and small standard library (needs Node; a speed-up)."""
