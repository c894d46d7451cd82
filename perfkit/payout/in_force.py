"""The plan in force per agent-period: a ``plan`` column, or a plan map.

A KPI export may say which plan each row was paid under, so that teams can be on
different plans (a pilot) and plans can change over time. Either

- a ``plan`` column (also headed 方案, 薪酬方案 or plan_in_force) naming a scenario
  file per row (``pilot.yaml``, ``scenarios/pilot.yaml`` or the file's stem
  ``pilot``), blank rows taking the default plan; or
- a plan map (``--plan-map FILE``): a CSV with a ``plan`` (or ``scenario``) column
  and any of ``agent_id``, ``team``, ``from``, ``to`` (months, inclusive); each of
  its lines sets the plan of the export rows it matches, later lines overriding
  earlier ones.

Names are looked up as paths (absolute, or relative to the export's folder, the map's
folder, the default scenario's folder and the working directory), then as file stems
among the scenario files in those folders. An unknown name is a DataError naming the
file line and the value and listing the known plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError, ScenarioError

PLAN = "plan"
#: Headers accepted for the plan column.
PLAN_HEADERS = ("plan", "plan_in_force", "scenario", "方案", "薪酬方案", "激励方案")
#: Columns a plan map may match on.
MAP_KEYS = ("agent_id", "team", "from", "to")


@dataclass(frozen=True)
class PlanHistory:
    """The plans of an export: name → Scenario; the export's ``plan`` column holds names."""

    plans: dict[str, Any]
    default: str

    @property
    def names(self) -> list[str]:
        return list(self.plans)

    @property
    def name(self) -> str:
        """One label for reports: the plans in order of first use, joined by " / "."""
        return " / ".join(getattr(p, "name", k) for k, p in self.plans.items())

    @property
    def single(self) -> Any | None:
        """The only plan, when there is one."""
        return next(iter(self.plans.values())) if len(self.plans) == 1 else None

    def masks(self, df: pd.DataFrame) -> list[tuple[str, Any, np.ndarray]]:
        """(name, scenario, rows paid under it) for each plan with at least one row."""
        col = df[PLAN].astype(str).to_numpy() if PLAN in df else np.full(len(df), self.default)
        return [(k, p, col == k) for k, p in self.plans.items() if (col == k).any()]

    def key(self) -> tuple:
        """A hashable fingerprint (calibration cache)."""
        return tuple((k, p.source, p.model_dump_json()) for k, p in self.plans.items())


def plan_column(df: pd.DataFrame) -> str | None:
    """The export's plan column, by any accepted header (case and spaces ignored)."""
    folded = {str(c).strip().casefold().replace(" ", "_"): c for c in df.columns}
    return next((folded[h] for h in PLAN_HEADERS if h in folded), None)


def has_plans(df: pd.DataFrame, plan_map: str | Path | None = None) -> bool:
    """Whether the export states its plans (a plan column with a value, or a map)."""
    col = plan_column(df)
    return plan_map is not None or (col is not None and df[col].map(_text).ne("").any())


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def _folders(*paths: Any) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p is None or str(p).startswith("<"):
            continue
        d = Path(p) if Path(p).is_dir() else Path(p).parent
        if d.resolve() not in [o.resolve() for o in out]:
            out.append(d)
    if Path(".").resolve() not in [o.resolve() for o in out]:
        out.append(Path("."))
    return out


def known_plans(folders: list[Path]) -> dict[str, Path]:
    """Scenario files in ``folders``, by stem (the first folder wins)."""
    out: dict[str, Path] = {}
    for d in folders:
        for f in sorted([*d.glob("*.yaml"), *d.glob("*.yml")]):
            out.setdefault(f.stem, f)
    return out


def _find(value: str, folders: list[Path], known: dict[str, Path]) -> Path | None:
    p = Path(value)
    for cand in [p] if p.is_absolute() else [d / p for d in folders]:
        if cand.is_file():
            return cand
    return known.get(p.stem if p.suffix in (".yaml", ".yml") else value)


