"""The seated solve computes own rows for the applicants alone (perfkit.model.behaviour.own_rows).

Theory the tests state: in the seated solve (perfkit.simulate.seated) a held seat's
certainty equivalent is a parabola at its choice, so its own rows are thrown away; an
applicant's pay reads the held seats of its unit through their base rows, and through
the own rows of the co-deviators of its slot. So computing own rows only for the
applicants and those co-deviators, every other held seat standing at its base rows,
must give the applicants exactly the choices, certainty equivalents and revenues of
computing every seat's own rows, on every kind of coupling: sums and counts against
fixed aggregates (team weight, pools), a smoothed team threshold, a rank within teams
(whole copies), a quarter's later months (the continuation), and teams larger than the
slots (held co-deviators).
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.model.behaviour import deviation, held
from perfkit.model.behaviour.own_rows import co_deviators
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.scheme.population import Hiring, Simulation
from perfkit.simulate import period_labels
from perfkit.simulate.hiring import roster
from perfkit.simulate.seated import solve_seated
from tests.simulate.test_newcomers import ALIKE, SETTINGS, plan

FLOOR = {**ALIKE, "agents": 60, "teams": 3}  # teams of 20: four rounds of 16 applicants
EQUAL = {"per_team_target": 60000, "amount": 1000, "split": "equal"}
BY_REVENUE = {**EQUAL, "split": "by_revenue"}
RANK = {"type": "rank", "kpi": "revenue", "prizes": [600], "within": "team"}
QUARTER = {"type": "attainment", "kpi": "revenue", "cycle": "quarter", "target": 30000,
           "amount": 2000}  # fmt: skip
CASES = {
    "team weight and equal pool": ({"team": {"weight": 0.5, "pool": EQUAL}}, 2, {}),
    "pool by revenue": ({"team": {"pool": BY_REVENUE}}, 2, {}),
    "rank prize within teams": ({"bonuses": [RANK]}, 2, {}),
    "team weight and a quarter bonus": (
        {"team": {"weight": 0.5}, "bonuses": [QUARTER]},
        3,
        {"states": [0.7, 1.0, 1.3]},
    ),
    "teams larger than the slots": ({"team": {"weight": 0.5, "pool": EQUAL}}, 2, {"slots": 8}),
}


def seated(extra: dict, periods: int, behaviour: dict) -> list[np.ndarray]:
    """Each round's applicant choices (effort, quality, help), CE and revenue."""
    settings = {**SETTINGS, "behaviour": {**SETTINGS["behaviour"], **behaviour}}
    pop, sim = synthetic(FLOOR), Simulation(**settings)
    response = respond(pop, plan("seated", FLOOR, **extra),
                       SolveSpec(sim, period_labels(periods, None), 3))  # fmt: skip
    rounds = solve_seated(pop, roster(pop, Hiring(), 3), response.production, response.pricer,
                          response.policy, sim.behaviour, sim, 3, 1.0, None, 1.0)  # fmt: skip
    choices = [np.stack([getattr(own, d)[..., c] for d in ("effort", "quality", "help")]) for own, c in rounds]  # fmt: skip
    return choices + [own.ce[:, c] for own, c in rounds] + [own.revenue[:, c] for own, c in rounds]


@pytest.mark.parametrize("case", list(CASES))
def test_own_rows_for_the_applicants_alone_give_their_choices_exactly(case, monkeypatch) -> None:
    extra, periods, behaviour = CASES[case]
    computed: list[int] = []  # agents whose own rows each period computed (of a table's)
    own_of = deviation.own_of

    def counted(table, w, choice, now, base, agents):
        computed.append(agents.size / table.pop.n)
        return own_of(table, w, choice, now, base, agents)

    monkeypatch.setattr(deviation, "own_of", counted)
    few = seated(extra, periods, behaviour)
    assert computed and max(computed) < 0.7  # the applicants' rows alone were computed
    monkeypatch.setattr(held, "marked", lambda table, wanted: table)  # every seat's own rows
    every = seated(extra, periods, behaviour)
    for a, b in zip(few, every, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)
    assert np.ptp(few[0][0]) > 0.01  # the applicants differ: the comparison has teeth


def test_co_deviators_share_a_slot_and_a_unit_with_a_wanted_agent() -> None:
    team = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    slot = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    wanted = np.zeros(8, dtype=bool)
    wanted[[0, 5]] = True
    assert np.flatnonzero(co_deviators(team, slot, "team", wanted)).tolist() == [0, 2, 5, 7]
    assert co_deviators(team, slot, "company", wanted).all()  # both slots hold one
    wanted[5] = False
    assert np.flatnonzero(co_deviators(team, slot, "company", wanted)).tolist() == [0, 2, 4, 6]
