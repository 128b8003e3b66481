"""macros/plugin/sitemap.py: every link is computed from the one site map, relative to the page linking."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from macros.plugin.sitemap import PAGES, SiteMap

SITE = SiteMap(("zh", "en"))


@pytest.mark.parametrize("page_url", ["", "steps/", "en/", "en/steps/", "cities/shanghai/", "en/embed/cities/xian/",
                                      "embed/checklist/", "print/"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_link_resolves_to_the_page_in_the_linking_pages_language(page_url: str, name: str) -> None:
    base = "http://example.test/shebao/"
    link = SITE.url_for(page_url, name, city="shanghai")
    lang = "en" if page_url.startswith("en/") else "zh"
    assert not link.startswith("/") and "://" not in link  # relative: works under any sub-path
    assert urljoin(base + page_url, link) == base + ("en/" if lang == "en" else "") + PAGES[name].format(city="shanghai")


def test_language_fragment_and_files() -> None:
    assert SITE.url_for("steps/", "legal", fragment="art-10") == "../legal/#art-10"
    assert SITE.url_for("steps/", "legal", lang="en") == "../en/legal/"
    assert SITE.url_for("en/steps/", "component", path="site/site.css") == "../../components/site/site.css"
    assert SITE.absolute("https://x.example/", "embed-city", "en", city="xian") == "https://x.example/en/embed/cities/xian/"


def test_languages_come_from_the_url() -> None:
    assert [SITE.lang_of(url) for url in ("", "steps/", "en/", "en/cities/x/", "enrol/")] == ["zh", "zh", "en", "en", "zh"]
    three = SiteMap(("zh", "en", "zh-hant"))
    assert three.lang_of("zh-hant/steps/") == "zh-hant" and three.prefix("zh-hant") == "zh-hant/"


def test_an_unknown_page_or_language_fails_loudly() -> None:
    with pytest.raises(KeyError, match="no page 'nowhere'"):
        SITE.url_for("", "nowhere")
    with pytest.raises(KeyError, match="unknown language"):
        SITE.prefix("fr")
