"""MkDocs hooks: generate the per-city pages, and give each language its own search index.

City pages are generated from content/cities/*.yaml as short stubs in docs/cities/ (git-ignored)
before files are collected, so mkdocs-static-i18n treats them like every other page: both languages,
language switcher alternates, navigation and search all work unchanged.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from macros.content.base import SLUG_PATTERN
from macros.calculator_assets import engine_paths, write_calculator_assets
from macros.embed import write_embed_files
from macros.html_stash import restore
from macros.service_worker import write_service_worker
from macros.writers.vendor import copy_vendored
from macros.site_content import content_root, site_calculator_data, site_content

log = logging.getLogger("mkdocs.plugins.guide")

JIEBA_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "jieba"
GENERATED_MARK = "<!-- generated from content/cities by macros/hooks.py; do not edit -->"


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


def use_project_jieba_cache() -> None:
    """Keep jieba's dictionary cache in the project's .cache/, not the shared temp folder: jieba loads
    it with marshal, so a file anyone on the machine can write must not be it."""
    try:
        import jieba  # type: ignore[import-untyped]

        JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
    except (ImportError, OSError):  # no search plugin, or a read-only checkout: jieba's default stands
        return
    jieba.dt.tmp_dir = str(JIEBA_CACHE)


@event_priority(100)
def on_config(config: Any) -> Any:
    use_project_jieba_cache()  # before the search plugin's on_config loads the dictionary
    content = site_content(content_root())
    # Stale figures do not stop the build: the page shows a banner instead (build time and view time).
    # `guide validate --strict` is the gate that fails on them.
    for warning in content.warnings:
        log.info(str(warning))
    city_dir = Path(config.docs_dir) / "cities"
    embed_dir = Path(config.docs_dir) / "embed" / "cities"  # embed pages (macros/embed.py)
    embed_dir.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for city in content.cities:
        for suffix in ("", ".en"):
            path = city_dir / f"{city.id}{suffix}.md"
            wanted.add(path)
            _write_if_changed(path, city_stub(city.id))
            path = embed_dir / f"{city.id}{suffix}.md"
            wanted.add(path)
            _write_if_changed(path, city_stub(city.id, embed=True))
    for path in [*city_dir.glob("*.md"), *embed_dir.glob("*.md")]:
        if path not in wanted and GENERATED_MARK in path.read_text(encoding="utf-8"):
            path.unlink()
    return config


def on_files(files: Any, config: Any) -> Any:
    """A component's data files (strings.yaml: the keys its scripts may show) are build inputs, never
    files of the site: MkDocs would copy them from the theme folder like its scripts."""
    for file in [f for f in files if f.src_uri.startswith("components/") and f.src_uri.endswith(".yaml")]:
        files.remove(file)
    return files


@event_priority(100)
def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Put the macros' HTML back (macros/html_stash.py) before search or any other plugin reads the page."""
    return restore(html)


@event_priority(-200)
def on_post_build(config: Any) -> None:
    """Split the one search index mkdocs-static-i18n writes into one per language.

    overrides/main.html points each language's search at its own index (config.base), so a reader on
    the Chinese site never gets English pages as results, and the reverse.
    """
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        # mkdocs-static-i18n builds the other languages from inside its own on_post_build, and each of
        # those builds ends here too: do the site-wide work once, after the last language.
        return
    site = Path(config.site_dir)
    write_calculator_assets(site, site_calculator_data(content_root()))
    copy_vendored(site)  # libraries from node_modules (macros/writers/vendor.py)
    write_embed_files(site, config, site_content(content_root()))  # /embed.js, api/v1/, _headers
    write_service_worker(site, engine_paths(site))  # last: its precache manifest lists the final files
    index_path = site / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    if any(doc.get("location", "").startswith("en/") for doc in docs):
        english = [dict(doc, location=doc["location"][3:]) for doc in docs if doc["location"].startswith("en/")]
        chinese = with_pinyin([doc for doc in docs if not doc["location"].startswith("en/")],
                              [city.id for city in site_content(content_root()).cities])
        index_path.write_text(json.dumps(dict(index, docs=chinese), ensure_ascii=False), encoding="utf-8")
        en_path = site / "en" / "search" / "search_index.json"
        en_path.parent.mkdir(parents=True, exist_ok=True)
        en_index = dict(index, docs=english, config=dict(index.get("config", {}), lang=["en"]))
        en_path.write_text(json.dumps(en_index, ensure_ascii=False), encoding="utf-8")


def with_pinyin(docs: list[dict[str, Any]], city_ids: list[str]) -> list[dict[str, Any]]:
    """Let readers on the Chinese site find a city by its pinyin ("shanghai" finds 上海).

    A city's id is its pinyin slug (a public contract, never changed), so it is added to the indexed
    text of the city's page entry; section entries and every other page stay as they are.
    """
    pages = {f"cities/{city_id}/": city_id for city_id in city_ids}
    return [dict(doc, text=f"{doc.get('text', '')} {pages[doc['location']]}".strip())
            if doc.get("location") in pages else doc for doc in docs]
