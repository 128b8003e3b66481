"""JSON-in / JSON-out entry point for the web worker (Pyodide).

``handle(request_json)`` never raises: any problem comes back as
``{"ok": false, "error": {...}}`` so the page can always show a bilingual
message. Data can be sent once with ``load_data`` and is then kept in memory
for later requests (the worker lives for the whole page visit).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable

from . import __version__
from .data import Dataset, load_data
from .errors import CalculatorError, InvalidInputError
from .gap import gap
from .levels import levels
from .months import parse_day
from .national import NationalRules, load_national
from .pension import payout_months, pension_estimate
from .premiums import calculate_premiums, reference_table
from .retirement import retirement

_cache: dict[str, Dataset] = {}
_national: dict[str, NationalRules] = {}


def _no_data() -> InvalidInputError:
    return InvalidInputError(
        "还没有加载数据：先发送 load_data 请求，或在请求里附上 data。",
        "No data loaded yet: send a load_data request first, or include data in the request.",
        code="no_data",
    )


def _dataset(request: dict[str, Any]) -> Dataset:
    if "data" in request and request["data"] is not None:
        return load_data(request["data"])
    if "data" not in _cache:
        raise _no_data()
    return _cache["data"]


def _rules(request: dict[str, Any]) -> NationalRules:
    """The national rules of the request's data, else of the data loaded with ``load_data``."""
    if "data" in request and request["data"] is not None:
        return load_national(request["data"])
    if "rules" not in _national:
        raise _no_data()
    return _national["rules"]


def _today(params: dict[str, Any]) -> date | None:
    value = params.get("today")
    return None if value is None else parse_day(value, "today")


