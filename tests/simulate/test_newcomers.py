"""New hires choose for themselves (perfkit.simulate.newcomers).

Theory the tests state: an agent's best response depends on its own problem only.
On a floor where agents differ in skill alone, a hire at tenure τ with skill s faces
exactly the problem of an incumbent with effective skill s × learning(τ) — same output
per unit of effort, same effort cost, cap and risk — *if the plan pays them alike*;
it must then choose the same effort. A ramp-up rule that pays new hires a higher
commission raises the marginal return to a hire's effort, so a hire then works
harder than that incumbent (and with a new-hire guarantee that pays the same whatever
it sells up to the guaranteed amount, less hard); so does a mentee's credit per assisted
order while the hire is a mentee. A hire never works past its own cap.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Hiring
from perfkit.simulate import simulate
from perfkit.simulate.hiring import roster

#: Agents alike in everything but skill (and tenure); many quits, so many hires.
ALIKE = {
    "agents": 150, "teams": 5, "seed": 2,
    "traits": {"skill": {"mean": 1.0, "cv": 0.3}, "capacity": {"mean": 4500, "cv": 0},
               "effort_cost": {"mean": 5000, "cv": 0}, "baseline_effort": {"mean": 0.8, "cv": 0},
               "risk_aversion": {"mean": 1e-4, "cv": 0}, "noncash_value": {"mean": 1, "cv": 0},
               "effort_cap": {"mean": 1, "sd": 0}, "tenure_months": 36},
    "funnel": {"connect_rate": {"mean": 0.27, "sd": 0}, "order_value": {"mean": 2500, "cv": 0}},
}  # fmt: skip
SETTINGS = {
    "behaviour": {"on_nonconvergence": "note"},
    "mentoring": {"boost": 0, "help_value": 0},
    "attrition": {"annual_rate": 0.6},
    "timing": {"share": 0},
}
PLAN = {
    "pay": {"base_salary": 3000},
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.05},
}


def plan(name: str, population: dict = ALIKE, **extra) -> object:
    return parse_scenario({"name": name, "population": population, **PLAN, **extra})


def new_hire_segment(plan_part: dict) -> list[dict]:
    return [{"name": "new hires", "when": {"tenure_months_below": 3}, "plan": plan_part}]


def hire_gap(result) -> tuple[np.ndarray, np.ndarray]:
    """Each hire row's effort ÷ the effort of incumbents (tenure ≥ 6) of the same effective
    skill in the same period (linear between them), and the hire's tenure."""
    a = result.agents
    pop = synthetic(ALIKE)
    eff = a["skill"].to_numpy() * pop.learning(a["tenure_months"].to_numpy())
    period = a["period"].cat.codes.to_numpy()
    hired = a["hire"].to_numpy() > 0
    vet = ~hired & (a["tenure_months"].to_numpy() >= 6)
    ratios, tenures = [], []
    for p in np.unique(period[hired]):
        mine, ref = hired & (period == p), vet & (period == p) & (a["run"].to_numpy() == 0)
        x, y = eff[ref], a["effort"].to_numpy()[ref]
        order = np.argsort(x)
        inside = mine & (eff > x.min()) & (eff < x.max())
        ratios.append(a["effort"].to_numpy()[inside] / np.interp(eff[inside], x[order], y[order]))
        tenures.append(a["tenure_months"].to_numpy()[inside])
    return np.concatenate(ratios), np.concatenate(tenures)


@pytest.fixture(scope="module")
def alike():
    return simulate(plan("alike"), runs=4, seed=3, periods=6, settings=SETTINGS)


def test_a_hire_paid_like_an_incumbent_works_like_one_of_its_effective_skill(alike) -> None:
    ratio, _ = hire_gap(alike)
    assert ratio.size > 30
    assert np.abs(ratio - 1).max() < 0.005


