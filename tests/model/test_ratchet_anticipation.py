"""Agents who anticipate a ratchet hold back (Weitzman 1980; perfkit.model.behaviour.ratchet).

Two periods, textbook mode: output y = 100 + e + σz (σ = 1), cost e²/2, risk-neutral;
a bonus B paid when output reaches the target T = 100 + q (each agent's own history,
100, × stretch), ratcheted monthly by share s: the second period's target is
T + s·(y₁ − T).

- The second period is the last: nothing follows it, so its effort e₂ is the myopic
  one, B·φ(e₂ − q) = e₂.
- A myopic agent works e₁ = e₂ in the first period too (it prices the plan-start target).
- An anticipating agent pays for one more unit of y₁ with s units of later target, each
  costing it g = −∂E[pay₂]/∂T = B·φ(e₂ − q) (= e₂ at the optimum): so
  B·φ(e₁ − q) = e₁ + s·g, and e₁ < e₂ by a closed-form amount.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from perfkit.core.errors import ScenarioError
from perfkit.model.behaviour import deviation
from perfkit.model.behaviour.history import history_pricer
from perfkit.model.behaviour.pricing import PricingTable
from perfkit.model.behaviour.ratchet import (
    DRAWS,
    Anticipated,
    anticipated,
    ratchet_weights,
    shadow_costs,
    shadow_pricer,
)
from perfkit.model.behaviour.respond import SolveSpec, plan_history, respond
from perfkit.model.behaviour.solve import month_states
from perfkit.model.funnel import DIMS, Choice
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation

TWO = ["2025-01", "2025-02"]
SIM = Simulation(
    production="textbook",
    textbook={"noise_sd": 1.0, "offset": 100.0, "max_effort": 3.0},
    behaviour={"ce_tolerance": 0.0},
)
POP = synthetic(
    agents=6, teams=1, seed=1,
    traits={"effort_cost": {"mean": 1.0, "cv": 0}, "risk_aversion": {"mean": 1e-9, "cv": 0}},
)  # fmt: skip


def plan(bonus: float, q: float, share: float, anticipated: bool, every: str = "month"):
    ratchet = {"every": every, "share": share, "anticipated": anticipated}
    target = {"split": "history", "stretch": 1 + q / 100, "ratchet": ratchet}
    return parse_scenario({
        "name": "ratcheted quota", "pay": {"base_salary": 0},
        "bonuses": [{"type": "attainment", "kpi": "revenue", "target": target, "at": 1.0,
                     "amount": bonus}],
    })  # fmt: skip


def closed_form(bonus: float, q: float, share: float) -> tuple[float, float]:
    """(e₂, anticipating e₁) from the first-order conditions in the module docstring."""
    e2 = brentq(lambda e: bonus * norm.pdf(e - q) - e, q, q + 6)
    g = bonus * norm.pdf(e2 - q)
    e1 = brentq(lambda e: bonus * norm.pdf(e - q) - e - share * g, 0.0, e2)
    return e2, e1


def efforts(scenario) -> np.ndarray:
    policy = respond(POP, scenario, SolveSpec(SIM, TWO)).policy
    effort = policy.effort[:, policy.center]  # period × agent
    assert effort.std(axis=1).max() < 1e-9  # identical agents choose alike
    return effort.mean(axis=1)


CASES = [(4.0, 1.0, 0.5), (4.0, 1.0, 0.25), (3.0, 0.5, 0.5)]


@pytest.mark.parametrize(("bonus", "q", "share"), CASES)
def test_the_shadow_cost_is_share_times_the_later_bonus_density(bonus, q, share) -> None:
    """λ₁ = s·B·φ(e₂ − q) at the solved e₂ (within 3%: a central difference over the fine
    draws); λ₂ = 0."""
    scenario = plan(bonus, q, share, anticipated=True)
    myopic = respond(POP, plan(bonus, q, share, anticipated=False), SolveSpec(SIM, TWO))
    production, pricer, policy = myopic.production, myopic.pricer, myopic.policy
    past = plan_history(scenario, POP, production)
    months = month_states(POP, TWO, SIM.mentoring)
    table = PricingTable(POP, production, pricer, TWO, months, DRAWS, 1, 0)
    costs = shadow_costs(
        table, lambda k, d: history_pricer(scenario, past, {k: d}), policy,
        anticipated(scenario), 1.0,
    )["revenue"]  # fmt: skip
    e2 = policy.effort[1, policy.center]
    assert costs[0] == pytest.approx(share * bonus * norm.pdf(e2 - q), rel=0.03)
    assert costs[1] == pytest.approx(0.0)


def utility(production, pricer, w: int, cands: Choice, now: Choice):
    """Each candidate's pay utility in period w and its revenue (states × draws × C × N)."""
    months = month_states(POP, TWO, SIM.mentoring)
    table = PricingTable(POP, production, pricer, TWO, months, 16, 1, 0)
    return table.own_utility(w, (w, w), np.ones(1), cands, [now])[:2]


