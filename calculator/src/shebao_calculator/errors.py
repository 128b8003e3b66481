"""Typed, bilingual errors.

Every problem a reader can cause (bad base, unknown city, impossible birth
month...) becomes a ``CalculatorError`` so that the CLI and the web worker can
show a message in both languages instead of a traceback.
"""

from __future__ import annotations

from typing import Any


class CalculatorError(Exception):
    """Base class: a stable ``code``, a ``{"zh", "en"}`` message and details."""

    code: str = "calculator_error"

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(en)
        if code is not None:
            self.code = code
        self.message: dict[str, str] = {"zh": zh, "en": en}
        self.details: dict[str, Any] = dict(details or {})

    def to_json(self) -> dict[str, Any]:
        """Plain dict: ``code``, ``message`` and the details spread alongside.

        Details are spread (not nested) so the web page can read e.g.
        ``error.min`` directly; they never use the keys ``code``/``message``.
        """
        out: dict[str, Any] = {"code": self.code, "message": dict(self.message)}
        for key, value in self.details.items():
            if key not in out:
                out[key] = value
        return out

    def __str__(self) -> str:
        return f"{self.message['zh']} / {self.message['en']}"


class DataError(CalculatorError):
    """The plain data itself is malformed (a build/export bug, not the reader's)."""

    code = "invalid_data"


class InvalidInputError(CalculatorError):
    """A reader-supplied value cannot be used (non-numeric, negative, NaN...)."""

    code = "invalid_input"


class UnknownCityError(CalculatorError):
    """The city id is not in the data; details list the known ones."""

    code = "unknown_city"


class NoPeriodError(CalculatorError):
    """No period of figures is in force on the requested date."""

    code = "no_period"


class BaseOutOfRangeError(CalculatorError):
    """The chosen base is outside the city's published bounds."""

    code = "base_out_of_range"


class AverageWageUnavailableError(CalculatorError):
    """A percentage base was asked for, but the period publishes no average wage."""

    code = "average_wage_unavailable"


class RetirementInputError(CalculatorError):
    """Birth month, sex or original retirement age cannot be used."""

    code = "invalid_retirement_input"


class PensionInputError(CalculatorError):
    """Inputs to the pension estimate cannot be used."""

    code = "invalid_pension_input"