def test_a_richer_new_hire_rate_makes_hires_work_harder_than_incumbents() -> None:
    """Commission 10% instead of 5% below 3 months' tenure: hires in their first three
    months work harder than incumbents of their effective skill, later ones do not."""
    richer = plan("richer ramp", segments=new_hire_segment({"commission": {"rate": 0.10}}))
    ratio, tenure = hire_gap(simulate(richer, runs=4, seed=3, periods=6, settings=SETTINGS))
    assert (ratio[tenure < 3] > 1.05).all()
    assert np.abs(ratio[tenure >= 3] - 1).max() < 0.005


def test_a_new_hire_guarantee_makes_hires_work_less_hard() -> None:
    """A guarantee of 6,000 below 3 months: pay no longer rises with a hire's sales up to
    it, so hires in their first months work less than incumbents of their skill."""
    floor = plan("guarantee", segments=new_hire_segment({"pay": {"guarantee": {"amount": 6000}}}))
    ratio, tenure = hire_gap(simulate(floor, runs=4, seed=3, periods=6, settings=SETTINGS))
    assert np.median(ratio[tenure < 3]) < 0.95


@pytest.mark.parametrize(
    "extra",
    [{"commission": {"base": "revenue", "mode": "flat", "rate": 0.3}},
     {"commission": {"base": "revenue", "mode": "flat", "rate": 0.3}, "team": {"weight": 0.3}}],
    ids=["private: the pool alone", "team weight: seated on the floor"],
)  # fmt: skip
def test_hires_never_work_past_their_own_effort_cap(extra: dict) -> None:
    """Caps spread by agent (the default trait); a plan that asks for more than the floor
    can give. Each hire's effort ≤ max_effort × its own cap share."""
    traits = {**ALIKE["traits"], "effort_cap": {"mean": 0.9, "sd": 0.05}}
    floor = {**ALIKE, "agents": 60, "teams": 3, "traits": traits}
    steep = parse_scenario({"name": "steep", "population": floor, **PLAN, **extra})
    churn = {**SETTINGS, "attrition": {"annual_rate": 0.8, "floor_annual_rate": 0.6}}
    res = simulate(steep, runs=8, seed=3, periods=2, settings=churn)
    people = roster(synthetic(floor), Hiring(), 3)
    pool_skill = people.traits["skill"][people.n :]
    h = res.agents[res.agents["hire"] > 0]
    idx = np.abs(h["skill"].to_numpy()[:, None] - pool_skill[None, :]).argmin(axis=1)
    cap = 1.45 * people.traits["effort_cap"][people.n + idx]
    assert len(h) > 20
    assert (h["effort"].to_numpy() <= cap + 1e-9).all()
    assert (h["effort"].to_numpy() >= cap - 1e-6).any()  # the cap binds for some


def test_a_mentee_credit_makes_hires_work_harder_while_they_are_mentees() -> None:
    """协作奖励 per assisted order to the mentee (¥300): a hire's orders during its mentee
    months (tenure < 6) earn it more, so it works harder than without the credit; an
    incumbent past its mentee months is paid the same either way and chooses the same."""
    settings = {**SETTINGS, "mentoring": {}}  # mentors help, help lifts mentees' orders
    runs = {
        c: simulate(plan(f"credit {c}", collaboration={"mentee_per_order": c}), runs=4,
                    seed=3, periods=6, settings=settings).agents
        for c in (0.0, 300.0)
    }  # fmt: skip
    hires = {c: a[(a["hire"] > 0) & (a["tenure_months"] < 6)] for c, a in runs.items()}
    assert len(hires[0.0]) > 30 and len(hires[300.0]) > 30
    assert hires[300.0]["effort"].mean() > 1.05 * hires[0.0]["effort"].mean()
    keys = ["run", "period", "agent_id"]
    never = synthetic(ALIKE).agent_id[synthetic(ALIKE).tenure >= 6]  # never a mentee here
    vets = {c: a[(a["hire"] == 0) & a["agent_id"].isin(never)].set_index(keys)["effort"]
            for c, a in runs.items()}  # fmt: skip
    both = vets[0.0].index.intersection(vets[300.0].index)
    assert len(both) > 100
    assert np.allclose(vets[0.0][both], vets[300.0][both])
