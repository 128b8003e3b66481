"""The site's languages and URLs, declared once: every page, embed and API URL comes from here.

The languages are those of the i18n plugin in mkdocs.yml (the default at the site root, every other one
under /<locale>/), checked against the languages content is written in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError


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
