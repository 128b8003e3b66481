"""Component tests: each component's template rendered in Python from its example data, both languages.

overrides/components/<component>/examples.yaml holds content files in their usual format; each example is
laid over the fixture content (tests/fixtures/content/), loaded by the real loader (so examples are valid
content), and the component's macro renders it for a page in each language, as the build would.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from macros.content import load_content
from macros.content.export import calculator_data
from macros.plugin.sitemap import SiteMap
from macros.views.macros import page_macros

PROJECT = Path(__file__).resolve().parents[1]
COMPONENTS = PROJECT / "overrides" / "components"
FIXTURE = PROJECT / "tests" / "fixtures" / "content"
SITEMAP = SiteMap(("zh", "en"))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Example:
    name: str
    files: dict[str, Any]
    expect: dict[str, list[str]]
    never: list[str]


def examples(component: str) -> list[Example]:
    data = yaml.safe_load((COMPONENTS / component / "examples.yaml").read_text(encoding="utf-8"))
    return [Example(e["name"], e["files"], e.get("expect", {}), e.get("never", [])) for e in data["examples"]]


def render(tmp: Path, example: Example, macro: str, page: str, lang: str, *args: Any) -> str:
    """`macro(*args)` for the page at `page` (e.g. checklist/) in `lang`, over the example's content."""
    root = tmp / example.name / "content"
    if not root.exists():
        shutil.copytree(FIXTURE, root)
        for name in ("ui.yaml", "national.yaml"):
            shutil.copy(PROJECT / "content" / name, root / name)
        for relative, data in example.files.items():
            (root / relative).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    content = load_content(root)
    env = page_macros({"site_url": "https://example.test/guide/"}, SITEMAP, content, calculator_data(content))
    env.page = SimpleNamespace(url=SITEMAP.prefix(lang) + page)
    return str(env.macros[macro](*args))


class _Balance(HTMLParser):
    """Every element that is opened is closed, in order (the HTML a template writes by hand)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]
        else:
            self.open.pop()


def check(html: str, example: Example, lang: str) -> None:
    """Balanced elements, the example's texts present (escaped as written in the example), nothing of what
    must never reach a page, and no text of the other language's expectations."""
    check_safe(html, example)
    for text in example.expect.get(lang, []):
        assert text in html, f"{example.name} ({lang}): {text!r} not in the rendered component"
    for other, texts in example.expect.items():
        if other != lang:
            for text in texts:
                assert text not in html or text in example.expect.get(lang, []), \
                    f"{example.name} ({lang}): {other} text {text!r} shown"


def check_safe(html: str, example: Example) -> None:
    """Balanced elements, and nothing of what must never reach a page."""
    parser = _Balance()
    parser.feed(html)
    parser.close()
    assert not parser.errors and not parser.open, (parser.errors, parser.open)
    for text in example.never:
        assert text not in html, f"{example.name}: {text!r} reached the page"
