"""Numbers in the files a person opens (HR's targets, coaching and monitor tables, a
pilot's assignment), rounded to what their unit shows: a cell reads 0.27, not
0.26999999999999996, and 4,937.68, not 4937.683925982859.

One rule for every such file: money to the fen, a rate (a fraction) to 0.0001 of a
percent, heads whole, anything else to two decimals. A column's unit is its KPI's or
measure's (:func:`perfkit.core.kpis.unit`), a unit the caller names, or — for a column
such as ``value`` or ``step`` that holds different KPIs on different rows — the unit of
each row's KPI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from perfkit.core.kpis import unit

#: Decimals kept, by unit (money to the fen, a fraction to 0.0001 of a percent).
DECIMALS: Mapping[str, int] = {"money": 2, "rate": 6, "share": 6, "heads": 0}
#: Decimals of a number whose unit is none of these (scores, counts per agent, ratios).
OTHER = 2


def decimals(kind: str | None) -> int:
    """Decimals a person's file keeps for a number of unit ``kind``."""
    return DECIMALS.get(kind or "", OTHER)


def rounded(
    df: pd.DataFrame,
    units: Mapping[str, str] | None = None,
    by_kpi: Iterable[str] = (),
    kpi: str = "kpi",
) -> pd.DataFrame:
    """``df`` with every float column rounded to its unit's decimals (:data:`DECIMALS`):
    ``units`` names a column's unit where its name does not say it; ``by_kpi`` columns
    take the unit of the row's ``kpi`` (or the one ``units`` names for it); a ``heads`` column becomes whole numbers."""
    units = dict(units or {})
    per_row = set(by_kpi)
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_float_dtype(out[col]):
            continue
        if col in per_row and kpi in out:
            places = out[kpi].map(lambda k: decimals(units.get(k) or unit(str(k)))).to_numpy()
            values = out[col].to_numpy(dtype=float)
            out[col] = [
                round(v, int(d)) if np.isfinite(v) else v
                for v, d in zip(values, places, strict=True)
            ]
            continue
        kind = units.get(col) or unit(str(col))
        out[col] = out[col].round(decimals(kind))
        if kind == "heads" and out[col].notna().all():
            out[col] = out[col].astype("int64")
    return out
