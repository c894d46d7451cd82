"""Pay cliffs and quarter ends priced right, at default settings.

Textbook mode (output = effort + normal noise, cost c·e²/2, risk-neutral agents):

- a lump-sum bonus B at a quota q: effort maximises B·Φ((e − q)/σ) − c·e²/2, and is 0
  (give up) where no effort is worth the bonus;
- a quarterly bonus paid on the quarter's total: the exact backward induction over the
  three months (a dynamic programme on cumulative output, computed here) says how hard
  an agent works in each month at each attainment so far — push when behind but within
  reach, ease off once the quota is safe, give up when far behind;
- identical agents face identical expected pay, so they choose identical efforts.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import norm

from perfkit.model.behaviour import Pricer, TextbookProduction, engine_pricer, solve
from perfkit.model.behaviour.respond import production_for
from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario
from perfkit.scheme.population import BehaviourSettings, Simulation, Textbook
from tests.conftest import SCENARIOS

OFFSET = 100.0
QUARTER = ["2025-01", "2025-02", "2025-03"]


def risk_neutral(agents: int = 6, c: float = 1.0):
    traits = {"effort_cost": {"mean": c, "cv": 0}, "risk_aversion": {"mean": 1e-9, "cv": 0}}
    return synthetic(agents=agents, teams=1, seed=1, traits=traits)


def settings(**kw) -> BehaviourSettings:
    """Defaults, except the money tolerance (textbook pay is in units, not yuan)."""
    return BehaviourSettings(**{"ce_tolerance": 0.0, **kw})


# --------------------------------------------------------------------------- a quota bonus
def quota_effort(q: float, bonus: float, sigma: float, c: float = 1.0) -> float:
    """argmax of B·Φ((e − q)/σ) − c·e²/2 over e ≥ 0 (0 when nothing beats giving up)."""

    def value(e: float) -> float:
        return bonus * norm.cdf((e - q) / sigma) - 0.5 * c * e * e

    best = max(
        (
            minimize_scalar(
                lambda e: -value(e), bounds=b, method="bounded", options={"xatol": 1e-6}
            )
            for b in [(0.0, q + 1e-9), (q, q + 4 * sigma + bonus)]
        ),
        key=lambda r: -r.fun,
    )
    return float(best.x) if value(best.x) > value(0.0) else 0.0


def quota_bonus(q: float, amount: float) -> Pricer:
    return Pricer(
        lambda k: pd.DataFrame({"total_pay": np.where(k["revenue"] - OFFSET >= q, amount, 0.0)})
    )


@pytest.mark.parametrize(
    ("bonus", "sigma", "q"),
    [(2.0, 0.5, q) for q in (0.2, 0.6, 1.0, 1.2, 2.0, 2.5)]
    + [(3.0, 0.3, q) for q in (0.4, 1.0, 1.6, 2.6)],
)
def test_a_quota_bonus_gives_the_closed_form_effort_including_giving_up(
    bonus: float, sigma: float, q: float
) -> None:
    prod = TextbookProduction(Textbook(noise_sd=sigma, offset=OFFSET, max_effort=3.0))
    policy = solve(risk_neutral(), prod, quota_bonus(q, bonus), settings(), ["2025-01"])
    effort = policy.effort[0, policy.center]
    expected = quota_effort(q, bonus, sigma)
    assert effort.std() <= 0.01 * max(effort.mean(), 1e-9)  # identical agents, one choice
    assert effort.mean() == pytest.approx(expected, abs=0.03 * max(expected, 0.5))


# --------------------------------------------------------------------------- a quarter
def backward_induction(bonus: float, quota: float, sigma: float, c: float = 1.0):
    """Exact optimal effort by month (1–3) as a function of cumulative output so far."""
    s = np.linspace(-4.0, quota + 8.0, 481)
    e = np.linspace(0.0, 3.0, 301)
    z = np.linspace(-5.0, 5.0, 161)
    w = norm.pdf(z) / norm.pdf(z).sum()
    value = bonus * (s >= quota)  # after the quarter: the bonus if the total reached the quota
    policy = {}
    for month in (3, 2, 1):
        nxt = s[:, None, None] + e[None, :, None] + sigma * z[None, None, :]
        q = (np.interp(nxt, s, value) * w).sum(-1) - 0.5 * c * e[None, :] ** 2
        best = q.argmax(axis=1)
        policy[month], value = e[best], q[np.arange(s.size), best]
    return s, policy


def quarter_policy(bonus: float, quota: float, sigma: float, states: list[float]):
    def pay(k: pd.DataFrame) -> pd.DataFrame:
        total = k.groupby(["run", "agent_id"], observed=True)["revenue"].transform("sum")
        last = k["period"].astype(str).str.endswith("-03")
        return pd.DataFrame({"total_pay": np.where(last & (total >= quota), bonus, 0.0)})

    prod = TextbookProduction(Textbook(noise_sd=sigma, offset=0.0, max_effort=3.0))
    return solve(risk_neutral(4), prod, Pricer(pay, cycle=3), settings(states=states), QUARTER)


@pytest.mark.parametrize(
    "states", [[0.6, 0.8, 1.0, 1.2, 1.4], [0.2, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 4.0]]
)
def test_quarter_choices_follow_the_exact_backward_induction(states: list[float]) -> None:
    bonus, quota, sigma = 3.0, 3.0, 0.4
    policy = quarter_policy(bonus, quota, sigma, states)
    s, exact = backward_induction(bonus, quota, sigma)
    reference = policy.revenue[:, 0]  # attainment states are measured against this path
    model, truth = [policy.effort[0, policy.center, 0]], [np.interp(0.0, s, exact[1])]
    for month in (2, 3):
        so_far = np.asarray(states) * reference[: month - 1].sum()
        model += list(policy.effort[month - 1, :, 0])
        truth += list(np.interp(so_far, s, exact[month]))
    model, truth = np.array(model), np.array(truth)
    # size: within 25%, or 0.15 effort units (a tenth of a typical effort) near effort 0
    assert np.all(np.abs(model - truth) <= np.maximum(0.25 * truth, 0.15)), (model, truth)
    # signs: the month-3 response to attainment has the exact programme's direction
    m3, t3 = model[-len(states):], truth[-len(states):]  # fmt: skip
    big = np.abs(np.diff(t3)) > 0.1
    assert np.all(np.sign(np.diff(m3))[big] == np.sign(np.diff(t3))[big])


def test_the_last_month_pushes_when_within_reach_and_eases_off_or_gives_up_otherwise() -> None:
    states = [0.2, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 4.0]
    policy = quarter_policy(3.0, 3.0, 0.4, states)
    last = dict(zip(states, policy.effort[2, :, 0], strict=True))
    first = policy.effort[0, policy.center, 0]
    assert last[0.2] < 0.05  # far behind: give up
    assert last[0.8] > first  # behind but within reach: push beyond the first month's effort
    assert last[4.0] < 0.05  # quota already made: ease off


# --------------------------------------------------------------------------- identical agents
IDENTICAL = {
    k: {"cv": 0}
    for k in (
        "skill",
        "capacity",
        "effort_cost",
        "baseline_effort",
        "risk_aversion",
        "noncash_value",
        "outside_option",
    )
} | {
    "helpfulness": {"mean": 0.3, "sd": 0},
    "effort_cap": {"mean": 0.9, "sd": 0},
    "tenure_months": 24.0,
}


def identical_floor(agents: int = 18, teams: int = 3):
    funnel = {"connect_rate": {"mean": 0.27, "sd": 0}, "order_value": {"mean": 2500, "cv": 0}}
    pop = synthetic(agents=agents, teams=teams, seed=1, traits=IDENTICAL, funnel=funnel)
    pop.traits["tenure"][:] = 24.0
    return pop


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("whole_amount_ladder", 0.01),
        ("quarterly_quota_cliff", 0.01),
        ("marginal_ladder", 0.01),
        ("quality_first", 0.01),
        ("expansion_team", 0.01),  # teammates meet at even draw offsets (draws.agent_draws)
        # ranks within a team or across the floor are priced in closed form over everyone's
        # noise (behaviour.conditional): identical agents, identical efforts (measured 0;
        # before, 0.8–1.7% and 1.2–3.5%)
        ("forced_distribution", 0.01),
        ("non_cash_rewards", 0.01),
    ],
)
def test_identical_agents_choose_the_same_effort(name: str, limit: float) -> None:
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    pop = identical_floor()
    sim = Simulation()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        policy = solve(pop, production_for(sim, pop), engine_pricer(scenario), sim.behaviour,
                       QUARTER, seed=0, mentoring=sim.mentoring, roles=pop.roles_for(scenario))  # fmt: skip
    effort = policy.effort[:, policy.center]
    assert np.all(effort.std(axis=1) <= limit * effort.mean(axis=1)), effort.std(axis=1)
