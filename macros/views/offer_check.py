"""The offer check's view: the template context of `/offer-check/` and its embed, from content.

Every answer is rendered on the page (one section per kind of work, one per city) so the page reads and
prints without JavaScript, with a jump list to each answer. The script (offer-check.js) only shows the
sections of the reader's choice and sends the `guide:offer-check-result` event with the answer computed
here (macros/content/offer_answer.py), which the build writes once for every kind and city
(`offer-check/answers.json`, written by macros/writers/offer_check.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shebao_calculator import Dataset

from macros.content import Content
from macros.content.offer_answer import offer_answer
from macros.content.local_rules import Platform
from macros.writers.calendar import reminder_payment

PLATFORMS: tuple[str, ...] = Platform.__args__  # type: ignore[attr-defined]


def answers(content: Content, figures: Dataset, on: dt.date) -> dict[str, dict[str, Any]]:
    """Every answer, keyed `<work>/<city>`: what the page's script sends with its event."""
    return {f"{kind.id}/{city.id}": offer_answer(content, figures, city.id, kind.id, on)
            for kind in content.offer_check.kinds for city in content.cities}


def offer_check_context(content: Content, figures: Dataset, on: dt.date) -> dict[str, Any]:
    """What the template needs beyond content: per city, its injury protection per platform kind, its
    flexible bill and whether it has a payment reminder; per kind, whether the waiver advice applies."""
    platform_kind = next(kind for kind in content.offer_check.kinds if kind.platform in PLATFORMS)
    cities = []
    for city in content.cities:
        sample = offer_answer(content, figures, city.id, platform_kind.id, on)
        injury = {}
        for kind in content.offer_check.kinds:
            if kind.platform in PLATFORMS and kind.platform not in injury:
                injury[kind.platform] = offer_answer(content, figures, city.id, kind.id, on)["injury_protection"]
        cities.append({"city": city, "injury": injury, "bill": sample["flexible_bill"],
                       "reminder": reminder_payment(city) is not None})
    kinds = [{"kind": kind, "answer": offer_answer(content, figures, content.cities[0].id, kind.id, on)}
             for kind in content.offer_check.kinds]
    return {"offer": content.offer_check, "kinds": kinds, "cities": cities,
            "insurance_names": {item.id: item.name for item in content.insurance.insurance}}