def test_the_shadow_cost_is_priced_on_the_fused_grid() -> None:
    """The shadow-costed pricer keeps the payout engine's arrays (no DataFrame): each
    candidate's pay utility is the plan's pay less λ(w, agent) × its revenue, to 1e-9, and
    the same as the pay function's own path on a DataFrame with the same adjustment."""
    myopic = respond(POP, plan(4.0, 1.0, 0.5, anticipated=False), SolveSpec(SIM, TWO))
    lam = np.random.default_rng(3).uniform(0.0, 0.8, (2, POP.n))  # period × agent
    shadow = shadow_pricer(myopic.pricer, {"revenue": lam}, TWO)
    assert shadow.engine is not None and myopic.pricer.adjust is None
    policy, c = myopic.policy, myopic.policy.center
    for w in range(2):
        now = Choice(*(getattr(policy, d)[w, c] for d in DIMS))
        scale = np.array([0.6, 1.0, 1.5])[None, :, None]  # L × C × N candidates
        cands = Choice(*(getattr(now, d)[None, None, :] * (scale if d == "effort" else 1.0)
                         for d in DIMS))  # fmt: skip
        plain, revenue = utility(myopic.production, myopic.pricer, w, cands, now)
        fast, _ = utility(myopic.production, shadow, w, cands, now)
        slow, _ = utility(myopic.production, replace(shadow, engine=None), w, cands, now)
        assert np.ptp(revenue) > 1.0  # the adjustment is not a constant
        np.testing.assert_allclose(fast, plain - lam[w] * revenue, rtol=0, atol=1e-9)
        np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-9)


@pytest.mark.parametrize(("bonus", "q", "share"), CASES)
def test_anticipating_agents_hold_back_by_the_closed_form_amount(
    bonus, q, share, monkeypatch
) -> None:
    """Within 5% (the hold-back within 8%): the smooth step on 64 draws is less exact where
    the optimum sits on the convex side of the cliff (e₁ < q here), e.g. 0.77 against
    0.85 for a pure quota bonus less 0.73·y (0.83 with refine_samples 256). Every pricing
    call pays on the fused grid: none builds a DataFrame."""

    def no_frame(*_args):
        raise AssertionError("priced through a DataFrame")

    monkeypatch.setattr(deviation, "kpi_frame", no_frame)
    e2, e1 = closed_form(bonus, q, share)
    myopic = efforts(plan(bonus, q, share, anticipated=False))
    ahead = efforts(plan(bonus, q, share, anticipated=True))
    assert myopic == pytest.approx([e2, e2], rel=0.03)
    assert ahead[1] == pytest.approx(myopic[1], abs=1e-9)  # the last period: nothing to price
    assert ahead[0] == pytest.approx(e1, rel=0.05)
    assert myopic[0] - ahead[0] == pytest.approx(e2 - e1, rel=0.08)


def test_a_quarterly_ratchet_prices_every_later_quarter_with_decay() -> None:
    """Output in a month of quarter 1 raises quarter 2's target by s/3 a unit and quarter
    3's by s/3·(1 − s): each month of those quarters weighs it so."""
    months = [f"2025-{m:02d}" for m in range(1, 10)]
    w = ratchet_weights(months, Anticipated("revenue", "quarter", 0.4, 1.0), 1.0)
    q1, q2, q3 = slice(0, 3), slice(3, 6), slice(6, 9)
    assert w[q1, q1] == pytest.approx(0.0)
    assert w[q1, q2] == pytest.approx(np.full((3, 3), 0.4 / 3))
    assert w[q1, q3] == pytest.approx(np.full((3, 3), 0.4 / 3 * 0.6))
    assert w[q3].sum() == 0.0  # the last quarter: nothing after it


@pytest.mark.parametrize(
    ("target", "field"),
    [({"goal": 1e6, "split": "history"}, "ratchet.anticipated"),
     ({"split": "history", "kpi": "conversion_rate"}, "scorecard[0].target.ratchet.anticipated")],
)  # fmt: skip
def test_an_anticipated_ratchet_it_cannot_price_names_the_field(target: dict, field: str) -> None:
    kpi = target.pop("kpi", "revenue")
    ratchet = {"every": "quarter", "share": 0.5, "anticipated": True}
    raw = {
        "name": "bad",
        "scorecard": [{"kpi": kpi, "weight": 100, "target": {**target, "ratchet": ratchet}}],
    }
    with pytest.raises(ScenarioError, match=field.replace("[", r"\[").replace("]", r"\]")):
        parse_scenario(raw)


def test_two_history_targets_on_one_kpi_must_ratchet_alike() -> None:
    def target(anticipated: bool) -> dict:
        ratchet = {"every": "quarter", "share": 0.5, "anticipated": anticipated}
        return {"split": "history", "ratchet": ratchet}

    raw = {
        "name": "two",
        "scorecard": [{"kpi": "revenue", "weight": 100, "target": target(True)}],
        "bonuses": [{"type": "attainment", "kpi": "revenue", "target": target(False),
                     "amount": 500}],
    }  # fmt: skip
    with pytest.raises(ScenarioError, match=r"scorecard\[0\]\.target\.ratchet\.anticipated"):
        parse_scenario(raw)
