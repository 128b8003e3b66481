"""City pages are generated from content/cities/*.yaml as short stubs in docs/cities/ (git-ignored)
before files are collected, so mkdocs-static-i18n treats them like every other page: both languages,
language switcher alternates, navigation and search all work unchanged. Their embed pages likewise in
docs/embed/cities/.
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.content import Content
from macros.content.base import SLUG_PATTERN

GENERATED_MARK = "<!-- generated from content/cities by macros/plugin/city_pages.py; do not edit -->"
GENERATED_PREFIX = "<!-- generated from content/cities by macros/"
"""Also matches the mark of stubs written before the plugin (by macros/hooks.py), so those are removed too."""


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def city_stub(city_id: str, embed: bool = False) -> str:
    """The page source of a city page (or its embed page). Content is data, never page source: the
    stub holds nothing but the city's id (a validated slug, checked again here) in macro calls; the
    macros render the name, escaped, as the page's heading (mkdocs-macros renders the stub as Jinja,
    and a name written into it would run as template code)."""
    if not re.fullmatch(SLUG_PATTERN, city_id):
        raise ValueError(f"city id {city_id!r} is not a slug; refusing to write it into a page")
    front = "---\ntemplate: embed.html\nsearch:\n  exclude: true\n---\n" if embed else ""
    body = f'{{{{ embed_page("city", "{city_id}") }}}}' if embed else f'{{{{ city_page("{city_id}") }}}}'
    # The heading comes first: MkDocs takes the page title from a leading h1.
    return f'{front}{{{{ city_title("{city_id}") }}}}\n\n{GENERATED_MARK}\n\n{body}\n'


def write_city_stubs(docs_dir: Path, content: Content, suffixes: list[str]) -> None:
    """One page and one embed page per city and language (`suffixes`: '' for the default language, then
    '.en', …); stubs of cities no longer in content are removed."""
    city_dir = docs_dir / "cities"
    embed_dir = docs_dir / "embed" / "cities"
    embed_dir.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for city in content.cities:
        for suffix in suffixes:
            path = city_dir / f"{city.id}{suffix}.md"
            wanted.add(path)
            _write_if_changed(path, city_stub(city.id))
            path = embed_dir / f"{city.id}{suffix}.md"
            wanted.add(path)
            _write_if_changed(path, city_stub(city.id, embed=True))
    for path in [*city_dir.glob("*.md"), *embed_dir.glob("*.md")]:
        if path not in wanted and GENERATED_PREFIX in path.read_text(encoding="utf-8"):
            path.unlink()
