"""Effort caps per agent: a population trait with a documented prior.

Each agent's highest effort is ``behaviour.max_effort`` (the legal and physical
ceiling, 1.45) × its ``population.traits.effort_cap`` share, drawn Beta(mean 0.9,
sd 0.05) by default: agents differ in the overtime they can work, between none (a cap
of 1.2, a share of 0.83) and all the law allows (a share of 1). Under a plan that asks
for more effort than the floor can give, agents stop at their own caps, spread over
many values, instead of piling up at one ceiling; ``{mean: 1, sd: 0}`` restores the
single ceiling.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from perfkit.core.errors import ParameterError
from perfkit.model.behaviour import engine_pricer, solve
from perfkit.model.behaviour.respond import production_for
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Beta, Simulation, Traits

DOC = Path(__file__).resolve().parents[2] / "docs" / "behaviour-model.md"
ONE_CAP = {"mean": 1.0, "sd": 0.0}


def test_caps_follow_their_documented_prior() -> None:
    assert Traits().effort_cap == Beta(mean=0.9, sd=0.05)
    share = synthetic(agents=20_000, teams=10, seed=4).traits["effort_cap"]
    assert share.mean() == pytest.approx(0.9, abs=0.002)
    assert share.std() == pytest.approx(0.05, abs=0.002)
    assert share.min() > 0.5 and share.max() <= 1.0  # caps of 0.73–1.45 × capacity
    assert np.quantile(share, [0.05, 0.95]) == pytest.approx([0.81, 0.97], abs=0.01)
    text = DOC.read_text(encoding="utf-8")
    assert "population.traits.effort_cap" in text and "mean 0.9, sd 0.05" in text


def test_one_cap_for_everyone_and_the_other_traits_do_not_move() -> None:
    default = synthetic(agents=50, teams=5, seed=2)
    single = synthetic(agents=50, teams=5, seed=2, traits={"effort_cap": ONE_CAP})
    assert (single.traits["effort_cap"] == 1.0).all()
    for k in default.traits:  # the caps are drawn on a stream of their own
        if k != "effort_cap":
            assert np.array_equal(default.traits[k], single.traits[k]), k


@pytest.mark.parametrize("cap", [{"mean": 0.9, "sd": 0.4}, {"mean": 1.2, "sd": 0.0}])
def test_a_bad_cap_prior_is_refused_naming_the_field(cap: dict) -> None:
    with pytest.raises(ParameterError, match=r"population\.traits\.effort_cap"):
        synthetic(agents=10, teams=1, traits={"effort_cap": cap})


def _steep_plan_efforts(traits: dict) -> tuple[np.ndarray, np.ndarray]:
    """Efforts and caps of 120 veterans under a 12% commission (more than the floor gives)."""
    sc = parse_scenario({"name": "steep", "pay": {"base_salary": 3000},
                         "commission": {"base": "revenue", "mode": "flat", "rate": 0.12}},
                        source="steep.yaml")  # fmt: skip
    sim = Simulation()
    pop = synthetic(agents=120, teams=6, seed=3, traits={"tenure_months": 24.0, **traits})
    prod = production_for(sim, pop)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        policy = solve(pop, prod, engine_pricer(sc), sim.behaviour, ["2025-01"], seed=0)
    return policy.effort[0, policy.center], np.broadcast_to(prod.cap(pop.traits), pop.n)


def test_a_floor_asked_for_too_much_stops_at_its_own_caps_not_at_one_ceiling() -> None:
    effort, cap = _steep_plan_efforts({})
    assert (effort <= cap + 1e-9).all()
    at_cap = np.isclose(effort, cap, atol=1e-6)
    assert at_cap.mean() > 0.3  # the plan asks for more than many can give ...
    assert np.unique(np.round(effort[at_cap], 3)).size > 0.8 * at_cap.sum()  # ... at many caps
    assert not np.isclose(effort, 1.45).any()
    single, _ = _steep_plan_efforts({"effort_cap": ONE_CAP})
    assert np.isclose(single, 1.45).mean() > 0.2  # one ceiling: a pile-up
