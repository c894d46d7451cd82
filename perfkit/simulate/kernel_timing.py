"""Deal timing compiled (Numba): a period's choice to hold or pull deals, and its move.

The same arithmetic as :func:`perfkit.simulate.timing.choose` and ``_apply``, operation
by operation and in the same order: only +, −, ×, ÷, comparisons and ``rint``, so the
numbers are the same bytes (tests/simulate/test_kernel.py). The choice reads each
option's pay for one run's agents at once in a loop without branches (:func:`_readings`,
which the compiler turns into vector code: 1.3 ms for 200,000 readings), so it is
written run by run, not row by row (row by row it took 36 ms a period of 200 × 1,000
rows, more than NumPy's 31). Loaded only through perfkit.simulate.kernel.
"""

from __future__ import annotations

import numpy as np

from perfkit.core.jit import njit, types

_KPI = types.float64[:, :, ::1]
_RUNS = types.float64[:, ::1]
#: One signature (compiled once, on import, or loaded from the cache).
_APPLY = types.void(_KPI, _KPI, _KPI, types.UniTuple(_KPI, 3), types.int64, _RUNS,
                    types.boolean, _RUNS)  # fmt: skip


@njit(_APPLY, cache=True, error_model="numpy")
def apply_rows(revenue, orders, intents, others, m, change, moved, short):  # pragma: no cover
    """``timing._apply`` on period ``m`` of the run × period × agent arrays: ``others``
    (collected, refunds, repeat customers) move with revenue as orders do; ``moved``: only
    rows with a change are touched; the part of a cut beyond the revenue into ``short``."""
    R, N = change.shape
    for r in range(R):
        for a in range(N):
            c = change[r, a]
            if moved and c == 0.0:
                short[r, a] = 0.0
                continue
            rev = revenue[r, m, a]
            after = rev + c
            new = after if (after >= 0.0 or np.isnan(after)) else 0.0
            short[r, a] = new - after
            ratio = new / rev if rev > 0 else 1.0
            o = orders[r, m, a] * ratio
            for k in range(len(others)):
                others[k][r, m, a] *= ratio
            revenue[r, m, a] = new
            o = np.rint(o)
            i = intents[r, m, a]
            orders[r, m, a] = o if (o <= i or np.isnan(o)) else i


@njit(cache=True, error_model="numpy")
def _readings(curve, x, grid, padded, width, out):  # pragma: no cover - compiled
    """``timing.curve_at(curve.T, x)`` into ``out`` for one run's agents (``curve``: agents
    × GRID, each agent's contiguous; ``x``: one revenue multiple per agent), written
    without branches in the loop, so that it runs as vector code (gathers)."""
    steps = grid.size - 1
    first, last = grid[0], grid[steps]
    per_step = steps / (last - first)
    tail = grid[steps] - grid[steps - 1]
    flat = curve.ravel()
    n = curve.shape[1]
    for a in range(x.size):
        xa = x[a]
        c = first if xa < first else xa
        c = last if c > last else c
        lo = np.int64(c * per_step)
        lo = lo - np.int64(padded[lo] > c)
        lo = lo + np.int64(padded[lo + 1] <= c)
        lo = min(max(lo, 0), steps - 1)
        w = c - grid[lo]
        w /= width[lo]
        at = a * n + lo
        value = (1 - w) * flat[at] + w * flat[at + 1]
        slope = (flat[a * n + steps] - flat[a * n + steps - 1]) / tail
        out[a] = value + slope * max(xa - last, 0.0) if xa > last else value


_IN1 = types.Array(types.float64, 1, "A", readonly=True)
_IN2 = types.Array(types.float64, 2, "A", readonly=True)
_CURVE = types.Array(types.float64, 2, "C", readonly=True)
_CHOOSE = types.void(_IN2, _IN2, _CURVE, _IN1, _CURVE, _IN1, _IN1, _CURVE,
                     types.Array(types.float64, 1, "C", readonly=True), _IN1, _IN1, _IN1,
                     _RUNS, _RUNS)  # fmt: skip


@njit(_CHOOSE, cache=True, error_model="numpy")
def choose_rows(revenue, offset, curve, scale, curve_next, scale_next, expected_next,
                options, settings, grid, padded, width, held, pulled):  # fmt: skip  # pragma: no cover
    """``timing.choose`` into ``held`` and ``pulled`` (runs × agents), run by run, each
    option's readings for all agents at once; ``settings``: (share, pull_discount,
    hold_loss, min_gain); ``options``: timing.OPTIONS as rows; curves agents × GRID."""
    share, pull_discount, hold_loss, min_gain = settings[0], settings[1], settings[2], settings[3]
    R, N = revenue.shape
    K = options.shape[0]
    per, per_next, movable_next = np.empty(N), np.empty(N), np.empty(N)
    x, value, later, best, movable_now = (
        np.empty(N),
        np.empty(N),
        np.empty(N),
        np.empty(N),
        np.empty(N),
    )
    next_pay = np.empty((K, N))  # next period's pay where no deal is held: once per agent
    for k in range(K):
        for a in range(N):
            movable_next[a] = share * max(expected_next[a], 0.0)
            per_next[a], per[a] = max(scale_next[a], 1e-9), max(scale[a], 1e-9)
            change = (1 - hold_loss) * 0.0 - options[k, 1] * movable_next[a]
            x[a] = (expected_next[a] + (0.0 if k == 0 else change)) / per_next[a]
        _readings(curve_next, x, grid, padded, width, next_pay[k])
    for r in range(R):
        for a in range(N):
            movable_now[a] = share * max(revenue[r, a], 0.0)
            x[a] = (revenue[r, a] + offset[r, a]) / per[a]
        _readings(curve, x, grid, padded, width, best)
        for a in range(N):
            best[a] += next_pay[0, a]
            best[a] += min_gain
            held[r, a], pulled[r, a] = 0.0, 0.0
        for k in range(1, K):
            hold, pull = options[k, 0], options[k, 1]
            if hold:
                for a in range(N):
                    x[a] = (revenue[r, a] - hold * movable_now[a] + offset[r, a]) / per[a]
                _readings(curve, x, grid, padded, width, value)
                for a in range(N):
                    x[a] = (
                        expected_next[a] + (1 - hold_loss) * (hold * movable_now[a])
                    ) / per_next[a]
                _readings(curve_next, x, grid, padded, width, later)
            else:
                for a in range(N):
                    p = pull * movable_next[a]
                    x[a] = (revenue[r, a] + (1 - pull_discount) * p + offset[r, a]) / per[a]
                _readings(curve, x, grid, padded, width, value)
                later[:] = next_pay[k]
            for a in range(N):
                value[a] += later[a]
                if value[a] > best[a]:
                    best[a] = value[a]
                    held[r, a] = hold * movable_now[a] if hold else 0.0
                    pulled[r, a] = pull * movable_next[a]
