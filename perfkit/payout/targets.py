"""Targets: a fixed number, or a goal decomposed over agents (目标分解).

A :class:`~perfkit.scheme.models.TargetRule` is about a *unit* (the company or a
team, per period, per run), so targets are always resolved over the whole
table, whichever segment plan an agent is on.
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.frame import Rows
from perfkit.payout.groups import Groups, group_count, share_of_group
from perfkit.payout.history import cycle_codes, own_history, ratchet
from perfkit.scheme.models import TargetRule


def equal_split(goal: float, unit: Groups) -> np.ndarray:
    """goal ÷ headcount of the row's unit."""
    return goal / group_count(unit)[unit.codes]


def weighted_split(goal: float, weights: np.ndarray, unit: Groups) -> np.ndarray:
    """goal × the row's share of its unit's total weight (equal shares if that total is 0)."""
    return goal * share_of_group(weights, unit)


def resolve_target(
    target: float | TargetRule,
    kpi: str,
    rows: Rows,
    margin_rate: float = 1.0,
    months_per_period: int = 1,
) -> np.ndarray:
    """Per-row target array for ``kpi``.

    ``equal``: goal ÷ agents in the unit; ``capacity``: goal × the agent's share of
    the unit's ``capacity`` column (or of dials when there is none); ``history``: goal ×
    the agent's share of the unit's own-mean KPI over the history table
    (perfkit.payout.history), or, with no goal, that own mean. ``stretch`` multiplies
    every decomposed target; a ``ratchet`` then moves it cycle by cycle.
    """
    if not isinstance(target, TargetRule):
        return np.full(rows.n, float(target))
    unit = rows.company if target.per == "company" else rows.team
    if target.split == "equal":
        out = equal_split(target.goal, unit)
    elif target.split == "capacity":
        weights = rows.capacity if rows.capacity is not None else rows.kpi("dials")
        out = weighted_split(target.goal, weights, unit)
    else:
        values = rows.kpi(kpi, margin_rate)
        history = own_history(values, rows, rows.history, kpi, margin_rate)
        out = history if target.goal is None else weighted_split(target.goal, history, unit)
    out = out * target.stretch
    if target.ratchet is None:
        return out
    cycles = cycle_codes(rows.labels, target.ratchet.every, months_per_period)
    return ratchet(
        out, rows.kpi(kpi, margin_rate), rows.agent, cycles[rows.period], target.ratchet.share
    )
