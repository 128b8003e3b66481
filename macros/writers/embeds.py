"""What the build writes for embeds, after the pages: /embed.js (the host script, generated from
overrides/components/embed/embed-host.js with the allowlists filled in), the JSON API (writers/api.py),
site/_headers (writers/headers.py) and one oEmbed JSON per embed page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from macros.content import Content
from macros.plugin.sitemap import EMBED_PAGES, PAGES, SiteMap
from macros.views.embed import COMPONENTS, KINDS, SIZES, START_HEIGHTS
from macros.views.render import Renderer

HOST_SCRIPT = COMPONENTS / "embed" / "embed-host.js"
CONFIG_MARK = re.compile(r"/\*@config\*/.*?/\*@end\*/", re.S)


def host_config(content: Content, sitemap: SiteMap) -> dict[str, Any]:
    """What /embed.js knows at run time: the allowlists and the iframe titles, from content."""
    titles: dict[str, dict[str, str]] = {}
    for lang in sitemap.languages:
        view = Renderer(content, lang)
        titles[lang] = {
            "checklist": view.t("embed-frame-title", name=view.t("embed-checklist")),
            "calculator": view.t("embed-frame-title", name=view.t("embed-calculator")),
            "offer-check": view.t("embed-frame-title", name=view.t("offer-check")),
            **{f"city:{c.id}": view.t("embed-frame-title", name=view.t("embed-city", city=view.tx(c.name)))
               for c in content.cities},
        }
    # The site map's embed pages for the script to build iframe URLs from (not hard-coded in it): each
    # language's prefix, and each component's page under it ({city} stands for a city id).
    urls = {"prefixes": {lang: sitemap.prefix(lang) for lang in sitemap.languages},
            "pages": {kind: PAGES[page] for kind, page in EMBED_PAGES.items()}}
    return {"components": list(KINDS), "languages": list(sitemap.languages), "cities": [c.id for c in content.cities],
            "works": [kind.id for kind in content.offer_check.kinds],
            "titles": titles, "sizes": list(SIZES), "heights": START_HEIGHTS, "urls": urls}


def host_script(content: Content, sitemap: SiteMap) -> str:
    source = HOST_SCRIPT.read_text(encoding="utf-8")
    config = json.dumps(host_config(content, sitemap), ensure_ascii=True, separators=(",", ":"))
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


def write_embed_files(site_dir: Path, config: Any, content: Content, sitemap: SiteMap) -> None:
    """/embed.js, api/v1/, _headers and oembed.json files, into the built site."""
    from macros.writers.api import write_api
    from macros.writers.headers import guide_settings, write_headers

    settings = guide_settings(config)
    site_url = config.get("site_url") or "/"
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    (site_dir / sitemap.path("embed-script")).write_text(host_script(content, sitemap), encoding="utf-8")
    # Only the generated copy is public: the template (empty allowlists) must not be mistaken for it.
    (site_dir / "components" / "embed" / "embed-host.js").unlink(missing_ok=True)
    write_api(site_dir, content, site_url)
    titles = host_config(content, sitemap)["titles"]
    for lang in sitemap.languages:
        pages = {sitemap.path("embed-checklist", lang): ("checklist", titles[lang]["checklist"]),
                 sitemap.path("embed-calculator", lang): ("calculator", titles[lang]["calculator"]),
                 sitemap.path("embed-offer-check", lang): ("offer-check", titles[lang]["offer-check"]),
                 **{sitemap.path("embed-city", lang, city=c.id): ("city", titles[lang][f"city:{c.id}"])
                    for c in content.cities}}
        for page, (kind, title) in pages.items():
            folder = site_dir / page
            if folder.is_dir():
                (folder / "oembed.json").write_text(
                    json.dumps(oembed(site_url, page, title, kind), ensure_ascii=False), encoding="utf-8")
    write_headers(site_dir, site_url, settings.embed_hosts)
