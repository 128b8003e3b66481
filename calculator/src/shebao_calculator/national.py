"""National rules and the wording of results, read from the exported data.

The rules (retirement groups, minimum contribution years, payout months, the
personal-account share, ...) live in content/national.yaml with their sources
and periods; the build exports them as ``data["national"]`` next to the city
figures, and the reader-facing wording as ``data["messages"]`` (from
content/ui.yaml). This module checks that shape once, like data.py does for
cities, so content that passes ``guide validate`` either loads here or fails
with a ``DataError`` naming the path, never inside a calculation.

Results carry codes and values; ``NationalRules.text`` fills a message of the
catalogue in both languages, so the page, the embeds and the CLI word a
result the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from .data import Text, _date, _fail, _list, _number, _obj, _str, _text
from .errors import DataError
from .months import YearMonth

MESSAGE_KEYS: tuple[str, ...] = (
    "age-years", "age-years-month", "age-years-months",
    "retire-note-no-delay", "retire-note-female-original-age", "retire-note-min-years-by-year",
    "retire-note-late-retirement",
    "retire-cond-minimum", "retire-cond-window", "retire-cond-notice",
    "retire-step-delay", "retire-step-no-delay", "retire-step-month",
    "pension-note-transitional", "pension-note-estimate", "pension-note-below-minimum", "pension-note-no-account",
    "pension-note-payout",
    "pension-step-basic", "pension-step-payout", "pension-step-account", "pension-step-total",
    "pension-assume-calc-base", "pension-assume-index", "pension-assume-age-statutory", "pension-assume-age-given",
    "pension-assume-crediting-default", "pension-assume-crediting-given",
    # the base explorer (levels.py) and the break simulator (gap.py)
    "levels-assume-calc-base", "levels-assume-calc-base-given", "levels-assume-index", "levels-assume-months",
    "levels-assume-pension-growth", "levels-assume-pension-growth-given", "levels-assume-other-bases",
    "levels-note-steps", "levels-note-steps-no-average", "levels-note-payback", "levels-note-below-minimum",
    "levels-reason-no-average", "levels-reason-no-months",
    "gap-note-kept", "gap-note-minimum", "gap-note-minimum-met", "gap-note-resume-reach", "gap-note-resume-short",
    "gap-note-no-resume-short", "gap-note-resident", "gap-reason-no-rules",
    "gap-medical-none", "gap-medical-none-back-pay", "gap-medical-edge", "gap-medical-wait",
    "gap-medical-wait-no-grace", "gap-medical-rejoin-by", "gap-medical-rejoin-by-back-pay", "gap-medical-unknown",
    "gap-medical-not-in-guide", "gap-medical-before-rule",
)
"""Every catalogue key the engine words results with; the export must carry each one."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
GROUP_IDS = ("male", "female-55", "female-50")


@dataclass(frozen=True)
class Group:
    """One group of the reform (Measures Art. 1)."""

    id: str
    original_age: int
    step_months: int
    max_delay_months: int


