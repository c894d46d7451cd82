"""Optimisation recovers the textbook optimum and respects constraints.

Holmström–Milgrom (1987): with output y = e + ε, ε ~ N(0, σ²), cost c·e²/2, CARA r and
linear pay s + b·y, the agent chooses e = b/c and, with the salary set so the agent
just accepts, the firm's best commission rate is b* = 1 / (1 + r·c·σ²). Here the
rate is a real scenario's flat commission priced by the payout engine.
"""

from __future__ import annotations

import pytest

from perfkit.analysis.optimize import Constraint, optimize
from perfkit.core.errors import ParameterError
from perfkit.scheme import parse_scenario

R, C, SIGMA, OFFSET = 2.0, 1.0, 1.0, 100.0

TEXTBOOK = {
    "name": "textbook linear commission",
    "population": {
        "source": "synthetic",
        "agents": 20,
        "teams": 1,
        "seed": 1,
        "traits": {"effort_cost": {"mean": C, "cv": 0}, "risk_aversion": {"mean": R, "cv": 0}},
    },
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.5},
    "simulation": {
        "production": "textbook",
        "textbook": {"noise_sd": SIGMA, "offset": OFFSET, "max_effort": 3.0},
        "attrition": {"enabled": False},
        "behaviour": {"ce_tolerance": 0.0},
    },
}


def surplus(result) -> float:
    """Firm profit when the salary makes the agent just accept (outside option 0).

    E[y] − c·e²/2 − r/2·Var(pay), measured from the simulation's own draws.
    """
    a = result.agents
    output = (a["revenue"] - OFFSET).mean()
    var_pay = a.groupby("agent_id", observed=True)["total_pay"].var(ddof=0).mean()
    effort = a["effort"].mean()
    return output - 0.5 * R * var_pay - 0.5 * C * effort**2


def test_recovers_the_best_linear_commission_rate() -> None:
    scenario = parse_scenario(TEXTBOOK)
    res = optimize(
        scenario,
        [("commission.rate", 0.02, 1.0)],
        objective=surplus,
        runs=200,
        seed=5,
        periods=1,
        maxiter=30,
        robustness_seeds=2,
    )
    b_star = 1 / (1 + R * C * SIGMA**2)
    assert res.best["commission.rate"] == pytest.approx(b_star, abs=0.03)
    assert res.scenario.commission.rate == pytest.approx(res.best["commission.rate"])
    assert res.feasible
    # the search path is recorded and the best is the best evaluated
    assert res.history["custom"].max() == pytest.approx(res.value)
    assert len(res.robustness) == 2
    assert res.at_bound == {} and res.bound_sentence() == ""  # an inner optimum


def test_a_binding_constraint_moves_the_optimum_to_its_edge() -> None:
    """Maximising revenue wants the highest rate; capping cost of sales holds it back."""
    scenario = parse_scenario(TEXTBOOK)
    free = optimize(
        scenario,
        [("commission.rate", 0.02, 1.0)],
        objective="revenue",
        runs=20,
        seed=1,
        periods=1,
        maxiter=15,
        robustness_seeds=1,
    )
    capped = optimize(
        scenario,
        [("commission.rate", 0.02, 1.0)],
        objective="revenue",
        runs=20,
        seed=1,
        periods=1,
        maxiter=25,
        constraints=["cost_of_sales <= 0.3"],
        robustness_seeds=1,
    )
    assert free.best["commission.rate"] > 0.9
    # an optimum at the end of the range searched is flagged: the best may lie beyond it
    assert free.at_bound == {"commission.rate": "high"} and capped.at_bound == {}
    said = free.best_scenario_doc()["description"]
    assert "commission.rate's optimum is at the high end of its search range (0.02 to 1)" in said
    assert free.optimum_doc()["at_bound"] == {"commission.rate": "high"}
    assert capped.feasible
    assert capped.best["commission.rate"] == pytest.approx(0.3, abs=0.02)  # pay ÷ revenue = rate


@pytest.mark.parametrize(
    ("text", "metric", "stat", "op", "bound"),
    [
        ("cost_of_sales <= 0.12", "cost_of_sales", "mean", "<=", 0.12),
        ("total_pay:p90<=6e5", "total_pay", "p90", "<=", 6e5),
        ("csat >= 4.4", "csat", "mean", ">=", 4.4),
    ],
)
def test_constraints_parse(text: str, metric: str, stat: str, op: str, bound: float) -> None:
    c = Constraint.parse(text)
    assert (c.metric, c.stat, c.op, c.bound) == (metric, stat, op, bound)
    values = {metric if stat == "mean" else f"{metric}:{stat}": bound * 1.5}
    assert (c.violation(values) > 0) == (op == "<=")


def test_bad_requests_are_parameter_errors() -> None:
    scenario = parse_scenario(TEXTBOOK)
    with pytest.raises(ParameterError, match="not of the form"):
        Constraint.parse("cost of sales < lots")
    with pytest.raises(ParameterError, match=r"low 1\.0 must be below high 0\.5"):
        optimize(scenario, [("commission.rate", 1.0, 0.5)])
    with pytest.raises(ParameterError, match="needs at least one"):
        optimize(scenario, [])
