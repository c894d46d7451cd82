"""Check a KPI table and turn it into the arrays and group codes the rules use.

One :class:`Rows` holds, for a set of agent × period (× run) rows: every raw KPI
as a float array (missing optional columns are 0), derived KPIs on demand, and
integer group codes for the company (run × period), the team (run × period ×
team) and the agent (run × agent). :func:`prepare` builds it from a DataFrame and
says exactly what is wrong with bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.core.kpis import RAW_KPIS, REQUIRED_COLUMNS
from perfkit.payout.groups import Groups, combine, densify, stable_argsort
from perfkit.payout.history import AgentHistory
from perfkit.payout.proration import worked_share
from perfkit.scheme.models import Scenario

#: Identity columns the engine needs besides the required KPIs.
ID_REQUIRED = ("agent_id", "team", "period")

RATIO_KPIS = {
    "connect_rate": ("connected", "dials"),
    "conversion_rate": ("orders", "connected"),
    "intent_rate": ("intents", "connected"),
    "average_order_value": ("revenue", "orders"),
    "complaint_rate": ("complaints", "connected"),
    "repurchase_rate": ("repeat_customers", "orders"),
}


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num ÷ den with 0 where den is 0 (as perfkit.core.kpis defines every ratio KPI)."""
    return np.divide(num, den, out=np.zeros(num.shape), where=den != 0)


def kpi_from(raw: dict[str, np.ndarray], name: str, margin_rate: float = 1.0) -> np.ndarray:
    """A raw or derived KPI from raw arrays, by the perfkit.core.kpis definitions."""
    if name in raw:
        return raw[name]
    if name in RATIO_KPIS:
        num, den = RATIO_KPIS[name]
        return ratio(raw[num], raw[den])
    if name == "net_revenue":
        return raw["revenue"] - raw["refunds"]
    if name == "margin":
        return (raw["revenue"] - raw["refunds"]) * margin_rate
    raise KeyError(name)  # unreachable: scenario KPI names are validated


