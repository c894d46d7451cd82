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
from perfkit.payout.frame import Rows, Table, _sequences, prepare
from perfkit.payout.groups import combine, stable_argsort
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
    present, agent_codes = np.unique(code, return_inverse=True)
    agent_codes = agent_codes.astype(np.int64).ravel()
    teams, team_codes = np.unique(np.asarray(seats.team), return_inverse=True)
    team_codes = np.tile(team_codes.astype(np.int64).ravel(), R * P)
    runs = (run, R)
    agent = combine(runs, (agent_codes, present.size))
    role = role_names = None
    if seats.role is not None:
        cat = pd.Categorical(seats.role)
        role = np.tile(cat.codes.astype(np.int64), R * P)
        role_names = np.asarray(cat.categories, dtype=object)
    labels = np.asarray(pd.Index(np.asarray(seats.labels, dtype=object)))
    rows = Rows(
        raw={k: raw[k].reshape(n) if k in raw else np.zeros(n) for k in RAW_KPIS},
        company=combine(runs, (period, P)),
        team=combine(runs, (period, P), (team_codes, teams.size)),
        agent=agent,
        agent_order=agent_codes,
        period=period,
        role=role,
        tenure=np.asarray(seats.tenure, dtype=float).reshape(n),
        capacity=np.asarray(seats.capacity, dtype=float).reshape(n),
        labels=labels,
    )
    order = stable_argsort(agent.codes * np.int64(max(P, 1)) + period)
    return Table(rows, _sequences(agent.codes, order), labels, role_names,
                 seats.agent_names(present), True, "<KPI table>")  # fmt: skip


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
