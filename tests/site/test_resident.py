"""/resident/: the side-by-side comparison renders in both languages, with its figures and sources."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.content import load_content

PROJECT = Path(__file__).resolve().parents[2]


class Table(HTMLParser):
    """Cell texts of the first table with the given class, row by row."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            if self.depth or (not self.rows and self.css_class in (dict(attrs).get("class") or "").split()):
                self.depth += 1
        if not self.depth:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table(html: str, css_class: str) -> list[list[str]]:
    parser = Table(css_class)
    parser.feed(html)
    assert parser.rows, f"no table.{css_class}"
    return parser.rows


HEADERS = {
    "": ["比较项目", "城乡居民保险", "职工保险（以灵活就业人员身份参加）"],
    "en/": ["Compared", "Resident schemes", "Employee schemes (joined as a flexible employee)"],
}


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_comparison_table_renders(site_dir: Path, prefix: str) -> None:
    html = (site_dir / prefix / "resident" / "index.html").read_text(encoding="utf-8")
    resident = load_content(PROJECT / "content").resident
    rows = table(html, "guide-compare")
    assert rows[0] == HEADERS[prefix]
    labels = [row[0] for row in rows[1:]]
    assert labels == [row.label.get(prefix.rstrip("/") or "zh") for row in resident.comparison]
    assert all(len(row) == 3 for row in rows[1:])
    cells = {row[0]: row for row in rows[1:]}
    pension = cells[resident.comparison[0].label.get(prefix.rstrip("/") or "zh")]
    assert ("100 至 2,000 元" if prefix == "" else "100 to 2,000 yuan a year") in pension[1]
    premium = resident.medical.latest_premium
    medical = cells[resident.comparison[1].label.get(prefix.rstrip("/") or "zh")]
    assert f"{premium.individual_min:,}" in medical[1] and str(premium.year) in medical[1]
    # Every cell either cites a source ([n]) or says the figure is not published.
    missing = "本指南暂未收录" if prefix == "" else "Not published in this guide yet"
    for row in rows[1:]:
        for cell in row[1:]:
            assert "[" in cell or missing in cell, cell


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_source_is_listed_with_confidence_and_check_date(site_dir: Path, prefix: str) -> None:
    html = (site_dir / prefix / "resident" / "index.html").read_text(encoding="utf-8")
    resident = load_content(PROJECT / "content").resident
    for source in resident.sources:
        assert f'id="src-{source.id}"' in html
        assert source.url.replace("&", "&amp;").replace("'", "&#39;") in html
        if source.document_number:
            assert source.document_number in html
    assert html.count('href="#src-') >= len(resident.sources)
    assert ("核对日期" if prefix == "" else "Checked on") in html


@pytest.mark.parametrize("prefix, title", [("", "居民医保和居民养老：另一种选择"),
                                           ("en/", "Resident schemes: the cheaper alternative")])
def test_page_title_and_nav(site_dir: Path, prefix: str, title: str) -> None:
    html = (site_dir / prefix / "resident" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and title in html
    home = (site_dir / prefix / "index.html").read_text(encoding="utf-8")
    assert ("居民保险" if prefix == "" else "Resident schemes") in home and 'href="resident/"' in home


def test_employee_costs_list_every_city(site_dir: Path) -> None:
    html = (site_dir / "resident" / "index.html").read_text(encoding="utf-8")
    for city in load_content(PROJECT / "content").cities:
        assert f'href="../cities/{city.id}/"' in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_sources_page_shows_the_change_log(site_dir: Path, prefix: str) -> None:
    html = (site_dir / prefix / "sources" / "index.html").read_text(encoding="utf-8")
    rows = table(html, "guide-changes")
    assert rows[0][0] == ("起始日期" if prefix == "" else "From")
    assert len(rows) > 1
