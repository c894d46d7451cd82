"""Price the Monte Carlo runs chunk by chunk and reduce each chunk on the fly.

A chunk of runs (at most the rows the memory budget leaves room for beside every run's
arrays, measured as the process's resident set: perfkit.model.scale.limits.room_rows)
becomes its KPI table, is priced by the payout engine, and is reduced at once to what
the result keeps of every run: one row of metrics per run (perfkit.simulate.summary),
the floor's composition per run × period, and revenue, orders and dials per run ×
period × team (perfkit.simulate.levels). The agents table (one row per agent-month-run)
is kept only for the runs asked for: every run (the library's default), a sample of
runs (the ``simulate`` command's default) or none. So a simulation holds the policy's
arrays (≈ 170 bytes per agent-month-run) and one chunk, not every run's tables.

Every metric is computed within one run, and a chunk holds whole runs, so the numbers
are the same bytes whatever the chunk size. On Dask each chunk is a task; what every
chunk shares (population, plan, periods) is sent to the cluster once, at most
``AHEAD`` chunks are in flight, and only the reductions (and kept agents) come back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfkit.model.funnel import OUTPUTS
from perfkit.model.population import Population
from perfkit.payout import STATEMENT_COLUMNS
from perfkit.payout.coded import Coded, shown
from perfkit.payout.engine import check_input
from perfkit.payout.grid_runs import Seats, pay_seats
from perfkit.scheme.forecast import LEVEL_KPIS
from perfkit.simulate.runs import RunArrays
from perfkit.simulate.summary import per_run, workforce

#: Columns kept from the pay statement in the agents table.
PAY_COLUMNS = tuple(c for c in STATEMENT_COLUMNS if c != "own_score")
#: Largest table priced in one call (rows); bigger simulations are priced in run chunks.
CHUNK_ROWS = 3_000_000
#: Chunks in flight on a Dask cluster at once (bounds what this machine has sent).
AHEAD = 4


@dataclass(frozen=True)
class Shared:
    """What every chunk of a block of runs reads: the floor, the periods, the pricer and
    the metrics' settings (sent to a Dask cluster once)."""

    pop: Population
    labels: list[str]
    roles: np.ndarray | None
    pricer: Any
    rest_effort: np.ndarray
    top: int  # most replacement hires of any seat (the agent_id categories)
    margin_rate: float
    hiring_cost: float
    per_year: int


@dataclass(frozen=True)
class Part:
    """Runs [first, first + runs) of the policy's arrays: run × period × seat each."""

    first: int
    kpis: dict[str, np.ndarray]
    choices: dict[str, np.ndarray]  # effort, quality, help
    tenure: np.ndarray
    hire: np.ndarray
    quit: np.ndarray
    skill: np.ndarray
    capacity: np.ndarray

    @classmethod
    def cut(cls, arrays: RunArrays, r0: int, r1: int) -> Part:
        """Runs r0…r1 − 1 (views, and the seat holders' skill and capacity)."""
        who = arrays.who[r0:r1]
        return cls(
            r0,
            {k: v[r0:r1] for k, v in arrays.kpis.items()},
            {d: getattr(arrays, d)[r0:r1] for d in ("effort", "quality", "help")},
            arrays.tenure[r0:r1],
            arrays.hire[r0:r1],
            arrays.quit[r0:r1],
            arrays.people.traits["skill"][who],
            arrays.people.traits["capacity"][who],
        )


@dataclass
class Reduced:
    """What one chunk gives back: per-run metrics, composition, team levels, and the pay
    statement's columns of its kept runs (the agents table is built from them once:
    :func:`kept_agents`; its text columns as codes, made strings there)."""

    runs: pd.DataFrame
    workforce: pd.DataFrame
    totals: np.ndarray  # LEVEL_KPIS × runs × periods × teams
    paid: dict[str, Any] | None


def agent_codes(pop: Population, seat: np.ndarray, hire: np.ndarray, top: int) -> pd.Categorical:
    """agent_id per row (``seat`` and ``hire`` number of each): the seat's id, or id~k for
    the k-th replacement hire (k ≤ top)."""
    n = pop.n
    names = [str(a) for a in pop.agent_id]
    cats = names + [f"{a}~{k}" for k in range(1, top + 1) for a in names]
    return pd.Categorical.from_codes(seat + n * hire.astype(np.int64), categories=cats)


