"""Replacement hires in the estimator's spliced runs solve for themselves.

The estimator's synthetic exports and panels splice several plans' policies per month
and seat (perfkit.analysis.estimate.panel.splice). Their hires are the applicant pool
solved as hires under each plan, by the recipe a simulation uses
(perfkit.analysis.estimate.panel.hires_solver → perfkit.simulate.newcomers): a hire
plays the plan its seat is paid by, switching with the seat, as the incumbents do.

Stated here: an applicant's best response as a hire under private pay depends on its
own traits, its tenure and the plan, not on the seat or the calendar month. So a hire
in a seat after its switch chooses exactly (to 1e-9) what the same applicant at the
same tenure chooses in a plain simulation of the new plan on the same floor and seed;
a hire before the switch, or in a control team's seat after it, what it chooses under
the old plan; and the two plans (a 3% and a 6% commission) ask for clearly different
efforts, so reading the old plan's solve after the switch would fail the first check.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.panel import hires_solver, splice
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic, validated
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels, simulate
from perfkit.simulate.newcomers import Newcomers, OwnChoices, Spliced
from perfkit.simulate.runs import run_all

FLOOR = {"agents": 60, "teams": 4, "seed": 2, "traits": {"tenure_months": 36}}
SETTINGS = {
    "behaviour": {"on_nonconvergence": "note"},
    "attrition": {"annual_rate": 0.6},
    "timing": {"share": 0},
}
MONTHS, CHANGE, RUNS, SEED = 6, 3, 8, 4
PILOT = ["T1", "T3"]


def plan(rate: float) -> object:
    return parse_scenario({
        "name": f"flat {rate:.0%}", "population": FLOOR, "pay": {"base_salary": 3000},
        "commission": {"base": "revenue", "mode": "flat", "rate": rate},
    })  # fmt: skip


@pytest.fixture(scope="module")
def floor():
    pop = synthetic(FLOOR)
    sim = validated(Simulation, SETTINGS, "simulation")
    return pop, sim, period_labels(MONTHS, sim.start or pop.start)


@pytest.fixture(scope="module")
def spliced(floor):
    """A pilot: teams T1 and T3 switch from the 3% plan to the 6% plan in month 4."""
    pop, sim, labels = floor
    spec = SolveSpec(sim, labels, SEED)
    plans = [(p, respond(pop, p, spec)) for p in (plan(0.03), plan(0.06))]
    on_new = np.isin(pop.team, PILOT)
    code = ((np.arange(MONTHS)[:, None] >= CHANGE) & on_new[None, :]).astype(np.int64)
    policy = splice([response.policy for _, response in plans], code)
    production = plans[0][1].production
    own = hires_solver(pop, production, plans, code, spec)
    arrays = run_all(pop, production, policy, RUNS, SEED, sim.attrition, sim.mentoring, 12,
                     False, sim.hiring, None, own)  # fmt: skip
    R, P, N = arrays.shape
    hired = arrays.who >= N
    seat = np.broadcast_to(np.arange(N), (R, P, N))
    month = np.broadcast_to(np.arange(P)[:, None], (R, P, N))
    return pd.DataFrame({
        "skill": arrays.trait("skill")[hired], "tenure": arrays.tenure[hired],
        "effort": arrays.effort[hired], "new_plan": code[month[hired], seat[hired]] == 1,
    })  # fmt: skip


def plain(floor, rate: float) -> pd.DataFrame:
    """Each hire's effort in a plain simulation of one plan, by its applicant (skill) and tenure."""
    pop, sim, _ = floor
    a = simulate(plan(rate), runs=RUNS, seed=SEED, periods=MONTHS, population=pop,
                 settings=sim).agents  # fmt: skip
    a = a.loc[a["hire"] > 0]
    rows = pd.DataFrame({"skill": a["skill"].to_numpy(), "tenure": a["tenure_months"].to_numpy(),
                         "plain": a["effort"].to_numpy()})  # fmt: skip
    return rows.drop_duplicates(["skill", "tenure"])


@pytest.fixture(scope="module")
def old(floor):
    return plain(floor, 0.03)


@pytest.fixture(scope="module")
def new(floor):
    return plain(floor, 0.06)


def matched(hires: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    return hires.merge(reference, on=["skill", "tenure"], how="inner")


def test_a_hire_after_its_seats_switch_chooses_as_in_a_plain_simulation_of_the_new_plan(
    spliced, new, old
) -> None:
    after = spliced.loc[spliced["new_plan"]]
    got = matched(after, new)
    assert len(got) >= 30 and got["tenure"].nunique() >= 2
    assert np.abs(got["effort"] - got["plain"]).max() < 1e-9
    # the old plan's solve would not do: there the same hires work clearly less hard
    was = matched(after, old)
    assert len(was) >= 30
    ratio = was["effort"] / was["plain"]  # 1 only for a hire at its own cap under both plans
    assert ratio.median() > 1.05 and (ratio > 1.01).mean() > 0.9


def test_a_hire_on_the_old_plan_chooses_as_in_a_plain_simulation_of_it(spliced, old) -> None:
    """Every seat before the switch, and the control teams' seats after it."""
    got = matched(spliced.loc[~spliced["new_plan"]], old)
    assert len(got) >= 30
    assert np.abs(got["effort"] - got["plain"]).max() < 1e-9


def _own(level: float) -> OwnChoices:
    """Two solved periods of 3 applicants at one state: effort = level + applicant ÷ 10."""
    effort = np.broadcast_to(level + np.arange(3) / 10, (2, 1, 3)).copy()
    choices = {"effort": effort, "quality": effort * 0, "help": effort * 0}
    ce = np.broadcast_to(1000 * level + np.arange(3), (2, 3)).copy()
    return OwnChoices(choices, ce, ce * 0, np.ones(1), np.zeros(2, np.int64), 1.0)


def test_each_hire_reads_the_solve_of_its_own_seats_plan() -> None:
    """Seats 0 and 2 switch to plan 1 in period 1; seat 1 stays on plan 0."""
    code = np.array([[0, 0, 0], [1, 0, 1]])
    hires = Newcomers(Spliced((_own(1.0), _own(2.0)), code))
    policy = SimpleNamespace(cycle_start=np.arange(2))  # a monthly plan: each period its cycle
    seat, who = np.array([0, 1, 2, 2]), np.array([3, 4, 5, 3])  # roster codes: 3 incumbents
    before = hires.chosen(policy, 0, np.ones(4), who, np.zeros(4), 3, seat)
    after = hires.chosen(policy, 1, np.ones(4), who, np.ones(4), 3, seat)
    np.testing.assert_allclose(before["effort"], [1.0, 1.1, 1.2, 1.0])
    np.testing.assert_allclose(after["effort"], [2.0, 1.1, 2.2, 2.0])
    vacant = np.array([[True, True, False], [False, False, True]])  # run × seat
    ce = hires.joining(policy, 1, vacant)  # vacancy × applicant
    np.testing.assert_allclose(ce, [[2000, 2001, 2002], [1000, 1001, 1002], [2000, 2001, 2002]])
