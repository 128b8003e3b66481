"""The site's languages and URLs, declared once: every page, embed and API URL comes from here.

The languages are those of the i18n plugin in mkdocs.yml (the default at the site root, every other one
under /<locale>/). Templates link with url_for("legal", fragment=ref), relative to the page they are
rendered for, so a component links right wherever it shows (its page, its embed page).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError

PAGES: dict[str, str] = {
    "home": "",
    "start": "start/",
    "steps": "steps/",
    "checklist": "checklist/",
    "print": "print/",
    "stopping": "stopping/",
    "changes": "changes/",
    "retirement": "retirement/",
    "insurance": "insurance/",
    "resident": "resident/",
    "cities": "cities/",
    "city": "cities/{city}/",
    "calculator": "calculator/",
    "offer-check": "offer-check/",
    "calendar": "calendar/{city}.ics",
    "legal": "legal/",
    "sources": "sources/",
    "embed": "embed/",
    "embed-checklist": "embed/checklist/",
    "embed-calculator": "embed/calculator/",
    "embed-city": "embed/cities/{city}/",
    "embed-offer-check": "embed/offer-check/",
}
"""Every page in each language, relative to the language's root (the URL layout is a public contract:
README, Public contracts). A new page: its docs/<name>.md and .en.md, nav in mkdocs.yml, a line here.
`calendar` is a file, not a page: a city's payment reminder in the language (macros/writers/calendar.py)."""

SITE_FILES: dict[str, str] = {
    "api": "api/v1/{path}",
    "embed-script": "embed.js",
    "component": "components/{path}",
    "offer-check-answers": "offer-check/answers.json",
}
"""Files that are the same for every language, relative to the site root."""

EMBED_PAGES: dict[str, str] = {"checklist": "embed-checklist", "calculator": "embed-calculator", "city": "embed-city",
                               "offer-check": "embed-offer-check"}
"""The embed page of each embeddable component."""

FULL_PAGES: dict[str, str] = {"checklist": "checklist", "calculator": "calculator", "city": "city",
                              "offer-check": "offer-check"}
"""The full page of each embeddable component (an embed links to it)."""


@dataclass(frozen=True)
class SiteMap:
    languages: tuple[str, ...]
    """Locales, the default (served at the site root) first."""

    @property
    def default(self) -> str:
        return self.languages[0]

    def prefix(self, lang: str) -> str:
        """Where a language's pages start, relative to the site root: '' or 'en/'."""
        if lang not in self.languages:
            raise KeyError(f"unknown language {lang!r}; the site has {', '.join(self.languages)}")
        return "" if lang == self.default else f"{lang}/"

    def path(self, name: str, lang: str | None = None, **params: str) -> str:
        """A page's path from the site root in `lang` (default language if None), e.g. en/cities/shanghai/;
        or a language-independent file's (SITE_FILES)."""
        if name in SITE_FILES:
            return SITE_FILES[name].format(**params)
        try:
            pattern = PAGES[name]
        except KeyError:
            raise KeyError(f"no page {name!r} in the site map (macros/plugin/sitemap.py PAGES)") from None
        return self.prefix(lang or self.default) + pattern.format(**params)

    def url_for(self, page_url: str, name: str, lang: str | None = None, fragment: str | None = None,
                **params: str) -> str:
        """The link from the page at `page_url` (relative to the site root, e.g. en/embed/checklist/) to a
        page or file: relative, so the site works under any sub-path. Pages default to the language of
        the page linking."""
        target = self.path(name, lang or self.lang_of(page_url), **params)
        here = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
        link = posixpath.relpath(target or ".", here or ".")
        if target.endswith("/") or not target:
            link = "./" if link == "." else link + "/"
        return link + (f"#{fragment}" if fragment else "")

    def absolute(self, site_url: str, name: str, lang: str | None = None, **params: str) -> str:
        """A page's or file's full URL under `site_url` (which ends in /)."""
        return site_url + self.path(name, lang, **params)

    def lang_of(self, page_url: str) -> str:
        """The language of a page from its URL relative to the site root (e.g. en/steps/ → en)."""
        first = page_url.split("/", 1)[0]
        return first if first in self.languages and first != self.default else self.default


def languages_of(config: Any) -> tuple[str, ...]:
    """The locales the i18n plugin builds (read from its configuration, a public interface), default first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("the guide plugin needs the i18n plugin (mkdocs-static-i18n) before it in mkdocs.yml")
    languages = [lang for lang in i18n.config.languages if lang.build]
    default = [lang.locale for lang in languages if lang.default]
    return tuple(default + [lang.locale for lang in languages if not lang.default])
