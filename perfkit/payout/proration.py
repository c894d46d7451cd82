"""Joiners and leavers: the share of each row's period the agent was in post.

Calendar days (:class:`perfkit.scheme.proration.Proration`): from the later of the period's
first day and the hire date to the earlier of its last day and the leave date, both days
counted, ÷ the period's days. A row with no date, or dates outside the period, counts 1;
a row wholly before the hire or after the leave counts 0 (it should not be in the export).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.core.kpis import unit
from perfkit.core.quarters import first_month, quarter_label

#: Date columns that bound an agent's time in post.
HIRE, LEAVE = "hire_date", "leave_date"

#: Units of KPIs whose amount per period grows with the days worked (their fixed targets
#: are prorated); average order value is money but not a volume.
VOLUME_UNITS = frozenset({"count", "money", "minutes"})


def is_volume(kpi: str) -> bool:
    """A KPI whose amount per period grows with the days worked."""
    return unit(kpi) in VOLUME_UNITS and kpi != "average_order_value"


def period_bounds(labels: np.ndarray) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """First and last day of each period label (``2025-06``, ``2025-Q2``)."""
    firsts = [first_month(str(p)) for p in labels]
    start = pd.to_datetime([f"{m}-01" for m in firsts], format="%Y-%m-%d", errors="coerce")
    span = pd.Series([3 if quarter_label(str(p)) else 1 for p in labels])
    end = pd.DatetimeIndex(
        [s + pd.DateOffset(months=int(k)) - pd.Timedelta(days=1) if not pd.isna(s) else pd.NaT
         for s, k in zip(start, span, strict=True)]
    )  # fmt: skip
    return start, end


def _days(start: np.ndarray, end: np.ndarray, kind: str) -> np.ndarray:
    """Days from ``start`` to ``end``, both counted (NaN where a date is missing)."""
    ok = ~(pd.isna(start) | pd.isna(end))
    out = np.full(start.shape, np.nan)
    if kind == "working_days":
        first = start[ok].astype("datetime64[D]")
        after = (end[ok].astype("datetime64[D]") + np.timedelta64(1, "D")).astype("datetime64[D]")
        out[ok] = np.where(after > first, np.busday_count(first, np.maximum(after, first)), 0)
    else:
        out[ok] = (end[ok] - start[ok]) / np.timedelta64(1, "D") + 1
    return out


def worked_share(
    kpis: pd.DataFrame, periods: np.ndarray, codes: np.ndarray, days: str = "calendar_days"
) -> np.ndarray | None:
    """Each row's share of its period in post (None: the table has no hire or leave date).

    ``periods``: the period labels; ``codes``: each row's index into them; ``days``:
    ``calendar_days`` or ``working_days`` (Monday to Friday).
    """
    if HIRE not in kpis.columns and LEAVE not in kpis.columns:
        return None
    first, last = period_bounds(periods)
    start = first[codes].to_numpy()
    end = last[codes].to_numpy()
    whole = _days(start, end, days)
    if HIRE in kpis.columns:
        hire = pd.to_datetime(kpis[HIRE], errors="coerce").to_numpy()
        start = np.where(~pd.isna(hire) & (hire > start), hire, start)
    if LEAVE in kpis.columns:
        leave = pd.to_datetime(kpis[LEAVE], errors="coerce").to_numpy()
        end = np.where(~pd.isna(leave) & (leave < end), leave, end)
    worked = _days(start, end, days)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.clip(worked / whole, 0.0, 1.0)
    return np.where(np.isfinite(share), share, 1.0)  # a label that is no month: in full
