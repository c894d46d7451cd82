"""Deviation rows for some agents alone, priced against everyone's base rows.

:func:`perfkit.payout.grid.deviations` pays one deviation row per agent, candidate and
base run. Where only some agents' deviations are wanted (the applicants of a seated
solve: perfkit.model.behaviour.own_rows) and no other agent deviates with them in their
slot and unit, the others' deviation rows are neither read nor needed: here the table
holds the base rows of every agent and the deviation rows of ``agents`` alone. Their
groups are the same :class:`perfkit.payout.grid.Deviations` (a deviation group's sum is
its base group's total plus its deviators' changes), numbered over the groups that hold
such a row, so each of their rows is paid exactly as in the whole table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout.engine import priced_rows
from perfkit.payout.frame import LazyColumns, Rows, Sequences, Table
from perfkit.payout.grid import Deviations, Layout, _memo
from perfkit.payout.groups import Groups
from perfkit.payout.history import AgentHistory
from perfkit.payout.skeletons import Skeleton, skeleton


def deviations_of(
    scenario: Any,
    layout: Layout,
    base: dict[str, np.ndarray],
    own: dict[str, np.ndarray],
    agents: np.ndarray,
    slot: np.ndarray,
    past: AgentHistory | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """As :func:`perfkit.payout.grid.deviations` (no adjustment), ``own`` holding the
    deviation rows of ``agents`` (indices into the layout's agents) alone: R × C runs ×
    periods × those agents. Returns the base rows' and those rows' pay columns."""
    W, N = layout.shape
    first = "revenue" if "revenue" in own else next(iter(own))
    R = base[first].size // (W * N)
    RC = own[first].size // (W * agents.size)
    nb, n = R * W * N, (R * W * N) + own[first].size
    key = ("deviations of", R, RC, agents.tobytes(), slot.tobytes())
    rows, table = _memo(layout, key, lambda: _frame(layout, R, RC, agents, slot))

    def column(k: str) -> np.ndarray:
        if k not in base:
            return np.zeros(n)
        return np.concatenate([base[k].reshape(nb), own[k].reshape(n - nb)])

    rows = replace(rows, raw=LazyColumns(column, RAW_KPIS), _cache={})
    paid = priced_rows(replace(table, rows=rows), scenario, past)
    return {k: v[:nb] for k, v in paid.items()}, {k: v[nb:] for k, v in paid.items()}


def _frame(layout: Layout, R: int, RC: int, agents: np.ndarray,
           slot: np.ndarray) -> tuple[Rows, Table]:  # fmt: skip
    """Identity columns, groups and sequences of R base runs of every agent followed by
    RC deviation runs of ``agents`` (run r × C + c: candidate c in base run r)."""
    W, N = layout.shape
    present, a, teams, t, role, role_names = layout.dense
    T = teams.size
    base = skeleton(W, R, a, T, t, role)
    dev = skeleton(W, RC, a[agents], T, t[agents], None if role is None else role[agents])
    nb = R * W * N
    per_run = W * agents.size
    run = np.repeat(np.arange(RC, dtype=np.int64), per_run)
    within = np.arange(RC * per_run) % per_run  # period × agent within its run
    base_row = ((run // (RC // R)) * W + within // agents.size) * N + agents[within % agents.size]
    own_slot = np.tile(slot[agents], RC * W)
    groups = [_deviation(b, d, units, own_slot, int(slot.max()) + 1, RC // R, base_row)
              for b, d, units in ((base.team, dev.team, W * T), (base.company, dev.company, W))]  # fmt: skip
    cat = lambda x, y: None if x is None else np.concatenate([x, y])  # noqa: E731
    tenure = None if layout.tenure is None else np.asarray(layout.tenure)
    capacity = None if layout.capacity is None else np.asarray(layout.capacity)
    if tenure is not None:
        tenure = np.concatenate(
            [np.tile(tenure.ravel(), R), np.tile(tenure[:, agents].ravel(), RC)]
        )
    if capacity is not None:
        capacity = np.concatenate([np.tile(capacity, R * W), np.tile(capacity[agents], RC * W)])
    agent = Groups(np.concatenate([base.agent.codes, base.agent.n + dev.agent.codes]),
                   base.agent.n + dev.agent.n)  # fmt: skip
    rows = Rows(raw={}, company=groups[1], team=groups[0], agent=agent,
                agent_order=cat(base.agent_order, dev.agent_order),
                period=cat(base.period, dev.period), role=cat(base.role, dev.role),
                tenure=tenure, capacity=capacity, labels=np.asarray(layout.labels))  # fmt: skip
    table = Table(rows, _sequences(base, dev, nb), np.asarray(layout.labels), role_names,
                  np.asarray(layout.agent_names)[present], True, "<pricing table>")  # fmt: skip
    return rows, table


def _deviation(base: Groups, dev: Groups, units: int, slot: np.ndarray, G: int, C: int,
               base_row: np.ndarray) -> Deviations:  # fmt: skip
    """The deviation groups (perfkit.payout.grid._deviation_groups' numbering, then only
    those holding a row) of unit groups ``base`` (base runs) and ``dev`` (deviation runs:
    ``units`` unit × period codes a run)."""
    full = dev.codes * G + slot  # (run × units + unit within the run) × G + slot
    held, dense = np.unique(full, return_inverse=True)
    base_group = (held // G // units // C) * units + (held // G) % units
    return Deviations(np.concatenate([base.codes, base.n + dense.ravel()]), base.n + held.size,
                      base, base_row, base_group)  # fmt: skip


def _sequences(base: Skeleton, dev: Skeleton, nb: int) -> Sequences:
    """Each agent's rows in period order: the base runs' sequences, then the deviation
    runs' (their rows after the ``nb`` base rows)."""
    b, d = base.sequences, dev.sequences
    return Sequences(
        np.concatenate([b.order, d.order + nb]),
        np.concatenate([b.position, d.position]),
        np.concatenate([b.next_row, np.where(d.next_row >= 0, d.next_row + nb, -1)]),
        max(b.length, d.length),
    )
