"""Side files: ratings, proposed targets, pilot assignments, plan maps — read with the KPI
export's guarantees (perfkit.files.export): CSV in UTF-8 (with or without BOM), GB18030/GBK
or UTF-16, with commas, tabs, semicolons or bars; .xlsx; a legacy .xls, a corrupt
workbook, random bytes, an empty or header-only file refused with one message; quoted
fields spanning lines kept whole; perfkit's own formula-safe cells (``'=1+1``) unquoted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perfkit.core.errors import DataError
from perfkit.files.cells import unquote
from perfkit.files.export import cells_table, read_cells
from perfkit.files.values import cell_text

#: Workbook suffixes (read, or refused as legacy, by perfkit.files.export.read_cells).
XL = (".xlsx", ".xlsm", ".xls")


def read_side_table(path: str | Path, what: str = "table") -> pd.DataFrame:
    """Every cell as stripped text ("" when blank), the file's own headers as columns;
    ``attrs``: ``source`` and ``lines`` (the file line of each row, the header being 1 in a
    plain file). ``what`` names the kind of file in errors."""
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(source, ["file not found; expected a CSV or .xlsx file"], what) from None
    except OSError as e:
        raise DataError(source, [f"cannot read the file: {e.strerror or e}"], what) from None
    if not data.strip():
        raise DataError(source, ["the file is empty; expected a header line and rows"], what)
    workbook = data.startswith((b"PK", b"\xd0\xcf\x11\xe0")) or path.suffix.lower() in XL
    if b"\x00" in data[:4096] and not workbook and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(source, ["not a text table or workbook (binary data)"], what)
    try:
        rows = read_cells(path, data, None)
        df, header, lines, problems = cells_table(rows, source)
    except DataError as e:
        raise DataError(source, e.problems, what) from None
    if problems:
        raise DataError(source, problems, what)
    if df.empty:
        raise DataError(source, ["only a header line, no rows; expected at least one row"], what)
    out = pd.DataFrame(
        {h: [cell_text(v) for v in df[i]] for i, h in zip(df.columns, header, strict=True)}
    )
    out = unquote(out)
    out.attrs.update(source=source, lines=lines)
    return out
