"""Load, validate and save KPI tables (one row per agent × period).

:func:`load_kpis` reads a client export (CSV in UTF-8 or GB18030, .xlsx, or
.parquet), renames its headers to the canonical names of :mod:`perfkit.core.kpis` and
runs :func:`validate_kpis`. Every problem is collected into one
:class:`~perfkit.core.errors.DataError` naming the column and the file lines (the
header is line 1); no data row is dropped or repaired. :func:`save_table` and
:func:`atomic_write_text` never leave a half-written file behind.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.core.kpis import HEADER_ALIASES, ID_COLUMNS, NON_NEGATIVE, RAW_KPIS, REQUIRED_COLUMNS
from perfkit.core.quarters import first_month, quarter_label
from perfkit.files.blanks import BlankPolicy

TENURE = "tenure_months"
CANONICAL: tuple[str, ...] = (*ID_COLUMNS, *RAW_KPIS, TENURE)
#: Inclusive ranges of bounded scores.
RANGES: dict[str, tuple[float, float]] = {
    "satisfaction": (0.0, 5.0),
    "qa_score": (0.0, 100.0),
    "peer_score": (0.0, 100.0),
}
#: (part, whole, rate): ``part`` may not exceed ``whole``, or ``rate`` would exceed 1.
AT_MOST: tuple[tuple[str, str, str], ...] = (
    ("connected", "dials", "connect_rate"),
    ("orders", "connected", "conversion_rate"),
    ("intents", "connected", "intent_rate"),
    ("complaints", "connected", "complaint_rate"),
    ("repeat_customers", "orders", "repurchase_rate"),
)
_DAYS_PER_MONTH = 365.2425 / 12
_MONTH_RE = re.compile(r"^(\d{4})(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")
_DATE_RES = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


#: The largest magnitude a KPI cell may hold (per agent and period): beyond any real
#: telesales figure, far below where totals overflow.
MAX_VALUE = 1e12


def _shown(v: Any) -> str:
    """A cell value for an error message, cut short (a message never quotes a whole line)."""
    text = f"{v:g}" if isinstance(v, float) else repr(v)
    return text if len(text) <= 24 else text[:21] + "..."


def header_names(columns: Sequence[str], headers: Sequence[str] | None) -> Callable[..., str]:
    """How messages name a column: the file's own header, with the canonical name in
    brackets when it differs (``'calls' [dials]``)."""
    own = (
        dict(zip(columns, headers, strict=True)) if headers and len(headers) == len(columns) else {}
    )

    def named(col: str, quote: bool = True) -> str:
        user = own.get(col, col)
        if user == col:
            return repr(col) if quote else col
        return f"{user!r} [{col}]" if quote else f"{user} [{col}]"

    return named


def _is_blank(v: Any) -> bool:
    if isinstance(v, str):
        return not v.strip()
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):  # a list-like cell
        return False


def _text(v: Any) -> str:
    if _is_blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():  # Excel gives id 1001 as 1001.0
        return str(int(v))
    return str(v).strip()


def _number(v: Any) -> float | None:
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


def _date(v: Any) -> Any:
    """``v`` as a midnight Timestamp, NaT if blank, None if unrecognised."""
    if _is_blank(v):
        return pd.NaT
    if isinstance(v, date):  # also datetime and pd.Timestamp
        return pd.Timestamp(v.year, v.month, v.day)
    m = next((m for r in _DATE_RES if (m := r.match(_text(v)))), None)
    try:
        return pd.Timestamp(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:  # e.g. month 13
        return None


def _period(v: Any) -> str | None:
    """``v`` as "YYYY-MM" (or "YYYY-Qn" for a quarter), "" if blank, None if unrecognised."""
    if _is_blank(v):
        return ""
    if isinstance(v, date):
        return f"{v.year:04d}-{v.month:02d}"
    s = _text(v)  # str(pd.Period("2025-01")) == "2025-01"
    if m := _MONTH_RE.match(s):
        year, month = int(m[1]), int(m[2] or m[3])
    elif (d := _date(s)) is not None:
        year, month = d.year, d.month
    else:
        return quarter_label(s)  # "2025-Q1", or None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _each(fn: Callable[[Any], Any], values: Any) -> list[Any]:
    """``fn`` of each value, computed once per distinct value (ids and periods repeat)."""
    try:
        done = {v: fn(v) for v in set(values)}
    except TypeError:  # an unhashable cell
        return [fn(v) for v in values]
    return [done[v] for v in values]


def _some(items: Sequence[Any], limit: int, fmt: Callable[[Any], str] = str) -> str:
    """Join ``items`` as "a, b, c (and 4 more)"."""
    more = f" (and {len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(map(fmt, items[:limit])) + more


def _fold(header: str) -> str:
    return re.sub(r"[\s_\-]+", "_", header.strip().casefold())


def _missing(col: str, columns: Sequence[str], headers: Sequence[str]) -> str:
    """Message for a missing required column, with a "did you mean" when one is close."""
    names = [col, *(alias for alias, canon in HEADER_ALIASES.items() if canon == col)]

    def score(h: str) -> float:
        return max(difflib.SequenceMatcher(None, _fold(h), _fold(n)).ratio() for n in names)

    if not set(columns) & set(CANONICAL):  # not a KPI table: never quote what it holds
        return (
            f"missing required column {col!r}; none of the {len(headers)} header(s) is a "
            "known column (expected agent_id, period, dials, connected, orders, revenue, or "
            "their Chinese names such as 工号, 月份, 外呼量)"
        )
    found = _some([_shown(str(h)) for h in headers], 20)
    msg = f"missing required column {col!r}; headers found: {found}"
    best = max((c for c in columns if c not in CANONICAL), key=score, default=None)
    if best is not None and score(best) >= 0.6:
        msg += (
            f"; did you mean {best!r}? (map it: --map '{best}={col}' on the command line, "
            f"mapping={{{best!r}: {col!r}}} in Python)"
        )
    return msg


def _rename(
    headers: Sequence[str], mapping: Mapping[str, str] | None
) -> tuple[list[str], list[str]]:
    """Canonical name per header: user mapping, aliases, canonical; exact, then case-folded."""
    user = {k.strip(): v for k, v in (mapping or {}).items()}
    tables = [user, HEADER_ALIASES, {c: c for c in CANONICAL}]
    folded = [{_fold(k): v for k, v in t.items()} for t in tables]
    names = []
    for h in headers:
        h, f = h.strip(), _fold(h)
        names.append(
            next((t[h] for t in tables if h in t), None)
            or next((t[f] for t in folded if f in t), h)
        )
    stripped = {h.strip() for h in headers} | {_fold(h) for h in headers}
    unused = [k for k in user if k not in stripped and _fold(k) not in stripped]
    clashes = [
        f"mapping {k!r} → {user[k]!r}: the file has no header {k!r}; "
        f"headers found: {', '.join(map(repr, headers))}"
        for k in unused
    ]
    clashes += [
        f"column {name!r} comes from more than one header: "
        + ", ".join(repr(h) for h, n in zip(headers, names, strict=True) if n == name)
        for name, count in Counter(names).items()
        if count > 1
    ]
    return names, clashes


def validate_kpis(df: pd.DataFrame, source: str = "<table>") -> pd.DataFrame:
    """Check and normalise a KPI table whose columns are already canonical.

    Problems name rows by index label. Returns a new frame, as :func:`load_kpis`
    does; raises :class:`DataError` listing every problem found.
    """
    return _validate(df, source)


def _validate(
    df: pd.DataFrame,
    source: str,
    lines: Sequence[int] | None = None,
    problems: list[str] | None = None,
    headers: Sequence[str] | None = None,
    blanks: BlankPolicy | None = None,
) -> pd.DataFrame:
    problems = list(problems or [])
    word = "row" if lines is None else "line"
    labels = np.asarray(df.index if lines is None else lines, dtype=object)
    df = df.reset_index(drop=True)
    named = header_names([str(c) for c in df.columns], headers)

    def at(mask: np.ndarray) -> str:
        return f"{word}{'s' if mask.sum() > 1 else ''} {_some(list(labels[mask]), 10)}"

    def cells(col: str, what: str, mask: np.ndarray, raw: np.ndarray, note: str = "") -> None:
        if mask.any():
            vals = list(dict.fromkeys(raw[mask]))
            shown = _some(vals, 3, _shown)
            s = "s" if len(vals) > 1 else ""
            problems.append(f"column {named(col)}: {what}value{s} {shown} on {at(mask)}{note}")

    if len(df) == 0 or df.columns.duplicated().any():
        dups = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise DataError(
            source, [*problems, f"duplicate columns {dups}" if dups else "no data rows"]
        )
    columns = [str(c) for c in df.columns]
    problems += [_missing(c, columns, headers or columns) for c in REQUIRED_COLUMNS if c not in df]
    out = pd.DataFrame(index=df.index)
    for col in ("agent_id", "name", "team"):
        if col in df:
            out[col] = pd.Series(_each(_text, df[col].to_numpy(dtype=object)), dtype=str)
    if "agent_id" in out and (blank := (out["agent_id"] == "").to_numpy()).any():
        problems.append(f"empty agent_id on {at(blank)}")
    has_team = "team" in out and not (out["team"] == "").all()
    if not has_team:
        out["team"] = "all"
    elif (blank := (out["team"] == "").to_numpy()).any():
        problems.append(f"empty team on {at(blank)} (fill it, or leave the whole column empty)")
    if "period" in df:
        raw = df["period"].to_numpy(dtype=object)
        per = _each(_period, raw)
        if (blank := np.array([p == "" for p in per])).any():
            problems.append(f"empty period on {at(blank)}")
        cells(
            "period",
            "unrecognised ",
            np.array([p is None for p in per]),
            raw,
            " (use YYYY-MM, or YYYY-Qn for quarters)",
        )
        quarters = np.array([bool(p) and "Q" in p for p in per])
        months = np.array([bool(p) and "Q" not in p for p in per])
        if quarters.any() and months.any():
            few, kind = (
                (quarters, "quarter") if quarters.sum() <= months.sum() else (months, "month")
            )
            cells(
                "period",
                f"{kind} ",
                few,
                raw,
                " among rows of the other kind; give every row as a month (YYYY-MM) or "
                "every row as a quarter (YYYY-Qn), not both",
            )
        out["period"] = pd.Series([p or "" for p in per], dtype=str)
    if "hire_date" in df:
        raw = df["hire_date"].to_numpy(dtype=object)
        hires = _each(_date, raw)
        cells("hire_date", "unrecognised date ", np.array([h is None for h in hires]), raw)
        out["hire_date"] = pd.Series([h or pd.NaT for h in hires], dtype="datetime64[ns]")

    values: dict[str, np.ndarray] = {}
    blank_masks: dict[str, np.ndarray] = {}
    for col in (c for c in (*RAW_KPIS, TENURE) if c in df):
        if col == TENURE and "hire_date" in df:
            continue  # recomputed from hire_date below
        s, raw = df[col], df[col].to_numpy(dtype=object)
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            x = s.to_numpy(dtype=float, na_value=np.nan)
            blank, bad = np.isnan(x), np.isinf(x)
        else:
            x = np.array([np.nan if (n := _number(v)) is None else n for v in raw], dtype=float)
            blank = np.array([_is_blank(v) for v in raw])
            bad = np.isnan(x) & ~blank
        known = ~np.isnan(x)  # inf is huge too: sums of pay must stay finite
        huge = known & (np.abs(np.where(known, x, 0.0)) > MAX_VALUE)
        bad = bad & ~huge
        x = np.where(bad | huge, np.nan, x)
        if blank.any():
            blank_masks[col] = blank
        cells(col, "non-numeric ", bad, raw)
        cells(col, "implausibly large ", huge, raw, f" (expected at most {MAX_VALUE:.0e} a period)")
        if col in RANGES:
            lo, hi = RANGES[col]
            cells(col, "", ((x < lo) | (x > hi)) & ~huge, x, f" (allowed {lo:g}–{hi:g})")
        elif col in NON_NEGATIVE or col == TENURE:
            cells(col, "negative ", (x < 0) & ~huge, x)
        values[col] = x
    for part, whole, rate in AT_MOST:
        if part in values and whole in values and (m := values[part] > values[whole]).any():
            problems.append(
                f"{named(part, False)} > {named(whole, False)} ({rate} above 1) on {at(m)}"
            )
    blank_masks = (blanks or BlankPolicy()).resolve(blank_masks, named, at, problems)
    if {"agent_id", "period"} <= set(out):
        key = out[["agent_id", "period"]]
        dup = key.duplicated(keep=False) & (key["agent_id"] != "") & (key["period"] != "")
        for (agent, period), idx in (
            key[dup].groupby(["agent_id", "period"], sort=False).groups.items()
        ):
            where = at(np.isin(df.index, idx))
            problems.append(f"duplicate agent_id × period ({agent!r}, {period!r}) on {where}")
    if problems:
        raise DataError(source, problems)
    if blank_masks:  # left blank in the file: filled or dropped as the policy says
        out, values, record = (blanks or BlankPolicy()).apply(
            out, values, blank_masks, labels, named
        )
        df = df.loc[out.index].reset_index(drop=True)
        out = out.reset_index(drop=True)
        labels = labels[record.pop("kept")]
    else:
        record = {}

    for col in RAW_KPIS:
        out[col] = values.get(col, np.zeros(len(df)))
    out[TENURE] = values.get(TENURE, np.zeros(len(df)))
    if TENURE not in values and "hire_date" not in out:
        out.attrs["tenure_missing"] = True  # no tenure, no hire date: calibration says so
    if "hire_date" in out:
        start = pd.to_datetime(out["period"].map(first_month) + "-01", format="%Y-%m-%d")
        months = (start - out["hire_date"]) / pd.Timedelta(days=1) / _DAYS_PER_MONTH
        out[TENURE] = months.clip(lower=0.0).fillna(0.0).astype(float)
    for col in df.columns:
        if col not in CANONICAL:
            out[col] = df[col]
    order = [c for c in CANONICAL if c in out] + [c for c in out if c not in CANONICAL]
    out = out[order].sort_values(["agent_id", "period"], kind="stable", ignore_index=True)
    out.attrs.update(df.attrs)
    # what the file did not have, though filled in above: pay rules must not read it
    absent = [c for c in RAW_KPIS if c not in values]
    out.attrs["absent"] = tuple(dict.fromkeys([*df.attrs.get("absent", ()), *absent]))
    out.attrs["has_team"] = bool(df.attrs.get("has_team", True)) and has_team
    out.attrs.update(record)
    return out


def _read_cells(path: Path, data: bytes, sheet: str | int | None) -> list[Sequence[Any]]:
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
                return next((rows for rows in sheets if _looks_like_kpis(rows)), sheets[0])
            ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
            return list(ws.iter_rows(min_row=1, min_col=1, values_only=True))
        except (IndexError, KeyError) as e:
            raise DataError(source, [f"no sheet {sheet!r}; sheets: {wb.sheetnames}"]) from e
        finally:
            wb.close()
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030: Excel "CSV" saved on Chinese Windows
        try:
            text = data.decode(encoding)
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError(source, ["cannot decode the file: it is neither UTF-8 nor GB18030 text"])
    rows: list[Sequence[Any]] = []
    try:
        for rec in reader:  # a quoted field may span lines: pad so row i stays line i + 1
            rows += [rec] + [[]] * (reader.line_num - len(rows) - 1)
    except csv.Error as e:
        raise DataError(source, [f"line {reader.line_num}: {e}"]) from e
    return rows


def _looks_like_kpis(rows: list[Sequence[Any]]) -> bool:
    """Whether a sheet names an agent id and a period (in any accepted form) in its header."""
    return bool(rows) and _is_header(rows[_header_index(rows)])


def _is_header(row: Sequence[Any]) -> bool:
    names, _ = _rename([_text(v) for v in row], None)
    return {"agent_id", "period"} <= set(names)


def _header_index(rows: list[Sequence[Any]], within: int = 5) -> int:
    """The header's row: the first, unless it is not a header and one of the next few is
    (an export with a report title and a date line above the table)."""
    if not rows or _is_header(rows[0]):
        return 0
    return next((i for i in range(1, min(within + 1, len(rows))) if _is_header(rows[i])), 0)


def _delimiter(text: str) -> str:
    """The field separator of a text table: a comma, or the tab, semicolon or vertical bar
    of European-locale Excel and database exports, judged from the first lines."""
    top = text.split("\n", 6)[:6]  # the header may sit under a title line or two
    counts = {d: max(line.count(d) for line in top) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def load_kpis(
    path: str | Path,
    mapping: dict[str, str] | None = None,
    sheet: str | int | None = None,
    fill: Mapping[str, str] | None = None,
    drop_incomplete: bool = False,
) -> pd.DataFrame:
    """Read, rename and validate a KPI table from CSV, .xlsx or .parquet.

    ``mapping`` (user header → canonical name) applies before the built-in
    aliases; ``sheet`` picks an Excel sheet by name or index (default: the first sheet
    whose header names an agent id and a period, else the first). CSV files may be
    separated by commas, tabs, semicolons or vertical bars.

    Blank KPI cells: ``fill`` (KPI → ``agent_mean``, ``team_mean`` or ``zero``) and
    ``drop_incomplete`` state what to do (:mod:`perfkit.files.blanks`); without a policy a
    blank in a required column is an error, and one elsewhere is left for the payout
    engine to judge (an error if a rule reads the column, else a warning).
    """
    path, source = Path(path), str(path)
    try:
        blanks = BlankPolicy(dict(fill or {}), drop_incomplete)
    except ValueError as e:
        raise DataError(source, [str(e)]) from None
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DataError(
            source, ["is a folder; expected a KPI export (CSV, .xlsx, .parquet)"]
        ) from None
    except OSError as e:
        raise DataError(source, [f"cannot read the file: {e.strerror or e}"]) from e
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise DataError(source, ["the file is empty; expected a KPI table with a header line"])
    problems: list[str] = []
    lines: list[int] | None = None
    if path.suffix.lower() == ".parquet" or data[:4] == b"PAR1":
        try:
            df = pd.read_parquet(io.BytesIO(data))  # no lines: problems name 0-based rows
        except Exception as e:  # pyarrow raises several unrelated types for a corrupt file
            raise DataError(source, [f"not a readable Parquet file: {e}"]) from None
        header = [str(c) for c in df.columns]
    else:
        rows = _read_cells(path, data, sheet)
        if not any(not _is_blank(v) for row in rows for v in row):
            raise DataError(source, ["the file is empty: no cell holds a value"])
        top = _header_index(rows)  # report titles above the header are skipped
        if not rows or all(map(_is_blank, rows[top])):
            raise DataError(source, [f"no header on line {top + 1}"])
        header, body, lines = [_text(v) for v in rows[top]], [], []
        for line, rec in enumerate(rows[top + 1 :], start=top + 2):
            if all(map(_is_blank, rec)):
                continue  # a blank line or trailing empty Excel row carries no data
            if not all(map(_is_blank, rec[len(header) :])):
                problems.append(f"line {line}: {len(rec)} fields but the header has {len(header)}")
            body.append((list(rec) + [None] * len(header))[: len(header)])
            lines.append(line)
        df = pd.DataFrame(body, columns=range(len(header)), dtype=object)
        keep = [i for i, h in enumerate(header) if h or not all(map(_is_blank, df[i]))]
        df, header = df[keep], [header[i] or f"unnamed_{i + 1}" for i in keep]
    names, clashes = _rename(header, mapping)
    if clashes:
        raise DataError(source, problems + clashes)
    out = _validate(df.set_axis(names, axis=1), source, lines, problems, header, blanks)
    out.attrs["source"] = source
    return out
