"""Deal timing (压单 / 提前成交): deals move across period ends only where pay has a cliff."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from perfkit.analysis.risk import bunching
from perfkit.model.behaviour.continuation import interpolate
from perfkit.scheme import load_scenario
from perfkit.scheme.population import DealTiming
from perfkit.simulate import simulate
from perfkit.simulate.timing import GRID, choose, on_grid
from tests.conftest import SCENARIOS

TIMING = DealTiming(share=0.1, pull_discount=0.08, hold_loss=0.1, min_gain=50.0)


def curve(pay_of_revenue, scale: float = 10_000.0) -> np.ndarray:
    """A pay curve on GRID multiples of ``scale`` for one agent (GRID × 1)."""
    return np.asarray([pay_of_revenue(x * scale) for x in GRID], dtype=float)[:, None]


def test_an_agent_just_below_a_bonus_threshold_pulls_deals_in_and_others_do_not() -> None:
    step = curve(lambda y: 1000.0 * (y >= 10_000.0) + 0.02 * y)
    linear = curve(lambda y: 0.02 * y)
    revenue = np.array([[9_500.0, 6_000.0, 12_000.0]])  # just below, far below, above
    expected = np.full((1, 3), 10_000.0)
    held, pulled = choose(
        revenue, np.zeros((1, 3)), (step, expected), (linear, expected, expected), TIMING
    )
    # just below: pulling 10% of next month's 10,000 lands at 9,500 + 920 ≥ 10,000
    assert pulled[0, 0] > 0 and held[0, 0] == 0
    assert 9_500 + (1 - TIMING.pull_discount) * pulled[0, 0] >= 10_000
    assert pulled[0, 1] == 0 and held[0, 1] == 0  # out of reach: the discount is pure loss
    assert pulled[0, 2] == 0 and held[0, 2] == 0  # already over: nothing to gain


def test_under_linear_pay_no_deal_moves() -> None:
    linear = curve(lambda y: 0.03 * y)
    revenue = np.linspace(1_000, 29_000, 50)[None, :]
    expected = np.full(revenue.shape, 10_000.0)
    zero = np.zeros(revenue.shape)
    held, pulled = choose(revenue, zero, (linear, expected), (linear, expected, expected), TIMING)
    assert not held.any() and not pulled.any()


def run(name: str, share: float):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return simulate(load_scenario(SCENARIOS / f"{name}.yaml"), runs=12, seed=3,
                        settings={"timing": {"share": share}})  # fmt: skip


def test_a_whole_amount_ladder_shows_bunching_above_its_edges_and_a_marginal_one_does_not() -> None:
    edges = (20_000.0, 40_000.0)  # both ladders' band edges
    whole = run("whole_amount_ladder", 0.1).agents["revenue"].to_numpy()
    off = run("whole_amount_ladder", 0.0).agents["revenue"].to_numpy()
    marginal = run("marginal_ladder", 0.1).agents["revenue"].to_numpy()
    assert max(bunching(whole, e)[0] for e in edges) >= 2.0
    assert max(bunching(off, e)[0] for e in edges) < 1.3  # no timing, no bunching
    assert max(bunching(marginal, e)[0] for e in edges) < 1.3


def test_moved_deals_cost_the_firm_what_the_discounts_and_lost_deals_say() -> None:
    on, off = run("whole_amount_ladder", 0.1), run("whole_amount_ladder", 0.0)
    t = on.meta["deal_timing"]
    assert t["pulled"] > 0 and t["discount"] == pytest.approx(0.08 * t["pulled"])
    per_run = lambda r: r.agents.groupby("run")["revenue"].sum().mean()  # noqa: E731
    # revenue falls by the costs, and by deals held past the last month (they leave the horizon)
    assert per_run(off) - per_run(on) >= (t["discount"] + t["lost"]) * (1 - 1e-9)
    assert per_run(off) - per_run(on) <= t["discount"] + t["lost"] + t["held"]


def test_the_pay_curve_is_read_as_interpolate_reads_it():
    """GRID's even steps find the same interval as a binary search, to the last bit: at
    every GRID point, a float either side of it, beyond both ends and at random."""
    rng = np.random.default_rng(5)
    curve = np.cumsum(rng.random((GRID.size, 7)), axis=0)
    points = np.broadcast_to(GRID[:, None], (GRID.size, 7))
    x = np.concatenate([points, np.nextafter(points, 9.0), np.nextafter(points, -9.0),
                        rng.uniform(-1.0, 4.0, (500, 7)), np.full((1, 7), GRID[-1] * 7)])  # fmt: skip
    np.testing.assert_array_equal(on_grid(curve, x), interpolate(curve, GRID, x))


def test_a_period_moved_again_changes_only_its_rows_with_a_change():
    """After a period's first move its orders are whole (intents are whole counts in the
    Monte Carlo), so moving only the rows with a change gives the bytes of moving every
    row (zeros, negatives past the revenue, ±0)."""
    from perfkit.simulate.timing import _apply

    rng = np.random.default_rng(3)
    shape = (4, 3, 6)
    kpis = {k: rng.uniform(0, 50, shape) for k in ("orders", "revenue", "collected", "intents")}
    kpis["intents"] = np.rint(kpis["intents"])
    kpis["revenue"][0, 1, 0] = 0.0
    _apply(kpis, 1, rng.normal(0, 5, (4, 6)))  # the period's first move: every row
    change = np.where(rng.random((4, 6)) < 0.6, 0.0, rng.normal(0, 40, (4, 6)))
    change[1, 1] = -0.0
    every = {k: v.copy() for k, v in kpis.items()}
    short_every = _apply(every, 1, change)
    short_some = _apply(kpis, 1, change, moved=True)
    np.testing.assert_array_equal(short_some, short_every)
    assert (short_some > 0).any()  # some changes took more than the period had
    for k in kpis:
        np.testing.assert_array_equal(kpis[k], every[k], err_msg=k)


def test_a_shared_solve_prices_its_pay_curves_once():
    from perfkit.simulate.timing import curves_once

    made = []
    policy, pricer, other = object(), object(), object()
    first = curves_once(policy, pricer, lambda: made.append(1) or "curves")
    again = curves_once(policy, pricer, lambda: made.append(1) or "new")
    fresh = curves_once(policy, other, lambda: made.append(1) or "other")
    assert (first, again, fresh, len(made)) == ("curves", "curves", "other", 2)
