"""A candidate's price depends on itself and the others' fixed values alone
(perfkit.model.behaviour.conditional), and the champion's grid count is the exact count
(perfkit.model.behaviour.rankgrid).

Before, a smoothed rule (rank prizes, forced distributions, top-N rewards, equal-split
team pools and team goals) ranked a deviator against the agents of its deviation slot
at *their* candidate of the same index: a candidate's certainty equivalent moved with
the candidates priced beside it (on the bundled non_cash_rewards plan, pricing fewer
points per call moved 41% of the choices by up to 0.03 effort). Now every other agent
stands at its current choice. Checked on a pricing table with teammates in one slot:
each agent's candidate priced inside a batch of three and alone in a call of one
(beside other agents' other candidates) gives the same certainty equivalent.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.model.behaviour import conditional as cond
from perfkit.model.behaviour import rankgrid
from perfkit.model.behaviour.pricing import PricingTable
from perfkit.model.behaviour.respond import plan_pricer, production_for
from perfkit.model.behaviour.smoothing import _prizes, _top
from perfkit.model.behaviour.solve import month_states
from perfkit.model.funnel import Choice
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation

COEF = {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.7, "D": 0.0}
SCORED = {
    "pay": {"base_salary": 3600, "performance_pay": {"base": 800, "grade_coefficients": COEF}},
    "scorecard": [{"kpi": "revenue", "weight": 70, "target": 25000, "cap": "150%"},
                  {"kpi": "qa_score", "weight": 30, "target": 85}],
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.02},
}  # fmt: skip
FORCED = {
    "method": "forced",
    "within": "team",
    "shares": {"S": 10, "A": 20, "B": 40, "C": 20, "D": 10},
}
#: Every coupling type a smoothed rule prices.
PLANS = {
    "company champion, honour and team outing (non-cash by rank and team goal)": {
        **SCORED, "grades": {"method": "bands", "bands": {"S": 110, "A": 100, "B": 85, "C": 65}},
        "bonuses": [{"type": "rank", "kpi": "revenue", "prizes": [1000]}],
        "non_cash": [
            {"reward": "honour", "to": {"top": 1, "kpi": "revenue"}, "value_to_agent": 500, "cost": 50},
            {"reward": "outing", "to": {"team_goal_met": True, "team_goal": 100000},
             "value_to_agent": 300, "cost": 250}]},
    "forced distribution in the team, non-cash by grade": {
        **SCORED, "grades": FORCED,
        "non_cash": [{"reward": "training", "to": {"grade": ["S", "A"]}, "value_to_agent": 600, "cost": 400}]},
    "rank prizes in the team and company top-3": {
        **SCORED, "grades": {"method": "bands", "bands": {"S": 110, "A": 100, "B": 85, "C": 65}},
        "bonuses": [{"type": "rank", "kpi": "revenue", "within": "team", "prizes": [800, 300]}],
        "non_cash": [{"reward": "trip", "to": {"top": 3, "kpi": "orders"}, "value_to_agent": 700, "cost": 500}]},
    "team pool split equally (a team threshold)": {
        **SCORED, "grades": {"method": "bands", "bands": {"S": 110, "A": 100, "B": 85, "C": 65}},
        "team": {"pool": {"per_team_target": 110000, "amount": 4000, "split": "equal"}}},
}  # fmt: skip


def _table(plan: dict) -> PricingTable:
    doc = {
        "name": "ranked",
        "population": {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5},
    }
    scenario = parse_scenario({**doc, **plan})
    pop = synthetic(scenario.population)
    settings_ = scenario.simulation or Simulation()
    production = production_for(settings_, pop)
    pricer = plan_pricer(scenario, pop, production)
    assert pricer.smooth is not None  # the rules under test are smoothed
    names = ["2025-01"]
    # 3 slots for teams of 8: teammates deviate together in every run
    return PricingTable(
        pop, production, pricer, names, month_states(pop, names, settings_.mentoring), 8, 3, 0
    )


@pytest.mark.parametrize("name", list(PLANS))
def test_a_candidate_is_priced_the_same_alone_and_in_a_batch(name) -> None:
    table = _table(PLANS[name])
    assert np.bincount(table.pop.team_code).max() > table.G  # co-deviators in a team
    n = table.pop.n
    rng = np.random.default_rng(11)
    now = Choice(np.full(n, 1.0), np.full(n, 0.5), np.zeros(n))
    efforts = rng.uniform(0.4, 1.6, (1, 3, n))
    batch = Choice(efforts, np.full(efforts.shape, 0.5), np.zeros(efforts.shape))
    pick = rng.integers(0, 3, n)  # each agent's candidate priced alone, beside others' others
    alone = Choice(
        efforts[:, pick, np.arange(n)][:, None], np.full((1, 1, n), 0.5), np.zeros((1, 1, n))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        in_batch = table.price(0, (0, 0), np.ones(1), batch, [now])
        by_itself = table.price(0, (0, 0), np.ones(1), alone, [now])
    want = in_batch.ce[0, pick, np.arange(n)]
    np.testing.assert_allclose(by_itself.ce[0, 0], want, rtol=1e-12, atol=1e-9)
    assert np.ptp(in_batch.ce[0], axis=0).max() > 1.0  # the candidates differ in price


def _exact(y, mu, sd, i) -> np.ndarray:
    """P(no other above each value y), the product over every rival but i."""
    below = cond.above(-np.delete(mu, i)[:, None], np.delete(sd, i)[:, None], -y[None, :])
    return below.prod(axis=0)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(3, 255),
    spread=st.floats(0.0, 4.0),
    sd_low=st.floats(0.05, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_champion_grid_is_the_exact_count(n, spread, sd_low, seed) -> None:
    """On random rivals (means spread up to 4 sds, sds from ``sd_low`` to 1, identical
    ones included), the grid's chance of being first is the product over every rival
    at each of a deviator's values to 1e-9."""
    rng = np.random.default_rng(seed)
    mu, sd = rng.normal(0.0, spread, n) * 10.0 + 100.0, rng.uniform(sd_low, 1.0, n) * 10.0
    z = cond.NODES[0]
    who = np.arange(n)
    own_mu = mu[None, :] + rng.normal(0, 5.0, (2, n))  # two candidates each
    y = (own_mu[:, :, None] + sd[None, :, None] * z)[None, :, None]  # L × C × W × n × Q
    fixed = (mu[None, None], sd[None, None])
    got = rankgrid.on_grid(y, fixed, who, who, 2)
    if got is None:  # declined only where the values cost less than the grid
        _, _, G, keep = rankgrid._span(mu, sd)
        assert G * keep.sum() > rankgrid.CHEAPER * y.size * n or n * G > rankgrid.CELLS
        return
    worst = 0.0
    for i in range(n):
        truth = _exact(y[0, :, 0, i].ravel(), mu, sd, i).reshape(2, -1)
        worst = max(worst, np.abs(got[0, 0, :, 0, i] - truth).max())
    assert worst < 1e-9
    assert np.all(got[1] == 1.0)


