"""The hires' seated solve skips work that cannot change the applicants' numbers.

Theory the tests state: in a seated solve (perfkit.simulate.seated) a held seat's
certainty equivalent is a parabola at its choice (perfkit.model.behaviour.held), so a
pricing call asked for held seats alone — the help searched for the incumbents' mentors,
whose mentees are the applicants; an applicant is no mentor in its first year — needs
no pricing table (``HeldOnly``). A monthly plan's periods are solved first to last and
a hire joins in period 1 at the earliest, so at tenure ≤ P − 2 it never plays the last
period, which is not solved (``seated.played``). Both must leave every number as the
whole work gives it, to the bit: the applicants' choices, certainty equivalents and
revenues, and a simulation's runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.model.behaviour import held
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.scheme.population import Hiring, Simulation
from perfkit.simulate import period_labels, seated, simulate
from perfkit.simulate.hiring import roster
from tests.simulate.test_newcomers import ALIKE, SETTINGS, plan

FLOOR = {**ALIKE, "agents": 40, "teams": 4}  # incumbents of 36 months: all mentors
HELPING = {k: v for k, v in SETTINGS.items() if k != "mentoring"}  # help is searched
TEAM = {"team": {"weight": 0.5, "pool": {"per_team_target": 60000, "amount": 1000, "split": "equal"}}}  # fmt: skip


def rounds(periods: int) -> list[np.ndarray]:
    """Every round's applicant choices (effort, quality, help), CE and revenue."""
    pop, sim = synthetic(FLOOR), Simulation(**HELPING)
    response = respond(pop, plan("seated", FLOOR, **TEAM), SolveSpec(sim, period_labels(periods, None), 3))  # fmt: skip
    out = seated.solve_seated(pop, roster(pop, Hiring(), 3), response.production, response.pricer,
                              response.policy, sim.behaviour, sim, 3, 1.0, None, 1.0)  # fmt: skip
    kept = lambda own, c: [getattr(own, d)[..., c] for d in ("effort", "quality", "help")]  # noqa: E731
    return [
        np.stack([*kept(own, c), own.ce[:, None, c], own.revenue[:, None, c]]) for own, c in out
    ]


def test_held_seats_alone_are_priced_without_the_table(monkeypatch) -> None:
    calls: list[int] = []
    price = held.HeldOnly.price
    monkeypatch.setattr(held.HeldOnly, "price", lambda self, *a: calls.append(1) or price(self, *a))
    cut = rounds(3)
    assert len(calls) >= 2 * 3  # the held mentors' help, every period of every round
    monkeypatch.setattr(held.HeldPricing, "among", lambda self, agents: self)  # the table
    whole = rounds(3)
    for a, b in zip(cut, whole, strict=True):
        np.testing.assert_array_equal(a, b)
    assert np.ptp(cut[0][0]) > 0.01  # the applicants differ: the comparison has teeth


def test_the_last_period_no_hire_plays_is_not_solved_and_the_others_stand(monkeypatch) -> None:
    cut = rounds(3)
    assert {r.shape[1] for r in cut} == {2}
    monkeypatch.setattr(
        seated, "played", lambda floor, production, policy, *_: list(policy.periods)
    )
    whole = rounds(3)
    assert {r.shape[1] for r in whole} == {3}
    for a, b in zip(cut, whole, strict=True):
        np.testing.assert_array_equal(a, b[:, :2])


def test_a_simulation_gives_the_same_runs_without_the_last_period(monkeypatch) -> None:
    """Hires fill seats in the runs and play their own solve: no hire reads the last period."""
    scenario = plan("runs", FLOOR, **TEAM)

    def run() -> pd.DataFrame:
        result = simulate(scenario, runs=3, seed=4, periods=4, settings=HELPING)
        hires = result.agents[result.agents["hire"] > 0]
        assert (hires["period"].cat.codes > 1).any()  # hires came and played their solve
        return result.runs

    cut = run()
    monkeypatch.setattr(
        seated, "played", lambda floor, production, policy, *_: list(policy.periods)
    )
    pd.testing.assert_frame_equal(cut, run(), check_exact=True)
