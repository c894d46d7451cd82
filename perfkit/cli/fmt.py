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


def table(rows: list[tuple[str, str]]) -> str:
    """Left-aligned labels, right-aligned values."""
    if not rows:
        return ""
    width = max(len(label) for label, _ in rows)
    vwidth = max(len(value) for _, value in rows)
    return "\n".join(f"  {label:<{width}}  {value:>{vwidth}}" for label, value in rows)
