"""Embeds: the macros of the embed pages and the embed code page (what the build writes for them after
the pages is in macros/writers/embeds.py).

Embed pages (`docs/embed/…`, template `overrides/embed.html`) show one component without the site's
chrome. The component is rendered by the same macro as on its full page; its relative links were
written for the full page, so they are rebased onto it here (the print sheet link of the checklist
page is `../print/` on /checklist/, and must stay that from /embed/checklist/).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup

from macros import PROJECT
from macros.content import Content

COMPONENTS = PROJECT / "overrides" / "components"
KINDS = ("checklist", "calculator", "city")
SIZES = ("full", "compact")
"""`data-size` / `?size=`: the first is the default (no query parameter)."""

START_HEIGHTS: dict[str, dict[str, int]] = {
    "checklist": {"full": 3200, "compact": 560},
    "calculator": {"full": 5600, "compact": 720},
    "city": {"full": 2600, "compact": 600},
}
"""Height (CSS px) of an iframe before its page reports, and of the plain iframe snippet (no script to
size it): about the page's height at 360 px wide, so a phone reader rarely meets an inner scroll bar.
Measured in tests/browser/test_embed.py (the compact pages must fit theirs)."""

# An <a href> that is relative: not absolute, not root-relative, not a fragment, no scheme.
_RELATIVE_LINK = re.compile(r'(<a\s[^>]*?href=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)(")')


def full_page(kind: str, city_id: str | None) -> str:
    """The full page of a component, relative to the language root, e.g. cities/shanghai/."""
    return f"cities/{city_id}/" if kind == "city" else f"{kind}/"


def rebase_links(html: str, prefix: str) -> str:
    """Make the relative <a href>s of `html` relative to `prefix` (the full page, seen from here)."""
    return _RELATIVE_LINK.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}{m.group(3)}", html)


def _up(page_url: str, lang_prefix: str) -> str:
    """From a page at `page_url` (e.g. en/embed/checklist/) back to its language root (`lang_prefix`, en/)."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    lang_depth = lang_prefix.count("/")
    return "../" * (depth - lang_depth)


def register(env: Any, content: Content) -> None:
    """Add the embed macros (call after macros.register: they reuse its component macros)."""
    from macros.views.render import Renderer

    def renderer() -> Renderer:
        return Renderer(content, env.lang, {"build_date": dt.date.today()})

    @env.macro
    def embed_page(kind: str, city_id: str | None = None) -> Markup:
        """One component for an iframe, with a link to its full page that leaves the frame."""
        if kind not in KINDS:
            raise ValueError(f"embed_page: unknown component {kind!r}")
        macros = env.macros  # unprotected: their HTML comes straight here, to rebase its links
        inner = macros["city_page"](city_id) if kind == "city" else macros[kind]()
        to_full = _up(env.page.url, env.lang_prefix) + full_page(kind, city_id)
        city = content.city(city_id) if city_id else None
        return renderer().render("embed/frame.html", kind=kind, city=city, full_href=to_full,
                                 component=Markup(rebase_links(str(inner), to_full)))

    @env.macro
    def embed_code() -> Markup:
        """The embed code page: pick component, language, city; preview; copy the snippet."""
        root = "../" * env.page.url.count("/")
        site_url = env.conf.get("site_url") or "/"
        return renderer().render("embed/embed-code.html", root=root, site_url=site_url,
                                 cities=content.cities, heights=START_HEIGHTS)

    @env.macro
    def embed_contact() -> Markup:
        """Whom a site owner asks to be allowed to embed: `extra.guide.contact`, or nothing when unset."""
        from macros.writers.headers import guide_settings

        contact = guide_settings(env.conf).contact
        return renderer().render("embed/contact.html", contact=contact) if contact else Markup("")
