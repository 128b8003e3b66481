"""The built site: every page in both languages, working language switcher, nothing from other origins."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from macros.content import load_content

PROJECT = Path(__file__).resolve().parents[2]
PAGES = ["", "steps/", "checklist/", "stopping/", "changes/", "retirement/", "insurance/", "cities/", "legal/", "sources/",
         "calculator/"]


def city_pages() -> list[str]:
    return [f"cities/{c.id}/" for c in load_content(PROJECT / "content").cities]


class Links(HTMLParser):
    """Collects (tag, attributes) of every element with a URL attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def parse(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def page_file(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_page_exists_in_both_languages(site_dir: Path, prefix: str) -> None:
    for page in PAGES + city_pages():
        assert page_file(site_dir, prefix + page).exists(), f"/{prefix}{page} was not built"


def test_pages_declare_their_language(site_dir: Path) -> None:
    for prefix, lang in (("", "zh"), ("en/", "en")):
        html = page_file(site_dir, prefix + "steps/").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html


def test_language_switcher_leads_to_the_same_page(site_dir: Path) -> None:
    for prefix, other in (("", "en/"), ("en/", "")):
        for page in PAGES + city_pages():
            url = f"http://site.test/{prefix}{page}"
            targets = {a.get("hreflang"): urljoin(url, a.get("href") or "")
                       for tag, a in parse(page_file(site_dir, prefix + page)) if tag == "a" and a.get("hreflang")}
            assert set(targets) == {"zh", "en"}, f"/{prefix}{page}: switcher links {targets}"
            expected = {"zh": f"http://site.test/{page}", "en": f"http://site.test/en/{page}"}
            assert targets == expected, f"/{prefix}{page}"
            assert page_file(site_dir, other + page).exists()


def test_no_asset_from_another_origin(site_dir: Path) -> None:
    for html in site_dir.rglob("*.html"):
        for tag, attrs in parse(html):
            if tag == "script":
                url = attrs.get("src")
            elif tag == "link" and (attrs.get("rel") or "") not in ("canonical", "alternate"):
                url = attrs.get("href")
            elif tag in ("img", "iframe", "source", "audio", "video"):
                url = attrs.get("src")
            else:
                continue
            if url and urlparse(url).netloc:
                assert urlparse(url).hostname in ("127.0.0.1", "localhost"), f"{html}: <{tag}> loads {url}"
    for css in site_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, css


def test_each_language_has_its_own_search_index(site_dir: Path) -> None:
    zh = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    en = json.loads((site_dir / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert zh and en
    assert not any(d["location"].startswith("en/") for d in zh)
    assert any("灵活就业" in d["text"] or "灵活就业" in d["title"] for d in zh)
    assert not any("灵活就业" in d["title"] for d in en)


def test_city_pages_say_each_note_once_and_keep_amounts_out_of_search(site_dir: Path) -> None:
    from html import escape

    content = load_content(PROJECT / "content")
    zh = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for city in content.cities:
        html = page_file(site_dir, f"cities/{city.id}/").read_text(encoding="utf-8")
        for period in city.periods:
            for note in period.notes:
                # Once per period that carries it (periods may repeat a note), not again under the table.
                carriers = sum(note in other.notes for other in city.periods)
                assert html.count(f">{escape(note['zh'], quote=False)}<") == carriers, (city.id, note["zh"])
        # The premium table is on the page but not in the search index (amounts match no query).
        assert 'class="guide-premiums"' in html
        text = " ".join(d["text"] for d in zh if d["location"].startswith(f"cities/{city.id}/"))
        assert city.name["zh"] in " ".join(d["title"] for d in zh if d["location"].startswith(f"cities/{city.id}/"))
        assert "每月要交多少钱" not in text.replace("\u200b", "")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_city_without_an_earlier_period_says_so(site_dir: Path, prefix: str) -> None:
    content = load_content(PROJECT / "content")
    ui = content.ui.strings
    lang = "en" if prefix else "zh"
    for city in content.cities:
        html = page_file(site_dir, f"{prefix}cities/{city.id}/").read_text(encoding="utf-8")
        heading = f"<h2>{ui['previous-periods'].get(lang)}</h2>"
        assert html.count(heading) == 1, city.id
        after = html.split(heading, 1)[1]
        missing = f"<p>{ui['not-published'].get(lang)}"
        if len(city.periods) == 1:
            assert after.lstrip().startswith(missing) and f'href="{city.bureau.url}"' in after.split("</p>", 1)[0]
        else:
            assert not after.lstrip().startswith(missing)


def test_failed_build_leaves_previous_site(tmp_path: Path, fixture_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from macros.cli.build import BuildFailed, build_site

    target = tmp_path / "out"
    target.mkdir()
    (target / "marker.txt").write_text("previous site", encoding="utf-8")
    steps = fixture_content / "steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("title: {zh: 缴费, en: Pay}", "title: {zh: 缴费}"),
                     encoding="utf-8")
    monkeypatch.setenv("GUIDE_CONTENT_DIR", str(fixture_content))
    with pytest.raises(BuildFailed) as caught:
        build_site(PROJECT, target, preview=True)
    assert "steps.yaml:13:12: steps.1.title: missing translation" in str(caught.value)
    assert (target / "marker.txt").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out"], "staging folder left behind"
    assert os.environ["GUIDE_CONTENT_DIR"] == str(fixture_content)
