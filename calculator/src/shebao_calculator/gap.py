"""Break simulator: what stopping payment (and, optionally, resuming) costs in pension years and in medical
cover, for one city.

The retirement month and the minimum contribution years are ``retirement.retirement``'s (so ``guide gap``
and ``guide retire`` always agree); the city's rules are its ``breaks`` (content local_rules.breaks,
checked in data.py). Months are calendar months: ``stop`` is the first month not paid, ``resume`` the first
month paid again, so the break is ``resume - stop`` months. A rule the guide has not found is never
guessed: the answer is null with the reason and the office to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .data import City, Dataset, Office, load_data
from .errors import InvalidInputError
from .months import YearMonth, parse_year_month
from .national import NationalRules, load_national
from .retirement import RETIREMENT_RULES, RetirementResult, _years, retirement


@dataclass(frozen=True)
class Medical:
    """The waiting period after the break: months (None: not in the guide) and why."""

    months: int | None
    reason: dict[str, Any] | None
    """Set exactly when ``months`` is None."""
    explanation: dict[str, Any]
    rejoin_by: YearMonth | None
    caution: dict[str, Any] | None = None
    """Set when the break is exactly at the rule's limit, where how the bureau counts months decides."""


def _medical(city: City, rules: NationalRules, stop: YearMonth, resume: YearMonth | None) -> Medical:
    b = city.breaks
    if b is None:
        reason = rules.message("gap-medical-not-in-guide", city=city.name)
        return Medical(None, reason, reason, None)
    if b.medical_waiting_months is None:
        reason = rules.message("gap-medical-unknown", rule=b.medical_waiting)
        return Medical(None, reason, reason, None)
    months, grace = b.medical_waiting_months, b.medical_grace_months
    if resume is not None and b.medical_waiting_valid_from is not None and \
            resume.first_day() < b.medical_waiting_valid_from:
        reason = rules.message("gap-medical-before-rule", valid_from=b.medical_waiting_valid_from.isoformat())
        return Medical(None, reason, reason, None)
    if grace is None:
        return Medical(months, None, rules.message("gap-medical-wait-no-grace", months=months), None)
    rejoin_by = stop.plus(grace)
    if resume is None:
        key = "gap-medical-rejoin-by-back-pay" if b.medical_grace_needs_back_payment else "gap-medical-rejoin-by"
        return Medical(months, None, rules.message(key, rejoin_by=str(rejoin_by), grace=grace, months=months),
                       rejoin_by)
    missed = resume.minus(stop)
    if missed > grace:
        return Medical(months, None, rules.message("gap-medical-wait", missed=missed, grace=grace, months=months),
                       rejoin_by)
    key = "gap-medical-none-back-pay" if b.medical_grace_needs_back_payment else "gap-medical-none"
    caution = rules.message("gap-medical-edge", grace=grace) if missed == grace else None
    return Medical(0, None, rules.message(key, missed=missed, grace=grace, months=months), rejoin_by, caution)


def _office(office: Office | None) -> dict[str, Any] | None:
    return None if office is None else office.to_json()


