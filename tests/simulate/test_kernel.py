"""The compiled Monte Carlo kernels give the NumPy path's bytes (perfkit.simulate.kernel)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfkit.model.funnel import SHOCKS, Choice, Funnel
from perfkit.scheme.population import DealTiming, FunnelRates, Mentoring
from perfkit.simulate import kernel, kernel_funnel, simulate
from perfkit.simulate.solved import shared_solves
from perfkit.simulate.timing import GRID, _apply, _choose, choose
from tests.conftest import SCENARIOS

KPIS = kernel_funnel.WRITTEN


@pytest.fixture(autouse=True)
def _kernels_at_any_size(monkeypatch) -> None:
    """The kernels on the tests' small jobs too (they run from MIN_ROWS agent-month-runs)."""
    monkeypatch.setattr(kernel, "MIN_ROWS", 0)


def _funnel(draw) -> Funnel:
    """A funnel with its rates, reference allocation, mentoring and period length drawn."""
    p = st.floats(0.01, 0.9)
    rates = FunnelRates().model_copy(update={
        "effective_share": draw(p), "intent_rate": draw(p), "order_rate": draw(p),
        "refund_rate": draw(st.floats(0.0, 0.3)), "collected_share": draw(st.floats(0.5, 1.0)),
        "complaint_rate": draw(st.floats(0.0, 0.05)), "repeat_rate": draw(p),
        "dial_noise": draw(st.floats(0.0, 0.3)), "count_dispersion": draw(st.floats(1.0, 4.0)),
        "order_value_cv": draw(st.floats(0.0, 1.0)), "minutes_per_effective_call":
        draw(st.floats(1.0, 9.0)),
    })  # fmt: skip
    mentoring = Mentoring(boost=draw(st.floats(0.0, 0.5)), scale=draw(st.floats(0.01, 0.2)),
                          peer_points=draw(st.floats(0.0, 80.0)))  # fmt: skip
    return Funnel(
        rates, draw(st.floats(0.2, 0.6)), mentoring, months=draw(st.sampled_from([1.0, 3.0]))
    )