def kpi_frame(pop: Population, kpis: dict[str, np.ndarray], tenure: np.ndarray,
              hire: np.ndarray, capacity: np.ndarray, periods: list[str],
              roles: np.ndarray | None = None, first: int = 0, top: int | None = None
              ) -> pd.DataFrame:  # fmt: skip
    """The KPI table of runs ``first``… (run, period, agent order) as the payout engine reads it."""
    R, P, N = tenure.shape
    team = np.broadcast_to(pop.team_code, (R, P, N)).ravel()
    top = int(hire.max()) if top is None and hire.size else top or 0
    cols: dict[str, Any] = {
        "run": np.repeat(np.arange(first, first + R), P * N),
        "period": pd.Categorical.from_codes(
            np.tile(np.repeat(np.arange(P), N), R), categories=periods
        ),
        "agent_id": agent_codes(pop, np.tile(np.arange(N), R * P), hire.ravel(), top),
        "team": pd.Categorical.from_codes(team, categories=[str(t) for t in pop.team_names]),
        "tenure_months": np.ravel(tenure),
        "capacity": np.ravel(capacity),
    }
    if roles is not None:
        role = pd.Categorical(roles)
        cols["role"] = pd.Categorical.from_codes(np.tile(role.codes, R * P), dtype=role.dtype)
    cols.update({k: np.ravel(kpis[k]) for k in OUTPUTS})
    return pd.DataFrame(cols, copy=False)


def reduce_part(part: Part, keep: np.ndarray, shared: Shared) -> Reduced:
    """Price one chunk of runs and reduce it (a task); ``keep``: its runs (0-based within
    the chunk) whose agent rows are kept."""
    s = shared
    R, P, N = part.tenure.shape
    if s.pricer.engine is not None:  # the payout engine: on the arrays (perfkit.payout.grid_runs)
        paid = _fused_pay(part, s)
    else:
        frame = kpi_frame(s.pop, part.kpis, part.tenure, part.hire, part.capacity, s.labels,
                          s.roles, part.first, s.top)  # fmt: skip
        out = s.pricer(frame)
        paid = {c: _values(out[c]) for c in PAY_COLUMNS if c in out}
        del frame, out
    kept = {k: _rows(v, _kept_rows(keep, R, P * N)) for k, v in paid.items()} if len(keep) else None
    cols = _numbers(part, paid, s.rest_effort)
    codes = np.tile(np.arange(N, dtype=np.int64), R * P) + N * part.hire.ravel()
    table = per_run(cols, R, s.margin_rate, s.hiring_cost, s.per_year, codes, N * (s.top + 1), P)
    table["pay_performance_corr"] = pay_performance_corr(cols["total_pay"], cols["revenue"], R)
    totals = level_totals(part.kpis, s.pop.team_code, len(s.pop.team_names))
    return Reduced(table, workforce(cols, R, s.labels), totals, kept)


def _values(column: pd.Series) -> Any:
    """A statement column as the agents table holds it: numbers as a NumPy array."""
    return column.to_numpy() if column.dtype.kind in "fiub" else column.array


def _numbers(part: Part, paid: dict[str, Any], rest_effort: np.ndarray) -> dict[str, np.ndarray]:
    """The chunk's numeric columns, flat in row order, that the per-run metrics read."""
    cols = {k: v.ravel() for k, v in part.kpis.items()}
    cols.update(
        {k: v for k, v in paid.items() if isinstance(v, np.ndarray) and v.dtype.kind in "fiub"}
    )
    cols.update({k: v.ravel() for k, v in part.choices.items()})
    cols["tenure_months"] = part.tenure.ravel()
    cols["skill"] = part.skill.ravel()
    cols["quit"] = part.quit.ravel()
    cols["rest_effort"] = np.broadcast_to(rest_effort, part.tenure.shape).ravel()
    return cols


