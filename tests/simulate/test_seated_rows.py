"""The seated solve computes own rows for the applicants alone (perfkit.model.behaviour.own_rows).

Theory the tests state: in the seated solve (perfkit.simulate.seated) a held seat's
certainty equivalent is a parabola at its choice, so its own rows are thrown away; an
applicant's pay reads the held seats of its unit through their base rows, and through
the own rows of the co-deviators of its slot. So computing own rows only for the
applicants and those co-deviators, every other held seat standing at its base rows,
must give the applicants exactly the choices, certainty equivalents and revenues of
computing every seat's own rows, on every kind of coupling: sums and counts against
fixed aggregates (team weight, pools: their own rows paid alone, perfkit.payout.grid_own),
a smoothed team threshold, a rank within teams (whole copies), a quarter's later months
(the continuation), and teams larger than the slots (held co-deviators), forced grades within teams, a segment (whole copies).
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.model.behaviour import blocks, deviation, held
from perfkit.model.behaviour.own_rows import co_deviators
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.model.scale.limits import use
from perfkit.scheme.population import Hiring, Simulation
from perfkit.simulate import period_labels
from perfkit.simulate.hiring import roster
from perfkit.simulate.seated import solve_seated
from tests.simulate.test_newcomers import ALIKE, SETTINGS, new_hire_segment, plan

FLOOR = {**ALIKE, "agents": 60, "teams": 3}  # teams of 20: four rounds of 16 applicants
EQUAL = {"per_team_target": 60000, "amount": 1000, "split": "equal"}
BY_REVENUE = {**EQUAL, "split": "by_revenue"}
RANK = {"type": "rank", "kpi": "revenue", "prizes": [600], "within": "team"}
QUARTER = {"type": "attainment", "kpi": "revenue", "cycle": "quarter", "target": 30000,
           "amount": 2000}  # fmt: skip
COEF = {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.5}
FORCED = {
    "pay": {"base_salary": 3000, "performance_pay": {"base": 1500, "grade_coefficients": COEF}},
    "scorecard": [{"kpi": "revenue", "weight": 100, "target": 30000}],
    "grades": {
        "method": "forced",
        "shares": {"S": 10, "A": 30, "B": 40, "C": 20},
        "within": "team",
    },
}
#: The case paid on whole copies (a segment: the engine assigns rows to plans); the
#: others against fixed aggregates, the applicants' own rows alone (perfkit.payout.grid_own).
WHOLE_COPIES = "a new-hire segment"
RICHER = new_hire_segment({"commission": {"rate": 0.10}})
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
    "forced grades within teams": (FORCED, 2, {}),
    WHOLE_COPIES: ({"team": {"weight": 0.5}, "segments": RICHER}, 2, {}),
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

    paid_of, paid = deviation.paid_of, []

    def paying(*args):
        paid.append(True)
        return paid_of(*args)

    monkeypatch.setattr(deviation, "own_of", counted)
    monkeypatch.setattr(deviation, "paid_of", paying)
    few = seated(extra, periods, behaviour)
    assert computed and max(computed) < 0.7  # the applicants' rows alone were computed
    assert bool(paid) == (case != WHOLE_COPIES)  # and paid alone, against fixed aggregates
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


def test_the_applicants_rows_alone_price_the_same_in_blocks(monkeypatch) -> None:
    """Blocks of whole teams and part of the draws (a small budget) mark the same applicants
    (by their codes in the whole table): the choices of computing every row at one block."""
    extra, periods, behaviour = CASES["team weight and equal pool"]
    plan_blocks, cut = blocks.plan_blocks, []

    def counted(*args):
        cut.append(len(out := plan_blocks(*args)))
        return out

    monkeypatch.setattr(blocks, "plan_blocks", counted)
    with use(rows=3000):
        blocked = seated(extra, periods, behaviour)
    assert max(cut) > 3  # whole teams and parts of the draws
    monkeypatch.setattr(held, "marked", lambda table, wanted: table)
    whole = seated(extra, periods, behaviour)
    for a, b in zip(blocked, whole, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)
