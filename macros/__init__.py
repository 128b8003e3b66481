"""The build-time package of shebao-guide, folders by stage (README, Layout):

content/  models, loader, checks, export of content/*.yaml
plugin/   the one MkDocs plugin (`guide` in mkdocs.yml): per-build state, the site map, the HTML stash
views/    one module per component: the template context it renders from content
writers/  files the build writes besides pages (API, embeds, _headers, service worker, engine assets, search)
cli/      the `guide` command
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
"""The project folder (mkdocs.yml, content/, overrides/, calculator/)."""
