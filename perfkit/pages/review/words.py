"""KPI values and steps on the review pages, each in its unit (:data:`perfkit.core.kpis`
units, :mod:`perfkit.text.numbers` formats; words: ``review.*``).

Rates are shown as percentages with enough decimals that a 0.15% complaint rate and a
step of it stay visible, and a step in a rate is stated in percentage points.
"""

from __future__ import annotations

from perfkit.core.kpis import unit
from perfkit.text import Lang, t
from perfkit.text.numbers import finite, money_symbol, number, pct, rate_digits


def kpi_value(kpi: str, value: float, lang: Lang, currency: str = "CNY") -> str:
    """A KPI value as a team leader reads it ('–' for NaN)."""
    if not finite(value):
        return "–"
    kind = unit(kpi)
    if kind == "rate":
        return pct(value, rate_digits(value))
    if kind == "money":
        return money_symbol(value, currency, lang)
    if kind in ("score", "satisfaction"):
        return number(value, "#,##0.0", lang, as_written=True)
    return number(value, "#,##0", lang, as_written=True)


def kpi_step(kpi: str, step: float, lang: Lang, currency: str = "CNY") -> str:
    """The size of a step: percentage points for rates, else the KPI's own unit."""
    size = abs(step)
    if unit(kpi) == "rate":
        points = pct(size, max(1, rate_digits(size))).removesuffix("%")
        return t("review.step_points", lang, x=points)
    return t("review.step_up", lang, x=kpi_value(kpi, size, lang, currency))


def attainment(value: float) -> str:
    """An attainment, ``97%`` ('–' for NaN)."""
    return pct(value, 0) if finite(value) else "–"