def test_a_company_champion_on_the_grid_is_the_full_product() -> None:
    """A prize of 1,000 to the best of 200 company-wide, priced through place_pay: the grid
    is taken (it costs under half the values' evaluations) and each agent's expected prize
    is the full product over every rival at every node to 1e-6 of the prize."""
    rng = np.random.default_rng(7)
    n = 200
    mu, sd = rng.normal(100, 25, n), rng.uniform(10, 30, n)
    used = []
    real = rankgrid.on_grid
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rankgrid, "on_grid", lambda *a: used.append(1) or real(*a))
        rule = cond.Places("revenue", "company", True, _prizes([1000.0]))
        own, others = (
            (mu.reshape(1, 1, 1, n), sd.reshape(1, 1, 1, n)),
            (mu[None, None], sd[None, None]),
        )
        mean, _ = cond.place_pay(rule, own, others, np.zeros(n, np.int64), np.ones(n))
    grid_used = rankgrid.on_grid(
        mu[None, None, None, :, None] + sd[None, None, None, :, None] * cond.NODES[0],
        others,
        np.arange(n),
        np.arange(n),
        2,
    )
    assert used and grid_used is not None
    z, w = cond.NODES
    truth = np.array([
        1000.0 * (w * _exact(mu[i] + sd[i] * z, mu, sd, i)).sum() for i in range(n)
    ])  # fmt: skip
    assert mean.ravel() == pytest.approx(truth, abs=1e-6)


def test_a_top_three_reward_is_counted_value_by_value() -> None:
    """Pay over more than first place (a top-3 reward) is not on the grid: counted exactly."""
    rng = np.random.default_rng(8)
    n = 40
    mu, sd = rng.normal(0, 1, n), rng.uniform(0.5, 1.5, n)
    rule = cond.Places("orders", "company", True, _top(3, 100.0, 0.0))
    own, others = (mu.reshape(1, 1, 1, n), sd.reshape(1, 1, 1, n)), (mu[None, None], sd[None, None])
    calls = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rankgrid, "on_grid", lambda *a: calls.append(a[-1]) or None)
        cond.place_pay(rule, own, others, np.zeros(n, np.int64), np.ones(n))
    assert calls == [4]  # asked with 4 bins, declined (only first place is tabulated)


def test_a_table_is_read_back_only_for_the_same_others(monkeypatch) -> None:
    """Counts against the same others read the kept table (the same numbers, not
    tabulated again); others that moved by an ulp get a table of their own."""
    rng = np.random.default_rng(9)
    n = 60
    mu, sd = rng.normal(100, 10, n), rng.uniform(5, 15, n)
    y = (mu[None, :, None] + sd[None, :, None] * cond.NODES[0])[None, :, None]
    y = np.repeat(y, 4, axis=1)  # 4 candidates
    built = []
    real = rankgrid._table
    monkeypatch.setattr(rankgrid, "_table", lambda *a: built.append(1) or real(*a))
    monkeypatch.setattr(rankgrid, "_RECENT", [])
    who = np.arange(n)
    first = rankgrid.on_grid(y, (mu[None, None], sd[None, None]), who, who, 2)
    again = rankgrid.on_grid(y, (mu[None, None], sd[None, None]), who, who, 2)
    assert first is not None and len(built) == 1
    np.testing.assert_array_equal(first, again)
    moved = mu.copy()
    moved[3] = np.nextafter(moved[3], np.inf)
    rankgrid.on_grid(y, (moved[None, None], sd[None, None]), who, who, 2)
    assert len(built) == 2