def _lines_of(source: str, column: Any, bad: set[str]) -> dict[str, list[int]]:
    """File lines (header = 1) where the plan column holds each bad value (CSV/xlsx)."""
    from perfkit.files.export import header_index, read_cells  # the loader's own line numbering

    try:
        path = Path(source)
        rows = read_cells(path, path.read_bytes(), None)
    except (OSError, DataError):
        return {}
    top = header_index(rows)
    header = [_text(v) for v in rows[top]] if rows else []
    if str(column) not in header:
        return {}
    j = header.index(str(column))
    out: dict[str, list[int]] = {}
    for i, rec in enumerate(rows[top + 1 :], start=top + 2):
        v = _text(rec[j]) if j < len(rec) else ""
        if v in bad:
            out.setdefault(v, []).append(i)
    return out


def _where(lines: list[int], df: pd.DataFrame, mask: np.ndarray) -> str:
    if lines:
        more = f" (and {len(lines) - 5} more)" if len(lines) > 5 else ""
        return f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:5]))}{more}"
    rows = df.loc[mask, ["agent_id", "period"]].head(3)
    return "rows " + ", ".join(f"{a} {p}" for a, p in rows.itertuples(index=False))


def read_plan_map(path: str | Path, df: pd.DataFrame) -> list[str]:
    """Each export row's plan name from a plan map ('' where no map line matches)."""
    path = Path(path)
    rows, lines, col = _map_rows(path)
    out = np.full(len(df), "", dtype=object)
    period = df["period"].astype(str).to_numpy()
    problems = []
    for line, rec in zip(lines, rows, strict=True):
        if not rec.get(col):
            problems.append(f"line {line}: empty plan")
            continue
        m = np.ones(len(df), dtype=bool)
        if rec.get("agent_id"):
            m &= df["agent_id"].astype(str).to_numpy() == rec["agent_id"]
        if rec.get("team"):
            m &= df["team"].astype(str).to_numpy() == rec["team"]
        if rec.get("from"):
            m &= period >= rec["from"]
        if rec.get("to"):
            m &= period <= rec["to"]
        if not m.any():
            problems.append(f"line {line}: matches no row of the export ({rec})")
        out[m] = rec[col]
    if problems:
        raise DataError(str(path), problems)
    return list(out)


def _map_rows(path: Path) -> tuple[list[dict[str, str]], list[int], str]:
    """A plan map's rows (headers case-folded), their file lines and its plan column; read
    as every side file is (perfkit.files.side: encodings, xlsx, empty files refused)."""
    from perfkit.files.side import read_side_table

    table = read_side_table(path, "plan map")
    table.columns = [str(h).strip().casefold() for h in table.columns]
    col = next((h for h in ("plan", "scenario", "方案") if h in table.columns), None)
    if col is None:
        heads = list(table.columns)
        raise DataError(str(path), [f"a plan map needs a 'plan' column; headers found: {heads}"])
    return table.to_dict("records"), list(table.attrs["lines"]), col


def _map_lines(path: str | Path, value: str) -> list[int]:
    """The lines of a plan map whose plan is ``value``."""
    rows, lines, col = _map_rows(Path(path))
    return [line for line, rec in zip(lines, rows, strict=True) if rec.get(col) == value]


def _confine(
    found: Path, value: str, plan_map: Any, source: str, col: Any, default_src: Any
) -> None:
    """Refuse a plan file outside the folder of the file naming it (the scenario rule,
    perfkit.scheme.paths), naming that file and its lines."""
    from perfkit.scheme.paths import named_file_problem

    named_in = Path(str(plan_map if plan_map is not None else source))
    if str(named_in).startswith("<"):
        named_in = Path("<data>")  # a table from Python: its folder is the current one
    real = [Path(str(f)).parent for f in (default_src, source) if f and str(f)[:1] != "<"]
    problem = named_file_problem(found, named_in, tuple(real))
    if problem is None:
        return
    if plan_map is not None:
        lines = _map_lines(plan_map, value)
    else:
        lines = _lines_of(source, col, {value}).get(value, [])
    where = (
        f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:5]))}"
        if lines
        else "a row"
    )
    raise DataError(str(named_in), [f"column {PLAN!r}: {value!r} on {where} {problem}"])


