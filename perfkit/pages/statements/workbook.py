"""Client-ready xlsx workbooks of pay statements and of a back-test.

Each sheet: headers in the report language, amounts in fen with thousands separators,
a frozen, filterable header row and columns as wide as their content. User-typed text
(ids, names, teams, grades, plan names) is written as text, never as a formula
(:mod:`perfkit.files.cells`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfkit.files.cells import write_frame
from perfkit.pages.statements.columns import header, number_format
from perfkit.text import Lang

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_TOTAL_FONT = Font(bold=True)
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
MIN_WIDTH, MAX_WIDTH, MAX_TEXT_WIDTH = 8, 48, 90


def _display_width(values: pd.Series, fmt: str | None) -> int:
    """Widest cell of a column in character cells (CJK counts 2), as Excel would show it."""
    if fmt is not None and pd.api.types.is_numeric_dtype(values.dtype):
        finite = values[np.isfinite(values.astype(float))]
        if finite.empty:
            return 0
        big = float(finite.abs().max())
        digits = len(f"{big:,.2f}") + 1  # sign
        return digits if "%" not in fmt else len(f"{big * 100:,.1f}%") + 1
    text = values.fillna("").astype(str)
    return int((text.str.len() + text.str.count(_WIDE.pattern)).max()) if len(text) else 0


def add_table(
    wb: Workbook,
    title: str,
    df: pd.DataFrame,
    lang: Lang,
    total_rows: int = 0,
) -> Worksheet:
    """A sheet ``title`` holding ``df`` (canonical column names) with localised headers.

    The last ``total_rows`` rows are totals (bold).
    """
    ws = wb.create_sheet(title)
    frame = df.replace([np.inf, -np.inf], np.nan)
    top = write_frame(ws, frame, header=[header(c, lang) for c in frame.columns])
    for j, col in enumerate(frame.columns, start=1):
        fmt = number_format(col)
        letter = get_column_letter(j)
        cell = ws.cell(row=top, column=j)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if fmt is not None:
            for (c,) in ws.iter_rows(min_row=top + 1, min_col=j, max_col=j):
                c.number_format = fmt
        head = _display_width(pd.Series([header(col, lang)]), None)
        width = max(_display_width(frame[col], fmt), min(head, 24)) + 2
        cap = MAX_WIDTH if fmt is not None else MAX_TEXT_WIDTH
        ws.column_dimensions[letter].width = max(MIN_WIDTH, min(cap, width))
        if width > cap:  # long text (a rule, a description) wraps
            for (c,) in ws.iter_rows(min_row=top + 1, min_col=j, max_col=j):
                c.alignment = Alignment(wrap_text=True, vertical="top")
    for r in range(ws.max_row - total_rows + 1, ws.max_row + 1):
        for c in ws[r]:
            c.font = _TOTAL_FONT
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    if len(frame):
        ws.auto_filter.ref = f"A{top}:{get_column_letter(frame.shape[1])}{top + len(frame)}"
    return ws


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed)."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb
