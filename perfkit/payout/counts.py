"""Counts are whole: a what-if or a coaching step moves complaints, orders and dials in
whole units before the engine prices them (a rule of 100 per complaint deducts multiples
of 100, never 79).

The one place both step builders (the letters' what-if levels, the review's coaching
steps) make counts whole; rounding is half up (2.5 complaints → 3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.core.kpis import RAW_KPIS, unit

#: Raw KPI columns that count things (complaints, orders, dials …).
COUNT_COLUMNS = tuple(k for k in RAW_KPIS if unit(k) == "count")


def whole(values: np.ndarray) -> np.ndarray:
    """Counts rounded half up to whole numbers (never below 0)."""
    return np.maximum(np.floor(np.asarray(values, float) + 0.5), 0.0)


def whole_counts(frame: pd.DataFrame, rows: np.ndarray | None = None) -> pd.DataFrame:
    """``frame`` with every count column whole (only ``rows``, positions, if given)."""
    out = frame.copy()
    for col in (c for c in COUNT_COLUMNS if c in out.columns):
        values = out[col].to_numpy(float).copy()
        at = slice(None) if rows is None else rows
        values[at] = whole(values[at])
        out[col] = values
    return out
