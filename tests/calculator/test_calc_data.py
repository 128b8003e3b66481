from __future__ import annotations

import copy

import pytest

from shebao_calculator import DataError, load_data


def _period(data):
    return data["cities"][0]["periods"][0]


def test_fixture_loads(data) -> None:
    ds = load_data(data)
    assert ds.data_version == "test-fixture-1"
    assert sorted(ds.cities) == ["alpha", "beta", "delta", "epsilon", "gamma"]
    assert load_data(ds) is ds


@pytest.mark.parametrize(
    ("mutate", "path_part"),
    [
        (lambda d: d.pop("cities"), "$.cities"),
        (lambda d: _period(d)["base"].update(min="abc"), "base.min"),
        (lambda d: _period(d)["base"].update(min=4800.5), "base.min"),  # floats refused
        (lambda d: _period(d)["base"].update(min="-1"), "base.min"),
        (lambda d: _period(d)["base"].update(min="30000"), "base"),  # min > max
        (lambda d: _period(d)["pension"].update(rate="1.2"), "pension.rate"),
        (lambda d: _period(d)["pension"].update(personal_account_rate="0.3"), "pension"),
        (lambda d: _period(d)["pension"].update(sources=["nope"]), "pension.sources[0]"),
        (lambda d: _period(d)["pension"].update(sources=[]), "pension.sources"),
        (lambda d: _period(d).update(valid_from="2025-13-01"), "valid_from"),
        (lambda d: _period(d).update(valid_until="2020-01-01"), "valid_until"),
        (lambda d: _period(d).update(medical={"kind": "other", "sources": ["a-rates"]}), "medical.kind"),
        (lambda d: _period(d).update(medical={"kind": "rate", "rate": "0.1", "base": {"min": "9", "max": "1"}, "sources": ["a-rates"]}), "medical.base"),
        (lambda d: _period(d).update(unemployment={"kind": "rate", "rate": "x", "base": {"kind": "pension"},
                                                    "sources": ["a-rates"]}), "unemployment.rate"),
        (lambda d: _period(d).update(notes=[{"zh": "只有中文"}]), "notes[0].en"),
        (lambda d: d["cities"][0]["periods"][1].update(valid_from="2026-06-30"), "periods"),  # overlap
        (lambda d: d["cities"].append(copy.deepcopy(d["cities"][0])), "id"),  # duplicate id
        (lambda d: d["cities"][0].update(name={"en": "x"}), "name.zh"),
    ],
)
def test_invalid_data_names_the_path(data, mutate, path_part) -> None:
    mutate(data)
    with pytest.raises(DataError) as exc:
        load_data(data)
    assert path_part in exc.value.details["path"]
    assert exc.value.message["zh"].startswith("数据错误")


def test_open_ended_period_before_another_is_overlap(data) -> None:
    data["cities"][0]["periods"][0]["valid_until"] = None
    with pytest.raises(DataError):
        load_data(data)


def test_unknown_keys_ignored(data) -> None:
    data["cities"][0]["extra"] = 1
    _period(data)["extra"] = {"anything": True}
    load_data(data)


def test_not_a_dict() -> None:
    with pytest.raises(DataError):
        load_data([])
