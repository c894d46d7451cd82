"""Price the Monte Carlo runs chunk by chunk and reduce each chunk on the fly.

A chunk of runs (at most the memory budget's share of rows: perfkit.model.scale.limits)
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
    """What one chunk gives back: per-run metrics, composition, team levels, kept agents."""

    runs: pd.DataFrame
    workforce: pd.DataFrame
    totals: np.ndarray  # LEVEL_KPIS × runs × periods × teams
    agents: pd.DataFrame | None


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
        kept = _kept_agents(part, paid, keep, s) if len(keep) else None
    else:
        frame = kpi_frame(s.pop, part.kpis, part.tenure, part.hire, part.capacity, s.labels,
                          s.roles, part.first, s.top)  # fmt: skip
        out = s.pricer(frame)
        paid = {c: _values(out[c]) for c in PAY_COLUMNS if c in out}
        kept = None
        if len(keep):
            agents = _agents_table(frame, paid, part)
            rows = np.isin(agents["run"].to_numpy() - part.first, keep)
            kept = agents if rows.all() else agents.loc[rows].reset_index(drop=True)
        del frame, out
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


def chunk_runs(runs: int, per_run_rows: int, block_rows: int) -> list[tuple[int, int]]:
    """Runs [r0, r1) of each chunk: at most CHUNK_ROWS rows and the budget's block share
    (at least one run)."""
    step = max(1, min(CHUNK_ROWS, block_rows) // max(per_run_rows, 1))
    return [(r0, min(runs, r0 + step)) for r0 in range(0, runs, step)]


def priced_runs(arrays: RunArrays, keep: np.ndarray, shared: Shared) -> Iterator[Reduced]:
    """Every chunk of runs priced and reduced, in run order (locally or on Dask)."""
    from perfkit.model.scale.limits import current
    from perfkit.model.scale.tasks import run_streamed

    R, P, N = arrays.shape
    bounds = chunk_runs(R, P * N, current().block_rows)
    items = ((Part.cut(arrays, r0, r1), keep[(keep >= r0) & (keep < r1)] - r0) for r0, r1 in bounds)
    return run_streamed(reduce_part, items, (shared,))


def _agents_table(frame: pd.DataFrame, paid: dict[str, Any], part: Part) -> pd.DataFrame:
    """The agents table of a chunk, built from its arrays without copying them."""
    ids = ("run", "period", "agent_id", "team", "role", "tenure_months")
    return _agents(
        {c: frame[c] for c in ids if c in frame}, paid, part, lambda a: np.ravel(a), frame
    )


def _kept_agents(part: Part, paid: dict[str, Any], keep: np.ndarray, s: Shared) -> pd.DataFrame:
    """The agents table of the chunk's runs ``keep``, its identity columns as
    :func:`kpi_frame` gives them."""
    R, P, N = part.tenure.shape
    rows = None if len(keep) == R else (keep[:, None] * (P * N) + np.arange(P * N)).ravel()

    def take(a: Any) -> Any:
        flat = a if isinstance(a, pd.api.extensions.ExtensionArray) else np.ravel(a)
        return flat if rows is None else flat[rows]

    every = np.arange(R * P * N) if rows is None else rows
    seat, hire = every % N, part.hire.ravel()[every]
    cols: dict[str, Any] = {
        "run": part.first + every // (P * N),
        "period": pd.Categorical.from_codes(every // N % P, categories=s.labels),
        "agent_id": agent_codes(s.pop, seat, hire, s.top),
        "team": pd.Categorical.from_codes(
            s.pop.team_code[seat], categories=[str(t) for t in s.pop.team_names]
        ),
    }
    if s.roles is not None:
        role = pd.Categorical(s.roles)
        cols["role"] = pd.Categorical.from_codes(role.codes[seat], dtype=role.dtype)
    cols["tenure_months"] = take(part.tenure)
    return _agents(cols, paid, part, take)


def _agents(
    ids: dict[str, Any], paid: dict[str, Any], part: Part, take, frame=None
) -> pd.DataFrame:
    """The agents table: identity columns, hire, skill, choices, KPIs, pay and quits."""
    cols = dict(ids)
    cols["hire"] = take(part.hire)
    cols["skill"] = take(part.skill)
    for name in ("effort", "quality", "help"):
        cols[name] = take(part.choices[name])
    cols.update({k: frame[k] if frame is not None else take(part.kpis[k]) for k in OUTPUTS})
    cols.update({k: take(v) for k, v in paid.items()})
    cols["quit"] = take(part.quit)
    return pd.DataFrame(cols, copy=False)
