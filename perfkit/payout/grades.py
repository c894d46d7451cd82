"""Grades (绩效等级): by score bands, or by forced distribution (强制分布).

Grades are returned as integer indices into the grade names, best first.

Forced distribution, within each group (company or team, per period and run):
grade sizes are share × headcount rounded by largest remainder (whole parts
first, then one more seat to the grades with the largest fractional parts; equal
fractions favour the better grade), so they add up to the headcount. Agents are
ranked by score; ``exact`` orders equal scores by revenue (higher first), then
by agent_id, so the sizes hold exactly; ``generous`` then lifts every agent tied
on score with someone in a better grade to that grade.
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.groups import Groups, group_count, sort_within

#: Fractions this close to a whole number are treated as whole (0.7 × 10 is 7, not 6.999…).
_ROUNDING = 1e-9


def band_grades(score: np.ndarray, minimums: list[float], below: int) -> np.ndarray:
    """Index of the first band (best first) whose minimum the score reaches, else ``below``."""
    out = np.full(score.shape, below, dtype=np.int64)
    for i in range(len(minimums) - 1, -1, -1):
        out = np.where(score >= minimums[i], i, out)
    return out


def largest_remainder(headcount: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Grade sizes per group: shares × headcount rounded by largest remainder.

    ``headcount`` has one entry per group, ``shares`` one per grade (best first,
    total 1); the result is (groups × grades) and each row sums to the headcount.
    """
    headcount = np.asarray(headcount, dtype=np.int64)
    quota = headcount[:, None] * np.asarray(shares, dtype=float)[None, :]
    whole = np.floor(quota + _ROUNDING)
    # fractions equal in exact arithmetic must tie (5 × 0.46 and 5 × 0.06 both leave 0.3)
    frac = np.round(np.where(quota - whole > _ROUNDING, quota - whole, 0.0), 9)
    left = headcount - whole.sum(axis=1).astype(np.int64)
    # rank grades by fractional part, largest first, better grade first on ties
    order = np.argsort(-frac, axis=1, kind="stable")
    place = np.empty_like(order)
    np.put_along_axis(place, order, np.arange(shares.size)[None, :], axis=1)
    return (whole + (place < left[:, None])).astype(np.int64)


def forced_grades(
    score: np.ndarray,
    groups: Groups,
    shares: np.ndarray,
    revenue: np.ndarray,
    agent_order: np.ndarray,
    generous: bool = False,
) -> np.ndarray:
    """Grade index per row by forced distribution within ``groups``."""
    order = sort_within(groups, -score, (-revenue, agent_order))
    sizes = largest_remainder(group_count(groups), shares)
    # rows of a group are contiguous in ``order``: lay each group's grades out in rank order
    grade = np.empty(score.size, dtype=np.int64)
    grade[order] = np.repeat(np.tile(np.arange(shares.size), groups.n), sizes.ravel())
    if generous and score.size:
        # ties on score are contiguous in ``order``: give each block its best grade
        g, s = groups.codes[order], score[order]
        new = np.ones(score.size, dtype=bool)
        new[1:] = (g[1:] != g[:-1]) | (s[1:] != s[:-1])
        first = np.flatnonzero(new)
        best = np.minimum.reduceat(grade[order], first)
        grade[order] = np.repeat(best, np.diff(np.append(first, score.size)))
    return grade
