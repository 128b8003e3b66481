"""`guide new-city`: a complete, commented file that fails validation until every value is filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.cli import main
from macros.content import ContentError, load_content
from macros.content.city import City

TODAY = dt.date(2026, 1, 1)


def field_names(schema: dict[str, Any]) -> set[str]:
    """Every property name anywhere in a JSON schema."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return names


def fill(path: Path) -> None:
    """Fill every placeholder the way an editor would (with the fixture's made-up values)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name"] = {"zh": "合肥", "en": "Hefei"}
    data["province"] = {"zh": "安徽省", "en": "Anhui Province"}
    data["bureau"] = {"name": {"zh": "合肥市人社局", "en": "Hefei HRSS"}, "url": "https://example.org/hefei"}
    source = data["sources"][0]
    source.update(title={"zh": "通知", "en": "Notice"}, url="https://example.org/notice",
                  document_number="测人社发〔2025〕2号", checked_on="2026-11-01", confidence="official")
    data["notes"][0].update(text={"zh": "不限户籍。", "en": "No hukou limit."}, sources=[source["id"]])
    period = data["periods"][0]
    period["valid_from"] = "2025-07-01"
    period["base"].update(min="4000", max="20000", sources=[source["id"]])
    period["pension"].update(rate="0.20", personal_account_rate="0.08", sources=[source["id"]])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_new_city_writes_a_commented_file_naming_every_field(fixture_content: Path) -> None:
    assert main(["new-city", "hefei", "--content", str(fixture_content)]) == 0
    text = (fixture_content / "cities" / "hefei.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../_schema/city.schema.json")
    assert "id: hefei" in text
    missing = {name for name in field_names(City.model_json_schema()) if f"{name}:" not in text}
    assert missing == set(), f"the template does not mention {missing}"


def test_placeholders_fail_with_clear_messages(fixture_content: Path) -> None:
    main(["new-city", "hefei", "--content", str(fixture_content)])
    with pytest.raises(ContentError) as caught:
        load_content(fixture_content, today=TODAY)
    lines = [str(p) for p in caught.value.problems]
    assert all(line.startswith("content/cities/hefei.yaml:") for line in lines), lines
    text = "\n".join(lines)
    assert "sources.0.checked_on: empty: fill in this value" in text
    assert "sources.0.confidence: empty: fill in this value" in text
    assert "periods.0.base.min: empty: fill in this value" in text
    assert "name: missing translation" in text
    assert "periods.0.pension.sources: List should have at least 1 item" in text


def test_filled_file_validates(fixture_content: Path) -> None:
    main(["new-city", "hefei", "--content", str(fixture_content)])
    fill(fixture_content / "cities" / "hefei.yaml")
    content = load_content(fixture_content, today=TODAY)
    assert [c.id for c in content.cities] == ["hefei", "testcity"]
    assert content.city("hefei").latest.base.min == 4000


def test_refuses_to_overwrite(fixture_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = fixture_content / "cities" / "testcity.yaml"
    before = path.read_text(encoding="utf-8")
    assert main(["new-city", "testcity", "--content", str(fixture_content)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("bad", ["He Fei", "Hefei", "he_fei", "-hefei", "hefei-", "合肥"])
def test_refuses_an_invalid_id(fixture_content: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    assert main(["new-city", "--content", str(fixture_content), "--", bad]) == 1
    assert "is not a valid city id" in capsys.readouterr().err
    assert sorted(p.name for p in (fixture_content / "cities").iterdir()) == ["testcity.yaml"]