@dataclass(frozen=True)
class NationalRules:
    reform_start: YearMonth
    groups: Mapping[str, Group]
    early_max_months: int
    late_max_months: int
    notice_months: int
    minimum: tuple[tuple[int | None, int], ...]
    payout: Mapping[int, int]
    payout_note: Text | None
    payout_disputed: tuple[int, ...]
    personal_account_rate: Decimal
    max_index: Decimal
    sources: Mapping[str, dict[str, Any]]
    rule_sources: Mapping[str, tuple[str, ...]]
    messages: Mapping[str, Text]

    def minimum_months(self, year: int) -> int:
        """The minimum contribution for retiring in ``year`` (the last row that has started)."""
        return next(months for start, months in reversed(self.minimum) if start is None or start <= year)

    def minimum_rise(self) -> dict[str, object]:
        """How the minimum rises, for the note that explains it: first rise, step, last row."""
        first, last = self.minimum[0], self.minimum[-1]
        second = self.minimum[1] if len(self.minimum) > 1 else last
        return {"rise_from": second[0] or "—", "rise_months": second[1] - first[1],
                "final_from": last[0] or "—", "final_years": _years_text(last[1])}

    def payout_uses_disputed(self, age_months: int) -> bool:
        """Whether the payout months at this age read a disputed table entry (the age, or the next one
        when the age has months)."""
        years, months = divmod(age_months, 12)
        return years in self.payout_disputed or (months > 0 and years + 1 in self.payout_disputed)

    def sources_for(self, *rules: str) -> list[dict[str, Any]]:
        """The sources of these rules, each once, in order (as every result lists them)."""
        seen: list[str] = []
        for rule in rules:
            seen += [sid for sid in self.rule_sources[rule] if sid not in seen]
        return [{"id": sid, **self.sources[sid]} for sid in seen]

    def text(self, key: str, **values: object) -> Text:
        """A catalogue message in both languages; a Text value fills each language with its own text."""
        template = self.messages[key]
        out: Text = {}
        for lang in ("zh", "en"):
            def fill(match: re.Match[str], lang: str = lang) -> str:
                value = values.get(match.group(1), match.group(0))
                return value[lang] if isinstance(value, dict) else str(value)

            out[lang] = _PLACEHOLDER.sub(fill, template[lang])
        return out

    def message(self, key: str, **values: object) -> dict[str, Any]:
        """A note or step: its code, the values it was filled with, and its text in both languages."""
        used = {name for lang in ("zh", "en") for name in _PLACEHOLDER.findall(self.messages[key][lang])}
        plain = {k: v for k, v in values.items() if k in used and not isinstance(v, dict)}
        return {"code": key, "values": plain, **self.text(key, **values)}

    def age_text(self, total_months: int) -> Text:
        """50岁1个月 / 50 years 1 month; 60岁 / 60 years for a whole year."""
        years, months = divmod(total_months, 12)
        key = "age-years" if months == 0 else "age-years-month" if months == 1 else "age-years-months"
        return self.text(key, years=years, months=months)


def _years_text(months: int) -> str:
    years = Decimal(months) / 12
    return format(years.normalize(), "f") if years != years.to_integral() else str(int(years))


