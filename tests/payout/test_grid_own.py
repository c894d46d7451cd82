"""Deviation rows of some agents alone pay what they pay in the whole deviation table
(perfkit.payout.grid_own), on plans generated from the engine's rules (no ranking).

Theory: a deviation row's group sum is its base group's total plus the changes of the
agents deviating with it (its slot, its unit). Where the agents kept hold every agent of
their slots, each kept row's groups hold the same rows as in the whole table, so every
kept row is paid the same; the base rows are the same rows.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfkit.payout.grid import deviations
from perfkit.payout.grid_own import deviations_of
from tests.payout.test_grid import kpis, layout, plans, scenario


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(ranks=False), st.booleans(), st.integers(2, 8), st.integers(1, 3),
       st.integers(1, 3), st.integers(1, 3), st.integers(0, 2**31))  # fmt: skip
def test_the_deviation_rows_of_whole_slots_pay_what_the_whole_table_pays(
    plan, leader, agents, periods, slots, cands, seed
):
    rng = np.random.default_rng(seed)
    lay = layout(agents, periods, rng)
    R, W, N = 2, periods, agents
    base = kpis((R, W, N), rng)
    own = kpis((R, cands, W, N), rng)
    slot = rng.integers(0, slots, N)
    kept = np.flatnonzero(slot == slot[rng.integers(N)])  # every agent of one slot
    sc = scenario(plan, leader)
    want_base, want = deviations(sc, lay, base, own, slot)
    got_base, got = deviations_of(sc, lay, base, {k: v[..., kept] for k, v in own.items()},
                                  kept, slot)  # fmt: skip
    for col in ("total_pay", "non_cash_value", "score"):
        expect = np.asarray(want[col], float).reshape(R, cands, W, N)[..., kept]
        mine = np.asarray(got[col], float).reshape(R, cands, W, kept.size)
        np.testing.assert_allclose(mine, expect, rtol=1e-9, atol=1e-9, err_msg=col)
        np.testing.assert_allclose(np.asarray(got_base[col], float),
                                   np.asarray(want_base[col], float), rtol=1e-9, atol=1e-9)  # fmt: skip
