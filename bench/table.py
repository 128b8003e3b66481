"""The one table `make bench` prints: figure, value, baseline, ratio, target, pass/fail."""

from __future__ import annotations

from typing import Any

HEADERS = {"figure": "figure", "value": "value", "baseline": "baseline", "ratio": "ratio",
           "target": "target", "result": "pass/fail"}


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if unit == "KB":
        return f"{value:,.1f} KB"
    if unit == "MB":
        return f"{value:,.1f} MB"
    if unit == "ms":
        return f"{value:,.0f} ms"
    if unit:
        return f"{value:,.2f} {unit}"
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def row(figure: str, value: Any, baseline: Any, target: str, passed: bool | None, unit: str = "ms",
        ratio: float | None = None) -> dict[str, str]:
    if ratio is None and isinstance(value, (int, float)) and isinstance(baseline, (int, float)) and baseline:
        ratio = value / baseline
    return {"figure": figure, "value": fmt(value, unit), "baseline": fmt(baseline, unit),
            "ratio": "—" if ratio is None else f"{ratio:.2f}", "target": target,
            "result": "—" if passed is None else ("pass" if passed else "FAIL")}


def from_dict(figure: dict[str, Any]) -> dict[str, str]:
    """A row from another bench module (keys figure, value, baseline, ratio, target, ok)."""
    ratio = figure.get("ratio")
    ok = figure.get("ok")
    return {"figure": str(figure.get("figure", "?")), "value": fmt(figure.get("value")),
            "baseline": fmt(figure.get("baseline")),
            "ratio": "—" if ratio is None else (ratio if isinstance(ratio, str) else f"{ratio:.2f}"),
            "target": str(figure.get("target") or "—"),
            "result": "—" if ok is None else ("pass" if ok else "FAIL")}


def render(rows: list[dict[str, str]]) -> str:
    widths = {k: max(len(HEADERS[k]), *(len(r[k]) for r in rows)) for k in HEADERS}
    lines = ["  ".join(HEADERS[k].ljust(widths[k]) for k in HEADERS),
             "  ".join("-" * widths[k] for k in HEADERS)]
    for r in rows:
        lines.append("  ".join((r[k].rjust(widths[k]) if k in ("value", "baseline", "ratio") else r[k].ljust(widths[k]))
                               for k in HEADERS).rstrip())
    return "\n".join(lines)