@st.composite
def periods(draw):
    """A funnel and one period's traits, choices, help received and shocks (runs × seats):
    quality the same in every run (a policy's centre state, broadcast) or per row."""
    funnel = _funnel(draw)
    R, N = draw(st.integers(1, 5)), draw(st.integers(1, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    traits = {
        "skill": rng.lognormal(0, 0.3, (R, N)),
        "capacity": rng.lognormal(np.log(draw(st.sampled_from([30.0, 4500.0]))), 0.2, (R, N)),
        "connect_rate": rng.uniform(0.05, 0.5, (R, N)),
        "order_value": rng.lognormal(np.log(2500), 0.3, (R, N)),
    }
    if draw(st.booleans()):
        quality = np.broadcast_to(rng.uniform(0.0, 0.9, N), (R, N))
    else:
        quality = rng.uniform(0.0, 0.9, (R, N))
    helping = rng.random((R, N)) < 0.3
    choice = Choice(rng.uniform(0.0, 1.3, (R, N)), quality,
                    np.where(helping, rng.uniform(0, 0.3, (R, N)), 0.0))  # fmt: skip
    received = np.where(rng.random((R, N)) < 0.2, rng.uniform(0, 0.5, (R, N)), 0.0)
    z = rng.standard_normal((len(SHOCKS), R, N)) * draw(st.sampled_from([1.0, 3.0]))
    return funnel, traits, choice, received, z


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(periods(), st.integers(0, 2))
def test_the_compiled_funnel_writes_the_numpy_funnels_bytes(period, m) -> None:
    funnel, traits, choice, received, z = period
    R, N = z.shape[1:]
    expected = funnel.kpis(traits, choice, z, received)
    record = {k: np.full((R, 3, N), -7.0) for k in KPIS}
    got = kernel_funnel.period_kpis(funnel, traits, choice, z, received, record, m)
    for k in KPIS:
        np.testing.assert_array_equal(got[k], expected[k], err_msg=k)
        assert np.shares_memory(got[k], record[k])  # written into the record, not copied
    others = [p for p in range(3) if p != m]
    assert all((record[k][:, others] == -7.0).all() for k in KPIS)  # only period m written


@st.composite
def moves(draw):
    """Run × period × agent KPIs (revenue with zeros, whole intents) and a change."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    R, P, N = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 12))
    kpis = {k: rng.uniform(0, 50, (R, P, N)) for k in
            ("orders", "revenue", "collected", "refunds", "repeat_customers", "intents")}  # fmt: skip
    kpis["intents"] = np.rint(kpis["intents"])
    kpis["revenue"][rng.random((R, P, N)) < 0.2] = 0.0
    change = np.where(rng.random((R, N)) < 0.4, 0.0, rng.normal(0, 40, (R, N)))
    change[rng.random((R, N)) < 0.1] = -0.0
    return kpis, draw(st.integers(0, P - 1)), change, draw(st.booleans())


@settings(max_examples=80, deadline=None)
@given(moves())
def test_moving_deals_compiled_gives_the_numpy_bytes(move) -> None:
    kpis, m, change, moved = move
    numpy = {k: v.copy() for k, v in kpis.items()}
    with kernel.numpy_path():
        short_numpy = _apply(numpy, m, change, moved)
    short = _apply(kpis, m, change, moved)
    np.testing.assert_array_equal(short, short_numpy)
    for k in kpis:
        np.testing.assert_array_equal(kpis[k], numpy[k], err_msg=k)


@st.composite
def choices(draw):
    """This and next period's pay curves (GRID × agents: bends, a cliff, flat stretches),
    revenue (some beyond the grid, some zero) and the revenue so far in the cycle."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    R, N = draw(st.integers(1, 5)), draw(st.integers(1, 30))
    steps = rng.uniform(0, 400, (GRID.size, N)) * (rng.random((GRID.size, N)) < 0.7)
    steps[rng.integers(0, GRID.size, N), np.arange(N)] += draw(st.sampled_from([0.0, 2000.0]))
    curve, curve_next = 4000 + np.cumsum(steps, axis=0), 4000 + np.cumsum(steps[::-1], axis=0)
    scale, scale_next = rng.uniform(0, 40_000, N), rng.uniform(0, 40_000, N)
    revenue = scale * rng.lognormal(0, 0.8, (R, N)) * (rng.random((R, N)) < 0.9)
    offset = np.where(rng.random((R, N)) < 0.5, 0.0, rng.normal(0, 5000, (R, N)))
    timing = DealTiming(share=draw(st.floats(0.0, 0.5)), pull_discount=draw(st.floats(0, 0.3)),
                        hold_loss=draw(st.floats(0, 0.3)), min_gain=draw(st.floats(0, 300)))  # fmt: skip
    return revenue, offset, (curve, scale), (curve_next, scale_next, scale_next * 1.1), timing


@settings(max_examples=80, deadline=None)
@given(choices())
def test_choosing_compiled_gives_the_numpy_bytes(case) -> None:
    held, pulled = _choose(*case, rows=1)
    numpy_held, numpy_pulled = choose(*case)
    np.testing.assert_array_equal(held, numpy_held)
    np.testing.assert_array_equal(pulled, numpy_pulled)


def _tables(result) -> dict[str, pd.DataFrame]:
    return {"agents": result.agents, "runs": result.runs, "workforce": result.workforce,
            "levels": result.levels}  # fmt: skip


@pytest.mark.parametrize(
    "plan",
    [pytest.param("quarterly_quota_cliff", marks=pytest.mark.slow),  # its solve: ≈ 2 min
     "expansion_team", "whole_amount_ladder"],
)  # fmt: skip
def test_a_simulation_is_the_same_bytes_with_or_without_the_kernels(plan) -> None:
    """Quality by attainment state (per row) in the quarterly plan, mentoring in the team
    plan, deals moved at a ladder edge; twice with the kernels: the same bytes run to run."""
    path = SCENARIOS / f"{plan}.yaml"
    with warnings.catch_warnings(), shared_solves():  # one solve, three Monte Carlos
        warnings.simplefilter("ignore")
        with kernel.numpy_path():
            numpy = simulate(path, runs=3, seed=5)
        first = simulate(path, runs=3, seed=5)
        again = simulate(path, runs=3, seed=5)
    assert numpy.meta["deal_timing"] == first.meta["deal_timing"] == again.meta["deal_timing"]
    for name, table in _tables(numpy).items():
        pd.testing.assert_frame_equal(_tables(first)[name], table, check_exact=True, obj=name)
        pd.testing.assert_frame_equal(_tables(again)[name], table, check_exact=True, obj=name)


def test_the_numpy_path_runs_when_small_switched_off_or_without_numba(monkeypatch) -> None:
    assert kernel.funnel_kernel(10) is kernel_funnel
    monkeypatch.setattr(kernel, "MIN_ROWS", 2_000_000)
    assert kernel.funnel_kernel(1_999_999) is None and kernel.timing_kernel(1_999_999) is None
    assert kernel.timing_kernel(2_000_000) is not None
    with kernel.numpy_path():
        assert kernel.funnel_kernel(10**9) is None and kernel.timing_kernel(10**9) is None
    monkeypatch.setenv(kernel.ENV, "0")
    assert kernel.funnel_kernel(10**9) is None
    monkeypatch.delenv(kernel.ENV)
    monkeypatch.setattr(kernel, "_compiled", lambda: None)  # as where numba cannot be imported
    assert kernel.funnel_kernel(10**9) is None and kernel.timing_kernel(10**9) is None
