"""An interval as text: "none" where there is none (never "nan–nan")."""

from __future__ import annotations

import math
from collections.abc import Callable


def interval(
    lo: float, hi: float, fmt: str | Callable[[float], str] = ",.0f", sep: str = "–"
) -> str:
    """``lo–hi`` in ``fmt`` (a format spec or a function); "none" when either end is
    missing or not finite (no bootstrap, too little data)."""
    try:
        ends = (float(lo), float(hi))
    except (TypeError, ValueError):
        return "none"
    if not all(math.isfinite(v) for v in ends):
        return "none"
    show = fmt if callable(fmt) else (lambda v: format(v, fmt))
    return f"{show(ends[0])}{sep}{show(ends[1])}"
