"""Plain-text formatting for the command line: money, percentages, two-column tables."""

from __future__ import annotations

import math


def money(value: float, currency: str = "CNY") -> str:
    """12345.6 → 'CNY 12,346'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{currency} {value:,.0f}"


def pct(value: float, digits: int = 1) -> str:
    """0.1234 → '12.3%'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value * 100:.{digits}f}%"


def number(value: float) -> str:
    """A metric for the terminal: 3334123.4 → '3,334,123'; 0.01234 → '0.01234'; never 1e+06."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def text_table(rows: list[tuple[str, str]]) -> str:
    """Left-aligned labels, right-aligned values."""
    if not rows:
        return ""
    width = max(len(label) for label, _ in rows)
    vwidth = max(len(value) for _, value in rows)
    return "\n".join(f"  {label:<{width}}  {value:>{vwidth}}" for label, value in rows)
