"""A champion's chance of being first, tabulated once on a grid of values per group.

Where a group's deviators are ranked against the others' fixed values
(perfkit.model.behaviour.conditional) and pay turns on first place alone (a monthly
champion's prize or honour), the chance that no other is above a value y is
F_i(y) = Π_{j≠i} Φ((y − μ_j)/σ_j). It is the same function for every candidate and
node of deviator i, so instead of one ``ndtr`` per rival at each of a deviator's values
(candidates × nodes × rivals), it is taken on a grid of y shared by the group:

- log F_all(y) = Σ_j log Φ((y − μ_j)/σ_j) and its slope Σ_j r_j(y), r_j = φ/(σ_j Φ), in
  log space, so leaving deviator i out is a subtraction, exact to rounding wherever
  F_i is not negligible (no division by a vanishing probability);
- F_i, F_i' and F_i'' at the grid's points (the log's slope and bend add over the
  rivals too), and F_i at each value by quintic Hermite interpolation, whose error is
  O(h⁶ · max|F_i⁽⁶⁾|): with h = ``STEP`` × the smallest σ_j, 5e-11 for 255 identical
  rivals (the sharpest case; measured on 200,001 values, where cubic Hermite on the
  same grid is 1.3e-7 off), and the tests hold it to 1e-9 against the value-by-value
  count on random rivals;
- the grid spans only where some F_i moves: below the second highest of μ_j − ``REACH``
  σ_j at least two rivals are above with certainty (Φ(−8.3) = 5e-17), so every F_i is 0;
  above the highest μ_j + ``REACH`` σ_j every F_i is 1; rivals that cannot reach the
  grid (μ_j + ``REACH`` σ_j below it) are left out of the sum (each term is 0 there).

Used only where the grid costs fewer evaluations than the values (``CHEAPER``).
"""

from __future__ import annotations

import math

import numpy as np

from perfkit.core.jit import njit
from perfkit.model.behaviour.placecount import log_ndtr

_LOG_SQRT_2PI = 0.9189385332046728

#: Grid step in units of the smallest rival sd (quintic Hermite: see the module docstring).
STEP = 0.03
#: Standard deviations beyond which a rival is above or below with certainty (5e-17).
REACH = 8.3
#: The grid is used where its evaluations are under this share of the values'.
CHEAPER = 0.5
#: Beyond this many sds above a rival, Φ(t) rounds to 1 (1 − Φ(8.3) = 5e-17, under half an
#: ulp of 1): its log is 0 and its slope and bend, under 5e-16/σ, are left at 0.
CERTAIN = 8.3
#: Tables kept for the next counts against the same others (each rivals × G × 3 floats).
KEPT = 2
_RECENT: list[tuple[bytes, tuple[np.ndarray, np.ndarray]]] = []
#: Largest table kept (rivals × grid points), bounding memory (3 × 32 MB).
CELLS = 1 << 22


def on_grid(y: np.ndarray, fixed, who: np.ndarray, mates: np.ndarray, bins: int):
    """P(no other above y) for each of the deviators ``who``' values ``y`` (L × C × W × n ×
    nodes), the others ``mates`` (the group, the deviators among them) at their fixed
    means and sds ``fixed`` (each L × W × N), as ``bins`` (2) × y's shape with the last
    row certain; None where the grid does not apply or costs more than the values."""
    mu, sd = fixed
    L, _, W, _, _ = y.shape
    if bins != 2 or mates.size < 3 or np.any(sd[..., mates] <= 0):
        return None
    spans = [_span(mu[line, w, mates], sd[line, w, mates]) for line in range(L) for w in range(W)]
    evaluations = sum(g * int(keep.sum()) for _, _, g, keep in spans)
    if (
        evaluations > CHEAPER * y.size * mates.size
        or mates.size * max(g for *_, g, _ in spans) > CELLS
    ):
        return None
    out = np.ones((2, *y.shape))
    position = np.full(mu.shape[-1], -1)
    for k, (line, w) in enumerate((line, w) for line in range(L) for w in range(W)):
        lo, h, G, keep = spans[k]
        rivals = mates[keep]
        position[:] = -1
        position[rivals] = np.arange(rivals.size)
        table = _kept(mu[line, w, rivals], sd[line, w, rivals], lo, h, G)
        out[0, line, :, w] = _hermite(table, y[line, :, w], lo, h, G, position[who])
    return out


def _span(mu: np.ndarray, sd: np.ndarray) -> tuple[float, float, int, np.ndarray]:
    """The grid's start, step and size, and the rivals that can be above on it."""
    lo = float(np.sort(mu - REACH * sd)[-2])
    hi = float((mu + REACH * sd).max())
    keep = mu + REACH * sd > lo
    h = STEP * float(sd[keep].min())
    return lo, h, int(np.ceil((hi - lo) / h)) + 2, keep


