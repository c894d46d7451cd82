"""Pay that turns on others' luck, priced in closed form over everyone's noise.

A rank prize, a forced distribution and a team threshold pay by where an agent's own
output falls against others' outputs. Priced on K draws, a deviator's expected pay is
a staircase in its own effort (each draw wins or loses at one effort), so the best
response jumps between steps, identical agents end up apart and tournaments never
settle. Here each agent's KPI in the deviator's pricing runs is taken as normal,
with the mean and standard deviation it has over the K draws (exact in textbook mode,
output = effort + σz, since the draws are stratified to unit variance; identical
agents get identical moments, since they share one draw set), and independent across
agents. Then, for the deviator with value Y:

- place-based pay (prizes, grades by forced distribution, top-N rewards), ``pay(p)``
  at place p among n in the group: E[pay] = pay(n) + Σ_b (pay(b) − pay(b + 1))·
  P(place ≤ b), where the number of others above Y = y is Poisson-binomial with
  P(Y_j > y), and y is integrated on Gauss–Hermite nodes. With one prize W to the
  best of n identical agents this is Lazear & Rosen's (1981) W·∫Φ(y)^(n−1)φ(y)dy
  evaluated at own effort, whose slope at the symmetric point gives
  e* = W·(n − 1)/σ·∫φ(x)²Φ(x)^(n−2)dx (σ: the sd of one output, cost e²/2);
- a team threshold paid when the team total T (normal: the members' means and
  variances add) reaches g, per head a + b·T (a: an amount split equally, cash or a
  value per head; b: a pool rate ÷ heads): with m = E[T], s = sd(T), d = (m − g)/s,
  E[pay] = a·Φ(d) + b·(m·Φ(d) + s·φ(d)), and E[pay²] likewise from
  E[T·1{T ≥ g}] = m·Φ(d) + s·φ(d), E[T²·1{T ≥ g}] = (m² + s²)·Φ(d) + s·(m + g)·φ(d).

Both are smooth in own effort. The certainty equivalent takes their mean less
r/2 × their variance, added to every draw's utility (their covariance with the rest of
pay is left out). These rules are priced here on a copy of the plan without them
(perfkit.model.behaviour.smoothing reads the plan); the Monte Carlo runs pay the
plan as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import ndtr

#: φ(x) = exp(−x²/2)/√(2π).
_INV_SQRT_2PI = 0.3989422804014327
#: Gauss–Hermite nodes and weights for E[f(Z)], Z ~ N(0, 1), 32 of them less the eight
#: beyond |z| = 7 (weights under 2.4e-13, together 4.8e-13): a probability integrated
#: on them is within 4.8e-13 of the 32 nodes' (each node costs a count of the others).
_Z, _W = hermegauss(32)
_KEPT = np.abs(_Z) < 7.0
NODES = (_Z[_KEPT], (_W / _W.sum())[_KEPT])
#: Groups up to this size count the others above exactly (Poisson-binomial); larger ones
#: (a company-wide ranking) take the count as normal, on a grid of GRID values.
EXACT_GROUP = 64
GRID = 256
#: ... and so do groups up to EXACT_FEW_GROUP when pay changes only within the top FEW
#: places (top prizes, a monthly champion): the normal count is ±3% off there.
EXACT_FEW_GROUP, FEW = 256, 6
#: Members summed at a time on the grid (bounds memory).
CHUNK = 64
#: A value's exact count stops when the chance that fewer than the paid places' rivals
#: are above it is below this (it only falls as rivals are added): every P(place ≤ b)
#: is then within this of its full count; checked every SETTLE_EVERY rivals.
SETTLED, SETTLE_EVERY = 1e-16, 8


@dataclass(frozen=True)
class Places:
    """Pay by place in a group ranked by ``key`` (a KPI, or the grading ``score``).

    ``schedule(n)``: (pay, non-cash value × the agent's taste) by place 1 … n in a group
    of n; ``within``: ``team`` or ``company``.
    """

    key: str
    within: str
    higher: bool
    schedule: Callable[[int], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Threshold:
    """Pay to every member when the team's total ``kpi`` reaches ``goal``.

    Per head: ``amount`` ÷ heads + ``cash`` + ``value`` × taste, plus ``rate`` × the team
    total ÷ heads.
    """

    kpi: str
    goal: float
    amount: float = 0.0
    cash: float = 0.0
    value: float = 0.0
    rate: float = 0.0


def phi(x: np.ndarray) -> np.ndarray:
    return _INV_SQRT_2PI * np.exp(-0.5 * x * x)


def above(mu: np.ndarray, sd: np.ndarray, level: np.ndarray) -> np.ndarray:
    """P(Y > level) for Y ~ N(mu, sd²); a half at a tie when sd is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = ndtr((mu - level) / sd)
    if np.all(sd > 0):  # the usual case: no tie to settle over the whole table
        return p
    return np.where(sd > 0, p, np.where(mu > level, 1.0, np.where(mu < level, 0.0, 0.5)))


def _members(group: np.ndarray) -> np.ndarray:
    """Agents of each group by position (groups × largest size; −1 past a group's end)."""
    size = np.bincount(group)
    order = np.argsort(group, kind="stable")
    position = np.arange(group.size) - (np.cumsum(size) - size)[group[order]]
    out = np.full((size.size, size.max()), -1, dtype=np.int64)
    out[group[order], position] = order
    return out


def place_pay(
    rule: Places, own: tuple[np.ndarray, np.ndarray], others: tuple[np.ndarray, np.ndarray],
    group: np.ndarray, taste: np.ndarray, counts: dict | None = None,
    deviators: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Expected place-based pay of each deviator and its variance (L × C × W × N).

    ``own``: each agent's mean and sd over the draws at each of its candidates (L × C ×
    W × N); ``others``: everyone's at its current choice (L × W × N), against which a
    deviation is ranked, so a candidate's price depends on itself and the others' fixed
    values alone, not on the candidates priced beside it. With y the deviator's value,
    the number of others above y is a sum of independent Bernoulli(P(Y_j > y)) (a
    Poisson-binomial), and y is integrated out on Gauss–Hermite nodes. ``counts``: where
    the counts are kept for the next rule ranking by the same value in the same groups
    (a champion's prize and honour), which then reads them instead of counting again.
    ``deviators``: the agents whose pay is wanted (a mask; None: all); the others read
    the last place's pay, uncounted (hires priced against held seats:
    perfkit.model.behaviour.held).
    """
    sign = 1.0 if rule.higher else -1.0
    mu, sd = sign * own[0], own[1]
    fixed = (sign * others[0], others[1])
    z, weight = NODES
    members = _members(group)
    size = np.bincount(group)[group]
    mean, square = np.zeros(mu.shape), np.zeros(mu.shape)
    for n in np.unique(size):  # group sizes
        cash, value = rule.schedule(int(n))
        who = np.flatnonzero(size == n)
        pay = cash[None, :] + taste[who][:, None] * value[None, :]  # agents × places
        steps = np.flatnonzero(np.any(pay[:, :-1] != pay[:, 1:], axis=0))  # places b − 1
        mean[..., who] = pay[:, -1]
        square[..., who] = pay[:, -1] ** 2
        if deviators is not None:
            wanted = deviators[who]
            who, pay = who[wanted], pay[wanted]
        if steps.size == 0 or who.size == 0:
            continue
        y = mu[..., who, None] + sd[..., who, None] * z  # L × C × W × n × nodes
        if n <= EXACT_GROUP or (n <= EXACT_FEW_GROUP and steps.max() < FEW):
            kept = (counts if counts is not None else {}).setdefault(
                (rule.key, rule.within, rule.higher, int(n)), {}
            )
            if kept.get("bins", 0) < steps.max() + 2:  # not counted this far yet
                kept["bins"] = steps.max() + 2
                kept["at_most"] = at_most(y, fixed, who, group, members, kept["bins"])
            at_most_b = np.moveaxis(kept["at_most"][steps], 0, -1)
        else:
            at_most_b = _at_most_normal(y, fixed, who, group, members, steps)
        prob = np.einsum("...qs,q->...s", at_most_b, weight)
        mean[..., who] += (prob * (pay[:, steps] - pay[:, steps + 1])).sum(-1)
        square[..., who] += (prob * (pay[:, steps] ** 2 - pay[:, steps + 1] ** 2)).sum(-1)
    return mean, np.maximum(square - mean * mean, 0.0)


def at_most(y, fixed, who, group, members, bins: int) -> np.ndarray:
    """P(at most b others above y) for b = 0 … ``bins`` − 2 (b × L × C × W × n × nodes; the
    last row: certain), the others at their fixed values (``fixed``: means and sds, L × W ×
    N): on a grid of values shared by a group's deviators where that is cheaper and the
    count is few places deep (perfkit.model.behaviour.rankgrid), else value by value."""
    from perfkit.model.behaviour.rankgrid import on_grid

    out = np.empty((bins, *y.shape)) if bins - 1 <= FEW else None
    rest = np.ones(who.size, dtype=bool)
    if out is not None:
        for g in np.unique(group[who]):
            mine = np.flatnonzero(group[who] == g)
            mates = members[g][members[g] >= 0]
            done = on_grid(y[..., mine, :], fixed, who[mine], mates, bins)
            if done is not None:
                out[..., mine, :] = done
                rest[mine] = False
    if not rest.any():
        return out
    part = who[rest]
    n = int(np.count_nonzero(members[group[part[0]]] >= 0))  # every group here has n
    if rest.all():  # nothing on the grid: no copy
        return _at_most_exact(y, fixed, part, members[group[part], :n], bins)
    out[..., rest, :] = _at_most_exact(y[..., rest, :], fixed, part, members[group[part], :n], bins)
    return out


def _at_most_exact(y, fixed, who, mates, bins) -> np.ndarray:
    """P(at most b others above y) for b = 0 … ``bins`` − 2 (b × … × nodes; the last
    row: certain): the Poisson-binomial count built up teammate by teammate (``mates``:
    each deviator's group by position, every position a member, at their fixed values),
    compiled (perfkit.model.behaviour.placecount, imported here: numba's start-up, 0.4 CPU
    s, only for plans that count).

    Where few places pay among many (a company's champion), teammates are taken highest
    mean first, and a value's count stops once settled (``SETTLED``)."""
    from perfkit.model.behaviour import placecount

    mu_all, sd_all = fixed
    settles = bins - 1 < mates.shape[1] - SETTLE_EVERY  # can a value settle early?
    if settles:  # each deviator's teammates, highest first
        first = np.argsort(-mu_all.mean(axis=(0, 1))[mates], axis=1, kind="stable")
        mates = np.take_along_axis(mates, first, 1)
    out, _ = placecount.at_most(
        np.ascontiguousarray(y, dtype=float), np.ascontiguousarray(mu_all, dtype=float),
        np.ascontiguousarray(sd_all, dtype=float), np.ascontiguousarray(who, dtype=np.int64),
        np.ascontiguousarray(mates, dtype=np.int64), int(bins), settles, SETTLED, SETTLE_EVERY,
    )  # fmt: skip
    return out


def _at_most_normal(y, fixed, who, group, members, steps) -> np.ndarray:
    """As :func:`at_most` for large groups: the count of others above y is normal (its
    mean Σ P(Y_j > y) and variance Σ P(1 − P) add over the members at their fixed values,
    summed on a grid of y in chunks of members, less the deviator's own fixed term),
    continuity-corrected."""
    mu_all, sd_all = fixed  # L × W × N
    lo, hi = float((mu_all - 6 * sd_all).min()), float((mu_all + 6 * sd_all).max())
    grid = np.linspace(lo, max(hi, lo + 1e-9), GRID)
    codes = np.unique(group[who])
    total = np.zeros((2, *mu_all.shape[:-1], codes.size, GRID))  # mean, variance
    for k, g in enumerate(codes):
        mine = members[g][members[g] >= 0]
        for chunk in np.array_split(mine, -(-mine.size // CHUNK)):  # members, a chunk at a time
            p = above(mu_all[..., chunk, None], sd_all[..., chunk, None], grid)
            total[0, ..., k, :] += p.sum(axis=-2)
            total[1, ..., k, :] += (p * (1 - p)).sum(axis=-2)
    k = np.searchsorted(codes, group[who])
    mine = total[:, :, None, :, k, :]  # 2 × L × 1 × W × n × grid
    at = np.clip((y - grid[0]) / (grid[1] - grid[0]), 0, GRID - 1 - 1e-9)
    i0, f = at.astype(np.int64), at - np.floor(at)
    full = (*y.shape[:-1], GRID)
    mean, var = (
        np.take_along_axis(np.broadcast_to(t, full), i0, -1) * (1 - f)
        + np.take_along_axis(np.broadcast_to(t, full), i0 + 1, -1) * f
        for t in mine
    )
    own = above(mu_all[:, None, :, who, None], sd_all[:, None, :, who, None], y)
    mean, var = mean - own, np.maximum(var - own * (1 - own), 1e-12)
    return ndtr((steps + 0.5 - mean[..., None]) / np.sqrt(var)[..., None])


def threshold_pay(
    rule: Threshold, own: tuple[np.ndarray, np.ndarray], others: tuple[np.ndarray, np.ndarray],
    team: np.ndarray, taste: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Expected team-threshold pay of each deviator and its variance (L × C × W × N): the
    team total is normal with the sum of its members' means and variances, the others at
    their fixed values (``others``: L × W × N) and the deviator at each of its candidates
    (``own``: L × C × W × N)."""
    mu_b, sd_b = others
    onehot = (team[:, None] == np.arange(team.max() + 1)[None, :]).astype(float)
    rest_m = ((mu_b @ onehot)[..., team] - mu_b)[:, None]  # the others' expected total
    rest_v = (((sd_b * sd_b) @ onehot)[..., team] - sd_b * sd_b)[:, None]
    m = rest_m + own[0]
    s = np.sqrt(np.maximum(rest_v + own[1] * own[1], 0.0))
    n = np.bincount(team)[team]
    a = rule.amount / n + rule.cash + rule.value * taste
    b = rule.rate / n
    g = rule.goal
    with np.errstate(divide="ignore", invalid="ignore"):
        d = (m - g) / s
    p = np.where(s > 0, ndtr(d), (m >= g).astype(float))
    f = np.where(s > 0, phi(np.where(s > 0, d, 0.0)), 0.0)
    t1 = m * p + s * f  # E[T·1{T ≥ g}]
    t2 = (m * m + s * s) * p + s * (m + g) * f  # E[T²·1{T ≥ g}]
    mean = a * p + b * t1
    square = a * a * p + 2 * a * b * t1 + b * b * t2
    return mean, np.maximum(square - mean * mean, 0.0)
