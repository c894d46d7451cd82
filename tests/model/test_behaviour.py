"""The behavioural engine reproduces the textbook before it is rich.

Textbook mode: output = effort + normal noise, cost c·e²/2, CARA with r, so the
closed forms of Holmström–Milgrom (1987, 1991) and the team-share dilution must come
out of the same best-response machinery that prices real schemes. Pay functions here
are the tests' own, so these checks do not depend on the payout engine.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize_scalar

from perfkit.core.errors import ConvergenceError
from perfkit.model.behaviour import ConvergenceWarning, Pricer, TextbookProduction, solve
from perfkit.model.behaviour.pricer import scenario_coupling, scenario_cycle
from perfkit.model.funnel import Choice, Funnel, count, quality_index
from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.scheme.population import (
    BehaviourSettings,
    FunnelRates,
    Mentoring,
    Simulation,
    Textbook,
)
from perfkit.simulate import simulate
from tests.conftest import SCENARIOS

OFFSET = 100.0


def textbook_population(agents: int = 8, teams: int = 1, c: float = 1.0, r: float = 2.0):
    return synthetic(
        agents=agents,
        teams=teams,
        seed=1,
        traits={"effort_cost": {"mean": c, "cv": 0}, "risk_aversion": {"mean": r, "cv": 0}},
    )


def linear(b: float, s: float = 0.0, kpi: str = "revenue") -> Pricer:
    return Pricer(lambda k: pd.DataFrame({"total_pay": s + b * k[kpi].to_numpy()}))


def solve_textbook(pricer, pop=None, tasks=1, noise=1.0, periods=("2025-01",), **settings):
    prod = TextbookProduction(Textbook(noise_sd=noise, offset=OFFSET, tasks=tasks, max_effort=3.0))
    beh = BehaviourSettings(**{"ce_tolerance": 0.0, **settings})
    return solve(pop or textbook_population(), prod, pricer, beh, list(periods), seed=0)


# --------------------------------------------------------------------------- textbook
@pytest.mark.parametrize(("b", "c"), [(0.2, 1.0), (0.5, 1.0), (0.9, 1.0), (0.6, 2.0), (1.5, 0.8)])
def test_effort_is_b_over_c_under_linear_pay(b: float, c: float) -> None:
    policy = solve_textbook(linear(b), textbook_population(c=c))
    assert policy.effort[0, policy.center] == pytest.approx(np.full(8, b / c), abs=1e-3)


def test_best_linear_rate_is_recovered_by_a_search_over_b() -> None:
    r, c, sigma, outside = 2.0, 1.0, 1.0, 0.0
    pop = textbook_population(agents=20, c=c, r=r)
    sc = parse_scenario({"name": "textbook"})
    settings = Simulation(
        production="textbook",
        textbook={"noise_sd": sigma, "offset": OFFSET, "max_effort": 3.0},
        attrition={"enabled": False},
        behaviour={"ce_tolerance": 0.0},
    )

    def profit(b: float) -> float:
        res = simulate(
            sc, runs=200, seed=5, periods=1, population=pop, settings=settings, pay=linear(b)
        )
        a = res.agents
        output = (a["revenue"] - OFFSET).mean()
        var_pay = a.groupby("agent_id", observed=True)["total_pay"].var(ddof=0).mean()
        effort = a["effort"].mean()
        # the fixed salary s is set so the agent's certainty equivalent equals the outside option
        return output - outside - 0.5 * r * var_pay - 0.5 * c * effort**2

    best = minimize_scalar(
        lambda b: -profit(b), bounds=(0.02, 1.0), method="bounded", options={"xatol": 1e-4}
    )
    assert best.x == pytest.approx(1 / (1 + r * c * sigma**2), abs=0.02)


def team_share(b: float, lam: float) -> Pricer:
    def pay(k: pd.DataFrame) -> pd.DataFrame:
        y = k["revenue"].to_numpy()
        mean = k.groupby(["run", "period", "team"], observed=True)["revenue"].transform("mean")
        return pd.DataFrame({"total_pay": b * ((1 - lam) * y + lam * mean.to_numpy())})

    return Pricer(pay, coupling="team")


@pytest.mark.parametrize("size", [1, 2, 4, 8])
def test_team_share_scales_effort_by_one_minus_lambda_plus_lambda_over_n(size: int) -> None:
    b, lam = 0.8, 0.6
    pop = textbook_population(agents=3 * size, teams=3)
    policy = solve_textbook(team_share(b, lam), pop)
    expected = b * ((1 - lam) + lam / size)
    assert policy.effort[0, policy.center] == pytest.approx(np.full(3 * size, expected), abs=2e-3)


def test_two_tasks_more_weight_on_dials_raises_dials_and_lowers_quality() -> None:
    rho, b2 = 0.5, 0.5
    out = {}
    for b1 in (0.4, 0.7):
        pay = Pricer(
            lambda k, b1=b1: pd.DataFrame({"total_pay": b1 * k["dials"] + b2 * k["satisfaction"]})
        )
        pol = solve_textbook(pay, tasks=2, max_iterations=40, tolerance=1e-3)
        e, a = pol.effort[0, pol.center], pol.quality[0, pol.center]
        out[b1] = (e * (1 - a), e * a)
        t1 = (b1 - rho * b2) / (1 - rho**2)
        t2 = (b2 - rho * b1) / (1 - rho**2)
        assert out[b1][0] == pytest.approx(np.full(8, t1), abs=0.03)
        assert out[b1][1] == pytest.approx(np.full(8, t2), abs=0.03)
    assert out[0.7][0].mean() > out[0.4][0].mean()  # more dials
    assert out[0.7][1].mean() < out[0.4][1].mean()  # less conversation quality (satisfaction)


def test_unsettled_best_responses_raise_or_warn_naming_the_period() -> None:
    """Without the smooth step (``refine_width: 0``) one iteration leaves effort unsettled;
    with it, a private plan's effort is settled afresh on the finer draws (b/c here)."""
    coarse = {"max_iterations": 1, "refine_width": 0.0}
    with pytest.raises(ConvergenceError, match="2025-01"):
        solve_textbook(linear(0.5), **coarse, on_nonconvergence="raise")
    with pytest.warns(ConvergenceWarning, match="did not settle"):
        solve_textbook(linear(0.5), **coarse)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        policy = solve_textbook(linear(0.5), **coarse, on_nonconvergence="note")
        assert policy.notes and not policy.converged.all()
        smooth = solve_textbook(linear(0.5), max_iterations=1, on_nonconvergence="raise")
    assert smooth.converged.all() and not smooth.notes
    assert smooth.effort[0, smooth.center] == pytest.approx(np.full(8, 0.5), abs=1e-3)


