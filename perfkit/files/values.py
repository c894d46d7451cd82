"""Cell values of a client export: blank or not, text, numbers, dates and periods as
clients write them (1,234.5; 2025/3/1; 2025年3月; 2025-Q1), and cells quoted in messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.quarters import quarter_label

_MONTH_RE = re.compile(r"^(\d{4})(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")
_DATE_RES = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def shown(v: Any) -> str:
    """A cell value for an error message, cut short (a message never quotes a whole line)."""
    s = f"{v:g}" if isinstance(v, float) else repr(v)
    return s if len(s) <= 24 else s[:21] + "..."


def is_blank(v: Any) -> bool:
    """Whether a cell is empty: None, NaN, NaT or only white space."""
    if isinstance(v, str):
        return not v.strip()
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):  # a list-like cell
        return False


def cell_text(v: Any) -> str:
    """A cell as stripped text ("" when blank; a whole float such as 1001.0 as "1001")."""
    if is_blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():  # Excel gives id 1001 as 1001.0
        return str(int(v))
    return str(v).strip()


def cell_number(v: Any) -> float | None:
    """``v`` as a finite float (thousands separators allowed), else None."""
    if isinstance(v, str):
        s = v.strip()
        try:
            x = float(s.replace(",", "") if _THOUSANDS_RE.match(s) else s)
        except ValueError:
            return None
    elif isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_):
        x = float(v)
    else:
        return None
    return x if np.isfinite(x) else None


def date_of(v: Any) -> Any:
    """``v`` as a midnight Timestamp, NaT if blank, None if unrecognised."""
    if is_blank(v):
        return pd.NaT
    if isinstance(v, date):  # also datetime and pd.Timestamp
        return pd.Timestamp(v.year, v.month, v.day)
    m = next((m for r in _DATE_RES if (m := r.match(cell_text(v)))), None)
    try:
        return pd.Timestamp(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:  # e.g. month 13
        return None


def period_of(v: Any) -> str | None:
    """``v`` as "YYYY-MM" (or "YYYY-Qn" for a quarter), "" if blank, None if unrecognised."""
    if is_blank(v):
        return ""
    if isinstance(v, date):
        return f"{v.year:04d}-{v.month:02d}"
    s = cell_text(v)  # str(pd.Period("2025-01")) == "2025-01"
    if m := _MONTH_RE.match(s):
        year, month = int(m[1]), int(m[2] or m[3])
    elif (d := date_of(s)) is not None:
        year, month = d.year, d.month
    else:
        return quarter_label(s)  # "2025-Q1", or None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def each(fn: Callable[[Any], Any], values: Any) -> list[Any]:
    """``fn`` of each value, computed once per distinct value (ids and periods repeat)."""
    try:
        done = {v: fn(v) for v in set(values)}
    except TypeError:  # an unhashable cell
        return [fn(v) for v in values]
    return [done[v] for v in values]


def some(items: Sequence[Any], limit: int, fmt: Callable[[Any], str] = str) -> str:
    """Join ``items`` as "a, b, c (and 4 more)"."""
    more = f" (and {len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(map(fmt, items[:limit])) + more
