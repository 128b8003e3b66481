"""Embeds: the macros of the embed pages and the embed code page, and what the build writes for them.

Embed pages (`docs/embed/…`, template `overrides/embed.html`) show one component without the site's
chrome. The component is rendered by the same macro as on its full page; its relative links were
written for the full page, so they are rebased onto it here (the print sheet link of the checklist
page is `../print/` on /checklist/, and must stay that from /embed/checklist/).

After the build (`write_embed_files`, called from hooks.on_post_build): /embed.js (the host script,
generated from overrides/components/embed/embed-host.js with the allowlists filled in), the JSON API
(macros/api.py), site/_headers (macros/headers.py) and one oEmbed JSON per embed page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .content.base import LANGUAGES
from .html_stash import restore

COMPONENTS = Path(__file__).resolve().parent.parent / "overrides" / "components"
HOST_SCRIPT = COMPONENTS / "embed" / "embed-host.js"
CONFIG_MARK = re.compile(r"/\*@config\*/.*?/\*@end\*/", re.S)
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


def _up(page_url: str) -> str:
    """From a page at `page_url` (e.g. en/embed/checklist/) back to its language root."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    lang_depth = 1 if page_url.startswith("en/") else 0
    return "../" * (depth - lang_depth)


def register(env: Any) -> None:
    """Add the embed macros (call after pages.register: they reuse its component macros)."""
    from .pages import page_lang
    from .render import Renderer
    from .site_content import content_root, site_content

    content = site_content(content_root())

    def renderer() -> Renderer:
        return Renderer(content, page_lang(env.page), {"build_date": dt.date.today()})

    @env.macro
    def embed_page(kind: str, city_id: str | None = None) -> Markup:
        """One component for an iframe, with a link to its full page that leaves the frame."""
        if kind not in KINDS:
            raise ValueError(f"embed_page: unknown component {kind!r}")
        macros = env.macros
        inner = macros["city_page"](city_id) if kind == "city" else macros[kind]()
        inner = restore(inner)  # the macro's HTML, back from macros/html_stash.py, to rebase its links
        to_full = _up(env.page.url) + full_page(kind, city_id)
        city = content.city(city_id) if city_id else None
        return renderer().render("embed/frame.html", kind=kind, city=city, full_href=to_full,
                                 component=Markup(rebase_links(str(inner), to_full)))

    @env.macro
    def embed_code() -> Markup:
        """The embed code page: pick component, language, city; preview; copy the snippet."""
        root = _up(env.page.url) + ("../" if env.page.url.startswith("en/") else "")
        site_url = env.conf.get("site_url") or "/"
        return renderer().render("embed/embed-code.html", root=root, site_url=site_url,
                                 cities=content.cities, heights=START_HEIGHTS)

    @env.macro
    def embed_contact() -> Markup:
        """Whom a site owner asks to be allowed to embed: `extra.guide.contact`, or nothing when unset."""
        from .headers import guide_settings

        contact = guide_settings(env.conf).contact
        return renderer().render("embed/contact.html", contact=contact) if contact else Markup("")


def host_config(content: Any) -> dict[str, Any]:
    """What /embed.js knows at run time: the allowlists and the iframe titles, from content."""
    from .render import Renderer

    titles: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        view = Renderer(content, lang)
        titles[lang] = {
            "checklist": view.t("embed-frame-title", name=view.t("embed-checklist")),
            "calculator": view.t("embed-frame-title", name=view.t("embed-calculator")),
            **{f"city:{c.id}": view.t("embed-frame-title", name=view.t("embed-city", city=view.tx(c.name)))
               for c in content.cities},
        }
    return {"components": list(KINDS), "languages": list(LANGUAGES), "cities": [c.id for c in content.cities],
            "titles": titles, "sizes": list(SIZES), "heights": START_HEIGHTS}


def host_script(content: Any) -> str:
    source = HOST_SCRIPT.read_text(encoding="utf-8")
    config = json.dumps(host_config(content), ensure_ascii=True, separators=(",", ":"))
    script, count = CONFIG_MARK.subn(lambda _: config, source)
    if count != 1:
        raise ValueError(f"{HOST_SCRIPT}: expected one /*@config*/…/*@end*/ marker, found {count}")
    return script


def oembed(site_url: str, page: str, title: str, kind: str) -> dict[str, Any]:
    """A static oEmbed response (type rich) for one embed page: a plain iframe of its compact form (a
    pasted link should not push the rest of an article 5,000 px down); embed.js, when the host page
    has it, adopts the iframe and sizes it."""
    height = START_HEIGHTS[kind]["compact"]
    return {"version": "1.0", "type": "rich", "provider_name": "shebao-guide", "provider_url": site_url,
            "title": title, "width": 800, "height": height,
            "html": f'<iframe src="{escape(site_url + page)}?size=compact" title="{escape(title)}" width="800" '
                    f'height="{height}" style="border:0;width:100%" loading="lazy"></iframe>'}


def write_embed_files(site_dir: Path, config: Any, content: Any) -> None:
    """/embed.js, api/v1/, _headers and oembed.json files, into the built site."""
    from .api import write_api
    from .headers import guide_settings, write_headers

    settings = guide_settings(config)
    site_url = config.get("site_url") or "/"
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    (site_dir / "embed.js").write_text(host_script(content), encoding="utf-8")
    # Only the generated copy is public: the template (empty allowlists) must not be mistaken for it.
    (site_dir / "components" / "embed" / "embed-host.js").unlink(missing_ok=True)
    write_api(site_dir, content, site_url)
    titles = host_config(content)["titles"]
    for lang in LANGUAGES:
        prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
        pages = {"embed/checklist/": ("checklist", titles[lang]["checklist"]),
                 "embed/calculator/": ("calculator", titles[lang]["calculator"]),
                 **{f"embed/cities/{c.id}/": ("city", titles[lang][f"city:{c.id}"]) for c in content.cities}}
        for page, (kind, title) in pages.items():
            folder = site_dir / prefix / page
            if folder.is_dir():
                (folder / "oembed.json").write_text(
                    json.dumps(oembed(site_url, prefix + page, title, kind), ensure_ascii=False), encoding="utf-8")
    write_headers(site_dir, site_url, settings.embed_hosts)
