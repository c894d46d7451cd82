"""非经济激励: who is granted each non-cash reward, and the per-row labels.

A reward goes to agents with a given grade (or any of several), to agents
whose grading score reaches ``min_score``, or to the top N by a KPI in the
company per period (and run; lowest first for lower-is-better KPIs; equal values
are ordered by revenue, then agent_id, so exactly N are granted).

Team rules grant every member of a team (per period and run): ``team_goal_met``
when the team's total KPI reaches the goal (``team_goal``, else the team pool's
target), ``team_top: N`` to the N teams with the best total (equal totals are
ordered by the team's revenue, then its first agent, so exactly N teams qualify).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.core.kpis import LOWER_IS_BETTER
from perfkit.payout.coded import Coded
from perfkit.payout.frame import Rows
from perfkit.payout.groups import Groups, densify, group_sum, rank_within
from perfkit.payout.scoring import EPS
from perfkit.scheme.models import GrantRule


def granted(
    rule: GrantRule,
    rows: Rows,
    grade: np.ndarray,
    grade_names: list[str],
    score: np.ndarray,
    pool_target: float | None = None,
) -> np.ndarray:
    """Boolean mask of the rows granted the reward (*pool_target*: the team pool's target)."""
    if rule.by_team:
        return team_granted(rule, rows, pool_target)
    if rule.grade is not None:
        wanted = [rule.grade] if isinstance(rule.grade, str) else list(rule.grade)
        codes = [i for i, name in enumerate(grade_names) if name in wanted]
        return np.isin(grade, codes)
    if rule.min_score is not None:
        return score >= rule.min_score
    values = rows.kpi(rule.kpi)
    key = values if rule.kpi in LOWER_IS_BETTER else -values
    rank = rank_within(rows.company, key, (-rows.kpi("revenue"), rows.agent_order))
    return rank < rule.top


def labels(masks: list[np.ndarray], names: list[str], n: int) -> pd.api.extensions.ExtensionArray:
    """ ";"-joined names of the rewards granted on each row ("" if none)."""
    return label_codes(masks, names, n).strings()


def label_codes(masks: list[np.ndarray], names: list[str], n: int) -> Coded:
    """:func:`labels` as codes into the combinations granted (strings made when shown)."""
    code = np.zeros(n, dtype=np.int64)
    for bit, mask in enumerate(masks):
        code |= mask.astype(np.int64) << bit
    if len(names) <= 16:  # few rewards: find the combinations used without sorting
        present = np.bincount(code, minlength=1 << len(names)) > 0
        used = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[code]
    else:
        used, inverse = np.unique(code, return_inverse=True)
    text = [";".join(names[b] for b in range(len(names)) if c >> b & 1) for c in used]
    return Coded(inverse, text)


def team_granted(rule: GrantRule, rows: Rows, pool_target: float | None = None) -> np.ndarray:
    """Rows whose team reaches its goal, or is among the top ``team_top`` teams."""
    team = rows.team
    total = group_sum(rows.kpi(rule.kpi), team)
    if rule.team_goal_met:
        goal = rule.team_goal if rule.team_goal is not None else pool_target
        if goal is None:
            raise ValueError("team_goal_met needs a team goal or a team pool target")
        lower = rule.kpi in LOWER_IS_BETTER
        ok = total <= goal + EPS if lower else total >= goal - EPS
        return ok[team.codes]
    # one entry per team group, ranked within its company (run × period)
    first = np.full(team.n, rows.n, dtype=np.int64)
    np.minimum.at(first, team.codes, np.arange(rows.n))
    company = Groups(*densify(rows.company.codes[first]))
    key = total if rule.kpi in LOWER_IS_BETTER else -total
    revenue = group_sum(rows.kpi("revenue"), team)
    rank = rank_within(company, key, (-revenue, first.astype(float)))
    return (rank < rule.team_top)[team.codes]