def plan_history(
    df: pd.DataFrame,
    default: Any,
    source: str,
    plan_map: str | Path | None = None,
) -> tuple[pd.DataFrame, PlanHistory]:
    """The export with a normalised ``plan`` column, and its plans.

    ``default``: the plan of rows that name none (a Scenario; None: every row must
    name one). Raises DataError for an unknown plan (line, value, known plans).
    """
    from perfkit.scheme import Scenario, load_scenario

    col = plan_column(df)
    if plan_map is not None:
        values = read_plan_map(plan_map, df)
    elif col is not None:
        values = [_text(v) for v in df[col].to_numpy(dtype=object)]
    else:
        values = [""] * len(df)
    default_src = getattr(default, "source", None)
    folders = _folders(source, plan_map, default_src)
    known = known_plans(folders)
    values_arr = np.asarray(values, dtype=object)
    plans: dict[str, Scenario] = {}
    names = np.empty(len(df), dtype=object)
    bad: dict[str, np.ndarray] = {}
    default_key = None
    if default is not None:
        default_key = Path(default_src).stem if default_src else str(default.name)
    for value in dict.fromkeys(values):
        mask = values_arr == value
        if value == "":
            if default is None:
                bad[value] = mask
                continue
            plans.setdefault(default_key, default)
            names[mask] = default_key
            continue
        found = _find(value, folders, known)
        if found is None:
            bad[value] = mask
            continue
        _confine(found, value, plan_map, source, col, default_src)
        key = found.stem
        if key not in plans:
            if default_src and Path(default_src).resolve() == found.resolve():
                plans[key] = default
            else:
                try:
                    plans[key] = load_scenario(found)
                except ScenarioError as e:
                    raise DataError(source, [f"plan {value!r} ({found}): {e}"]) from None
        names[mask] = key
    if bad:
        where = str(plan_map) if plan_map is not None else source
        lines = {} if plan_map is not None else _lines_of(source, col, set(bad))
        shown = ", ".join(sorted(known)) or "none found"
        problems = []
        for value, mask in bad.items():
            what = "no plan named" if value == "" else f"unknown plan {value!r}"
            problems.append(
                f"column {PLAN!r}: {what} on {_where(lines.get(value, []), df, mask)}; "
                f"known plans (scenario files in {', '.join(map(str, folders))}): {shown}"
            )
        raise DataError(where, problems)
    out = df.drop(columns=[col]) if col is not None and col != PLAN else df.copy()
    out[PLAN] = pd.Series(names, index=df.index, dtype=str)
    first = list(dict.fromkeys(out.sort_values("period", kind="stable")[PLAN]))
    plans = {k: plans[k] for k in first}
    return out, PlanHistory(plans, default_key if default_key in plans else first[0])


def priced(kpis: pd.DataFrame, history: PlanHistory) -> pd.DataFrame:
    """Pay statements with every row priced under the plan in force for it.

    A quarterly plan prices its months combined into quarters (perfkit.core.quarters); the
    statements are in agent, period order, with a ``plan`` column.
    """
    from perfkit.core.quarters import for_scenario
    from perfkit.payout import compute_statements

    parts = []
    for name, plan, mask in history.masks(kpis):
        rows = kpis.loc[mask]
        st = compute_statements(for_scenario(rows, plan)[0], plan)
        parts.append(st.assign(plan=name))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["agent_id", "period"], kind="stable", ignore_index=True)