# --------------------------------------------------------------------------- funnel
def funnel() -> Funnel:
    return Funnel(FunnelRates(), 0.3, Mentoring())


def traits(n: int = 1) -> dict[str, np.ndarray]:
    return {
        "skill": np.ones(n),
        "capacity": np.full(n, 4500.0),
        "connect_rate": np.full(n, 0.27),
        "order_value": np.full(n, 2500.0),
    }


def test_counts_have_the_requested_mean_and_variance() -> None:
    z = np.random.default_rng(0).standard_normal(400_000)
    for mu, phi in [(2.0, 1.0), (10.0, 1.4), (400.0, 0.7)]:
        x = count(np.full(z.size, mu), z, phi)
        assert x.mean() == pytest.approx(mu, rel=0.03)
        assert x.var() == pytest.approx(phi * mu, rel=0.15)


def test_funnel_at_the_reference_matches_the_rates_and_peaks_revenue() -> None:
    f, t = funnel(), traits()
    z = np.zeros((f.shocks, 1))

    def orders(effort: float, quality: float) -> float:
        return float(
            f.expected_orders(t, Choice(np.array([effort]), np.array([quality]), np.zeros(1)))[0]
        )

    r = f.rates
    assert orders(1.0, 0.3) == pytest.approx(
        4500 * 0.27 * r.effective_share * r.intent_rate * r.order_rate
    )
    assert orders(1.0, 0.3) > max(
        orders(1.0, 0.2), orders(1.0, 0.4)
    )  # revenue ∝ (1 − a)·a^γ peaks at a_ref
    assert orders(1.2, 0.3) == pytest.approx(1.2 * orders(1.0, 0.3))
    k = f.kpis(t, Choice(np.ones(1), np.full(1, 0.3), np.zeros(1)), z)
    assert k["dials"][0] == pytest.approx(4500, rel=0.01)
    assert set(k) >= {
        "dials",
        "connected",
        "orders",
        "revenue",
        "collected",
        "qa_score",
        "peer_score",
    }


