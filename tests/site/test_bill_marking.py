"""No page, embed or print sheet shows a total that leaves out an insurance without saying so.

Every total the site prints carries `data-complete`. Where it is "false", the total's own label (or the
row just below it, `data-incomplete-for`) names what is missing; where it is "true", the engine agrees
that nothing is missing. A total label that claims a whole bill never sits inside an incomplete one.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.content import load_content
from macros.content.export import calculator_data
from shebao_calculator import reference_table

PROJECT = Path(__file__).resolve().parents[2]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.parts = tag, attrs, []  # type: ignore[var-annotated]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


class Tree(HTMLParser):
    """Just enough of a DOM: elements with attributes and text, and every element with data-complete."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [Element("root", {})]
        self.marked: list[Element] = []
        self.incomplete_for: dict[str, Element] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].parts.append(element)
        if "data-complete" in element.attrs:
            self.marked.append(element)
        if element.attrs.get("data-incomplete-for"):
            self.incomplete_for[str(element.attrs["data-incomplete-for"])] = element
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def _walk(element: Element) -> list[Element]:
    found = []
    for part in element.parts:
        if isinstance(part, Element):
            found += [part, *_walk(part)]
    return found


NAMES: dict[str, dict[str, str]] = {}


def _missing_names(table: Element, lang: str) -> list[str]:
    """The names of the insurances the table's rows mark as not in the guide."""
    return [NAMES[lang][str(row.attrs["data-insurance"])] for row in _walk(table)
            if row.attrs.get("data-status") == "not_in_guide"]


def parse(path: Path) -> Tree:
    tree = Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    return tree


@pytest.fixture(scope="module")
def content():
    return load_content(PROJECT / "content")


@pytest.fixture(scope="module")
def words(content) -> dict[str, tuple[str, str]]:
    """Per language: the incomplete-total labels (long form's start, short form), and the whole-bill label."""
    strings = content.ui.strings
    for lang in ("zh", "en"):
        NAMES[lang] = {key.removeprefix("bill-name-"): text.get(lang) for key, text in strings.items()
                       if key.startswith("bill-name-")}
    return {lang: (strings["bill-total-incomplete"].get(lang).split("{")[0], strings["bill-total-partial"].get(lang),
                   strings["bill-total"].get(lang))
            for lang in ("zh", "en")}


def pages(site_dir: Path) -> list[Path]:
    return [p for p in sorted(site_dir.rglob("*.html")) if "assets" not in p.parts and "node_modules" not in p.parts]


def test_every_marked_total_names_what_it_leaves_out(site_dir: Path, words) -> None:
    checked = 0
    for path in pages(site_dir):
        lang = "en" if path.relative_to(site_dir).parts[0] == "en" else "zh"
        incomplete_word, partial_word, whole_word = words[lang]
        tree = parse(path)
        for element in tree.marked:
            text = " ".join(element.text.split())
            if element.attrs["data-complete"] == "false":
                city = element.attrs.get("data-city")
                below = tree.incomplete_for.get(str(city)) if city else None
                said = incomplete_word in text or (below is not None and incomplete_word in below.text)
                if "data-guide-static-table" in element.attrs:  # short labels; the note names what is missing
                    notes = [e for e in _walk(element) if "data-incomplete" in e.attrs]
                    said = partial_word in text and len(notes) == 1 and all(
                        name in notes[0].text for name in _missing_names(element, lang))
                elif element.tag == "tr" and partial_word in text:
                    said = True  # a row of a static table, checked with its table
                # The print sheet is bilingual whatever the page language.
                said = said or any(w[0] in text for w in words.values())
                assert said, f"{path.relative_to(site_dir)}: incomplete total without saying so: {text[:160]}"
                if element.tag == "tr":
                    assert whole_word not in text.replace(incomplete_word, "").replace(partial_word, ""), path
            else:
                assert incomplete_word not in text, f"{path.relative_to(site_dir)}: complete total marked incomplete"
            checked += 1
    assert checked > 50, "the site should print many totals (city pages, /cities/, calculator, print sheet, embeds)"


def test_every_static_bill_table_is_marked(site_dir: Path) -> None:
    for path in pages(site_dir):
        html = path.read_text(encoding="utf-8")
        for chunk in html.split("data-guide-static-table")[1:]:
            assert "data-complete=" in chunk.split(">", 1)[0], path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_city_pages_and_embeds_agree_with_the_engine(site_dir: Path, content, lang: str) -> None:
    data = calculator_data(content)
    today = dt.date.today()
    prefix = "" if lang == "zh" else "en/"
    for city in content.cities:
        table = reference_table(data, city.id, city.shown_on(today)).to_json()
        for page in (f"{prefix}cities/{city.id}/index.html", f"{prefix}embed/cities/{city.id}/index.html"):
            tree = parse(site_dir / page)
            static = [e for e in tree.marked if "data-guide-static-table" in e.attrs]
            assert len(static) == 1, page
            assert static[0].attrs["data-complete"] == ("true" if table["complete"] else "false"), page
            rows = [e for e in tree.marked if "data-total" in e.attrs]
            assert rows and all(r.attrs["data-complete"] == static[0].attrs["data-complete"] for r in rows), page
