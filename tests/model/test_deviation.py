"""Deviations priced against fixed aggregates give today's best responses, and one
accuracy at every floor size (perfkit.model.behaviour.deviation, issue 20 items 1 and 4).

Where pay reads teammates or the floor through sums and counts, each agent's candidates
are priced against the others' base rows (no teammate recomputed); elsewhere on whole
copies of the floor, as before. The two must choose the same: checked on every kind of
coupling to 1e-9 (efforts, shares and certainty equivalents).
"""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest

import perfkit.model.behaviour.pricing as pricing_mod
import perfkit.payout.grid as grid_mod
from perfkit.model.behaviour import engine_pricer, solve
from perfkit.model.behaviour.respond import SolveSpec, production_for, respond
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels

FLAT = {
    "pay": {"base_salary": 4000},
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
}
COEF = {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.8, "D": 0.0}
SCORED = {
    "pay": {"base_salary": 3500, "performance_pay": {"base": 1000, "grade_coefficients": COEF}},
    "scorecard": [
        {"kpi": "revenue", "weight": 70, "target": 25000, "cap": "150%"},
        {"kpi": "qa_score", "weight": 30, "target": 85},
    ],
    "grades": {"method": "bands", "bands": {"S": 115, "A": 100, "B": 85, "C": 65}},
}
FORCED = {
    "method": "forced",
    "within": "team",
    "shares": {"S": 10, "A": 20, "B": 40, "C": 20, "D": 10},
}
#: Every kind of coupling: the first five price against fixed aggregates, the last on whole copies.
PLANS = {
    "team weight, pool split equally (a smoothed threshold)": {
        **FLAT, "team": {"weight": 0.5, "pool": {"per_team_target": 120000, "amount": 4000, "split": "equal"}}},
    "team weight, pool split by score, band grades": {
        **SCORED, "commission": FLAT["commission"],
        "team": {"weight": 0.3, "pool": {"per_team_target": 120000, "amount": 5000, "split": "by_score"}}},
    "pool by revenue and a team goal reward": {
        **FLAT, "team": {"pool": {"per_team_target": 100000, "rate": 0.02, "split": "by_revenue"}},
        "non_cash": [{"reward": "outing", "to": {"team_goal_met": True, "kpi": "orders", "team_goal": 40},
                      "value_to_agent": 500, "cost": 300, "cash_per_head": 200}]},
    "team target split equally, team weight": {
        **SCORED, "commission": FLAT["commission"], "team": {"weight": 0.4},
        "scorecard": [{"kpi": "revenue", "weight": 100,
                       "target": {"per": "team", "goal": 130000, "split": "equal"}}]},
    "forced grades in the team, rank prizes across the company (smoothed)": {
        **SCORED, "commission": FLAT["commission"], "grades": FORCED,
        "bonuses": [{"type": "rank", "kpi": "revenue", "within": "company", "prizes": [2000, 1000]}]},
    "forced grades on a team-blended score (whole copies)": {
        **SCORED, "commission": FLAT["commission"], "grades": FORCED, "team": {"weight": 0.3}},
}  # fmt: skip


def _scenario(plan: dict, agents: int = 36, teams: int = 4):
    doc = {"name": "coupled", "population": {"source": "synthetic", "agents": agents,
                                             "teams": teams, "seed": 3}, **copy.deepcopy(plan)}  # fmt: skip
    return parse_scenario(doc)


def _policy(sc, periods: int = 2, slots: int | None = None):
    sim = Simulation()
    if slots is not None:
        sim = sim.model_copy(
            update={"behaviour": sim.behaviour.model_copy(update={"slots": slots})}
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return respond(synthetic(sc.population), sc, SolveSpec(sim, period_labels(periods, None)))


@pytest.mark.parametrize("slots", [24, 4])
@pytest.mark.parametrize("name", list(PLANS))
def test_fixed_aggregates_choose_what_whole_copies_choose(name, slots, monkeypatch):
    """Same efforts, shares and certainty equivalents to 1e-9, with teams of 9 priced in
    9 slots (one deviator a team) and in 4 (teammates deviating together)."""
    sc = _scenario(PLANS[name])
    fixed = _policy(sc, slots=slots).policy
    monkeypatch.setattr(pricing_mod, "fixed_aggregates", lambda pricer: False)
    whole = _policy(sc, slots=slots).policy
    for got, want in [(fixed.effort, whole.effort), (fixed.quality, whole.quality),
                      (fixed.help, whole.help), (fixed.ce, whole.ce)]:  # fmt: skip
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def test_a_team_plan_prices_no_teammate_twice(monkeypatch):
    """Rows paid per pricing call: own rows plus one base row per agent and draw, not a
    whole copy of the team per slot (9 here) and candidate."""
    sc = _scenario(PLANS["team weight, pool split by score, band grades"])
    counted: list[int] = []
    real = grid_mod.priced_rows

    def counting(table, *args):
        counted.append(table.rows.n)
        return real(table, *args)

    monkeypatch.setattr(grid_mod, "priced_rows", counting)
    fixed = _policy(sc, periods=1)
    rows_fixed = sum(counted)
    counted.clear()
    monkeypatch.setattr(pricing_mod, "fixed_aggregates", lambda pricer: False)
    _policy(sc, periods=1)
    assert fixed.pricer.coupling == "team"
    assert sum(counted) > 5 * rows_fixed


@pytest.mark.slow
def test_an_agent_chooses_the_same_in_a_small_and_a_large_floor():
    """The same 200 agents (10 whole teams of 20) alone and inside a floor of 3,000 make the
    same choices (private pay: the smooth step's draws no longer shrink with the floor)."""
    sc = parse_scenario({"name": "private", "population": {"source": "synthetic", "agents": 3000,
                                                           "teams": 150, "seed": 1},
                         "pay": {"base_salary": 4000},
                         "scorecard": [{"kpi": "revenue", "weight": 100, "target": 25000}],
                         "commission": {"base": "revenue", "mode": "marginal",
                                        "ladder": [[0, 0.02], [30000, 0.04]]}})  # fmt: skip
    pop = synthetic(sc.population)
    idx = np.flatnonzero(np.isin(pop.team, np.unique(pop.team)[:10]))
    small = type(pop)(pop.agent_id[idx], pop.team[idx], {k: v[idx] for k, v in pop.traits.items()},
                      pop.rates, pop.spec)  # fmt: skip
    sim = Simulation()
    out = []
    for floor in (small, pop):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(solve(floor, production_for(sim, floor), engine_pricer(sc), sim.behaviour,
                             period_labels(1, None), seed=0, mentoring=sim.mentoring))  # fmt: skip
    assert small.n == 200 and pop.n == 3000
    np.testing.assert_allclose(out[0].effort, out[1].effort[..., idx], atol=1e-8)
    np.testing.assert_allclose(out[0].quality, out[1].quality[..., idx], atol=1e-8)
