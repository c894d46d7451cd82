"""Spreadsheet cells that stay data: no formula injection from user-typed text.

An agent id, name or team like ``=HYPERLINK("http://x","y")``, ``+1``, ``-1`` or
``@SUM(A1)`` is a live formula when a spreadsheet opens a CSV or an xlsx written
naively. Every CSV and xlsx perfkit writes goes through here:

- CSV (:func:`csv_safe`): a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return gets a leading ``'`` (the OWASP convention), so Excel and LibreOffice
  show it as text;
- xlsx (:func:`write_frame`): such a cell is written as a string cell (never a formula)
  with Excel's quote prefix, so editing it keeps it text.

Numbers stay numbers: only text is touched (a negative *number* is not quoted).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


#: Text a CSV cell must quote: a formula start, or one already behind quotes (so that
#: :func:`unquote` gives back exactly what was typed, ``'=x`` included).
_CSV_QUOTE = r"'*[=+\-@\t\r]"


def _text_matching(values: pd.Series, pattern: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return np.zeros(len(values), dtype=bool)
    text = pd.Series(np.asarray(values, dtype=object))
    is_text = text.map(type).eq(str).to_numpy()
    found = text.where(is_text, "").astype(str).str.match(pattern).to_numpy(dtype=bool)
    return is_text & found


def formula_like(values: pd.Series) -> np.ndarray:
    """Which entries are text starting with a :data:`FORMULA_PREFIXES` character."""
    return _text_matching(values, r"[=+\-@\t\r]")


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every formula-like text cell and header prefixed by ``'``.

    Columns without such a cell are left exactly as they are (dtype and all).
    """
    out = df.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        mask = _text_matching(col, _CSV_QUOTE)
        if mask.any():
            text = col.astype(object)
            out.isetitem(i, text.where(~mask, "'" + text.astype(str)))
    names = [str(c) for c in out.columns]
    out.columns = ["'" + c if re.match(_CSV_QUOTE, c) else c for c in names]
    return out


def _plain(value: Any) -> Any:
    """A value openpyxl writes as is: NumPy scalars as Python ones, NaN / NA as empty,
    control characters in text as U+FFFD."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):  # control characters xlsx cannot hold would abort the file
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _as_text(ws: Worksheet, row: int, column: int) -> None:
    cell = ws.cell(row=row, column=column)
    cell.data_type = "s"  # openpyxl would write "=…" as a formula
    cell.quotePrefix = True  # and Excel would re-read "+1" as one when the cell is edited


def write_row(ws: Worksheet, values: Sequence[Any]) -> None:
    """Append one row to ``ws``; formula-like text becomes a quote-prefixed string cell."""
    ws.append([_plain(v) for v in values])
    for j, v in enumerate(values, start=1):
        if isinstance(v, str) and v.startswith(FORMULA_PREFIXES):
            _as_text(ws, ws.max_row, j)


def write_frame(ws: Worksheet, df: pd.DataFrame, header: Sequence[str] | None = None) -> int:
    """Append ``df`` (a header row, then its rows) to ``ws`` with every text cell as text.

    Returns the worksheet row of the header.
    """
    write_row(ws, list(header) if header is not None else [str(c) for c in df.columns])
    top = ws.max_row
    flagged = [(j, np.flatnonzero(formula_like(df.iloc[:, j]))) for j in range(df.shape[1])]
    for values in df.itertuples(index=False, name=None):
        ws.append([_plain(v) for v in values])
    for j, rows in flagged:
        for r in rows:
            _as_text(ws, top + 1 + int(r), j + 1)
    return top


def unquote_text(v: Any) -> Any:
    """A cell as typed before :func:`csv_safe` quoted it (``'=1+1`` → ``=1+1``)."""
    return v[1:] if isinstance(v, str) and re.match("'" + _CSV_QUOTE, v) else v


def unquote(df: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`csv_safe`, for reading a perfkit CSV back into Python."""
    out = df.copy()

    strip = unquote_text

    for i in range(out.shape[1]):
        if not pd.api.types.is_numeric_dtype(out.iloc[:, i].dtype):
            col = out.iloc[:, i]
            if col.map(lambda v: strip(v) is not v).any():
                out.isetitem(i, col.map(strip))
    out.columns = [strip(str(c)) for c in out.columns]
    return out
