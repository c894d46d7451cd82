"""Team rules: team weight λ, team pools, collaboration pay, roles (split credit, leader override).

Team weight λ: value = (1 − λ) × own + λ × the mean over the row's team (per
period and run), for the grading score and for commission.

Team pool: when the team's total ``kpi`` reaches ``target`` the pool (``amount``,
or ``rate`` × the team total) is split ``equal``-ly, ``by_score`` (each member's own
score ÷ the team's total score) or ``by_revenue`` (each member's own pool KPI ÷ the
team total; negative values count as 0). A team whose weights total 0 splits equally.
"""

from __future__ import annotations

import numpy as np

from perfkit.core.errors import DataError
from perfkit.payout.groups import Groups, group_count, group_mean, group_sum, share_of_group
from perfkit.scheme.models import SplitCredit, TeamPool


def blend_with_team(own: np.ndarray, team: Groups, weight: float) -> np.ndarray:
    """(1 − λ) × own + λ × team mean."""
    if weight == 0:
        return own
    return (1.0 - weight) * own + weight * group_mean(own, team)[team.codes]


def team_pool(pool: TeamPool, kpi: np.ndarray, score: np.ndarray | None, team: Groups):
    """Each member's share of the team pool (0 where the team missed the target)."""
    total = group_sum(kpi, team)
    size = np.full(team.n, pool.amount) if pool.amount is not None else pool.rate * total
    size = np.where(total >= pool.target, np.clip(size, 0.0, None), 0.0)
    if pool.split == "equal":
        share = 1.0 / group_count(team)[team.codes]
    elif pool.split == "by_score":
        share = share_of_group(score, team)
    else:
        share = share_of_group(kpi, team)
    return size[team.codes] * share


def collaboration_pay(
    mentor_per_order: float, mentee_per_order: float, credit: np.ndarray, assisted: np.ndarray
) -> np.ndarray:
    """协作奖励: per mentored order to the mentor, per assisted order to the mentee.

    A rate of 0 reads nothing (a KPI no rule reads may be blank: NaN)."""
    if not mentor_per_order:
        return mentee_per_order * assisted if mentee_per_order else np.zeros(np.shape(credit))
    if not mentee_per_order:
        return mentor_per_order * credit
    return mentor_per_order * credit + mentee_per_order * assisted


def split_credit_revenue(
    split: SplitCredit,
    revenue: np.ndarray,
    shared: np.ndarray,
    role: np.ndarray,
    role_names: np.ndarray,
    source: str = "<KPI table>",
) -> np.ndarray:
    """Credited revenue = revenue + share[role] × shared_revenue.

    A role not named in ``split.shares`` gets no share; it is an error only for
    rows that do have shared revenue (their credit would silently vanish).
    """
    known = np.array([name in split.shares for name in role_names] + [False])
    share_of_role = np.array([split.shares.get(name, 0.0) for name in role_names] + [0.0])
    codes = np.where(role < 0, len(role_names), role)
    bad = ~known[codes] & (shared != 0)
    if bad.any():
        names = sorted(
            {str(role_names[c]) if c < len(role_names) else "<missing>" for c in codes[bad]}
        )
        raise DataError(
            source,
            [
                f"{int(bad.sum())} row(s) with shared_revenue have role(s) {', '.join(names)} "
                f"that split_credit does not list; expected one of: {', '.join(split.shares)}"
            ],
        )
    return revenue + share_of_role[codes] * shared


def leader_override(
    kpi: np.ndarray, is_leader: np.ndarray, team: Groups, rate: float
) -> np.ndarray:
    """rate × the rest of the team's total KPI, for leaders; 0 for everyone else."""
    rest = group_sum(kpi, team)[team.codes] - kpi
    return np.where(is_leader, rate * rest, 0.0)