@dataclass(frozen=True)
class GapResult:
    city: City
    retirement: RetirementResult
    stop: YearMonth
    resume: YearMonth | None
    paid: int
    medical: Medical
    rules: NationalRules

    @property
    def months_after_resume(self) -> int | None:
        """Months that can still be paid from ``resume`` up to (not including) the retirement month."""
        return None if self.resume is None else self.retirement.retirement_month.minus(self.resume)

    @property
    def months_at_retirement(self) -> int:
        return self.paid + (self.months_after_resume or 0)

    def _notes(self) -> list[dict[str, Any]]:
        r, rules = self.retirement, self.rules
        minimum, still = r.minimum_months, r.months_still_needed or 0
        notes = [rules.message("gap-note-kept", months=self.paid)]
        values = {"retirement_month": str(r.retirement_month), "years": _years(minimum), "minimum": minimum,
                  "paid": self.paid, "still": still}
        notes.append(rules.message("gap-note-minimum" if still else "gap-note-minimum-met", **values))
        short = max(0, minimum - self.months_at_retirement)
        if self.resume is not None:
            key = "gap-note-resume-short" if short else "gap-note-resume-reach"
            notes.append(rules.message(key, resume=str(self.resume), after=self.months_after_resume,
                                       total=self.months_at_retirement, short=short))
        elif short:
            notes.append(rules.message("gap-note-no-resume-short", paid=self.paid, short=short))
        return notes

    def to_json(self) -> dict[str, Any]:
        r, rules, city, b = self.retirement, self.rules, self.city, self.city.breaks
        used: list[str] = []
        if b is not None:
            for sid in (*b.back_payment.sources, *b.medical_waiting_sources):
                if sid not in used:
                    used.append(sid)
        back: dict[str, Any]
        if b is None:
            back = {"allowed": None, "note": rules.text("gap-reason-no-rules", city=city.name), "sources": []}
        else:
            back = {"allowed": b.back_payment.allowed, "note": dict(b.back_payment.note),
                    "sources": [city.sources[sid].to_json() for sid in b.back_payment.sources]}
        minimum = r.minimum_months
        m = self.medical
        return {
            "city": city.to_json(),
            "birth": str(r.birth),
            "sex": r.sex,
            "group": r.group,
            "stop": str(self.stop),
            "resume": None if self.resume is None else str(self.resume),
            "retirement_month": str(r.retirement_month),
            "retirement_age_text": rules.age_text(r.retirement_age_months),
            "minimum_contribution_years": _years(minimum),
            "minimum_contribution_months": minimum,
            "months_paid": self.paid,
            "months_still_needed": r.months_still_needed,
            "months_missed": None if self.resume is None else self.resume.minus(self.stop),
            "months_after_resume": self.months_after_resume,
            "months_at_retirement": self.months_at_retirement,
            "reaches_minimum": self.months_at_retirement >= minimum,
            "back_payment": back,
            "medical_waiting_months": m.months,
            "medical_waiting_reason": m.reason,
            "medical_waiting": {
                "explanation": m.explanation,
                "caution": m.caution,
                "rule": None if b is None else dict(b.medical_waiting),
                "rule_months": None if b is None else b.medical_waiting_months,
                "grace_months": None if b is None else b.medical_grace_months,
                "grace_needs_back_payment": False if b is None else b.medical_grace_needs_back_payment,
                "rejoin_by": None if m.rejoin_by is None else str(m.rejoin_by),
                "valid_from": None if b is None or b.medical_waiting_valid_from is None
                else b.medical_waiting_valid_from.isoformat(),
                "sources": [] if b is None else [city.sources[sid].to_json() for sid in b.medical_waiting_sources],
            },
            "offices": {"social_insurance": _office(city.bureau),
                        "medical": _office(city.healthcare_bureau or city.bureau)},
            "resident_alternative": rules.message("gap-note-resident"),
            "notes": self._notes(),
            "sources": [city.sources[sid].to_json() for sid in used] + rules.sources_for(*RETIREMENT_RULES),
        }


def _range_error(field: str, value: YearMonth, low: YearMonth, high: YearMonth, zh: str, en: str) -> InvalidInputError:
    return InvalidInputError(
        f"{zh}：必须在 {low} 到 {high} 之间，收到的是 {value}。",
        f"{en}: it must be from {low} to {high}; got {value}.",
        code="month_out_of_range", details={"field": field, "value": str(value), "min": str(low), "max": str(high)})


def gap(
    data: Dataset | dict[str, Any],
    city_id: object,
    birth: object,
    sex: object,
    original_age: object = None,
    *,
    rules: Any,
    paid_months: object,
    stop: object,
    resume: object = None,
    today: date | None = None,
) -> GapResult:
    """Stopping in ``stop`` (first month not paid) after ``paid_months``, optionally paying again from
    ``resume``. ``rules``: the exported data dict (or ``load_national`` of it)."""
    dataset = load_data(data)
    national = load_national(rules)
    city = dataset.city(city_id)
    if paid_months is None:
        raise InvalidInputError("缺少已缴月数（paid_months）。", "Missing the months paid so far (paid_months).",
                                code="missing_parameter", details={"field": "paid_months"})
    r = retirement(birth, sex, original_age, rules=national, paid_months=paid_months, today=today)
    stop_month = parse_year_month(stop, "stop")
    last_stop = r.retirement_month.plus(-1)
    if not r.birth < stop_month <= last_stop:
        raise _range_error("stop", stop_month, r.birth.plus(1), last_stop, "停缴月份应在出生之后、法定退休之前",
                           "The month you stop must be after your birth and before your retirement month")
    paid = r.paid_months or 0
    lived = stop_month.minus(r.birth)
    if paid > lived:
        raise InvalidInputError(
            f"已缴月数 {paid} 超过了从出生到停缴（{stop_month}）的月数（{lived}）。",
            f"{paid} months paid is more than the months from birth to the stop ({stop_month}): {lived}.",
            code="out_of_range", details={"field": "paid_months", "value": str(paid), "min": 0, "max": lived})
    resume_month = None if resume is None or resume == "" else parse_year_month(resume, "resume")
    if resume_month is not None and not stop_month < resume_month <= r.retirement_month:
        raise _range_error("resume", resume_month, stop_month.plus(1), r.retirement_month,
                           "恢复缴费的月份应在停缴之后、不晚于法定退休月份",
                           "The month you pay again must be after the stop and no later than your retirement month")
    medical = _medical(city, national, stop_month, resume_month)
    return GapResult(city, r, stop_month, resume_month, paid, medical, national)


__all__ = ["GapResult", "gap"]
