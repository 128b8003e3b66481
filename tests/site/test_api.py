"""The JSON data API in the built site: every file validates against its schema, and carries the
same figures as content/ (and as the pages)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
import json
from pathlib import Path

import jsonschema
import pytest

from macros.writers.api import SCHEMAS, schema_name
from macros.content import load_content
from macros.content.export import data_version

PROJECT = Path(__file__).resolve().parents[2]
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def content():
    return load_content(PROJECT / "content")


@pytest.fixture(scope="module")
def api(site_dir: Path) -> Path:
    return site_dir / "api" / "v1"


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def data_files(api: Path) -> list[Path]:
    return sorted(p for p in api.rglob("*.json") if "schema" not in p.relative_to(api).parts)


def test_every_file_validates_against_its_schema(api: Path, content) -> None:
    files = data_files(api)
    expected = {"index.json", "cities.json", "checklist.json", "guide.json", *(f"cities/{c.id}.json" for c in content.cities)}
    assert {p.relative_to(api).as_posix() for p in files} == expected
    for name in SCHEMAS:
        schema = load(api / "schema" / f"{name}.schema.json")
        jsonschema.Draft202012Validator.check_schema(schema)
    for path in files:
        rel = path.relative_to(api).as_posix()
        schema = load(api / "schema" / f"{schema_name(rel)}.schema.json")
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(load(path)))
        assert not errors, f"{rel}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_schemas_reject_wrong_data(api: Path) -> None:
    schema = load(api / "schema" / "city.schema.json")
    good = load(api / "cities" / "shanghai.json")
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(good)
    for broken in (
        {**good, "data_version": "not-a-hash"},
        {**good, "city": {**good["city"], "name": {"zh": "上海"}}},  # bilingual fields need both languages
        {**good, "surprise": 1},
        {k: v for k, v in good.items() if k != "build_date"},
    ):
        assert not validator.is_valid(broken)


def test_common_fields(api: Path, content) -> None:
    version = data_version(content)
    for path in data_files(api):
        data = load(path)
        assert data["api_version"] == "v1"
        assert data["data_version"] == version
        assert dt.date.fromisoformat(data["build_date"]) == dt.date.today()


def test_index_lists_what_exists(api: Path, content, site_dir: Path) -> None:
    index = load(api / "index.json")
    assert index["cities"] == [c.id for c in content.cities]
    assert index["languages"] == ["zh", "en"]
    site_url = index["site_url"]
    for endpoint in index["endpoints"]:
        for key in ("url", "schema"):
            rel = endpoint[key].removeprefix(site_url).replace("{id}", content.cities[0].id)
            assert (site_dir / rel).is_file(), endpoint[key]
    assert (site_dir / index["embed_script"].removeprefix(site_url)).is_file()


def _yaml_city(city_id: str) -> dict:
    """The city's YAML as written (numbers as the editor typed them), read without our loader or models."""
    import yaml

    class Text(yaml.SafeLoader):
        pass

    # Every scalar as its source text: 0.20 stays "0.20", dates stay ISO strings.
    Text.add_constructor("tag:yaml.org,2002:float", lambda loader, node: node.value)
    Text.add_constructor("tag:yaml.org,2002:int", lambda loader, node: node.value)
    Text.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)
    return yaml.load((PROJECT / "content" / "cities" / f"{city_id}.yaml").read_text(encoding="utf-8"), Loader=Text)


def test_city_figures_match_content(api: Path, content) -> None:
    """Checked against the YAML as written, not against the models the API is dumped from (that would only
    compare the API with itself)."""
    from decimal import Decimal

    summary = {c["id"]: c for c in load(api / "cities.json")["cities"]}
    for city in content.cities:
        source = _yaml_city(city.id)
        full = load(api / "cities" / f"{city.id}.json")
        assert full["city"]["name"] == source["name"]
        assert len(full["city"]["periods"]) == len(source["periods"])
        for written, served in zip(source["periods"], full["city"]["periods"]):
            assert served["valid_from"] == written["valid_from"]
            for group, field in (("base", "min"), ("base", "max"), ("pension", "rate")):
                assert Decimal(served[group][field]) == Decimal(written[group][field]), (city.id, group, field)
            assert served["pension"]["sources"] == written["pension"]["sources"]
        latest = summary[city.id]["latest"]
        assert Decimal(latest["base"]["min"]) == Decimal(source["periods"][-1]["base"]["min"])
        entry = summary[city.id]
        assert entry["page"]["zh"].endswith(f"/cities/{city.id}/")
        assert entry["embed"]["en"].endswith(f"/en/embed/cities/{city.id}/")


