"""Pay the Monte Carlo's runs on their arrays: the fused grid, with hires.

The Monte Carlo (perfkit.simulate.stream) holds every run as arrays, runs × periods ×
seats. Turning them into a KPI table for :func:`perfkit.payout.compute_statements`
costs a DataFrame, its checks, the factorising of every identity column and a sort of
every row by agent and period, more than the pay itself. Here the identity columns
and groups follow from the layout, the engine's own rules price the rows
(:func:`perfkit.payout.engine.statement_columns`), and the statement is the same, byte
for byte, as compute_statements gives on the table
:func:`perfkit.simulate.stream.kpi_frame` builds.

What the solver's grid (perfkit.payout.grid) does not have: a seat changes hands when
its agent quits. The new hire is another agent (the seat's id ``~k`` for its k-th
hire: its own sequence for clawback and guarantee, its own history, its own rank),
with its own tenure and capacity per row. Agents are ordered as that table's
categorical orders them: every seat's first holder, then the first hires, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout.engine import statement_columns
from perfkit.payout.frame import Rows, Sequences, Table, prepare
from perfkit.payout.groups import Groups, combine, densify
from perfkit.payout.history import agent_history


@dataclass(frozen=True)
class Seats:
    """Who holds each row of runs × periods × seats (row order: run, period, seat).

    ``names``: each seat's first holder (its agent_id, seat order); ``hire``: the hire
    number holding the seat in each row (0: the first holder); ``team``: each seat's
    team code (in the order the engine sorts teams); ``labels``: the periods in order;
    ``tenure`` and ``capacity``: per row; ``role``: per seat (or None).
    """

    names: np.ndarray
    hire: np.ndarray
    team: np.ndarray
    labels: np.ndarray
    tenure: np.ndarray
    capacity: np.ndarray
    role: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.hire.shape

    def agent_names(self, codes: np.ndarray) -> np.ndarray:
        """The agent_id of each agent code (seat + seats × hire number)."""
        n = len(self.names)
        seat, k = codes % n, codes // n
        base = np.asarray(self.names, dtype=object)[seat]
        return np.array(
            [s if h == 0 else f"{s}~{h}" for s, h in zip(base, k, strict=True)], dtype=object
        )


def seat_table(seats: Seats, raw: dict[str, np.ndarray]) -> Table:
    """The prepared table of the rows (as :func:`perfkit.payout.frame.prepare` builds it
    from the same rows as a KPI table): raw KPIs, groups, sequences and names."""
    R, P, N = seats.shape
    n = R * P * N
    run = np.repeat(np.arange(R, dtype=np.int64), P * N)
    period = np.tile(np.repeat(np.arange(P, dtype=np.int64), N), R)
    code = np.tile(np.arange(N, dtype=np.int64), R * P) + N * seats.hire.reshape(n)
    agent_codes, holders = densify(code)
    present = np.flatnonzero(np.bincount(code)) if n else code
    teams, team_codes = np.unique(np.asarray(seats.team), return_inverse=True)
    team_codes = np.tile(team_codes.astype(np.int64).ravel(), R * P)
    agent = combine((run, R), (agent_codes, holders))
    role = role_names = None
    if seats.role is not None:
        cat = pd.Categorical(seats.role)
        role = np.tile(cat.codes.astype(np.int64), R * P)
        role_names = np.asarray(cat.categories, dtype=object)
    labels = np.asarray(pd.Index(np.asarray(seats.labels, dtype=object)))
    company = run * P + period  # every run × period and every team in it has rows
    rows = Rows(
        raw={k: raw[k].reshape(n) if k in raw else np.zeros(n) for k in RAW_KPIS},
        company=Groups(company, R * P),
        team=Groups(company * teams.size + team_codes, R * P * teams.size),
        agent=agent,
        agent_order=agent_codes,
        period=period,
        role=role,
        tenure=np.asarray(seats.tenure, dtype=float).reshape(n),
        capacity=np.asarray(seats.capacity, dtype=float).reshape(n),
        labels=labels,
    )
    return Table(rows, holders_months(agent, period, seats.hire), labels, role_names,
                 seats.agent_names(present), True, "<KPI table>")  # fmt: skip


def holders_months(agent: Groups, period: np.ndarray, hire: np.ndarray) -> Sequences:
    """Each agent's rows in period order, without sorting: an agent holds one seat for
    consecutive periods (until it quits), so its k-th month is the row of its first
    period + k, and its next row is the same seat's next period while the hire holds it.
    The same :class:`Sequences` as a stable sort by agent and period gives."""
    R, P, N = hire.shape
    n = R * P * N
    if P > 1 and (hire[:, 1:] < hire[:, :-1]).any():
        raise ValueError("a seat's hire numbers must not decrease from one period to the next")
    count = np.bincount(agent.codes, minlength=agent.n)
    months = np.bincount(agent.codes, period.astype(float), agent.n).astype(np.int64)
    first = (months - count * (count - 1) // 2) // np.maximum(count, 1)  # sum of a…a+c−1
    position = period - first[agent.codes]
    order = np.empty(n, dtype=np.int64)
    order[(np.cumsum(count) - count)[agent.codes] + position] = np.arange(n)
    same = np.zeros((R, P, N), dtype=bool)
    same[:, :-1] = hire[:, 1:] == hire[:, :-1]
    next_row = np.where(same.reshape(n), np.arange(n) + N, -1)
    return Sequences(order, position, next_row, int(count.max()) if n else 0)


def pay_seats(
    scenario: Any, seats: Seats, raw: dict[str, np.ndarray], past: pd.DataFrame | None = None
) -> dict[str, Any]:
    """The pay statement of every row (its columns after the identity ones, as
    :func:`perfkit.payout.compute_statements` gives them), unchecked: check one run's
    table with :func:`perfkit.payout.engine.check_input` first. ``past``: the history
    ``split: history`` targets read (compute_statements' ``history``)."""
    table = seat_table(seats, raw)
    history = None if past is None else agent_history(prepare(past, None), table.agent_names)
    return statement_columns(table, scenario, history)
