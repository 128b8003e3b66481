"""Formula steps in words, from the catalogue that comes with the data (content/ui.yaml `bill-*` keys).

The engine never writes result prose itself: a step is a code (`bill-step-<code>`) with plain values,
and the same catalogue words it on the page, in the embed, on the print sheet and in the CLI.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from .money import money_display, rate_display

Text = dict[str, str]
LANGS = ("zh", "en")
_MONEY = {"base", "amount", "wage", "yearly", "declared", "min", "max", "total", "annual", "account", "pooled"}
_RATES = {"rate", "share", "account_rate"}


def say(messages: Mapping[str, Text], key: str, **params: Any) -> Text:
    """`key` in both languages with `params` filled in; a key missing from the catalogue shows as itself."""
    out: Text = {}
    for lang in LANGS:
        values = {name: _display(name, value, lang, messages) for name, value in params.items()}
        template = messages.get(key, {}).get(lang)
        if template is None:
            out[lang] = key + "".join(f" {k}={v}" for k, v in values.items())
            continue
        try:
            out[lang] = template.format(**values)
        except (KeyError, IndexError, ValueError):
            out[lang] = template
    return out


def insurance_name(messages: Mapping[str, Text], insurance: str, lang: str) -> str:
    return messages.get(f"bill-name-{insurance}", {}).get(lang, insurance)


def _display(name: str, value: Any, lang: str, messages: Mapping[str, Text]) -> str:
    if isinstance(value, dict):
        return str(value.get(lang, ""))
    if name == "insurance":
        return insurance_name(messages, str(value), lang)
    if name == "missing":
        return ("、" if lang == "zh" else ", ").join(insurance_name(messages, i, lang) for i in value)
    if name == "sum":
        return " + ".join(money_display(Decimal(v)) for v in value)
    if name in _MONEY and value is not None:
        return money_display(Decimal(str(value)))
    if name in _RATES and value is not None:
        return rate_display(Decimal(str(value)))
    return "" if value is None else str(value)


def formula_line(messages: Mapping[str, Text], step: Mapping[str, Any]) -> dict[str, str]:
    """A structured step as the `formula` entry of a result: {"item", "zh", "en"}."""
    params = {k: v for k, v in step.items() if k not in ("step", "grade_id")}
    item = str(step.get("insurance", step["step"]))
    return {"item": item, **say(messages, f"bill-step-{step['step']}", **params)}
