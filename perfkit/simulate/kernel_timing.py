"""Deal timing's move compiled (Numba): one pass over a period's runs × agents.

The same arithmetic as ``perfkit.simulate.timing._apply``, operation by operation and in
the same order, one row at a time instead of a dozen NumPy passes over every row: only
+, ×, ÷, comparisons and ``rint``, so the numbers are the same bytes
(tests/simulate/test_kernel.py). The choice itself (``timing.choose``) stays in NumPy:
compiled, its seven pay-curve readings per row (a gather, two divisions and a dozen
dependent steps each) took 36 ms a period of 200 × 1,000 rows against NumPy's 31 ms
(benchmarks/results_scale.md). Loaded only through perfkit.simulate.kernel.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types

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
