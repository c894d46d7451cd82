"""The estimator simulates with the model the export was generated with.

On a synthetic plan change (perfkit.analysis.estimate.synthetic: the flat 3% commission,
then the marginal ladder), the estimator's panels (perfkit.analysis.estimate.panel) are
compared with the generator's own solve and runs at the true parameters:

- given every seat's true traits and the true funnel rates, the estimator's solve
  (perfkit.fit.calibration.effort: the history population, each plan solved over the
  export's months) gives the generator's policy, agent by agent and month by month, to
  5e-4 (the export rounds tenure to 0.01 month: a new hire's learning curve is steep),
  and its runs the generator's response
  statistic ``did_dials`` to 1e-4 on the same run seeds;
- the seats calibrated from the export at the true effort cost reproduce the export's
  dials at the choices they make: the calibration's fixed point has settled
  (perfkit.analysis.estimate.panel.STEPS). Two steps left the floor's level 1-1.5% high
  on the bundled design, and with it the response (agents higher on the ladder respond
  more): +0.002 in ``did_dials`` on each of five floors, which read as a ×1.2 effort
  cost (docs/estimation.md §3).

Without quits (and so without hires), so that both sides run the same seats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.moments import design
from perfkit.analysis.estimate.panel import at_cost, panel_runs, panel_spec, seats_at
from perfkit.analysis.estimate.run import spec_and_default
from perfkit.analysis.estimate.synthetic import plan_change_export
from perfkit.fit.calibration.effort import history_population, layout, plan_choices
from perfkit.fit.calibration.estimates import expected_kpis, prepared
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import UNOBSERVED, validated
from perfkit.payout.in_force import plan_history
from perfkit.scheme import load_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels
from tests.conftest import SCENARIOS

PLANS = ("current_flat_commission", "marginal_ladder")
TRUTH = 7000.0
AGENTS, TEAMS, MONTHS, CHANGE, SEED, RUNS = 48, 4, 6, 3, 2025, 4
OBSERVED = ("skill", "capacity", "connect_rate", "order_value")


@pytest.fixture(scope="module")
def floor():
    """The export, its true population, the generator's responses and the panel spec."""
    before, after = (load_scenario(SCENARIOS / f"{p}.yaml") for p in PLANS)
    sim = validated(Simulation, {"attrition": {"enabled": False}}, "simulation")
    df, pop = plan_change_export(
        before, after, agents=AGENTS, teams=TEAMS, months=MONTHS, change=CHANGE,
        traits={"effort_cost": {"mean": TRUTH}}, seed=SEED, settings=sim, names=PLANS,
    )  # fmt: skip
    spec = SolveSpec(sim, period_labels(MONTHS, "2025-01"), SEED)
    generator = {
        key: respond(pop, plan, spec) for key, plan in zip(PLANS, (before, after), strict=True)
    }
    source = "<synthetic plan change>"
    data, default = spec_and_default(before, source)
    kpis, plans = plan_history(df, default, source, None)
    rows = prepared(kpis, data)
    ps = panel_spec(rows, data, plans, sim, design(rows, plans, source), SEED, RUNS, 1)
    assert list(ps.est0.index) == list(pop.agent_id)  # the seats, in the generator's order
    return pop, generator, ps


@pytest.fixture(scope="module")
def estimator_at_truth(floor):
    """The estimator's solve of the seats with every true trait and the true funnel rates."""
    pop, _, ps = floor
    est = ps.est0.assign(**{k: pop.traits[k] for k in OBSERVED})
    truth = {k: pop.traits[k] for k in UNOBSERVED}
    lay = layout(ps.rows, est.index, False)
    seats = history_population(ps.rows, est, pop.rates, at_cost(ps.spec, TRUTH), truth, lay)
    responses: dict = {}
    _, production = plan_choices(ps.rows, est.index, seats, ps.plans, ps.sim, ps.seed,
                                 responses=responses)  # fmt: skip
    return seats, responses, production


def test_at_the_true_traits_the_estimators_policy_is_the_generators(floor, estimator_at_truth):
    pop, generator, _ = floor
    seats, responses, _ = estimator_at_truth
    np.testing.assert_allclose(seats.tenure, pop.tenure, atol=0.006)  # the export's rounding
    for key in PLANS:
        mine, theirs = responses[key].policy, generator[key].policy
        assert mine.effort.shape == theirs.effort.shape == (MONTHS, 1, AGENTS)
        for name in ("effort", "quality", "help"):
            np.testing.assert_allclose(getattr(mine, name), getattr(theirs, name), atol=5e-4)
    ladder, flat = (generator[k].policy.effort.mean() for k in reversed(PLANS))
    assert ladder - flat > 0.02  # the plans ask for different efforts: the check can fail


def test_at_the_true_traits_the_estimators_response_is_the_generators(floor, estimator_at_truth):
    pop, generator, ps = floor
    seats, responses, production = estimator_at_truth
    mine = panel_runs(ps, seats, responses, production, SEED)
    theirs = panel_runs(ps, pop, generator, generator[PLANS[0]].production, SEED)
    assert 0.02 < theirs[0]["did_dials"].mean() < 0.12  # the ladder raises dials
    np.testing.assert_allclose(mine[0]["did_dials"], theirs[0]["did_dials"], atol=1e-4)
    assert theirs[2] == pytest.approx(1.0, abs=0.01)  # the truth runs at the export's level


def test_the_calibrated_seats_reproduce_the_exports_dials_at_their_own_choices(floor):
    """The panel's calibration has reached its fixed point: the seats' capacity times the
    volume they choose (each row under its plan) gives the export's dials, in total to
    0.5% and seat by seat to 1.2% on average (two steps: 0.75% and 2.2%)."""
    _, _, ps = floor
    seats, _, _ = seats_at(ps, TRUTH)
    got, _ = plan_choices(ps.rows, ps.est0.index, seats, ps.plans, ps.sim, ps.seed)
    est = pd.DataFrame({k: seats.traits[k] for k in OBSERVED}, index=ps.est0.index)
    implied = expected_kpis(ps.rows, est, seats.rates, got)["dials"]
    actual = ps.rows["dials"].to_numpy(float)
    assert implied.sum() / actual.sum() == pytest.approx(1.0, abs=0.005)
    agent = layout(ps.rows, est.index, False).row_agent
    per_seat = np.bincount(agent, implied) / np.bincount(agent, actual)
    assert np.abs(np.log(per_seat)).mean() < 0.012
