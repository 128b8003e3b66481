"""The one MkDocs plugin of the guide (`guide` in mkdocs.yml), its events in build order.

It owns everything of one build: the loaded content, the macros pages call, the HTML stash and the
snapshot job. mkdocs-static-i18n builds each further language from inside its own on_post_build
(MkDocs' `build()` again, which runs on_config again): the state is made at the start of the outer
build and kept through the nested ones, and the site-wide files are written once, after the last.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from shebao_calculator import load_data
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from macros import PROJECT
from macros.content import Content
from macros.content.export import calculator_data
from macros.plugin.city_pages import write_city_stubs
from macros.plugin.config import GuideConfig
from macros.plugin.content_cache import CONTENT_ENV, site_content
from macros.plugin.sitemap import SiteMap, languages_of
from macros.plugin.stash import HtmlStash
from macros.views.macros import PageMacros, page_macros
from macros.writers.calculator_assets import SnapshotJob, engine_paths, write_calculator_assets
from macros.writers.calendar import write_calendars
from macros.writers.embeds import write_embed_files
from macros.writers.precompress import write_precompressed
from macros.writers.offer_check import write_offer_check_answers
from macros.writers.search import split_search_index
from macros.writers.service_worker import write_service_worker
from macros.writers.start_styles import write_answer_styles
from macros.writers.vendor import copy_vendored

log = logging.getLogger("mkdocs.plugins.guide")

JIEBA_CACHE = PROJECT / ".cache" / "jieba"


def use_project_jieba_cache() -> None:
    """Keep jieba's dictionary cache in the project's .cache/, not the shared temp folder: jieba loads
    it with marshal, so a file anyone on the machine can write must not be it."""
    try:
        import jieba  # type: ignore[import-untyped]

        JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
    except (ImportError, OSError):  # no search plugin, or a read-only checkout: jieba's default stands
        return
    jieba.dt.tmp_dir = str(JIEBA_CACHE)


@dataclass
class Build:
    """The state of one build (every language of it)."""

    content: Content
    calculator_data: dict[str, Any]
    sitemap: SiteMap
    macros: PageMacros
    stash: HtmlStash
    snapshot: SnapshotJob


class GuidePlugin(BasePlugin[GuideConfig]):
    def __init__(self) -> None:
        self.build: Build | None = None
        self._depth = 0
        """Builds under way: 1 for the outer one, 2 while mkdocs-static-i18n builds another language."""
        self._jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)

    def content_root(self, config: MkDocsConfig) -> Path:
        """content/ (the `content` option, relative to mkdocs.yml), or $GUIDE_CONTENT_DIR (tests, benchmarks)."""
        configured = Path(config.config_file_path or PROJECT / "mkdocs.yml").parent / self.config.content
        return Path(os.environ.get(CONTENT_ENV) or configured).resolve()

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._depth += 1
        if self._depth > 1:  # another language of the same build
            return config
        use_project_jieba_cache()  # before the search plugin's on_config loads the dictionary
        content = site_content(self.content_root(config))
        # Stale figures do not stop the build: the page shows a banner instead (build time and view time).
        # `guide validate --strict` is the gate that fails on them.
        for warning in content.warnings:
            log.info(str(warning))
        sitemap = SiteMap(languages_of(config))
        if sitemap.languages != content.languages.codes:  # the texts are in content's languages
            raise PluginError(
                f"mkdocs.yml builds the languages {', '.join(sitemap.languages)} (i18n plugin, default first) but "
                f"content/languages.yaml lists {', '.join(content.languages.codes)}: make the two lists the same")
        data = calculator_data(content)
        self.build = Build(content=content, calculator_data=data, sitemap=sitemap,
                           macros=page_macros(config, sitemap, content, data), stash=HtmlStash(),
                           snapshot=SnapshotJob())
        suffixes = ["" if lang == sitemap.default else f".{lang}" for lang in sitemap.languages]
        write_city_stubs(Path(config.docs_dir), content, suffixes)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Keep the components' own data (examples.yaml for their tests, strings lists) out of the site:
        MkDocs copies every file of the theme folder that is not a template."""
        for file in list(files):
            if file.src_uri.startswith("components/") and file.src_uri.endswith((".yaml", ".yml")):
                files.remove(file)
        return files

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self._depth == 1 and self.config.snapshot:
            self._state().snapshot.start()  # made in the background while the pages render

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        """Render the page's Markdown as a template: its macro calls become the components' HTML, kept
        away from Markdown (macros/plugin/stash.py)."""
        build = self._state()
        build.macros.page = page
        protected = {name: self._protected(macro, build.stash) for name, macro in build.macros.macros.items()}
        try:
            return self._jinja.from_string(markdown).render(**protected)
        except jinja2.TemplateError as error:
            raise jinja2.TemplateError(f"{page.file.src_uri}: {error}") from error
        finally:
            build.macros.page = None

    @event_priority(100)
    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        """Put the macros' HTML back before search or any other plugin reads the page."""
        return self._state().stash.restore(html)

    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """After the last language (this runs after mkdocs-static-i18n's on_post_build, which builds the
        other languages): the engine's files, embeds, API, _headers, search indexes, service worker."""
        self._depth -= 1
        if self._depth > 0:
            return
        build = self._state()
        site = Path(config.site_dir)
        # First: the service worker precaches both languages' indexes (pages load them on demand).
        split_search_index(site, build.sitemap, [city.id for city in build.content.cities])
        job = build.snapshot if self.config.snapshot else None
        write_calculator_assets(site, build.calculator_data, job)
        write_precompressed(site, engine_paths(site))  # .br/.gz copies, before _headers lists the files
        copy_vendored(site)  # libraries from node_modules (macros/writers/vendor.py)
        site_url = config.get("site_url") or "/"
        site_url = site_url if site_url.endswith("/") else site_url + "/"
        build_date = dt.date.today()
        write_calendars(site, build.content, build.sitemap, site_url, build_date)  # calendar/<city>.ics
        write_offer_check_answers(site, build.content, load_data(build.calculator_data), build_date)
        write_embed_files(site, config, build.content, build.sitemap)  # /embed.js, api/v1/, _headers
        write_answer_styles(site, build.content)  # the guided start's no-JS filter
        write_service_worker(site, engine_paths(site))  # its precache manifest lists the final files

    def on_build_error(self, error: Exception) -> None:
        self._depth = 0

    def _state(self) -> Build:
        if self.build is None:
            raise RuntimeError("the guide plugin's on_config has not run for this build")
        return self.build

    @staticmethod
    def _protected(macro: Callable[..., Any], stash: HtmlStash) -> Callable[..., str]:
        def call(*args: Any, **kwargs: Any) -> str:
            return stash.protect(str(macro(*args, **kwargs)))

        return call
