"""The offer check's answer: content + city + kind of work → codes, figures and source ids.

A pure function of validated content and the calculator engine's dataset, so the page, the embed, the
browser event (`guide:offer-check-result`) and the tests all read one answer. Nothing here is worded:
the codes are worded from `content/offer-check.yaml` where the answer is shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from shebao_calculator import Dataset, reference_table

from .loader import Content

InjuryStatus = Literal["covered", "starts_later", "covered_since_unknown", "not_covered", "not_in_guide",
                       "not_a_listed_platform"]
"""For platform work: covered (the city's injury protection lists this platform kind and started on or
before the date asked about), starts_later (listed, starting after that date), covered_since_unknown (listed, no start date found), not_covered (the city's rule leaves this kind
out), not_in_guide (the guide has no injury protection rule for the city yet), not_a_listed_platform
(platform work outside the three kinds the national notice names)."""


class UnknownChoice(ValueError):
    """A work kind or city id the content does not have; says which ones it has."""

    def __init__(self, what: str, value: str, allowed: list[str]) -> None:
        self.what, self.value, self.allowed = what, value, allowed
        super().__init__(f"unknown {what} '{value}': choose one of {', '.join(allowed)}")


def _engine_id(insurance: str) -> str:
    """The engine names work-injury insurance `work_injury`; content uses `work-injury`."""
    return insurance.replace("-", "_")


def offer_answer(content: Content, figures: Dataset, city_id: str, work_id: str, on: dt.date) -> dict[str, Any]:
    """What the offer check answers for this kind of work in this city on this date.

    Raises:
        UnknownChoice: for a city or work kind id that content does not have.
    """
    kinds = [k.id for k in content.offer_check.kinds]
    if work_id not in kinds:
        raise UnknownChoice("work kind", work_id, kinds)
    cities = [c.id for c in content.cities]
    if city_id not in cities:
        raise UnknownChoice("city", city_id, cities)
    kind = content.offer_check.kind(work_id)
    city = content.city(city_id)

    wants_bill = any(entry.obligation in ("you_may_join", "city_decides") for entry in kind.insurances)
    table = reference_table(figures, city.id, city.shown_on(on)).to_json() if wants_bill else None
    city_status = {entry["insurance"]: entry["status"] for entry in table["insurances"]} if table else {}

    insurances = []
    for entry in kind.insurances:
        line: dict[str, Any] = {"insurance": entry.insurance, "obligation": entry.obligation,
                                "sources": list(entry.legal)}
        if entry.obligation == "city_decides":
            # computed / not_available / not_in_guide, as the engine's bill says for flexible employees here
            line["city_status"] = city_status.get(_engine_id(entry.insurance), "not_in_guide")
        insurances.append(line)

    legal = list(dict.fromkeys(ref for entry in kind.insurances for ref in entry.legal))
    if kind.note:
        legal += [ref for ref in kind.note.legal if ref not in legal]
    waiver = any(entry.obligation in ("employer", "employer_and_you") for entry in kind.insurances)
    if waiver:
        legal += [ref for paragraph in content.offer_check.waiver for ref in paragraph.legal if ref not in legal]

    return {
        "work": kind.id,
        "city": city.id,
        "date": on.isoformat(),
        "insurances": insurances,
        "injury_protection": _injury(content, kind.platform, city, on) if kind.platform is not None else None,
        "flexible_bill": _bill(table) if table else None,
        "waiver": waiver,
        "sources": legal,
    }


def _injury(content: Content, platform: str, city: Any, on: dt.date) -> dict[str, Any]:
    rule = city.local_rules.injury_protection
    if platform == "other":
        return {"status": "not_a_listed_platform", "platform": None, "since": None,
                "sources": list(content.offer_check.injury_unknown_platform.legal), "city_sources": []}
    if rule is None:
        status = "not_in_guide"
    elif platform not in rule.platforms:
        status = "not_covered"
    elif rule.since is None:
        status = "covered_since_unknown"
    else:
        status = "covered" if rule.since <= on else "starts_later"
    return {"status": status, "platform": platform,
            "since": rule.since.isoformat() if rule is not None and rule.since is not None else None,
            "sources": [], "city_sources": list(rule.sources) if rule is not None else []}


def _bill(table: dict[str, Any]) -> dict[str, Any]:
    """The whole monthly bill at the lowest and highest base, as the engine computed it."""
    rows = {row["level"]: row for row in table["rows"]}
    return {"date": table["date"], "period": table["period"],
            "lowest": {"base": rows["min"]["base"], "monthly": rows["min"]["monthly"]["total"]},
            "highest": {"base": rows["max"]["base"], "monthly": rows["max"]["monthly"]["total"]},
            "complete": table["complete"], "missing": table["missing"],
            "insurances": [{"insurance": entry["insurance"], "status": entry["status"]}
                           for entry in table["insurances"]]}