def _kept(mu: np.ndarray, sd: np.ndarray, lo: float, h: float, G: int):
    """:func:`_table`, read back where the same rivals' values were tabulated by one of the
    last ``KEPT`` counts (the smooth step's windows price against unchanged others: 32
    distinct tables of 54 in a designer refresh of non_cash_rewards). Exact: the key is
    the values' bytes."""
    key = mu.tobytes() + sd.tobytes()
    for k, table in _RECENT:
        if k == key:
            return table
    table = _table(mu, sd, lo, h, G)
    _RECENT.insert(0, (key, table))
    del _RECENT[KEPT:]
    return table


def _table(mu, sd, lo: float, h: float, G: int) -> tuple[np.ndarray, np.ndarray]:
    """log Φ((y − μ_j)/σ_j) and its first two derivatives in y on the grid, for every
    rival j (rows; a last row of zeros: no rival) and summed over them: (rivals + 1) × G ×
    3 and G × 3 (a point's three values side by side, read together). Compiled, one pass
    (Φ and its log: perfkit.model.behaviour.placecount); each rival's rows end where it is
    surely below (``CERTAIN``)."""
    return _tabulated(
        np.ascontiguousarray(mu, dtype=float), np.ascontiguousarray(sd, dtype=float), lo, h, G
    )


@njit(cache=True)
def _tabulated(mu, sd, lo: float, h: float, G: int):
    rows = np.zeros((mu.size + 1, G, 3))
    sums = np.zeros((G, 3))
    for j in range(mu.size):
        for g in range(G):
            t = (lo + h * g - mu[j]) / sd[j]  # P(Y_j ≤ y) = Φ(t)
            if t >= CERTAIN:  # and at every later point: this rival's rows stay 0
                break
            log_below = log_ndtr(t)
            slope = math.exp(-0.5 * t * t - _LOG_SQRT_2PI - log_below) / sd[j]  # (log Φ)'
            bend = (t / sd[j] + slope) * -slope  # (log Φ)''
            rows[j, g, 0], rows[j, g, 1], rows[j, g, 2] = log_below, slope, bend
            sums[g, 0] += log_below
            sums[g, 1] += slope
            sums[g, 2] += bend
    return rows, sums


def _hermite(table, y: np.ndarray, lo: float, h: float, G: int, at: np.ndarray) -> np.ndarray:
    """F_i at values ``y`` (C × n × nodes) of each deviator (``at``: its row among the
    rivals; −1: none) by quintic Hermite interpolation on the grid, F_i and its
    derivatives at the two grid points around each value from the sums less its row."""
    rows, total = table
    mine = np.where(at >= 0, at, rows.shape[0] - 1).astype(np.int64)
    return _interpolated(rows, total, np.ascontiguousarray(y, dtype=float), lo, h, G, mine)


@njit(cache=True)
def _interpolated(rows, total, y, lo: float, h: float, G: int, mine) -> np.ndarray:
    """:func:`_hermite`'s interpolation, value by value (compiled: the six sums less the
    deviator's row and the two ``exp`` per value, without tables of every value)."""
    C, n, Q = y.shape
    out = np.empty((C, n, Q))
    half_h2 = 0.5 * h * h
    for i in range(n):
        row = mine[i]
        for c in range(C):
            for q in range(Q):
                x = min(max((y[c, i, q] - lo) / h, 0.0), G - 1.0)
                j = min(int(x), G - 2)
                u = x - j
                log_f = total[j, 0] - rows[row, j, 0]
                d_log = total[j, 1] - rows[row, j, 1]
                dd_log = total[j, 2] - rows[row, j, 2]
                f0 = math.exp(log_f)
                a0, b0 = f0 * d_log, f0 * (dd_log + d_log * d_log)
                log_f = total[j + 1, 0] - rows[row, j + 1, 0]
                d_log = total[j + 1, 1] - rows[row, j + 1, 1]
                dd_log = total[j + 1, 2] - rows[row, j + 1, 2]
                f1 = math.exp(log_f)
                a1, b1 = f1 * d_log, f1 * (dd_log + d_log * d_log)
                u2 = u * u
                u3 = u2 * u
                u4, u5 = u3 * u, u3 * u2
                out[c, i, q] = (
                    (1 - 10 * u3 + 15 * u4 - 6 * u5) * f0
                    + (u - 6 * u3 + 8 * u4 - 3 * u5) * h * a0
                    + (u2 - 3 * u3 + 3 * u4 - u5) * half_h2 * b0
                    + (10 * u3 - 15 * u4 + 6 * u5) * f1
                    + (-4 * u3 + 7 * u4 - 3 * u5) * h * a1
                    + (u3 - 2 * u4 + u5) * half_h2 * b1
                )
    return out
