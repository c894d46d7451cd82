"""Stable paths: an agent whose problem does not change chooses the same effort every month.

A stationary agent under a monthly quota bonus B at quota q (textbook mode: output
= effort + σz, cost e²/2, risk neutral) faces the same problem every month, so its
best effort is the same every month: the argmax of B·Φ((e − q)/σ) − e²/2. The solver
re-solves agents whose skill moved on the learning curve (irrelevant in textbook
production, so their problem is still the same), which used to make efforts
alternate from month to month (a zig-zag of up to ±6% here).
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.model.behaviour import Pricer, TextbookProduction, solve
from perfkit.model.population import synthetic
from perfkit.scheme.population import BehaviourSettings, Textbook
from tests.model.test_behaviour_cliffs import OFFSET, quota_bonus, quota_effort

YEAR = [f"2025-{m:02d}" for m in range(1, 13)]


def new_hires(agents: int = 6):
    """Identical risk-neutral agents in their first month, so skill moves every month."""
    traits = {"effort_cost": {"mean": 1.0, "cv": 0}, "risk_aversion": {"mean": 1e-9, "cv": 0},
              "tenure_months": 1.0}  # fmt: skip
    pop = synthetic(agents=agents, teams=1, seed=1, traits=traits)
    pop.traits["tenure"][:] = 0.5
    return pop


@pytest.mark.parametrize(
    ("q", "bonus", "sigma"), [(1.0, 2.0, 0.5), (0.6, 2.0, 0.5), (1.2, 3.0, 0.3)]
)
def test_a_stationary_agent_under_a_monthly_quota_bonus_keeps_one_effort(q, bonus, sigma):
    prod = TextbookProduction(Textbook(noise_sd=sigma, offset=OFFSET, max_effort=3.0))
    pay: Pricer = quota_bonus(q, bonus)
    policy = solve(new_hires(), prod, pay, BehaviourSettings(ce_tolerance=0.0), YEAR, seed=0)
    path = policy.effort[:, policy.center]  # months × agents
    assert np.ptp(path, axis=0).max() <= 0.005 * path.mean(), path[:, 0]  # no zig-zag
    assert path.mean() == pytest.approx(quota_effort(q, bonus, sigma), rel=0.03)
