"""Quarterly plans on monthly exports: quarter labels and month-to-quarter totals.

A scenario with ``period: quarter`` is evaluated once per quarter: its base salary,
targets and ladders are per quarter. Client exports are usually monthly, so the
months of each agent's quarter are combined first: counts and amounts are summed,
0–100 and 1–5 scores (satisfaction, QA, peer review) averaged, tenure taken at the
quarter's first month, and team, role and name from its last month. Quarters are
labelled ``2025-Q1``, as simulated quarters are.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.kpis import RAW_KPIS

#: KPIs that are scores, averaged (not summed) over a quarter's months.
SCORE_KPIS = frozenset({"satisfaction", "qa_score", "peer_score"})

_QUARTER_RE = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:[Qq]|第)\s*([1-4])\s*(?:季度?)?$")
_MONTH_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def quarter_label(text: str) -> str | None:
    """ "2025Q1", "2025-q1", "2025 Q1", "2025第1季度" → "2025-Q1"; None if not a quarter."""
    m = _QUARTER_RE.match(text.strip())
    return f"{m[1]}-Q{m[2]}" if m else None


_MONTH_TYPED = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")


def month_label(text: object, quarters: bool = False) -> str | None:
    """A month as typed, as its label "YYYY-MM": "2025-6", "2025/06" and "2025-06" →
    "2025-06"; with ``quarters`` "2025q1" → "2025-Q1"; None if it is neither."""
    s = str(text).strip()
    if quarters and (q := quarter_label(s)) is not None:
        return q
    m = _MONTH_TYPED.fullmatch(s)
    return f"{m[1]}-{int(m[2]):02d}" if m and 1 <= int(m[2]) <= 12 else None


def month_problem(text: object, quarters: bool = False) -> str | None:
    """Why ``text`` is not a month "YYYY-MM" (unpadded "2025-6" is one; see
    :func:`month_label`) or, with ``quarters``, a quarter "YYYY-Qn", or None: "2025-13"
    and "2025-99" are said to be no month, not "no rows"."""
    s = str(text).strip()
    if month_label(s, quarters) is not None:
        return None
    if (m := _MONTH_TYPED.fullmatch(s)) and not 1 <= int(m[2]) <= 12:
        return f"{s!r} is not a month: there is no month {int(m[2])}; expected YYYY-MM, 01 to 12"
    also = " or a quarter YYYY-Qn" if quarters else ""
    return f"{s!r} is not a month; expected YYYY-MM (e.g. 2025-07){also}"


def first_month(label: str) -> str:
    """The first month ("YYYY-MM") of a period label: a month itself, or a quarter's first."""
    if m := _QUARTER_RE.match(label):
        return f"{m[1]}-{3 * int(m[2]) - 2:02d}"
    return label


def quarter_of(label: str) -> str:
    """The quarter ("YYYY-Qn") of a month label; any other label unchanged."""
    if m := _MONTH_LABEL.match(label):
        return f"{m[1]}-Q{(int(m[2]) - 1) // 3 + 1}"
    return label


def distinct_periods(kpis: pd.DataFrame) -> list[str]:
    """The distinct period labels of a table (cheap on millions of rows)."""
    return [str(v) for v in pd.unique(kpis["period"])]


def is_monthly(kpis: pd.DataFrame) -> bool:
    """Whether some agent has two rows in one calendar quarter (so rows are months)."""
    labels = distinct_periods(kpis)
    if not labels or not all(_MONTH_LABEL.match(v) for v in labels):
        return False
    quarter = {v: quarter_of(v) for v in labels}
    if len(set(quarter.values())) == len(labels):
        return False  # one month per quarter: quarterly rows labelled by a month
    q_codes = kpis["period"].astype(str).map(quarter)
    return bool(pd.DataFrame({"a": kpis["agent_id"], "q": q_codes}).duplicated().any())


def to_quarters(kpis: pd.DataFrame) -> pd.DataFrame:
    """One row per agent × quarter from monthly rows (see the module docstring)."""
    df = kpis.assign(period=kpis["period"].astype(str).map(quarter_of))
    df = df.sort_values(["agent_id", "period"], kind="stable")
    keys = ["agent_id", "period"]
    grouped = df.groupby(keys, sort=True)
    agg: dict[str, Any] = {}
    for col in df.columns:
        if col in keys:
            continue
        if col in RAW_KPIS:
            agg[col] = "mean" if col in SCORE_KPIS else "sum"
        elif col == "tenure_months":
            agg[col] = "min"
        elif col == "filled":  # the blank-cell policy of any of the quarter's months
            agg[col] = lambda s: "; ".join(dict.fromkeys(v for v in s if v))
        elif col != "run":
            agg[col] = "last"
    out = grouped.agg(agg).reset_index()
    out["months"] = grouped.size().to_numpy(dtype=np.int64)
    out.attrs.update(kpis.attrs)
    return out[[c for c in kpis.columns if c in out] + ["months"]]


def for_scenario(kpis: pd.DataFrame, scenario: Any) -> tuple[pd.DataFrame, str | None]:
    """``kpis`` as the scenario's period needs them, and a note when months were combined."""
    if getattr(scenario, "period", "month") != "quarter" or not is_monthly(kpis):
        return kpis, None
    out = to_quarters(kpis)
    short = int((out["months"] < 3).sum())
    note = (
        f"'{scenario.name}' is evaluated per quarter: {len(kpis)} monthly rows combined into "
        f"{len(out)} agent-quarters"
        + (f" ({short} with fewer than 3 months of data)" if short else "")
    )
    return out, note