def _fused_pay(part: Part, s: Shared) -> dict[str, Any]:
    """The chunk's pay statement columns, priced on its arrays by the payout engine (the
    same as compute_statements on its KPI table, checked here on its first run)."""
    engine = s.pricer.engine
    one = kpi_frame(s.pop, {k: v[:1] for k, v in part.kpis.items()}, part.tenure[:1],
                    part.hire[:1], part.capacity[:1], s.labels, s.roles, part.first, s.top)  # fmt: skip
    check_input(one, engine.scenario)
    names = np.array([str(a) for a in s.pop.agent_id], dtype=object)
    seats = Seats(names, part.hire, s.pop.team_code, np.asarray(s.labels, dtype=object),
                  part.tenure, part.capacity, s.roles)  # fmt: skip
    out = pay_seats(engine.scenario, seats, part.kpis, engine.past)
    return {c: out[c] for c in PAY_COLUMNS if c in out}


def level_totals(kpis: dict[str, np.ndarray], team: np.ndarray, teams: int) -> np.ndarray:
    """Sum of each of LEVEL_KPIS per run × period × team (each KPI: runs × periods × seats;
    ``team``: each seat's team code): LEVEL_KPIS × runs × periods × teams."""
    R, P = kpis["revenue"].shape[:2]
    key = (np.arange(R * P, dtype=np.int64)[:, None] * teams + team[None, :]).ravel()
    return np.stack([np.bincount(key, np.asarray(kpis[k], float).ravel(), R * P * teams)
                     .reshape(R, P, teams) for k in LEVEL_KPIS])  # fmt: skip