class LazyColumns(MutableMapping):
    """KPI columns made by ``make(name)`` when first read, then kept: a pricing table
    computes every KPI of the funnel, and the rules read a few (so the rest are never
    laid out row by row). ``names``: the columns it holds; any column may be set."""

    def __init__(self, make: Callable[[str], np.ndarray], names: Iterable[str]):
        self._make, self._names, self._made = make, dict.fromkeys(names), {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            self._made[name] = self._make(name)
        return self._made[name]

    def __setitem__(self, name: str, value: np.ndarray) -> None:
        self._names[name] = None
        self._made[name] = value

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._made.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass(frozen=True)
class Carried:
    """Per KPI, each row's quarter total from months that are not among the rows (the
    quarter's earlier months), an array broadcastable to ``shape``: the rows' order."""

    totals: dict[str, np.ndarray]
    shape: tuple[int, ...]

    def at(self, kpi: str, rows: np.ndarray) -> np.ndarray:
        """The total of ``kpi`` at rows ``rows`` (flat row numbers): each row's place along
        the axes the totals vary on (states and agents), not along every axis."""
        totals = np.asarray(self.totals[kpi], dtype=float)
        totals = np.ascontiguousarray(
            totals.reshape((1,) * (len(self.shape) - totals.ndim) + totals.shape)
        )  # small: one total per state and agent
        index = np.zeros(np.shape(rows), dtype=np.int64)
        inner, step = 1, 1  # rows per step along an axis; totals per step along it
        for axis in range(len(self.shape) - 1, -1, -1):
            size = self.shape[axis]
            if totals.shape[axis] != 1:
                index += (rows // inner % size) * step
                step *= size
            inner *= size
        return totals.ravel()[index]


@dataclass(frozen=True)
class Rows:
    """Arrays and group codes for a set of rows (the whole table or one segment)."""

    raw: MutableMapping[str, np.ndarray]  # a dict, or LazyColumns
    company: Groups
    team: Groups
    agent: Groups
    agent_order: np.ndarray
    period: np.ndarray
    role: np.ndarray | None
    tenure: np.ndarray | None
    capacity: np.ndarray | None
    labels: np.ndarray | None = None  # period label of each period code
    history: AgentHistory | None = None  # the table ``split: history`` targets read
    worked: np.ndarray | None = None  # share of the period in post (None: all of it)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)
    #: The quarter's totals of months before these rows (perfkit.model.behaviour.carry).
    carried: Carried | None = None
    #: Groups derived from the identity columns alone (e.g. agent × quarter), kept with
    #: them: ``replace`` carries it, so the pricing tables of one shape build them once.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n(self) -> int:
        return int(self.agent_order.size)

    def kpi(self, name: str, margin_rate: float = 1.0) -> np.ndarray:
        """A raw or derived KPI column (see perfkit.core.kpis for the definitions)."""
        key = (name, margin_rate if name == "margin" else None)
        if key not in self._cache:
            self._cache[key] = kpi_from(self.raw, name, margin_rate)
        return self._cache[key]

    def subset(self, idx: np.ndarray) -> Rows:
        """The rows ``idx``, with group codes re-numbered within the subset."""

        def take(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else a[idx]

        return Rows(
            raw=LazyColumns(lambda k: self.raw[k][idx], self.raw),  # read when a rule does
            company=self.company.take(idx),
            team=self.team.take(idx),
            agent=self.agent.take(idx),
            agent_order=self.agent_order[idx],
            period=self.period[idx],
            role=take(self.role),
            tenure=take(self.tenure),
            capacity=take(self.capacity),
            labels=self.labels,
            history=self.history,
            worked=take(self.worked),
        )


@dataclass(frozen=True)
class Sequences:
    """Each agent's rows in period order (per run): the order, position and next row."""

    order: np.ndarray
    position: np.ndarray
    next_row: np.ndarray
    length: int


@dataclass(frozen=True)
class Table:
    """A checked KPI table: its rows, per-agent sequences and period labels."""

    rows: Rows
    sequences: Sequences
    periods: np.ndarray
    role_names: np.ndarray | None
    agent_names: np.ndarray
    has_run: bool
    source: str


def _source(kpis: pd.DataFrame) -> str:
    return str(kpis.attrs.get("source", "<KPI table>"))


def _floats(
    kpis: pd.DataFrame, col: str, problems: list[str], allow_nan: bool = False
) -> np.ndarray:
    try:
        arr = kpis[col].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        problems.append(f"column '{col}' is not numeric")
        return np.zeros(len(kpis))
    bad = np.isinf(arr) if allow_nan else ~np.isfinite(arr)
    if bad.any():
        first = kpis.index[np.flatnonzero(bad)[:3]].tolist()
        problems.append(
            f"column '{col}' has {int(bad.sum())} missing or non-finite value(s), "
            f"e.g. at index {first}"
        )
    return arr


def _needed_columns(scenario: Scenario | None) -> dict[str, str]:
    """Optional columns the scenario cannot do without, with the reason."""
    need: dict[str, str] = {}
    if scenario is None:
        return need
    if scenario.split_credit is not None:
        need["role"] = "split_credit shares revenue by role"
    if scenario.leader_override is not None:
        need["role"] = "leader_override finds team leaders by role"
    for seg in scenario.segments:
        if seg.when.role is not None:
            need["role"] = f"segment '{seg.name}' selects agents by role"
        if seg.when.tenure_months_below is not None or seg.when.tenure_months_at_least is not None:
            need["tenure_months"] = f"segment '{seg.name}' selects agents by tenure"
    return need


def prepare(kpis: pd.DataFrame, scenario: Scenario | None) -> Table:
    """Check ``kpis`` and build the arrays; raise DataError listing every problem.

    ``scenario`` None: check only what every table needs (a history table).
    """
    if not isinstance(kpis, pd.DataFrame):
        raise DataError("<KPI table>", [f"expected a pandas DataFrame, got {type(kpis).__name__}"])
    source = _source(kpis)
    _check_columns(kpis, scenario, source)
    cols = _Columns.of(kpis, source)
    n = len(kpis)
    agent_codes, agent_names = pd.factorize(kpis["agent_id"], sort=True)
    period_codes, periods = pd.factorize(kpis["period"], sort=True)
    team_codes, teams = pd.factorize(kpis["team"], sort=True)
    agent_codes = agent_codes.astype(np.int64)
    period_codes = period_codes.astype(np.int64)
    n_periods = len(periods)

    role = role_names = None
    if "role" in kpis.columns:
        role, role_names = pd.factorize(kpis["role"], sort=True)
        role = role.astype(np.int64)
        role_names = np.asarray(role_names, dtype=object)

    runs = (cols.run_codes, cols.n_runs)
    agent = combine(runs, (agent_codes, len(agent_names)))
    seq_key = agent.codes * np.int64(max(n_periods, 1)) + period_codes
    if n < 2 or bool(np.all(seq_key[1:] > seq_key[:-1])):
        order = np.arange(n)  # already sorted by agent and period: the usual layout
    else:
        order = stable_argsort(seq_key)
    ordered = seq_key[order]
    dupes = np.flatnonzero(ordered[1:] == ordered[:-1])
    if dupes.size:
        shown = ", ".join(
            f"{agent_names[agent_codes[r]]} in {periods[period_codes[r]]}"
            + (f" (run {kpis['run'].iloc[r]})" if cols.has_run else "")
            for r in order[dupes[:5]]
        )
        raise DataError(
            source,
            [f"{dupes.size} duplicate agent × period row(s): {shown}; expected one row each"],
        )
    rows = Rows(
        raw=cols.raw,
        company=combine(runs, (period_codes, n_periods)),
        team=combine(runs, (period_codes, n_periods), (team_codes, len(teams))),
        agent=agent,
        agent_order=agent_codes,
        period=period_codes,
        role=role,
        tenure=cols.tenure,
        capacity=cols.capacity,
        labels=np.asarray(periods),
        worked=worked_share(kpis, np.asarray(periods), period_codes, _days_counted(scenario)),
    )
    return Table(
        rows=rows,
        sequences=_sequences(agent.codes, order),
        periods=np.asarray(periods),
        role_names=role_names,
        agent_names=np.asarray(agent_names),
        has_run=cols.has_run,
        source=source,
    )


def _days_counted(scenario: Scenario | None) -> str:
    """How the scenario counts a joiner's days (the main plan's ``proration.method``)."""
    method = scenario.proration.method if scenario is not None else "calendar_days"
    return "working_days" if method == "working_days" else "calendar_days"


def _check_columns(kpis: pd.DataFrame, scenario: Scenario | None, source: str) -> None:
    """Every column every table needs, and those the scenario cannot do without."""
    problems: list[str] = []
    required = dict.fromkeys((*ID_REQUIRED, *REQUIRED_COLUMNS), "required")
    required.update(_needed_columns(scenario))
    for col, why in required.items():
        if col not in kpis.columns:
            reason = "" if why == "required" else f" ({why})"
            problems.append(f"missing column '{col}'{reason}")
    if problems:
        raise DataError(source, problems)


@dataclass(frozen=True)
class _Columns:
    """The table's numbers as float arrays, checked: every raw KPI (0 when the column is
    absent), the run codes, tenure (may be missing: no hire date) and capacity."""

    raw: dict[str, np.ndarray]
    has_run: bool
    run_codes: np.ndarray
    n_runs: int
    tenure: np.ndarray | None
    capacity: np.ndarray | None

    @classmethod
    def of(cls, kpis: pd.DataFrame, source: str) -> _Columns:
        problems: list[str] = []
        n = len(kpis)
        raw = {  # a blank optional KPI cell (NaN) is refused where a rule reads its column
            # (the engine's _check_columns_read); elsewhere any number prices the same: 0
            col: (
                np.nan_to_num(_floats(kpis, col, problems, allow_nan=optional), nan=0.0)
                if col in kpis.columns
                else np.zeros(n)
            )
            for col in RAW_KPIS
            for optional in [col not in REQUIRED_COLUMNS]
        }
        for col in ("agent_id", "team", "period"):
            if kpis[col].isna().any():
                problems.append(
                    f"column '{col}' has {int(kpis[col].isna().sum())} missing value(s)"
                )
        has_run = "run" in kpis.columns
        run_codes, n_runs = np.zeros(n, dtype=np.int64), 1
        if has_run:
            run = _floats(kpis, "run", problems)
            if not problems and np.any(run != np.round(run)):
                problems.append("column 'run' must hold whole numbers")
            if not problems and n:
                run_codes, n_runs = densify(run.astype(np.int64) - int(run.min()))
        # a missing tenure (no hire date) is allowed: it matches no tenure segment
        tenure = (
            _floats(kpis, "tenure_months", problems, allow_nan=True)
            if "tenure_months" in kpis
            else None
        )
        capacity = _floats(kpis, "capacity", problems) if "capacity" in kpis else None
        if problems:
            raise DataError(source, problems)
        return cls(raw, has_run, run_codes, n_runs, tenure, capacity)


def _sequences(agent: np.ndarray, order: np.ndarray) -> Sequences:
    """Each agent's rows in period order (``order``): position in the sequence, next row."""
    n = agent.size
    seq = agent[order]
    first = np.ones(n, dtype=bool)
    first[1:] = seq[1:] != seq[:-1]
    starts = np.flatnonzero(first)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
    next_row = np.full(n, -1, dtype=np.int64)
    same = ~first[1:]
    next_row[order[:-1][same]] = order[1:][same]
    longest = int(position.max()) + 1 if n else 0
    return Sequences(order=order, position=position, next_row=next_row, length=longest)