def _check_params(params: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise InvalidInputError(
            f"未知参数：{', '.join(unknown)}。",
            f"Unknown parameter(s): {', '.join(unknown)}.",
            code="unknown_parameter",
            details={"unknown": unknown, "allowed": sorted(allowed)},
        )


def _required(params: dict[str, Any], name: str) -> Any:
    if params.get(name) is None:
        raise InvalidInputError(
            f"缺少参数 {name}。",
            f"Missing parameter '{name}'.",
            code="missing_parameter",
            details={"field": name},
        )
    return params[name]


def _load(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, set())
    dataset = load_data(request.get("data"))
    _cache["data"] = dataset
    # National rules travel in the same data; a premiums-only file (test fixtures) may leave them out.
    raw = request.get("data")
    if isinstance(raw, dict) and "national" in raw:
        _national["rules"] = load_national(raw)
    else:
        _national.pop("rules", None)
    return _cities_json(dataset)


def _cities_json(dataset: Dataset) -> dict[str, Any]:
    return {
        "data_version": dataset.data_version,
        "cities": [
            {**city.to_json(), "periods": [p.to_json() for p in city.periods]}
            for city in dataset.cities.values()
        ],
    }


def _cities(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, set())
    return _cities_json(_dataset(request))


def _premiums(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, {"city", "base", "date", "medical_base", "medical_grade"})
    return calculate_premiums(
        _dataset(request),
        _required(params, "city"),
        _required(params, "base"),
        params.get("date"),
        medical_base=params.get("medical_base"),
        medical_grade=params.get("medical_grade"),
    ).to_json()


def _reference(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, {"city", "date"})
    return reference_table(_dataset(request), _required(params, "city"), params.get("date")).to_json()


def _retirement(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, {"birth", "sex", "original_age", "paid_months", "today"})
    return retirement(
        _required(params, "birth"),
        _required(params, "sex"),
        params.get("original_age"),
        paid_months=params.get("paid_months"),
        today=_today(params),
        rules=_rules(request),
    ).to_json()


def _pension(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, {
        "calc_base", "index", "contribution_months", "birth", "sex", "original_age",
        "retirement_age", "account_balance", "projection", "today",
    })
    return pension_estimate(
        calc_base=_required(params, "calc_base"),
        index=_required(params, "index"),
        contribution_months=_required(params, "contribution_months"),
        birth=params.get("birth"),
        sex=params.get("sex"),
        original_age=params.get("original_age"),
        retirement_age=params.get("retirement_age"),
        account_balance=params.get("account_balance"),
        projection=params.get("projection"),
        today=_today(params),
        rules=_rules(request),
    ).to_json()


def _levels(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, {"city", "date", "birth", "sex", "original_age", "paid_months", "calc_base",
                           "wage_growth", "crediting_rate", "pension_growth", "today"})
    return levels(
        _dataset(request), _required(params, "city"), _required(params, "birth"), _required(params, "sex"),
        params.get("original_age"), rules=_rules(request), on=params.get("date"),
        paid_months=params.get("paid_months"), calc_base=params.get("calc_base"),
        wage_growth=params.get("wage_growth"), crediting_rate=params.get("crediting_rate"),
        pension_growth=params.get("pension_growth"), today=_today(params),
    ).to_json()


def _gap(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    _check_params(params, {"city", "birth", "sex", "original_age", "paid_months", "stop", "resume", "today"})
    return gap(
        _dataset(request), _required(params, "city"), _required(params, "birth"), _required(params, "sex"),
        params.get("original_age"), rules=_rules(request), paid_months=_required(params, "paid_months"),
        stop=_required(params, "stop"), resume=params.get("resume"), today=_today(params),
    ).to_json()


def _payout(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    from .money import parse_int

    _check_params(params, {"years", "months"})
    years = parse_int(_required(params, "years"), "years", maximum=120)
    months = parse_int(params.get("months", 0), "months", maximum=11)
    return {"age": {"years": years, "months": months}, "payout_months": f"{payout_months(_rules(request), years, months):.1f}"}


def _version(request: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    loaded = _cache.get("data")
    return {"engine_version": __version__, "data_version": loaded.data_version if loaded else None}


ACTIONS: dict[str, Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]] = {
    "load_data": _load,
    "cities": _cities,
    "premiums": _premiums,
    "reference_table": _reference,
    "retirement": _retirement,
    "pension": _pension,
    "payout_months": _payout,
    "levels": _levels,
    "gap": _gap,
    "version": _version,
}


def dispatch(request: Any) -> dict[str, Any]:
    """Handle an already-parsed request dict; returns the response dict (never raises)."""
    try:
        if not isinstance(request, dict):
            raise InvalidInputError("请求必须是 JSON 对象。", "The request must be a JSON object.", code="bad_request")
        action = request.get("action")
        if action not in ACTIONS:
            raise InvalidInputError(
                f"未知操作“{action}”。",
                f"Unknown action '{action}'.",
                code="unknown_action",
                details={"allowed": sorted(ACTIONS)},
            )
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise InvalidInputError("params 必须是对象。", "params must be an object.", code="bad_request")
        return {"ok": True, "action": action, "result": ACTIONS[action](request, params)}
    except CalculatorError as exc:
        return {"ok": False, "error": exc.to_json()}
    except Exception as exc:  # the worker must always get an answer
        return {
            "ok": False,
            "error": {
                "code": "internal_error",
                "message": {"zh": "计算器内部错误，请报告这个问题。", "en": "Internal calculator error; please report it."},
                "type": type(exc).__name__,
                "detail": str(exc),
            },
        }


def handle(request_json: str) -> str:
    """Parse a JSON request, run it, return a JSON response (never raises)."""
    try:
        request = json.loads(request_json)
    except (TypeError, ValueError) as exc:
        response: dict[str, Any] = {
            "ok": False,
            "error": {
                "code": "bad_json",
                "message": {"zh": "请求不是有效的 JSON。", "en": "The request is not valid JSON."},
                "detail": str(exc),
            },
        }
    else:
        response = dispatch(request)
    try:
        return json.dumps(response, ensure_ascii=False)
    except Exception as exc:  # pragma: no cover - results are plain data
        return json.dumps({"ok": False, "error": {"code": "internal_error", "message": {
            "zh": "无法生成 JSON 结果。", "en": "Could not encode the result as JSON."}, "detail": str(exc)}})
