"""Value types shared by the scenario objects: percentages, amounts, KPI names, checks."""

from __future__ import annotations

import itertools
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, WithJsonSchema

from perfkit.core.kpis import ALL_KPIS, DERIVED_ALIASES, HEADER_ALIASES, canonical_kpi


def _percent(value: Any) -> Any:
    """Accept "150%" as 1.5; leave everything else to pydantic."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100.0
        except ValueError:
            return value
    return value


_PERCENT_JSON = {"type": "string", "pattern": r"^\s*-?[0-9.]+\s*%\s*$"}
Ratio = Annotated[
    float,
    Field(ge=0),
    BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, _PERCENT_JSON]}),
]
Share = Annotated[
    float,
    Field(ge=0, le=1),
    BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, _PERCENT_JSON]}),
]
#: The largest amount a scenario may state (per agent, team or company and period): far
#: above any real pay or target, far below where sums overflow to inf.
MAX_AMOUNT = 1e10


def _plausible(value: float) -> float:
    if value > MAX_AMOUNT:
        raise ValueError(
            f"{value:g} is implausibly large; amounts are per period, expected at most "
            f"{MAX_AMOUNT:,.0f}"
        )
    return value


Amount = Annotated[float, Field(ge=0), AfterValidator(_plausible)]
#: A share given as a fraction, a percentage string, or percentage points (20 = 20%):
#: the model validator of the owner turns points into fractions.
SharePoints = Annotated[
    float,
    Field(ge=0, le=1),
    BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, _PERCENT_JSON]}),
]


def _check_kpi(name: str) -> str:
    """A KPI name as the canonical one: English, or Chinese as in data headers (销售额)."""
    if (canon := canonical_kpi(name)) is not None:
        return canon
    import difflib

    names = [*ALL_KPIS, *(a for a, c in {**HEADER_ALIASES, **DERIVED_ALIASES}.items()
                          if c in ALL_KPIS)]  # fmt: skip
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ValueError(
        f"unknown KPI '{name}'{hint} expected one of: {', '.join(ALL_KPIS)} "
        "(or their Chinese names, e.g. 销售额, 接通率)"
    )


KpiName = Annotated[str, BeforeValidator(lambda v: _check_kpi(str(v)))]


def _increasing(values: list[float], what: str) -> None:
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must be strictly increasing, got {values}")


def _decreasing(values: list[float], what: str) -> None:
    if any(b >= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must be strictly decreasing, got {values}")


def _non_decreasing(values: list[float], what: str) -> None:
    if any(b < a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must not decrease, got {values}")


def _tag(key: str, default: str):
    """A discriminator that falls back to ``default`` when the tag key is left out."""

    def pick(data: Any) -> str:
        return data.get(key, default) if isinstance(data, dict) else getattr(data, key, default)

    return Discriminator(pick)
