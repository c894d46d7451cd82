"""Team-level rewards: a team outing for reaching the goal, a team prize by rank.

Closed forms: cost = heads × cost per head over qualifying teams; exactly N teams
for ``team_top: N``; a cash team bonus lands in ``team_bonus`` and the total. The
free-riding check solves best responses in textbook mode with the real payout
engine: a member's pull on the team total is 1/N of it, so effort falls with N.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.core.errors import ScenarioError
from perfkit.model.behaviour import TextbookProduction, solve
from perfkit.model.behaviour.pricer import engine_pricer, scenario_coupling
from perfkit.model.population import synthetic
from perfkit.payout import compute_statements
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import BehaviourSettings, Textbook
from perfkit.words.report.rewards import _rule


def table(revenue_by_team: dict[str, list[float]], periods=("2025-01",)) -> pd.DataFrame:
    rows = []
    for p in periods:
        for team, revenues in revenue_by_team.items():
            for i, r in enumerate(revenues):
                rows.append({"agent_id": f"{team}-{i}", "team": team, "period": p,
                             "dials": 1000, "connected": 300, "orders": 5, "revenue": r})  # fmt: skip
    return pd.DataFrame(rows)


def scenario(*rewards: dict, pool: dict | None = None):
    raw = {"name": "team rewards", "pay": {"base_salary": 4000}, "non_cash": list(rewards)}
    if pool:
        raw["team"] = {"pool": pool}
    return parse_scenario(raw, source="team.yaml")


OUTING = {"reward": "team_outing", "to": {"team_goal_met": True, "team_goal": 100000},
          "value_to_agent": 600, "cost": 400}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(0, 60000, allow_nan=False), min_size=1, max_size=9),
        min_size=1,
        max_size=6,
    )
)
def test_outing_cost_is_heads_times_cost_per_head_of_teams_that_reach_the_goal(teams):
    kpis = table({f"T{i}": r for i, r in enumerate(teams)})
    st_ = compute_statements(kpis, scenario(OUTING))
    qualifying = [r for r in teams if sum(r) >= 100000]
    assert st_["non_cash_cost"].sum() == pytest.approx(400 * sum(len(r) for r in qualifying))
    assert st_["non_cash_value"].sum() == pytest.approx(600 * sum(len(r) for r in qualifying))
    for i, r in enumerate(teams):  # all members or none
        got = st_.loc[st_["team"] == f"T{i}", "non_cash"].eq("team_outing")
        assert got.all() if sum(r) >= 100000 else not got.any()


def test_the_goal_defaults_to_the_team_pool_target():
    outing = {**OUTING, "to": {"team_goal_met": True}}
    sc = scenario(outing, pool={"kpi": "revenue", "target": 50000, "amount": 1000})
    st_ = compute_statements(table({"A": [30000, 25000], "B": [20000, 20000]}), sc)
    assert list(st_.groupby("team")["non_cash_cost"].sum()) == [800, 0]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_team_top_grants_exactly_n_teams_per_period_best_first(n):
    rank = {"reward": "champion_team", "to": f"team_top {n}", "value_to_agent": 300,
            "cost": 200, "cash_per_head": 150}  # fmt: skip
    revenue = {"A": [10, 20], "B": [50, 50, 50], "C": [40], "D": [30, 30]}  # totals 30, 150, 40, 60
    st_ = compute_statements(table(revenue, periods=("2025-01", "2025-02")), scenario(rank))
    granted = st_[st_["non_cash"] == "champion_team"]
    for _, g in granted.groupby("period"):
        assert sorted(g["team"].unique()) == sorted(["B", "D", "C"][:n])
    # the cash team bonus is in team_bonus and in the total, for every member granted
    assert (granted["team_bonus"] == 150).all()
    assert (st_.loc[st_["non_cash"] == "", "team_bonus"] == 0).all()
    assert np.allclose(st_["total_pay"], 4000 + st_["team_bonus"])


def test_equal_team_totals_are_ordered_by_revenue_then_first_agent():
    rank = {"reward": "r", "to": {"team_top": 1, "kpi": "orders"}}
    st_ = compute_statements(table({"A": [10, 10], "B": [30, 30]}), scenario(rank))
    assert set(st_.loc[st_["non_cash"] == "r", "team"]) == {"B"}  # same orders, more revenue


def test_lower_is_better_team_goal_means_at_most_the_goal():
    rule = {
        "reward": "clean_team",
        "to": {"team_goal_met": True, "kpi": "complaints", "team_goal": 2},
    }
    kpis = table({"A": [1, 1], "B": [1, 1]})
    kpis["complaints"] = [1, 1, 2, 1]
    st_ = compute_statements(kpis, scenario(rule))
    assert set(st_.loc[st_["non_cash"] == "clean_team", "team"]) == {"A"}


@pytest.mark.parametrize(
    ("to", "field", "message"),
    [
        ({"team_goal_met": True}, "non_cash[0].to.team_goal", "needs the team's goal"),
        ({"team_goal_met": False}, "non_cash[0].to", "write 'true'"),
        ({"team_top": 1, "team_goal": 5}, "non_cash[0].to", "only applies with team_goal_met"),
        ({"team_top": 1, "grade": "S"}, "non_cash[0].to", "exactly one of"),
    ],
)
def test_bad_team_rules_name_the_field(to, field, message):
    with pytest.raises(ScenarioError) as err:
        scenario({"reward": "x", "to": to})
    assert field in str(err.value) and message in str(err.value)


def test_a_goal_on_another_kpi_than_the_pool_needs_its_own_goal():
    outing = {**OUTING, "to": {"team_goal_met": True, "kpi": "orders"}}
    with pytest.raises(
        ScenarioError, match=r"non_cash\[0\]\.to\.kpi: 'orders' is not the team pool"
    ):
        scenario(outing, pool={"kpi": "revenue", "target": 50000, "amount": 1000})


def test_team_rules_couple_pay_to_teammates_and_read_in_words():
    assert scenario_coupling(scenario(OUTING)) == "team"
    assert scenario_coupling(scenario({"reward": "r", "to": "team_top 1"})) == "company"
    assert _rule(scenario(OUTING).non_cash[0].to, "zh") == "团队销售额达成目标 100,000的全体成员"
    assert "top 2 team(s)" in _rule(
        scenario({"reward": "r", "to": "team_top 2"}).non_cash[0].to, "en"
    )


OFFSET = 100.0


def textbook_effort(size: int, rule: dict) -> float:
    """Mean effort of identical risk-neutral agents in two teams of *size* (textbook mode)."""
    pop = synthetic(
        agents=2 * size, teams=2, seed=1,
        traits={"effort_cost": {"mean": 1.0, "cv": 0}, "risk_aversion": {"mean": 1e-6, "cv": 0},
                "noncash_value": {"mean": 1.0, "cv": 0}},
    )  # fmt: skip
    sc = parse_scenario({"name": "textbook", "pay": {"base_salary": 0}, **rule}, source="t.yaml")
    prod = TextbookProduction(Textbook(noise_sd=1.0, offset=OFFSET, max_effort=3.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # threshold rules settle to a damped average
        policy = solve(pop, prod, engine_pricer(sc), BehaviourSettings(ce_tolerance=0.0),
                       ["2025-01"], seed=0)  # fmt: skip
    return float(policy.effort[0, policy.center].mean())


def outing(size: int, value: float = 2.0) -> dict:
    """A team outing worth *value* to each member at a team total of size × (OFFSET + 1)."""
    to = {"team_goal_met": True, "team_goal": size * (OFFSET + 1)}
    return {"non_cash": [{"reward": "team_outing", "to": to, "value_to_agent": value, "cost": 1}]}


def test_free_riding_a_team_outing_pulls_less_effort_per_member_in_bigger_teams():
    """Alone, the best effort solves 2·φ(e − 1) = e: e = 0.779. In a team of N a member
    moves the team total by one of N noisy outputs, so the pull falls with N."""
    efforts = [textbook_effort(n, outing(n)) for n in (1, 3, 6)]
    assert efforts[0] == pytest.approx(0.779, abs=0.03)
    assert efforts[0] > efforts[1] > efforts[2]
    assert efforts[2] < 0.5 * efforts[0]


@pytest.mark.parametrize("size", [1, 3])
def test_an_outing_moves_effort_exactly_as_the_same_value_paid_as_a_team_pool(size):
    """Valued at 1 (taste 1, risk neutral), an outing worth V a head is a team pool of V·N
    split equally at the same goal: the solver must not tell them apart."""
    pool = {"team": {"pool": {"kpi": "revenue", "target": size * (OFFSET + 1),
                              "amount": 2.0 * size, "split": "equal"}}}  # fmt: skip
    assert textbook_effort(size, outing(size)) == pytest.approx(
        textbook_effort(size, pool), abs=1e-6
    )


def test_the_forecast_shows_the_outing_and_its_dilution_with_team_size():
    """simulate (the forecast) prices the outing like the solver: it raises effort, and
    less so in teams of 6 than in teams of 2."""
    from perfkit.scheme.population import Simulation
    from perfkit.simulate import simulate

    settings = Simulation(production="textbook",
                          textbook={"noise_sd": 1.0, "offset": OFFSET, "max_effort": 3.0},
                          attrition={"enabled": False}, behaviour={"ce_tolerance": 0.0})  # fmt: skip
    lift = {}
    for size in (2, 6):
        pop = synthetic(agents=12, teams=12 // size, seed=1,
                        traits={"effort_cost": {"mean": 1.0, "cv": 0},
                                "risk_aversion": {"mean": 1e-6, "cv": 0},
                                "noncash_value": {"mean": 1.0, "cv": 0}})  # fmt: skip
        base = parse_scenario({"name": "none", "pay": {"base_salary": 0}}, source="n.yaml")
        with_outing = parse_scenario({"name": "outing", "pay": {"base_salary": 0}, **outing(size)},
                                     source="o.yaml")  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs = [simulate(sc, runs=2, seed=0, periods=1, population=pop, settings=settings)
                    for sc in (base, with_outing)]  # fmt: skip
        effort = [r.agents["effort"].mean() for r in runs]
        lift[size] = effort[1] - effort[0]
        if size == 2:  # within reach: granted, and costed per head
            granted = runs[1].agents["non_cash"] == "team_outing"
            assert runs[1].agents["non_cash_cost"].sum() == pytest.approx(granted.sum())
    assert lift[2] > lift[6] > -1e-9
    assert lift[2] > 0.05
