"""Scorecard: attainment per KPI, points per item, and the weighted score.

Attainment is ``actual ÷ target`` when higher is better and ``2 − actual ÷ target``
(never below 0) when lower is better; a lower-is-better rate with nothing under it
(a complaint rate with no connects) earns 0, not the best score. A zero target (possible only for a
decomposed target) is met by an actual of 0 and exceeded by anything more.
Points: ``linear`` = attainment × 100, 0 below ``floor``, at most ``cap`` × 100;
``stepped`` = the points of the highest step reached (0 below the first).
Score = Σ weight/100 × points, so 100 means every target met.
"""

from __future__ import annotations

import numpy as np

from perfkit.scheme.models import ScorecardItem

#: Comparisons of an attainment with a threshold allow this much rounding error,
#: so 0.7 × 3 ÷ 2.1 counts as reaching 100%.
EPS = 1e-9


def ratio_to_target(actual: np.ndarray, target: np.ndarray) -> np.ndarray:
    """actual ÷ target; 0 ÷ 0 is 1 (a zero target met) and x ÷ 0 is +inf for x > 0."""
    actual = np.asarray(actual, dtype=float)
    target = np.broadcast_to(np.asarray(target, dtype=float), actual.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = actual / target
    zero = target == 0
    if zero.any():
        out = np.where(zero, np.where(actual > 0, np.inf, np.where(actual < 0, -np.inf, 1.0)), out)
    return out


def attainment(actual: np.ndarray, target: np.ndarray, direction: str = "higher") -> np.ndarray:
    """Attainment of ``actual`` against ``target`` (1.0 = target met)."""
    r = ratio_to_target(actual, target)
    if direction == "lower":
        return np.maximum(2.0 - r, 0.0)
    return r


def linear_points(att: np.ndarray, floor: float = 0.0, cap: float = 1.2) -> np.ndarray:
    """attainment × 100, 0 below ``floor`` (and for negative attainment), at most ``cap`` × 100."""
    pts = np.minimum(att, cap)
    pts *= 100.0
    pts[att < max(floor - EPS, 0.0)] = 0.0  # an attainment of exactly 0 scores 0 anyway
    return pts


def stepped_points(att: np.ndarray, steps: list[tuple[float, float]]) -> np.ndarray:
    """The points of the highest step whose attainment is reached (0 below the first)."""
    out = np.zeros(np.shape(att))
    for at, pts in steps:  # steps are increasing in attainment and non-decreasing in points
        out = np.where(att >= at - EPS, pts, out)
    return out


def item_points(item: ScorecardItem, att: np.ndarray) -> np.ndarray:
    """Points of one scorecard item from its attainment."""
    if item.curve == "stepped":
        return stepped_points(att, item.steps)
    return linear_points(att, item.floor, item.cap)


def weighted_score(points: list[np.ndarray], weights: list[float]) -> np.ndarray:
    """Σ weight/100 × points."""
    out = np.zeros_like(points[0])
    term = np.empty_like(out)
    for pts, w in zip(points, weights, strict=True):
        out += np.multiply(w / 100.0, pts, out=term)
    return out
