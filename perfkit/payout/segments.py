"""Which plan covers each row: the first segment whose ``when`` rule matches, else the main plan.

A :class:`~perfkit.scheme.models.SegmentRule` matches a row when every condition
it gives holds: role in the listed role(s), tenure_months below / at least the
bounds (a missing tenure matches neither), agent_id in the listed agents. A rule
with no conditions matches every row.
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.frame import Table
from perfkit.scheme.models import Scenario, SegmentRule

#: Segment label of rows no segment covers.
MAIN = "main"


def matches(rule: SegmentRule, table: Table) -> np.ndarray:
    """Boolean mask of the rows ``rule`` covers."""
    rows = table.rows
    mask = np.ones(rows.n, dtype=bool)
    if rule.role is not None:
        wanted = {rule.role} if isinstance(rule.role, str) else set(rule.role)
        codes = [i for i, name in enumerate(table.role_names) if str(name) in wanted]
        mask &= np.isin(rows.role, codes)
    if rule.tenure_months_below is not None:
        mask &= rows.tenure < rule.tenure_months_below
    if rule.tenure_months_at_least is not None:
        mask &= rows.tenure >= rule.tenure_months_at_least
    if rule.agents is not None:
        names = np.asarray(table.agent_names).astype(str)
        codes = np.flatnonzero(np.isin(names, [str(a) for a in rule.agents]))
        mask &= np.isin(rows.agent_order, codes)
    return mask


def assign_segments(table: Table, scenario: Scenario) -> np.ndarray:
    """Index into ``scenario.segments`` per row (first match wins), −1 for the main plan."""
    which = np.full(table.rows.n, -1, dtype=np.int64)
    for i, seg in enumerate(scenario.segments):
        which = np.where((which == -1) & matches(seg.when, table), i, which)
    return which
