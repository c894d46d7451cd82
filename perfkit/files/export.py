"""Reading a client export's cells: CSV (UTF-8 or GB18030; commas, tabs, semicolons or
vertical bars) or .xlsx (the first sheet that looks like a KPI table), keeping file line
numbers, and finding the header under any report title lines above it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.files.headers import canonical_names
from perfkit.files.values import cell_text, is_blank


def read_cells(path: Path, data: bytes, sheet: str | int | None) -> list[Sequence[Any]]:
    """Rows of cell values of a CSV or .xlsx file; row i is file line i + 1."""
    source, suffix = str(path), path.suffix.lower()
    if suffix == ".xls" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise DataError(source, ["legacy .xls workbooks are not supported; save as .xlsx or CSV"])
    if suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many types for a corrupt file
            raise DataError(source, [f"cannot read workbook: {e}"]) from e
        try:
            if sheet is None:  # the first sheet that looks like a KPI table (skip notes sheets)
                sheets = [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets]
                return next((rows for rows in sheets if looks_like_kpis(rows)), sheets[0])
            ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
            return list(ws.iter_rows(min_row=1, min_col=1, values_only=True))
        except (IndexError, KeyError) as e:
            raise DataError(source, [f"no sheet {sheet!r}; sheets: {wb.sheetnames}"]) from e
        finally:
            wb.close()
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text"
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):  # gb18030: Excel
        # "CSV" saved on Chinese Windows
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError(
            source, ["cannot decode the file: it is neither UTF-8, UTF-16 nor GB18030 text"]
        )
    try:  # lines end at LF (or CRLF): a CR inside a quoted cell is text (RFC 4180), not a
        # line break that would shift every later line number
        return text_rows(decoded, "\n" if "\n" in decoded else "")
    except csv.Error:  # a bare CR outside quotes as well: CR, LF and CRLF all end lines
        pass
    try:
        return text_rows(decoded, "")
    except csv.Error as e:
        raise DataError(source, [str(e)]) from e


def text_rows(text: str, newline: str) -> list[Sequence[Any]]:
    """The records of a CSV text; row i is file line i + 1 (lines ending at LF when
    *newline* is "\n", at CR, LF or CRLF when it is ""). A csv.Error names its line."""
    reader = csv.reader(io.StringIO(text, newline=newline), delimiter=delimiter(text))
    rows: list[Sequence[Any]] = []
    try:
        for rec in reader:  # a quoted field may span lines: pad so row i stays line i + 1
            rows += [rec] + [[]] * (reader.line_num - len(rows) - 1)
    except csv.Error as e:
        raise csv.Error(f"line {reader.line_num}: {e}") from e
    return rows


def looks_like_kpis(rows: list[Sequence[Any]]) -> bool:
    """Whether a sheet names an agent id and a period (in any accepted form) in its header."""
    return bool(rows) and is_header(rows[header_index(rows)])


def is_header(row: Sequence[Any]) -> bool:
    names, _ = canonical_names([cell_text(v) for v in row], None)
    return {"agent_id", "period"} <= set(names)


def header_index(rows: list[Sequence[Any]], within: int = 5) -> int:
    """The header's row: the first, unless it is not a header and one of the next few is
    (an export with a report title and a date line above the table)."""
    if not rows or is_header(rows[0]):
        return 0
    return next((i for i in range(1, min(within + 1, len(rows))) if is_header(rows[i])), 0)


def delimiter(text: str) -> str:
    """The field separator of a text table: a comma, or the tab, semicolon or vertical bar
    of European-locale Excel and database exports, judged from the first lines."""
    top = text.split("\n", 6)[:6]  # the header may sit under a title line or two
    counts = {d: max(line.count(d) for line in top) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def cells_table(
    rows: list[Sequence[Any]], source: str
) -> tuple[pd.DataFrame, list[str], list[int], list[str]]:
    """The table under the header of ``rows`` (cells as read), its headers, the file line of
    each of its rows and the problems found: a row with more fields than the header.
    Blank lines are skipped; a column without a header or any value is dropped, one with
    values but no header is named ``unnamed_<n>``."""
    if not any(not is_blank(v) for row in rows for v in row):
        raise DataError(source, ["the file is empty: no cell holds a value"])
    top = header_index(rows)  # report titles above the header are skipped
    if not rows or all(map(is_blank, rows[top])):
        raise DataError(source, [f"no header on line {top + 1}"])
    header = [cell_text(v) for v in rows[top]]
    body: list[list[Any]] = []
    lines: list[int] = []
    problems: list[str] = []
    for line, rec in enumerate(rows[top + 1 :], start=top + 2):
        if all(map(is_blank, rec)):
            continue  # a blank line or trailing empty Excel row carries no data
        if not all(map(is_blank, rec[len(header) :])):
            problems.append(f"line {line}: {len(rec)} fields but the header has {len(header)}")
        body.append((list(rec) + [None] * len(header))[: len(header)])
        lines.append(line)
    df = pd.DataFrame(body, columns=range(len(header)), dtype=object)
    keep = [i for i, h in enumerate(header) if h or not all(map(is_blank, df[i]))]
    return df[keep], [header[i] or f"unnamed_{i + 1}" for i in keep], lines, problems