def pay_performance_corr(pay: np.ndarray, revenue: np.ndarray, runs: int) -> np.ndarray:
    """Per run: correlation across agent-periods of total pay with revenue."""
    pay = np.asarray(pay, float).reshape(runs, -1)
    rev = np.asarray(revenue, float).reshape(runs, -1)
    pay_c = pay - pay.mean(axis=1, keepdims=True)
    rev_c = rev - rev.mean(axis=1, keepdims=True)
    den = np.sqrt((pay_c**2).sum(axis=1) * (rev_c**2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (pay_c * rev_c).sum(axis=1) / den, np.nan)


def chunk_runs(runs: int, per_run_rows: int, rows: int) -> list[tuple[int, int]]:
    """Runs [r0, r1) of each chunk: at most CHUNK_ROWS rows and ``rows``, the room the
    budget leaves (at least one run)."""
    step = max(1, min(CHUNK_ROWS, rows) // max(per_run_rows, 1))
    return [(r0, min(runs, r0 + step)) for r0 in range(0, runs, step)]


def room_rows(arrays: RunArrays, kept: int = 0) -> int:
    """Rows one pay chunk may build now, every run's ``arrays`` held: the budget's room
    beside what this process holds (its resident set; else the arrays and the interpreter)
    and the pay columns of the ``kept`` runs' agents, still to come."""
    from perfkit.model.scale.estimate import BASE_BYTES, BYTES_PER_KEPT_ROW
    from perfkit.model.scale.limits import current
    from perfkit.model.scale.memory import resident

    held = resident()
    if held is None:
        parts = [*arrays.kpis.values(), arrays.effort, arrays.quality, arrays.help,
                 arrays.tenure, arrays.hire, arrays.quit, arrays.who]  # fmt: skip
        held = BASE_BYTES + sum(a.nbytes for a in parts)
    per_run = arrays.shape[1] * arrays.shape[2]
    return current().room_rows(held + kept * per_run * BYTES_PER_KEPT_ROW)


def priced_runs(arrays: RunArrays, keep: np.ndarray, shared: Shared) -> Iterator[Reduced]:
    """Every chunk of runs priced and reduced, in run order (locally or on Dask)."""
    from perfkit.model.scale.tasks import run_streamed

    R, P, N = arrays.shape
    bounds = chunk_runs(R, P * N, room_rows(arrays, len(keep)))
    items = ((Part.cut(arrays, r0, r1), keep[(keep >= r0) & (keep < r1)] - r0) for r0, r1 in bounds)
    return run_streamed(reduce_part, items, (shared,))


def _kept_rows(keep: np.ndarray, runs: int, per_run: int) -> np.ndarray | None:
    """The flat rows of runs ``keep`` (None: every run, so every row)."""
    if len(keep) == runs:
        return None
    return (keep[:, None] * per_run + np.arange(per_run)).ravel()


def _rows(a: Any, rows: np.ndarray | None) -> Any:
    """The flat column ``a`` at ``rows`` (None: all of it, without a copy)."""
    if isinstance(a, Coded):
        return a.take(rows)
    flat = a if isinstance(a, pd.api.extensions.ExtensionArray) else np.ravel(a)
    return flat if rows is None else flat[rows]


class KeptPay:
    """The kept rows' pay columns, gathered chunk by chunk in run order: each chunk's numbers
    written into one array per column as it arrives (so the chunk's own can be freed and
    their memory reused by the next chunk), other columns' pieces joined at the end."""

    def __init__(self, rows: int) -> None:
        self.rows, self.at = rows, 0
        self.numbers: dict[str, np.ndarray] = {}
        self.pieces: dict[str, list[Any]] = {}

    def add(self, paid: dict[str, Any] | None) -> None:
        """One chunk's kept pay columns (None: it kept no row)."""
        if not paid:
            return
        n = len(next(iter(paid.values())))
        for k, v in paid.items():
            if not isinstance(v, np.ndarray):
                self.pieces.setdefault(k, []).append(v)
            elif n == self.rows:  # a single chunk: its columns as they are
                self.numbers[k] = v
            else:
                if k not in self.numbers:
                    self.numbers[k] = np.empty(self.rows, dtype=v.dtype)
                self.numbers[k][self.at : self.at + n] = v
        self.at += n

    def columns(self) -> dict[str, Any]:
        """Every kept pay column in statement order, text made strings."""
        cols = {k: self.numbers[k] if k in self.numbers else _joined(self.pieces[k])
                for k in PAY_COLUMNS if k in self.numbers or k in self.pieces}  # fmt: skip
        return shown(cols)


def _joined(parts: list[Any]) -> Any:
    """One column from the chunks' pieces, in order (a single piece as it is)."""
    if len(parts) == 1:
        return parts[0]
    if isinstance(parts[0], Coded):
        return Coded.joined(parts)
    return type(parts[0])._concat_same_type(parts)


def kept_agents(arrays: RunArrays, keep: np.ndarray, shared: Shared,
                paid: KeptPay) -> pd.DataFrame | None:  # fmt: skip
    """The agents table of runs ``keep``, built once: identity columns as :func:`kpi_frame`
    gives them, the choices and KPIs read from the run arrays (views where every run is
    kept), and the chunks' kept pay columns (``paid``)."""
    if not len(keep):
        return None
    s = shared
    R, P, N = arrays.shape
    rows = _kept_rows(keep, R, P * N)
    every = np.arange(R * P * N) if rows is None else rows
    seat, hire = every % N, _rows(arrays.hire, rows)
    cols: dict[str, Any] = {
        "run": every // (P * N),
        "period": pd.Categorical.from_codes(every // N % P, categories=s.labels),
        "agent_id": agent_codes(s.pop, seat, hire, s.top),
        "team": pd.Categorical.from_codes(
            s.pop.team_code[seat], categories=[str(t) for t in s.pop.team_names]
        ),
    }
    if s.roles is not None:
        role = pd.Categorical(s.roles)
        cols["role"] = pd.Categorical.from_codes(role.codes[seat], dtype=role.dtype)
    cols["tenure_months"] = _rows(arrays.tenure, rows)
    cols["hire"] = hire
    cols["skill"] = arrays.people.traits["skill"][_rows(arrays.who, rows)]
    for name in ("effort", "quality", "help"):
        cols[name] = _rows(getattr(arrays, name), rows)
    cols.update({k: _rows(arrays.kpis[k], rows) for k in OUTPUTS})
    cols.update(paid.columns())
    cols["quit"] = _rows(arrays.quit, rows)
    return pd.DataFrame(cols, copy=False)
