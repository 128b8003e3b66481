"""One search index per language, from the one mkdocs-static-i18n writes.

overrides/main.html points each language's search at its own index (config.base), so a reader on
the Chinese site never gets English pages as results, and the reverse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from macros.plugin.sitemap import SiteMap


def split_search_index(site: Path, sitemap: SiteMap, city_ids: list[str]) -> None:
    index_path = site / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    others = [lang for lang in sitemap.languages if lang != sitemap.default]
    if not any(doc.get("location", "").startswith(tuple(f"{lang}/" for lang in others)) for doc in docs):
        return
    own = [doc for doc in docs if sitemap.lang_of(doc.get("location", "")) == sitemap.default]
    index_path.write_text(json.dumps(dict(index, docs=with_pinyin(own, city_ids)), ensure_ascii=False),
                          encoding="utf-8")
    for lang in others:
        prefix = sitemap.prefix(lang)
        entries = [dict(doc, location=doc["location"][len(prefix):]) for doc in docs
                   if doc.get("location", "").startswith(prefix)]
        path = site / prefix / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        lang_index = dict(index, docs=entries, config=dict(index.get("config", {}), lang=[lang]))
        path.write_text(json.dumps(lang_index, ensure_ascii=False), encoding="utf-8")


def with_pinyin(docs: list[dict[str, Any]], city_ids: list[str]) -> list[dict[str, Any]]:
    """Let readers on the Chinese site find a city by its pinyin ("shanghai" finds 上海).

    A city's id is its pinyin slug (a public contract, never changed), so it is added to the indexed
    text of the city's page entry; section entries and every other page stay as they are.
    """
    pages = {f"cities/{city_id}/": city_id for city_id in city_ids}
    return [dict(doc, text=f"{doc.get('text', '')} {pages[doc['location']]}".strip())
            if doc.get("location") in pages else doc for doc in docs]
