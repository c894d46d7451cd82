"""The one solve recipe: simulate, calibration and estimation price a plan through
``respond``, so the model that fits an export is the model that forecasts.

What would be false if the recipe were copied: the policy a simulation applies is the
policy ``respond`` gives for the same population, scenario, periods and seed, to the
last bit; a quarterly plan is solved with three months a period; a plan whose targets
come from history is priced against the population's expected output at flat pay.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.model.behaviour import engine_pricer
from perfkit.model.behaviour.history import uses_history
from perfkit.model.behaviour.respond import SolveSpec, production_for, respond
from perfkit.model.funnel import Funnel
from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import simulate
from tests.conftest import SCENARIOS

POP = {"agents": 24, "teams": 3, "seed": 5}


def settings(scenario) -> Simulation:
    """The scenario's ``simulation:``, or the defaults simulate uses without one."""
    return scenario.simulation or Simulation()


@pytest.mark.parametrize("name", ["marginal_ladder", "quarterly_quota_cliff"])
def test_simulate_applies_the_policy_respond_solves(name):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    pop = synthetic(POP)
    result = simulate(scenario, population=pop, runs=2, periods=2, seed=3)
    quarterly = getattr(scenario, "period", "month") == "quarter"
    spec = SolveSpec(settings(scenario), result.policy.periods, 3, 3.0 if quarterly else 1.0)
    policy = respond(pop, scenario, spec).policy
    assert policy.periods == result.policy.periods
    for field in ("effort", "quality", "help", "ce", "revenue"):
        np.testing.assert_array_equal(getattr(policy, field), getattr(result.policy, field))


def test_a_different_seed_gives_a_different_solve():
    """The comparison above could pass vacuously if the solve ignored its inputs."""
    scenario = load_scenario(SCENARIOS / "marginal_ladder.yaml")
    pop = synthetic(POP)
    labels = ["2025-01", "2025-02"]
    a = respond(pop, scenario, SolveSpec(settings(scenario), labels, 0)).policy
    b = respond(pop, scenario, SolveSpec(settings(scenario), labels, 1)).policy
    assert not np.array_equal(a.ce, b.ce)


def test_production_follows_the_settings_and_the_months_per_period():
    pop = synthetic(POP)
    funnel = production_for(Simulation(), pop, 3.0)
    assert isinstance(funnel, Funnel)
    textbook = production_for(Simulation(production="textbook"), pop)
    assert not isinstance(textbook, Funnel)


def test_history_targets_are_priced_against_expected_output_at_flat_pay():
    """A synthetic population has no export: history-based targets read its expected
    output at flat pay, so the pricer is not the bare engine (which would read none)."""
    scenario = parse_scenario(
        {
            "name": "history target",
            "scorecard": [{"kpi": "revenue", "weight": 100, "target": {"split": "history"}}],
        }
    )
    assert uses_history(scenario)
    pop = synthetic(POP)
    response = respond(pop, scenario, SolveSpec(settings(scenario), ["2025-01"], 0))
    assert response.pricer.pay is not engine_pricer(scenario).pay
    plain = load_scenario(SCENARIOS / "marginal_ladder.yaml")
    bare = respond(pop, plain, SolveSpec(settings(plain), ["2025-01"], 0)).pricer
    assert bare.pay.__qualname__ == engine_pricer(plain).pay.__qualname__