def test_more_quality_means_fewer_complaints_and_happier_customers_with_the_same_shocks() -> None:
    f, t = funnel(), traits(50_000)
    z = np.random.default_rng(1).standard_normal((14, 50_000))
    fast = f.kpis(t, Choice(np.ones(1), np.full(1, 0.15), np.zeros(1)), z)
    careful = f.kpis(t, Choice(np.ones(1), np.full(1, 0.45), np.zeros(1)), z)
    assert fast["dials"].mean() > careful["dials"].mean()
    assert (
        fast["complaints"].sum() / fast["connected"].sum()
        > careful["complaints"].sum() / careful["connected"].sum()
    )
    assert fast["satisfaction"].mean() < careful["satisfaction"].mean()
    assert fast["qa_score"].mean() < careful["qa_score"].mean()
    assert (
        fast["refunds"].sum() / fast["revenue"].sum()
        > careful["refunds"].sum() / careful["revenue"].sum()
    )
    assert quality_index(np.array([0.3]), 0.3)[0] == 1.0


def test_mentoring_pay_raises_help_and_new_hires_orders() -> None:
    sc = parse_scenario({"name": "mentoring"})
    pop = synthetic(agents=60, teams=6, seed=2, traits={"tenure_months": 12.0})

    def pay(per_credit: float) -> Pricer:
        return Pricer(
            lambda k: pd.DataFrame(
                {"total_pay": 0.03 * k["revenue"] + per_credit * k["collaboration_credit"]}
            )
        )

    settings = Simulation(attrition={"enabled": False})
    results = {
        x: simulate(sc, runs=20, seed=3, periods=2, population=pop, settings=settings, pay=pay(x))
        for x in (0.0, 300.0)
    }
    mentors = {x: r.agents[r.agents["tenure_months"] >= 12] for x, r in results.items()}
    mentees = {x: r.agents[r.agents["tenure_months"] < 6] for x, r in results.items()}
    assert len(mentees[0.0]) > 0
    assert mentors[300.0]["help"].mean() > mentors[0.0]["help"].mean() + 0.02
    assert mentees[300.0]["assisted_orders"].mean() > mentees[0.0]["assisted_orders"].mean()
    assert mentees[300.0]["orders"].mean() > mentees[0.0]["orders"].mean()
    assert mentors[300.0]["collaboration_credit"].sum() > 0


# --------------------------------------------------------------------------- pricer facts
@pytest.mark.parametrize(
    ("name", "coupling", "cycle"),
    [
        ("current_flat_commission", "private", 1),
        ("expansion_team", "team", 1),
        ("forced_distribution", "team", 1),
        ("quarterly_quota_cliff", "private", 3),
    ],
)
def test_coupling_and_cycle_are_read_from_the_scheme(name: str, coupling: str, cycle: int) -> None:
    sc = load_scenario(SCENARIOS / f"{name}.yaml")
    assert scenario_coupling(sc) == coupling
    assert scenario_cycle(sc) == cycle