def _int(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(path, f"应为 {low}–{high} 之间的整数。", f"expected a whole number from {low} to {high}.")
    return value


def _rule_sources(raw: Mapping[str, Any], path: str, known: Mapping[str, Any]) -> tuple[str, ...]:
    ids = []
    for i, item in enumerate(_list(raw.get("sources"), f"{path}.sources")):
        sid = _str(item, f"{path}.sources[{i}]") or ""
        if sid not in known:
            raise _fail(f"{path}.sources[{i}]", f"未定义的来源“{sid}”。", f"unknown source id '{sid}'.")
        ids.append(sid)
    if not ids:
        raise _fail(f"{path}.sources", "每条规则都必须有来源。", "every rule needs at least one source.")
    _date(raw.get("valid_from"), f"{path}.valid_from", optional=True)
    _date(raw.get("valid_until"), f"{path}.valid_until", optional=True)
    return tuple(ids)


def _messages(raw: Any) -> dict[str, Text]:
    obj = _obj(raw, "$.messages")
    out = {}
    for key in MESSAGE_KEYS:
        if key not in obj:
            raise _fail(f"$.messages.{key}", "缺少这条文字（content/ui.yaml）。", "this message is missing (content/ui.yaml).")
        out[key] = _text(obj[key], f"$.messages.{key}")
    return out


def _source(value: Any, path: str) -> dict[str, Any]:
    obj = _obj(value, path)
    note = obj.get("note")
    return {
        "title": _text(obj.get("title"), f"{path}.title"),
        "url": _str(obj.get("url"), f"{path}.url"),
        "document_number": _str(obj.get("document_number"), f"{path}.document_number", optional=True),
        "published_on": _str(obj.get("published_on"), f"{path}.published_on", optional=True),
        "checked_on": _str(obj.get("checked_on"), f"{path}.checked_on"),
        "confidence": _str(obj.get("confidence"), f"{path}.confidence"),
        "note": None if note is None else _text(note, f"{path}.note"),
    }


def load_national(raw: Any) -> NationalRules:
    """Check ``data["national"]`` and ``data["messages"]`` of the exported data; return typed rules.

    Accepts the whole exported data dict or already-loaded ``NationalRules``.
    """
    if isinstance(raw, NationalRules):
        return raw
    root = _obj(raw, "$")
    if "national" not in root:
        raise DataError(
            "数据里没有全国性规定（national）：请用最新的 guide 导出数据。",
            "The data has no national rules ('national'): export the data with the current guide.",
            code="no_national_rules",
        )
    n = _obj(root.get("national"), "$.national")
    sources = {sid: _source(s, f"$.national.sources.{sid}") for sid, s in _obj(n.get("sources"), "$.national.sources").items()}
    rule_sources: dict[str, tuple[str, ...]] = {}

    def rule(name: str) -> Mapping[str, Any]:
        obj = _obj(n.get(name), f"$.national.{name}")
        rule_sources[name] = _rule_sources(obj, f"$.national.{name}", sources)
        return obj

    r = rule("retirement")
    start = _date(r.get("valid_from"), "$.national.retirement.valid_from")
    assert start is not None
    groups: dict[str, Group] = {}
    for i, g in enumerate(_list(r.get("groups"), "$.national.retirement.groups")):
        path = f"$.national.retirement.groups[{i}]"
        g = _obj(g, path)
        gid = _str(g.get("id"), f"{path}.id") or ""
        if gid not in GROUP_IDS or gid in groups:
            raise _fail(f"{path}.id", f"组别应为 {', '.join(GROUP_IDS)} 之一，且只出现一次。",
                        f"expected one of {', '.join(GROUP_IDS)}, each once.")
        groups[gid] = Group(gid, _int(g.get("original_age"), f"{path}.original_age", 40, 70),
                            _int(g.get("step_months"), f"{path}.step_months", 1, 12),
                            _int(g.get("max_delay_months"), f"{path}.max_delay_months", 0, 120))
    missing = [gid for gid in GROUP_IDS if gid not in groups]
    if missing:
        raise _fail("$.national.retirement.groups", f"缺少组别：{', '.join(missing)}。", f"missing groups: {', '.join(missing)}.")

    early = _int(rule("early_retirement").get("max_months_early"), "$.national.early_retirement.max_months_early", 0, 120)
    late = _int(rule("late_retirement").get("max_months_late"), "$.national.late_retirement.max_months_late", 0, 120)
    notice = _int(rule("early_notice").get("months"), "$.national.early_notice.months", 0, 24)

    minimum: list[tuple[int | None, int]] = []
    for i, row in enumerate(_list(rule("minimum_contribution").get("years"), "$.national.minimum_contribution.years")):
        path = f"$.national.minimum_contribution.years[{i}]"
        row = _obj(row, path)
        year = row.get("from_year")
        first = year is None
        if first != (i == 0):
            raise _fail(f"{path}.from_year", "只有第一行不写 from_year。", "only the first row has no from_year.")
        minimum.append((None if first else _int(year, f"{path}.from_year", 1990, 2100),
                        _int(row.get("months"), f"{path}.months", 1, 600)))
    if not minimum:
        raise _fail("$.national.minimum_contribution.years", "不能为空。", "must not be empty.")

    rule("pension_formula")
    p = rule("payout_months")
    ages = _obj(p.get("ages"), "$.national.payout_months.ages")
    payout = {}
    for age, months in ages.items():
        if not str(age).isdigit():
            raise _fail(f"$.national.payout_months.ages.{age}", "年龄应为整数。", "ages are whole numbers.")
        payout[int(age)] = _int(months, f"$.national.payout_months.ages.{age}", 1, 400)
    if sorted(payout) != list(range(min(payout, default=0), max(payout, default=-1) + 1)) or len(payout) < 2:
        raise _fail("$.national.payout_months.ages", "年龄必须连续。", "ages must be consecutive.")
    note = p.get("note")
    disputed = tuple(_int(a, f"$.national.payout_months.disputed_ages[{i}]", 0, 120)
                     for i, a in enumerate(_list(p.get("disputed_ages", []), "$.national.payout_months.disputed_ages")))
    if disputed and note is None:
        raise _fail("$.national.payout_months.note", "有争议的年龄需要说明。", "disputed ages need a note.")

    par = _number(rule("personal_account").get("rate"), "$.national.personal_account.rate")
    if not par < 1:
        raise _fail("$.national.personal_account.rate", "比例必须小于 1。", "a rate must be below 1.")
    cap = _number(rule("index_cap").get("max_index"), "$.national.index_cap.max_index", positive=True)

    return NationalRules(
        reform_start=YearMonth.of(start.year, start.month),
        groups=groups,
        early_max_months=early,
        late_max_months=late,
        notice_months=notice,
        minimum=tuple(minimum),
        payout=payout,
        payout_note=None if note is None else _text(note, "$.national.payout_months.note"),
        payout_disputed=disputed,
        personal_account_rate=par,
        max_index=cap,
        sources=sources,
        rule_sources=rule_sources,
        messages=_messages(root.get("messages")),
    )


__all__ = ["MESSAGE_KEYS", "Group", "NationalRules", "load_national"]