def test_city_bills_match_the_cli(api: Path, content) -> None:
    """The API's whole bill at the lowest and highest base is what `guide calc --json` says."""
    from macros.content.export import calculator_data
    from shebao_calculator import calculate_premiums

    data = calculator_data(content)
    summary = {c["id"]: c for c in load(api / "cities.json")["cities"]}
    for city in content.cities:
        bill = load(api / "cities" / f"{city.id}.json")["bill"]
        assert summary[city.id]["bill"] == bill
        on = city.shown_on(dt.date.today())
        assert bill["date"] == on.isoformat()
        period = city.period_on(on)
        for level, name in (("min", "lowest"), ("max", "highest")):
            expected = calculate_premiums(data, city.id, level, on).to_json()
            assert bill[name]["monthly"] == expected["monthly"] and bill[name]["annual"] == expected["annual"]
            assert (bill["complete"], bill["missing"]) == (expected["complete"], expected["missing"])
            assert bill["insurances"] == [{k: i[k] for k in ("insurance", "status", "kind")} for i in expected["insurances"]]
            # And by hand, from the period's own figures (not through the engine): the lowest/highest base
            # is the period's bound, pension is base × rate to the cent, a year is twelve months, and the
            # total is the sum of the insurances it counts.
            base = period.base.min if level == "min" else period.base.max
            assert Decimal(bill[name]["base"]) == base
            monthly = bill[name]["monthly"]
            assert Decimal(monthly["pension"]) == (base * period.pension.rate).quantize(CENT, rounding=ROUND_HALF_UP)
            insurances = [i["insurance"] for i in bill["insurances"]]
            for period_of in ("monthly", "annual"):
                amounts = bill[name][period_of]
                counted = [Decimal(amounts[i]) for i in insurances if amounts.get(i) is not None]
                assert Decimal(amounts["total"]) == sum(counted), (city.id, name, period_of)
            assert Decimal(bill[name]["annual"]["pension"]) == Decimal(monthly["pension"]) * 12
    beijing = load(api / "cities" / "beijing.json")["bill"]
    if beijing["date"] >= "2026-07-01":  # the 2026 period: medical and unemployment not in the guide yet
        assert beijing["complete"] is False and beijing["missing"] == ["medical", "unemployment"]


def test_checklist_and_guide_match_content(api: Path, content) -> None:
    checklist = load(api / "checklist.json")["checklist"]
    assert checklist == content.checklist.model_dump(mode="json")
    assert [i["id"] for i in checklist["items"]] == [i.id for i in content.checklist.items]
    guide = load(api / "guide.json")
    assert [s["id"] for s in guide["steps"]] == [s.id for s in content.steps.steps]
    assert guide["steps"][0]["title"] == content.steps.steps[0].title.model_dump()
    assert len(guide["legal"]) == len(content.legal.articles)
    assert len(guide["insurance"]) == 5


def test_page_shows_the_same_base_as_the_api(api: Path, site_dir: Path) -> None:
    """The city page and the API come from one model: the page shows the API's lower bound."""
    shanghai = load(api / "cities" / "shanghai.json")
    period = shanghai["current"] or shanghai["city"]["periods"][-1]
    lower = f"{int(float(period['base']['min'])):,}"
    assert lower in (site_dir / "cities" / "shanghai" / "index.html").read_text(encoding="utf-8")


def test_city_files_carry_the_local_rules(api: Path, content) -> None:
    """The fields a break simulator and payment reminders read, straight from the city file."""
    schema = jsonschema.Draft202012Validator(load(api / "schema" / "city.schema.json"))
    for city in content.cities:
        rules = load(api / "cities" / f"{city.id}.json")["city"]["local_rules"]
        assert rules == city.local_rules.model_dump(mode="json")
        assert set(rules) == {"offices", "payment", "breaks", "injury_protection", "hukou"}
    shanghai = load(api / "cities" / "shanghai.json")
    rules = shanghai["city"]["local_rules"]
    assert rules["breaks"]["back_payment"]["allowed"] is False and rules["breaks"]["back_payment"]["sources"]
    assert rules["breaks"]["medical_waiting_months"] == 6
    assert (rules["payment"]["frequencies"], rules["payment"]["deadline_day"]) == (["monthly"], 24)
    # The schema refuses what a reader of these fields could not use.
    for key, value in (("medical_waiting_months", "six"), ("back_payment", {"allowed": "maybe"})):
        broken = json.loads(json.dumps(shanghai))
        broken["city"]["local_rules"]["breaks"][key] = value
        assert not schema.is_valid(broken), key
