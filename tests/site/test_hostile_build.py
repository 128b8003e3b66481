"""A site built from content with hostile strings: nothing in content runs, and nothing reaches a page
as markup (names are text, content Markdown is sanitised)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

# What content may hold (names refuse < > { } `, Markdown fields do not): each would run or inject if
# content reached a template engine or the page as markup.
NAME = "Hangzhou [x](javascript:alert(1)) *em* _u_ & \"q\" 'a' #"
JINJA = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"
MARKDOWN = ("A note <img src=x onerror=alert(2)> <script>alert(3)</script> [link](javascript:alert(4)) "
            "[ok](https://example.org/) {: onclick=alert(5) } {onmouseover=alert(6)} %s")


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from macros.cli.build import build_site

    base = tmp_path_factory.mktemp("hostile-site")
    content = base / "content"
    shutil.copytree(PROJECT / "content", content)
    payload = base / "payload-ran"
    city = content / "cities" / "hangzhou.yaml"
    text = city.read_text(encoding="utf-8")
    text = text.replace("name:\n  zh: 杭州\n  en: Hangzhou\n", f"name:\n  zh: 杭州\n  en: {_yaml_string(NAME)}\n", 1)
    note = MARKDOWN % (JINJA % payload)
    text = text.replace("    text:\n      zh: 以灵活就业人员身份", f"    text:\n      zh: {_yaml_string(note)}\n      x-zh: 以", 1)
    text = text.replace("      x-zh: ", "      #", 1)
    city.write_text(text, encoding="utf-8")
    steps = content / "steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace(
        "      - zh: 法律规定的灵活就业人员包括三类", f"      - zh: {_yaml_string(note)}\n        #", 1), encoding="utf-8")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("GUIDE_CONTENT_DIR", str(content))
    try:
        site = build_site(PROJECT, base / "site", preview=True)
    finally:
        monkeypatch.undo()
    return site, payload


def test_content_was_loaded_as_written(hostile_site: tuple[Path, Path]) -> None:
    site, _ = hostile_site
    html = (site / "cities" / "hangzhou" / "index.html").read_text(encoding="utf-8")
    assert "A note" in html and "os.popen(" in html, "the fixture edit did not take"


def test_no_template_code_from_content_ran(hostile_site: tuple[Path, Path]) -> None:
    _, payload = hostile_site
    assert not payload.exists()


def test_no_markup_from_content_reached_a_page(hostile_site: tuple[Path, Path]) -> None:
    site, _ = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert site / "en" / "embed" / "cities" / "hangzhou" / "index.html" in pages
    for page in pages:
        elements = parse(page)
        handlers = [(tag, name) for tag, name, _ in elements.attributes if name.startswith("on")]
        assert handlers == [], f"{page}: event handler attributes {handlers}"
        # Material's search form has one href="javascript:void(0)" (overrides/partials/search.html).
        scripts = [value for tag, name, value in elements.attributes if name in ("href", "src", "action")
                   and value.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))
                   and value != "javascript:void(0)"]
        assert scripts == [], f"{page}: script URLs {scripts}"
        assert ("img", "src", "x") not in elements.attributes, f"{page}: <img> from content"
        assert "alert(3)" not in page.read_text(encoding="utf-8"), f"{page}: <script> content kept"
    note_page = (site / "cities" / "hangzhou" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/">ok</a>' in note_page, "allowed links must survive the sanitiser"


def test_a_name_is_shown_as_written(hostile_site: tuple[Path, Path]) -> None:
    site, _ = hostile_site
    page = site / "en" / "cities" / "hangzhou" / "index.html"
    assert parse(page).title.strip().startswith(NAME + " - ")
    html = page.read_text(encoding="utf-8")
    heading = html.split("<h1", 1)[1].split("</h1>", 1)[0].split(">", 1)[1]
    assert heading == "Hangzhou [x](javascript:alert(1)) *em* _u_ &amp; &#34;q&#34; &#39;a&#39; #"


def test_markup_in_a_name_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from macros.cli.build import BuildFailed, build_site

    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    payload = tmp_path / "payload-ran"
    city = content / "cities" / "hangzhou.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace(
        "name:\n  zh: 杭州\n", f"name:\n  zh: {_yaml_string('杭州 ' + JINJA % payload)}\n", 1), encoding="utf-8")
    monkeypatch.setenv("GUIDE_CONTENT_DIR", str(content))
    with pytest.raises(BuildFailed) as caught:
        build_site(PROJECT, tmp_path / "site", preview=True)
    assert "content/cities/hangzhou.yaml:4:3: name: 'zh' contains '{' '}': names and titles are plain text" in str(
        caught.value)
    assert not payload.exists()


def test_jieba_caches_in_the_project(hostile_site: tuple[Path, Path]) -> None:
    import jieba

    from macros.plugin.plugin import JIEBA_CACHE

    assert jieba.dt.tmp_dir == str(JIEBA_CACHE) and JIEBA_CACHE == PROJECT / ".cache" / "jieba"
    assert (JIEBA_CACHE / "jieba.cache").is_file()


def test_city_stubs_hold_no_content() -> None:
    from macros.plugin.city_pages import city_stub

    assert "hangzhou" in city_stub("hangzhou") and "{{ city_title(\"hangzhou\") }}" in city_stub("hangzhou")
    with pytest.raises(ValueError, match="not a slug"):
        city_stub('x") }}{{ 7*7 }}{{ ("')
