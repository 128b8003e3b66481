"""Embeds: the macros of the embed pages and the embed code page (what the build writes for them after
the pages is in macros/writers/embeds.py).

Embed pages (`docs/embed/…`, template `overrides/embed.html`) show one component without the site's
chrome. The component is rendered by the same macro as on its full page; its links come from the site
map (url_for, relative to the page rendered), so they are right on either page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from macros import PROJECT
from macros.content import Content
from macros.plugin.sitemap import FULL_PAGES

COMPONENTS = PROJECT / "overrides" / "components"
KINDS = ("checklist", "calculator", "city", "offer-check")
SIZES = ("full", "compact")
"""`data-size` / `?size=`: the first is the default (no query parameter)."""

START_HEIGHTS: dict[str, dict[str, int]] = {
    "checklist": {"full": 3200, "compact": 560},
    "calculator": {"full": 5600, "compact": 720},
    "city": {"full": 2600, "compact": 600},
    "offer-check": {"full": 2900, "compact": 1150},
}
"""Height (CSS px) of an iframe before its page reports, and of the plain iframe snippet (no script to
size it): about the page's height at 360 px wide, so a phone reader rarely meets an inner scroll bar.
Measured in tests/browser/test_embed.py (the compact pages must fit theirs)."""

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
        macros = env.macros  # unprotected: the component's HTML comes straight into the frame
        inner = macros["city_page"](city_id) if kind == "city" else macros[kind.replace("-", "_")]()
        params = {"city": city_id} if kind == "city" and city_id else {}
        to_full = env.sitemap.url_for(env.page.url, FULL_PAGES[kind], **params)
        city = content.city(city_id) if city_id else None
        return renderer().render("embed/frame.html", kind=kind, city=city, full_href=to_full,
                                 component=Markup(str(inner)))

    @env.macro
    def embed_code() -> Markup:
        """The embed code page: pick component, language, city; preview; copy the snippet."""
        root = "../" * env.page.url.count("/")
        site_url = env.conf.get("site_url") or "/"
        return renderer().render("embed/embed-code.html", root=root, site_url=site_url,
                                 embed_script=env.sitemap.absolute(site_url, "embed-script"),
                                 default_src=env.sitemap.absolute(site_url, "embed-checklist", env.lang),
                                 cities=content.cities, heights=START_HEIGHTS)

    @env.macro
    def embed_contact() -> Markup:
        """Whom a site owner asks to be allowed to embed: `extra.guide.contact`, or nothing when unset."""
        from macros.writers.headers import guide_settings

        contact = guide_settings(env.conf).contact
        return renderer().render("embed/contact.html", contact=contact) if contact else Markup("")
