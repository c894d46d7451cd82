"""The count of a group's others above a value, compiled (perfkit.model.behaviour.conditional).

For a deviator's value y and its group's others j at their fixed means μ_j and sds σ_j,
the number of others above y is Poisson-binomial with P(Y_j > y) = Φ((μ_j − y)/σ_j).
Its distribution is built up other by other (the recursion count_b ← count_b·(1 − p) +
count_{b−1}·p), kept only to ``bins`` − 1 counts (the last: that many or more), and
returned as P(at most b above y) for b = 0 … ``bins`` − 1.

The same recursion as the NumPy count it replaces, in the same order of operations, but
value by value in a compiled loop: the counts stay in registers instead of passing over
an array of every value once per other and count (at 19 others and 20 counts, about 40
passes over the values per other), and Φ is taken by scipy's formula on the C library's
``erf``/``erfc`` (within a few ulps of ``scipy.special.ndtr``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr

from perfkit.core.jit import njit

#: Φ on a grid of step 1/16 over ±``REACH``: Φ⁽ᵏ⁾(g)/k! for k = 0 … 9 at each point g,
#: Φ⁽ᵏ⁾ = (−1)ᵏ⁻¹ Heₖ₋₁ φ (Hermite polynomials), so Φ(t) is a Taylor polynomial around the
#: nearest point (|t − g| ≤ 1/32: the remainder is under 1e-20). Within 2.2e-16 of
#: scipy's ndtr over the whole line (tests/model/test_place_count.py); beyond ±``REACH``
#: Φ is taken at ±``REACH`` (within 1e-17 of the true value).
STEP, REACH, TERMS = 1.0 / 16.0, 8.5, 10
_SQRT1_2, _LOG_SQRT_2PI = 0.7071067811865476, 0.9189385332046728


def _taylor_table() -> np.ndarray:
    grid = np.arange(-REACH, REACH + STEP / 2, STEP)
    density = np.exp(-0.5 * grid * grid) / math.sqrt(2.0 * math.pi)
    table = np.empty((grid.size, TERMS))
    table[:, 0] = ndtr(grid)
    hermite_before, hermite = np.zeros_like(grid), np.ones_like(grid)  # He₋₁, He₀
    factorial = 1.0
    for k in range(1, TERMS):
        factorial *= k
        table[:, k] = (-1) ** (k - 1) * hermite * density / factorial
        hermite_before, hermite = hermite, grid * hermite - (k - 1) * hermite_before
    return table


TABLE = _taylor_table()


@njit(cache=True)
def _ndtr(t: float, table) -> float:
    """Φ(t) from ``TABLE`` (the Taylor polynomial around the nearest grid point; t beyond
    ±``REACH`` taken there). Without a branch, so a loop over values runs in vector lanes."""
    t = min(max(t, -REACH), REACH)
    i = int((t + REACH) / STEP + 0.5)
    d = t - (i * STEP - REACH)
    out = table[i, TERMS - 1]
    for k in range(TERMS - 2, -1, -1):
        out = out * d + table[i, k]
    return out


@njit(cache=True)
def log_ndtr(t: float) -> float:
    """log Φ(t), as scipy.special.log_ndtr takes it: the log of Φ down to −20 (from the
    table above −5, from ``erfc`` below, where the table's relative error would grow),
    and below −20 its asymptotic series, summed until a term no longer changes it."""
    if t >= -5.0:
        return math.log(_ndtr(t, TABLE))
    if t >= -20.0:
        return math.log(0.5 * math.erfc(-t * _SQRT1_2))
    log_lhs = -0.5 * t * t - math.log(-t) - _LOG_SQRT_2PI
    last, total, numerator, factor, sign, i = 0.0, 1.0, 1.0, 1.0, 1.0, 0
    while abs(last - total) > 2.220446049250313e-16:
        i += 1
        last = total
        sign = -sign
        factor /= t * t
        numerator *= 2 * i - 1
        total += sign * numerator * factor
    return log_lhs + math.log(total)


@njit(cache=True)
def _chances(mu: float, sd: float, values, live, up) -> int:
    """P(Y > v) for Y ~ N(mu, sd²) at each of ``values`` still ``live`` (else 0), into
    ``up`` (a half at a tie when sd is 0); returns the number of Φ evaluations."""
    if sd > 0 and live.all():  # in vector lanes
        for k in range(values.size):
            up[k] = _ndtr((mu - values[k]) / sd, TABLE)
        return values.size
    if sd > 0:
        made = 0
        for k in range(values.size):
            up[k] = 0.0
            if live[k]:
                up[k] = _ndtr((mu - values[k]) / sd, TABLE)
                made += 1
        return made
    for k in range(values.size):
        tie = 1.0 if mu > values[k] else (0.0 if mu < values[k] else 0.5)
        up[k] = tie if live[k] else 0.0
    return 0


@njit(cache=True)
def _settle(count, live, settled: float) -> bool:
    """Stop the nodes whose counts below the last sum under ``settled`` (``live``: the
    nodes still counting, updated); whether any is left."""
    left = False
    for k in range(count.shape[1]):
        if live[k]:
            below = 0.0
            for b in range(count.shape[0] - 1):
                below += count[b, k]
            live[k] = below >= settled
            left |= live[k]
    return left


@njit(cache=True)
def at_most(y, mu, sd, who, mates, bins: int, settles: bool, settled: float, every: int):
    """P(at most b others above y) for b = 0 … ``bins`` − 1 (the last row: certain), as
    bins × y's shape (L × C × W × n × nodes), and the number of Φ evaluations made.

    ``mu``, ``sd``: everyone's fixed values (L × W × N); ``who``: the n deviators;
    ``mates``: each deviator's group by position (n × m, the deviator among them, left
    out of its own count). The nodes of one candidate are counted together (the inner
    loop runs over them). Where ``settles``, a node's count stops once the chance that
    fewer than ``bins`` − 1 others are above it is under ``settled`` (it only falls as
    others are added; every P(at most b) is then within that of its full count),
    checked every ``every`` others."""
    L, C, W, n, Q = y.shape
    m = mates.shape[1]
    out = np.empty((bins, L, C, W, n, Q))
    count = np.empty((bins, Q))
    up = np.empty(Q)
    live = np.empty(Q, dtype=np.bool_)
    rival_mu, rival_sd = np.empty(m), np.empty(m)
    evaluations = 0
    for line in range(L):
        for w in range(W):
            for i in range(n):
                for p in range(m):
                    rival_mu[p] = mu[line, w, mates[i, p]]
                    rival_sd[p] = sd[line, w, mates[i, p]]
                for c in range(C):
                    values = y[line, c, w, i]
                    count[:] = 0.0
                    count[0] = 1.0
                    live[:] = True
                    for p in range(m):
                        if mates[i, p] != who[i]:
                            evaluations += _chances(rival_mu[p], rival_sd[p], values, live, up)
                            for b in range(min(p, bins - 2), -1, -1):
                                for k in range(Q):
                                    step = count[b, k] * up[k]
                                    count[b, k] -= step
                                    count[b + 1, k] += step
                        checked = settles and p % every == every - 1 and p + 1 < m
                        if checked and not _settle(count, live, settled):
                            break
                    for k in range(Q):
                        total = 0.0
                        for b in range(bins):
                            total += count[b, k]
                            out[b, line, c, w, i, k] = total
    return out, evaluations
