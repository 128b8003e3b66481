"""Render components: our own Jinja environment, autoescaped, failing on anything undefined.

The theme's environment does not autoescape, so content never goes through it. Each component's
template lives beside its script and styles in overrides/components/<name>/<name>.html.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from shebao_calculator.money import money_display, rate_display

from macros.content import Content
from macros.views.sanitise import markdown_escape, sanitise
from macros import PROJECT
from macros.views.script_strings import page_strings

COMPONENTS = PROJECT / "overrides" / "components"
# Compiled templates, kept between builds (Jinja checks each template's source before reusing its
# code): compiling the components took as long as rendering every page with them.
BYTECODE_CACHE = PROJECT / ".cache" / "jinja"


def _md(text: str) -> Markup:
    """Markdown for inline rich text in content (links, emphasis), sanitised (macros/views/sanitise.py)."""
    return Markup(_md_html(str(text)))


@cache
def _md_html(text: str) -> str:
    # Cached: the same texts recur on many pages (both languages' sources, city notes in city pages and
    # their embeds, the checklist and its print sheet), and one Markdown instance is reused (building
    # one per call cost more than the conversion).
    md = _markdown()
    html = sanitise(md.reset().convert(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


@cache
def _markdown() -> markdown.Markdown:
    # No extensions: attr_list would let content set attributes ({onclick=…}); the sanitiser drops
    # them anyway, but what is never parsed cannot slip through.
    return markdown.Markdown()


def heading_text(value: Any) -> Markup:
    """Content text for a Markdown heading in a template (`## {{ x | heading }}`): HTML-escaped, and
    every Markdown special character backslash-escaped, so a title is shown as written and can carry
    no link, emphasis or attr_list attributes ({: onclick=…})."""
    return escape(markdown_escape(str(value)))


def money(value: Decimal | str | None) -> str:
    """12345.6 → 12,345.60 (both languages use the same digits): the engine's one money format
    (shebao_calculator.money.money_display, half-up to the cent), so pages and the calculator agree."""
    if value is None:
        return "—"
    return money_display(Decimal(str(value)))


def whole(value: Decimal | str) -> str:
    """A figure shown without cents when it has none (average wages, bounds): 8,000 or 8,333.33."""
    amount = Decimal(str(value))
    return money(amount) if amount != amount.to_integral_value() else f"{int(amount):,}"


def percent(value: Decimal | str) -> str:
    """0.20 → 20%, 0.095 → 9.5% (the engine's rate format)."""
    return rate_display(Decimal(str(value)))


def date(value: dt.date | str | None, lang: str) -> str:
    if value is None:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        BYTECODE_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only checkout still builds, only slower
        return None
    return FileSystemBytecodeCache(str(BYTECODE_CACHE))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(COMPONENTS)),
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=_md, heading=heading_text, money=money, whole=whole, percent=percent)
    return env


PUNCTUATION: dict[str, dict[str, str]] = {
    "zh": {"colon": "：", "sep": "；", "comma": "、", "lp": "（", "rp": "）", "stop": "。"},
    "en": {"colon": ": ", "sep": "; ", "comma": ", ", "lp": " (", "rp": ")", "stop": ". "},
}
"""Punctuation differs by language; templates use {{ colon }}, {{ sep }}, {{ comma }}, {{ lp }}…{{ rp }},
and {{ stop }} between two sentences."""


class Renderer:
    """Renders component templates for one language with the validated content."""

    def __init__(self, content: Content, lang: str, extra: dict[str, Any] | None = None) -> None:
        self.content = content
        self.lang = lang
        self.extra = extra or {}

    def t(self, key: str, **values: Any) -> str:
        """A UI string in this page's language; an unknown key fails the build."""
        try:
            text = self.content.ui.strings[key].get(self.lang)
        except KeyError:
            raise KeyError(f"content/ui.yaml has no string '{key}'; add it with zh and en") from None
        return text.format(**values) if values else text

    def tx(self, text: Any) -> str:
        """The page's language of a bilingual Text."""
        return str(text.get(self.lang))

    def tx_plain(self, text: dict[str, str]) -> str:
        """The page's language of a plain {zh, en} dict (data exported for the calculator)."""
        return text[self.lang]

    def missing_names(self, insurances: list[str]) -> str:
        """The names of the insurances a total leaves out, as one list ('职工医保、失业保险')."""
        return PUNCTUATION[self.lang]["comma"].join(self.t(f"bill-name-{name}") for name in insurances)

    def render(self, template: str, **context: Any) -> Markup:
        html = environment().get_template(template).render(
            content=self.content, lang=self.lang, t=self.t, tx=self.tx, tx_plain=self.tx_plain,
            missing_names=self.missing_names,
            script_strings=lambda component: page_strings(component, self.content.ui.strings, self.t),
            **PUNCTUATION[self.lang],
            date=lambda value: date(value, self.lang), **self.extra, **context)
        # Python-Markdown treats indented lines as code: keep output flush. A blank line is kept (one
        # for a run) because it separates a Markdown heading from the HTML around it.
        lines = [line.strip() for line in html.strip().splitlines()]
        kept = [line for i, line in enumerate(lines) if line or lines[i - 1]]
        return Markup("\n".join(kept))
