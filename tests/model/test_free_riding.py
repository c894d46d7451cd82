"""Free riding at team thresholds: the symmetric equilibrium of a team-goal reward and a team pool.

Textbook mode: N identical risk-neutral members, output y_i = O + e_i + σz_i (O the
offset), cost e²/2. The team total T = Σ y_i is normal with mean N·O + Σe and sd σ√N.
The goal is the team's output at zero effort, g = N·O, so with every member at e,
d = (T's mean − g)/(σ√N) = √N·e/σ.

- Team-goal reward (a team outing worth V to each member when T ≥ g, or a team pool
  of N·V split equally): a member's payoff V·Φ(d) − e²/2 has slope V·φ(d)/(σ√N) in its
  own effort, so the symmetric equilibrium solves V·φ(√N·e/σ)/(σ√N) = e.
- Team pool of a share r of the team total, paid when T ≥ g and split equally: a
  member's pay is r·T/N·1{T ≥ g}, whose expectation is (r/N)·(m·Φ(d) + σ√N·φ(d)) with
  m the total's mean; its slope in own effort is (r/N)·(Φ(d) + g·φ(d)/(σ√N)), so
  (r/N)·(Φ(√N·e/σ) + g·φ(√N·e/σ)/(σ√N)) = e.

Both left-hand sides fall in e, so each has one root. A member's pull on the team's
chance falls as 1/√N, and effort with it: at V = 2, σ = 1 the reward gives 0.647,
0.458, 0.289, 0.145 for N = 1, 2, 5, 20 (docs/behaviour-model.md derives these).
"""

from __future__ import annotations

import warnings
from functools import cache
from itertools import pairwise

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from perfkit.model.behaviour import TextbookProduction, solve
from perfkit.model.behaviour.pricer import engine_pricer
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import BehaviourSettings, Textbook

OFFSET = 100.0
SIZES = [1, 2, 5, 20]


def reward_equilibrium(n: int, value: float = 2.0, sigma: float = 1.0) -> float:
    s = sigma * np.sqrt(n)
    return brentq(lambda e: value * norm.pdf(n * e / s) / s - e, 0.0, 3.0)


def pool_equilibrium(n: int, rate: float, sigma: float = 1.0) -> float:
    s, goal = sigma * np.sqrt(n), n * OFFSET
    return brentq(
        lambda e: rate / n * (norm.cdf(n * e / s) + goal * norm.pdf(n * e / s) / s) - e, 0.0, 3.0
    )


@cache
def team_effort(size: int, kind: str) -> np.ndarray:
    """Efforts of identical risk-neutral agents in two teams of ``size`` (textbook mode)
    under a team-goal reward (``outing``) or a pool of 2% of the team total (``pool``)."""
    rule = outing(size) if kind == "outing" else share_pool(size, 0.02)
    traits = {"effort_cost": {"mean": 1.0, "cv": 0}, "risk_aversion": {"mean": 1e-9, "cv": 0},
              "noncash_value": {"mean": 1.0, "cv": 0}}  # fmt: skip
    pop = synthetic(agents=2 * size, teams=2, seed=1, traits=traits)
    sc = parse_scenario({"name": "team", "pay": {"base_salary": 0}, **rule}, source="team.yaml")
    prod = TextbookProduction(Textbook(noise_sd=1.0, offset=OFFSET, max_effort=3.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # settles to an ε-equilibrium
        policy = solve(pop, prod, engine_pricer(sc), BehaviourSettings(ce_tolerance=0.0),
                       ["2025-01"], seed=0)  # fmt: skip
    return policy.effort[0, policy.center]


def outing(size: int, value: float = 2.0) -> dict:
    to = {"team_goal_met": True, "team_goal": size * OFFSET}
    return {"non_cash": [{"reward": "team_outing", "to": to, "value_to_agent": value, "cost": 1}]}


def share_pool(size: int, rate: float) -> dict:
    return {"team": {"pool": {"kpi": "revenue", "target": size * OFFSET, "rate": rate,
                              "split": "equal"}}}  # fmt: skip


def test_the_reward_equilibrium_is_the_documented_figures() -> None:
    expected = [0.647, 0.458, 0.289, 0.145]
    assert [reward_equilibrium(n) for n in SIZES] == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("size", SIZES)
def test_a_team_goal_reward_gives_the_free_riding_equilibrium(size: int) -> None:
    effort = team_effort(size, "outing")
    assert effort.std() <= 0.01 * effort.mean()
    assert effort.mean() == pytest.approx(reward_equilibrium(size), rel=0.03)


@pytest.mark.parametrize("size", SIZES)
def test_a_team_pool_gives_the_free_riding_equilibrium(size: int) -> None:
    effort = team_effort(size, "pool")
    assert effort.std() <= 0.01 * effort.mean()
    assert effort.mean() == pytest.approx(pool_equilibrium(size, 0.02), rel=0.03)


def test_effort_falls_with_team_size() -> None:
    efforts = [team_effort(n, "outing").mean() for n in SIZES]
    assert all(a > b for a, b in pairwise(efforts))
    assert efforts[-1] < 0.3 * efforts[0]
