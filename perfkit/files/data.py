"""Load, validate and save KPI tables (one row per agent × period).

:func:`load_kpis` reads a client export (CSV in UTF-8 or GB18030, .xlsx, or
.parquet: :mod:`perfkit.files.export`), renames its headers to the canonical names of
:mod:`perfkit.core.kpis` (:mod:`perfkit.files.headers`) and runs :func:`validate_kpis`.
Every problem is collected into one :class:`~perfkit.core.errors.DataError` naming the
column and the file lines (the header is line 1); no data row is dropped or repaired.
:func:`save_table` and :func:`atomic_write_text` never leave a half-written file behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.core.kpis import NON_NEGATIVE, RAW_KPIS, REQUIRED_COLUMNS
from perfkit.core.quarters import first_month
from perfkit.files.blanks import BlankPolicy
from perfkit.files.cells import unquote_text
from perfkit.files.export import cells_table, read_cells
from perfkit.files.headers import CANONICAL, TENURE, canonical_names, header_names, missing_column
from perfkit.files.values import (
    cell_number,
    cell_text,
    date_of,
    each,
    is_blank,
    period_of,
    shown,
    some,
)

__all__ = ["AT_MOST", "CANONICAL", "MAX_VALUE", "RANGES", "TENURE", "load_kpis", "validate_kpis"]

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

#: The largest magnitude a KPI cell may hold (per agent and period): beyond any real
#: telesales figure, far below where totals overflow.
MAX_VALUE = 1e12


def validate_kpis(df: pd.DataFrame, source: str = "<table>") -> pd.DataFrame:
    """Check and normalise a KPI table whose columns are already canonical.

    Problems name rows by index label. Returns a new frame, as :func:`load_kpis`
    does; raises :class:`DataError` listing every problem found.
    """
    return _validate(df, source)


#: The longest agent id or team name (characters): they name files and fill tables.
MAX_ID = 200


class _Problems:
    """The problems found in a table, each naming its column (as the file heads it) and
    its file lines (or, for a table in memory, its rows)."""

    def __init__(self, labels: np.ndarray, word: str, named: Callable[..., str], found: list[str]):
        self.labels, self.word, self.named, self.found = labels, word, named, found

    def at(self, mask: np.ndarray) -> str:
        return f"{self.word}{'s' if mask.sum() > 1 else ''} {some(list(self.labels[mask]), 10)}"

    def cells(self, col: str, what: str, mask: np.ndarray, raw: np.ndarray, note: str = "") -> None:
        if mask.any():
            vals = list(dict.fromkeys(raw[mask]))
            s = "s" if len(vals) > 1 else ""
            self.found.append(
                f"column {self.named(col)}: {what}value{s} {some(vals, 3, shown)} on {self.at(mask)}{note}"
            )


def _validate(
    df: pd.DataFrame,
    source: str,
    lines: Sequence[int] | None = None,
    problems: list[str] | None = None,
    headers: Sequence[str] | None = None,
    blanks: BlankPolicy | None = None,
) -> pd.DataFrame:
    """:func:`validate_kpis`, naming ``lines`` of the file (else rows) and its own
    ``headers``, after the ``problems`` reading found; blank cells as ``blanks`` says."""
    labels = np.asarray(df.index if lines is None else lines, dtype=object)
    df = df.reset_index(drop=True)
    named = header_names([str(c) for c in df.columns], headers)
    report = _Problems(labels, "row" if lines is None else "line", named, list(problems or []))
    if len(df) == 0 or df.columns.duplicated().any():
        dups = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise DataError(
            source, [*report.found, f"duplicate columns {dups}" if dups else "no data rows"]
        )
    columns = [str(c) for c in df.columns]
    report.found += [
        missing_column(c, columns, headers or columns) for c in REQUIRED_COLUMNS if c not in df
    ]
    out = pd.DataFrame(index=df.index)
    has_team = _names(df, out, report)
    _periods(df, out, report)
    _hire_dates(df, out, report)
    values, blank_masks = _kpi_values(df, report)
    _parts_within_wholes(values, report)
    blanks = blanks or BlankPolicy()
    blank_masks = blanks.resolve(blank_masks, named, report.at, report.found)
    _duplicate_rows(df, out, report)
    if report.found:
        raise DataError(source, report.found)
    record: dict[str, Any] = {}
    if blank_masks:  # left blank in the file: filled or dropped as the policy says
        out, values, record = blanks.apply(out, values, blank_masks, labels, named)
        if refused := record.pop("refused", None):
            raise DataError(source, refused)
        df = df.loc[out.index].reset_index(drop=True)
        out = out.reset_index(drop=True)
        record.pop("kept")
    out = _canonical_table(df, out, values)
    out.attrs.update(df.attrs)
    # what the file did not have, though filled in above: pay rules must not read it
    absent = [c for c in RAW_KPIS if c not in values]
    out.attrs["absent"] = tuple(dict.fromkeys([*df.attrs.get("absent", ()), *absent]))
    # and what a table written back must leave out (tenure without a tenure or hire date)
    no_tenure = [TENURE] if TENURE not in values and "hire_date" not in df else []
    out.attrs["unrecorded"] = (*out.attrs["absent"], *no_tenure)
    out.attrs["has_team"] = bool(df.attrs.get("has_team", True)) and has_team
    out.attrs.update(record)
    return out


def _names(df: pd.DataFrame, out: pd.DataFrame, report: _Problems) -> bool:
    """agent_id, name and team as text into ``out`` (team "all" when the file has none;
    perfkit's formula-safe quote taken off, so its own CSVs read back as typed);
    whether the file names teams."""
    for col in ("agent_id", "name", "team"):
        if col in df:
            text = each(lambda v: unquote_text(cell_text(v)), df[col].to_numpy(dtype=object))
            out[col] = pd.Series(text, dtype=str)  # perfkit's own quoted cells as typed
    if "agent_id" in out and (blank := (out["agent_id"] == "").to_numpy()).any():
        report.found.append(f"empty agent_id on {report.at(blank)}")
    for col in ("agent_id", "team"):  # ids name files (sheets, letters): refused up front
        if col in out and (long := (out[col].str.len() > MAX_ID).to_numpy()).any():
            report.found.append(
                f"column {report.named(col)}: {col} longer than {MAX_ID} characters on "
                f"{report.at(long)}; expected an id of at most {MAX_ID} characters"
            )
    has_team = "team" in out and not (out["team"] == "").all()
    if not has_team:
        out["team"] = "all"
    elif (blank := (out["team"] == "").to_numpy()).any():
        report.found.append(
            f"empty team on {report.at(blank)} (fill it, or leave the whole column empty)"
        )
    return has_team


def _periods(df: pd.DataFrame, out: pd.DataFrame, report: _Problems) -> None:
    """The period as "YYYY-MM" or "YYYY-Qn" into ``out``; every row a month or every row
    a quarter."""
    if "period" not in df:
        return
    raw = df["period"].to_numpy(dtype=object)
    per = each(period_of, raw)
    if (blank := np.array([p == "" for p in per])).any():
        report.found.append(f"empty period on {report.at(blank)}")
    report.cells(
        "period",
        "unrecognised ",
        np.array([p is None for p in per]),
        raw,
        " (use YYYY-MM, or YYYY-Qn for quarters)",
    )
    quarters = np.array([bool(p) and "Q" in p for p in per])
    months = np.array([bool(p) and "Q" not in p for p in per])
    if quarters.any() and months.any():
        few, kind = (quarters, "quarter") if quarters.sum() <= months.sum() else (months, "month")
        report.cells(
            "period",
            f"{kind} ",
            few,
            raw,
            " among rows of the other kind; give every row as a month (YYYY-MM) or "
            "every row as a quarter (YYYY-Qn), not both",
        )
    out["period"] = pd.Series([p or "" for p in per], dtype=str)


def _hire_dates(df: pd.DataFrame, out: pd.DataFrame, report: _Problems) -> None:
    """The hire date and the leave date (blank while in post), as dates."""
    for col in ("hire_date", "leave_date"):
        if col not in df:
            continue
        raw = df[col].to_numpy(dtype=object)
        dates = each(date_of, raw)  # a blank cell is no date (NaT), not an error
        report.cells(col, "unrecognised date ", np.array([d is None for d in dates]), raw)
        out[col] = pd.Series([d or pd.NaT for d in dates], dtype="datetime64[ns]")


def _kpi_values(
    df: pd.DataFrame, report: _Problems
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each KPI column the file has as floats (NaN where blank or bad), checked for text,
    implausible sizes, ranges and signs; and where each column is blank. Tenure is left
    out when the hire date gives it."""
    values: dict[str, np.ndarray] = {}
    blank_masks: dict[str, np.ndarray] = {}
    for col in (c for c in (*RAW_KPIS, TENURE) if c in df):
        if col == TENURE and "hire_date" in df:
            continue  # recomputed from hire_date
        raw = df[col].to_numpy(dtype=object)
        x, blank, bad = _numbers(df[col], raw)
        known = ~np.isnan(x)  # inf is huge too: sums of pay must stay finite
        huge = known & (np.abs(np.where(known, x, 0.0)) > MAX_VALUE)
        bad = bad & ~huge
        x = np.where(bad | huge, np.nan, x)
        if blank.any():
            blank_masks[col] = blank
        report.cells(col, "non-numeric ", bad, raw)
        report.cells(
            col, "implausibly large ", huge, raw, f" (expected at most {MAX_VALUE:.0e} a period)"
        )
        if col in RANGES:
            lo, hi = RANGES[col]
            report.cells(col, "", ((x < lo) | (x > hi)) & ~huge, x, f" (allowed {lo:g}–{hi:g})")
        elif col in NON_NEGATIVE or col == TENURE:
            report.cells(col, "negative ", (x < 0) & ~huge, x)
        values[col] = x
    return values, blank_masks


def _numbers(s: pd.Series, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column as floats, where it is blank, and where it holds something not a number."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        x = s.to_numpy(dtype=float, na_value=np.nan)
        return x, np.isnan(x), np.isinf(x)
    x = np.array([np.nan if (n := cell_number(v)) is None else n for v in raw], dtype=float)
    blank = np.array([is_blank(v) for v in raw])
    return x, blank, np.isnan(x) & ~blank


def _parts_within_wholes(values: dict[str, np.ndarray], report: _Problems) -> None:
    """No part above its whole (:data:`AT_MOST`): a rate above 1 is an export error."""
    named = report.named
    for part, whole, rate in AT_MOST:
        if part in values and whole in values and (m := values[part] > values[whole]).any():
            report.found.append(
                f"{named(part, False)} > {named(whole, False)} ({rate} above 1) on {report.at(m)}"
            )


def _duplicate_rows(df: pd.DataFrame, out: pd.DataFrame, report: _Problems) -> None:
    """One row per agent and period."""
    if {"agent_id", "period"} <= set(out):
        key = out[["agent_id", "period"]]
        dup = key.duplicated(keep=False) & (key["agent_id"] != "") & (key["period"] != "")
        for (agent, period), idx in (
            key[dup].groupby(["agent_id", "period"], sort=False).groups.items()
        ):
            where = report.at(np.isin(df.index, idx))
            report.found.append(f"duplicate agent_id × period ({agent!r}, {period!r}) on {where}")


def _canonical_table(
    df: pd.DataFrame, out: pd.DataFrame, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Every canonical column (a KPI the file lacks is 0; tenure from the hire date when
    given), then the file's other columns, sorted by agent and period."""
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
    return out[order].sort_values(["agent_id", "period"], kind="stable", ignore_index=True)


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
        df, header, lines, problems = cells_table(read_cells(path, data, sheet), source)
    names, clashes = canonical_names(header, mapping)
    if clashes:
        raise DataError(source, problems + clashes)
    out = _validate(df.set_axis(names, axis=1), source, lines, problems, header, blanks)
    out.attrs["source"] = source
    return out
