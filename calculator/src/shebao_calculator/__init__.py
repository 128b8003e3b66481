"""shebao_calculator: premiums, retirement age and pension estimates for
flexible employees (灵活就业人员) in mainland China.

Standard library only, no I/O, so the same code runs in CPython and in the
browser through Pyodide. Figures come in as plain data (see ``data.py``);
national rules come in the same data (content/national.yaml, checked by
``national.py``).
"""

from __future__ import annotations

__version__ = "0.1.0"

from .data import Dataset, load_data
from .errors import (
    AverageWageUnavailableError,
    BaseOutOfRangeError,
    CalculatorError,
    DataError,
    InvalidInputError,
    NoPeriodError,
    PensionInputError,
    RetirementInputError,
    UnknownCityError,
)
from .gap import gap
from .levels import levels
from .national import NationalRules, load_national
from .pension import payout_months, pension_estimate, project_account_balance
from .premiums import calculate_premiums, parse_base, reference_table
from .retirement import (
    delay_months,
    group_for,
    minimum_contribution_months,
    minimum_contribution_years,
    retirement,
)

__all__ = [
    "__version__",
    "AverageWageUnavailableError",
    "BaseOutOfRangeError",
    "CalculatorError",
    "DataError",
    "Dataset",
    "InvalidInputError",
    "NationalRules",
    "NoPeriodError",
    "PensionInputError",
    "RetirementInputError",
    "UnknownCityError",
    "calculate_premiums",
    "delay_months",
    "gap",
    "group_for",
    "levels",
    "load_data",
    "load_national",
    "minimum_contribution_months",
    "minimum_contribution_years",
    "parse_base",
    "payout_months",
    "pension_estimate",
    "project_account_balance",
    "reference_table",
    "retirement",
]
