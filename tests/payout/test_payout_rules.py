"""Bonuses, team rules, deductions, guarantee, non-cash rewards, segments and roles."""

from __future__ import annotations

import pandas as pd
import pytest

from perfkit.payout import compute_statements
from perfkit.scheme import parse_scenario


def table(rows: list[dict]) -> pd.DataFrame:
    defaults = {"team": "T1", "period": "2025-01", "dials": 100.0, "connected": 40.0}
    defaults.update({"orders": 5.0, "revenue": 0.0})
    return pd.DataFrame([{**defaults, **r} for r in rows])


def scenario(**plan) -> object:
    return parse_scenario({"name": "rules", **plan})


# --------------------------------------------------------------------------- bonuses
def test_attainment_bonus_tiers_default_to_scorecard_target():
    sc = scenario(
        scorecard=[{"kpi": "revenue", "weight": 100, "target": 10_000}],
        bonuses=[{"type": "attainment", "kpi": "revenue", "tiers": [[1.0, 500], [1.3, 1200]]}],
    )
    revenue = [9_999.0, 10_000.0, 12_999.0, 13_000.0]
    out = compute_statements(
        table([{"agent_id": f"A{i}", "revenue": r} for i, r in enumerate(revenue)]), sc
    )
    assert out["bonus"].tolist() == [0.0, 500.0, 500.0, 1200.0]


def test_attainment_bonus_single_amount_with_own_target():
    sc = scenario(
        bonuses=[{"type": "attainment", "kpi": "orders", "target": 10, "at": "80%", "amount": 300}]
    )
    out = compute_statements(
        table([{"agent_id": "A1", "orders": 7.0}, {"agent_id": "A2", "orders": 8.0}]), sc
    )
    assert out["bonus"].tolist() == [0.0, 300.0]


def test_quarter_bonus_measures_the_quarter_and_pays_in_its_last_month():
    sc = scenario(
        bonuses=[
            {
                "type": "attainment",
                "kpi": "revenue",
                "target": 10_000,
                "amount": 900,
                "cycle": "quarter",
            }
        ]
    )
    rows = []
    for agent, monthly in (("A1", [12_000, 9_000, 9_000]), ("A2", [9_000, 9_000, 9_000])):
        for m, rev in zip(("2025-01", "2025-02", "2025-03"), monthly, strict=True):
            rows.append({"agent_id": agent, "period": m, "revenue": float(rev)})
    # A3 reaches the quarter target by February but has no March row: not paid
    rows += [{"agent_id": "A3", "period": m, "revenue": 20_000.0} for m in ("2025-01", "2025-02")]
    rows.append({"agent_id": "A1", "period": "2025-04", "revenue": 50_000.0})
    out = compute_statements(table(rows), sc)
    got = dict(zip(zip(out["agent_id"], out["period"], strict=True), out["bonus"], strict=True))
    assert got[("A1", "2025-03")] == 900.0  # 30,000 ≥ 3 × 10,000
    assert got[("A1", "2025-01")] == 0.0
    assert got[("A2", "2025-03")] == 0.0  # 27,000 < 30,000
    assert got[("A3", "2025-02")] == 0.0
    assert got[("A1", "2025-04")] == 0.0  # Q2 is not over yet


def test_rank_prizes_with_shared_ties():
    sc = scenario(bonuses=[{"type": "rank", "kpi": "revenue", "prizes": [1000, 500, 200]}])
    revenue = [50.0, 90.0, 70.0, 70.0, 10.0]
    out = compute_statements(
        table([{"agent_id": f"A{i}", "revenue": r} for i, r in enumerate(revenue)]), sc
    )
    # 90 wins 1,000; the two at 70 share 500 + 200
    assert out["bonus"].tolist() == [0.0, 1000.0, 350.0, 350.0, 0.0]


def test_rank_prizes_within_team_and_lower_is_better():
    sc = scenario(
        bonuses=[{"type": "rank", "kpi": "complaints", "prizes": [100], "within": "team"}]
    )
    rows = [
        {"agent_id": "A1", "complaints": 3.0},
        {"agent_id": "A2", "complaints": 1.0},
        {"agent_id": "B1", "team": "T2", "complaints": 5.0},
    ]
    assert compute_statements(table(rows), sc)["bonus"].tolist() == [0.0, 100.0, 100.0]


# --------------------------------------------------------------------------- team
def test_team_weight_blends_commission_and_keeps_its_total():
    sc = scenario(commission={"rate": 0.1}, team={"weight": 0.5})
    rows = [{"agent_id": "A1", "revenue": 1_000.0}, {"agent_id": "A2", "revenue": 3_000.0}]
    out = compute_statements(table(rows), sc)
    assert out["commission"].tolist() == pytest.approx([150.0, 250.0])


@pytest.mark.parametrize(
    ("split", "expected"),
    [
        ("equal", [500.0, 500.0, 0.0]),
        ("by_revenue", [250.0, 750.0, 0.0]),
        ("by_score", [400.0, 600.0, 0.0]),
    ],
)
def test_team_pool_splits(split, expected):
    sc = scenario(
        scorecard=[{"kpi": "orders", "weight": 100, "target": 10, "cap": 2}],
        team={"pool": {"kpi": "revenue", "target": 4_000, "amount": 1000, "split": split}},
    )
    rows = [
        {"agent_id": "A1", "revenue": 1_000.0, "orders": 4.0},
        {"agent_id": "A2", "revenue": 3_000.0, "orders": 6.0},
        {"agent_id": "B1", "team": "T2", "revenue": 3_999.0},
    ]
    assert compute_statements(table(rows), sc)["team_bonus"].tolist() == pytest.approx(expected)


def test_team_pool_rate_of_team_total():
    sc = scenario(team={"pool": {"target": 0, "rate": "1%", "split": "equal"}})
    rows = [{"agent_id": "A1", "revenue": 1_000.0}, {"agent_id": "A2", "revenue": 3_000.0}]
    assert compute_statements(table(rows), sc)["team_bonus"].tolist() == pytest.approx([20.0, 20.0])


def test_collaboration_pay():
    sc = scenario(collaboration={"mentor_per_order": 50, "mentee_per_order": 20})
    rows = [
        {"agent_id": "A1", "collaboration_credit": 3.0, "assisted_orders": 0.0},
        {"agent_id": "A2", "collaboration_credit": 0.0, "assisted_orders": 2.0},
    ]
    assert compute_statements(table(rows), sc)["collaboration"].tolist() == [150.0, 40.0]


# --------------------------------------------------------------------------- deductions, guarantee
def test_deductions_qa_complaints_and_activity():
    sc = scenario(
        deductions={
            "qa_below": {"line": 80, "amount": 300},
            "complaints": {"per_complaint": 50, "free": 2},
            "min_activity": {"kpi": "dials", "min": 100, "amount": 200},
        }
    )
    rows = [
        {"agent_id": "A1", "qa_score": 79.9, "complaints": 2.0, "dials": 100.0},
        {"agent_id": "A2", "qa_score": 80.0, "complaints": 5.0, "dials": 99.0},
    ]
    assert compute_statements(table(rows), sc)["deductions"].tolist() == [300.0, 350.0]


def test_non_recoverable_guarantee_is_a_gift():
    sc = scenario(
        pay={"base_salary": 3000, "guarantee": {"amount": 4000}}, commission={"rate": 0.1}
    )
    rows = [
        {"agent_id": "A1", "period": "2025-01", "revenue": 0.0},
        {"agent_id": "A1", "period": "2025-02", "revenue": 20_000.0},
    ]
    out = compute_statements(table(rows), sc)
    assert out["guarantee_topup"].tolist() == [1000.0, 0.0]
    assert out["total_pay"].tolist() == [4000.0, 5000.0]


def test_recoverable_draw_is_recovered_over_several_periods_without_going_below():
    sc = scenario(
        pay={"base_salary": 3000, "guarantee": {"amount": 4000, "recoverable": True}},
        commission={"rate": 0.1},
    )
    revenue = [0.0, 14_000.0, 14_000.0, 30_000.0]  # pay 3,000 / 4,400 / 4,400 / 6,000
    rows = [
        {"agent_id": "A1", "period": f"2025-0{i + 1}", "revenue": r} for i, r in enumerate(revenue)
    ]
    out = compute_statements(table(rows), sc)
    assert out["guarantee_topup"].tolist() == pytest.approx([1000.0, -400.0, -400.0, -200.0])
    assert out["total_pay"].tolist() == pytest.approx([4000.0, 4000.0, 4000.0, 5800.0])


# --------------------------------------------------------------------------- non-cash
def test_non_cash_grants_and_labels():
    sc = scenario(
        scorecard=[{"kpi": "revenue", "weight": 100, "target": 100, "cap": 2}],
        grades={"method": "bands", "bands": {"S": 150, "A": 100}, "below": "B"},
        non_cash=[
            {"reward": "training", "to": "grade S", "value_to_agent": 800, "cost": 500},
            {"reward": "champion", "to": "top 1", "value_to_agent": 300, "cost": 100},
            {"reward": "flexible_hours", "to": {"min_score": 100}, "value_to_agent": 50, "cost": 0},
        ],
    )
    revenue = [160.0, 120.0, 90.0, 170.0]
    out = compute_statements(
        table([{"agent_id": f"A{i}", "revenue": r} for i, r in enumerate(revenue)]), sc
    )
    assert out["non_cash"].tolist() == [
        "training;flexible_hours",
        "flexible_hours",
        "",
        "training;champion;flexible_hours",
    ]
    assert out["non_cash_value"].tolist() == [850.0, 50.0, 0.0, 1150.0]
    assert out["non_cash_cost"].tolist() == [500.0, 0.0, 0.0, 600.0]


# --------------------------------------------------------------------------- segments and roles
def test_segments_first_match_wins_and_merge_with_main_plan():
    sc = parse_scenario(
        {
            "name": "segments",
            "pay": {"base_salary": 4000},
            "commission": {"rate": 0.05},
            "segments": [
                {
                    "name": "new_hire",
                    "when": {"tenure_months_below": 3},
                    "plan": {"pay": {"base_salary": 3500, "guarantee": {"amount": 5000}}},
                },
                {
                    "name": "vip",
                    "when": {"agents": ["A1", "A3"]},
                    "plan": {"commission": {"rate": 0.1}},
                },
            ],
        }
    )
    rows = [
        {"agent_id": "A1", "tenure_months": 1.0, "revenue": 10_000.0},
        {"agent_id": "A2", "tenure_months": 12.0, "revenue": 10_000.0},
        {"agent_id": "A3", "tenure_months": 12.0, "revenue": 10_000.0},
        {"agent_id": "A4", "tenure_months": float("nan"), "revenue": 10_000.0},
    ]
    out = compute_statements(table(rows), sc)
    assert out["segment"].tolist() == ["new_hire", "main", "vip", "main"]
    assert out["base_salary"].tolist() == [3500.0, 4000.0, 4000.0, 4000.0]
    assert out["commission"].tolist() == pytest.approx([500.0, 500.0, 1000.0, 500.0])
    assert out["total_pay"].tolist() == pytest.approx([5000.0, 4500.0, 5000.0, 4500.0])


def test_split_credit_and_leader_override():
    sc = parse_scenario(
        {
            "name": "roles",
            "commission": {"rate": 0.1},
            "split_credit": {"shares": {"opener": 0.3, "closer": 0.7}},
            "leader_override": {"rate": "2%"},
        }
    )
    rows = [
        {"agent_id": "A1", "role": "opener", "revenue": 1_000.0, "shared_revenue": 2_000.0},
        {"agent_id": "A2", "role": "closer", "revenue": 0.0, "shared_revenue": 2_000.0},
        {"agent_id": "L1", "role": "team_leader", "revenue": 500.0},
        {"agent_id": "B1", "role": "closer", "team": "T2", "revenue": 9_000.0},
    ]
    out = compute_statements(table(rows).fillna({"shared_revenue": 0.0}), sc)
    # credited revenue: A1 1,000 + 600; A2 1,400; leader 500 (no share, no shared revenue)
    assert out["commission"].tolist() == pytest.approx([160.0, 140.0, 50.0, 900.0])
    # leader: 2% of the rest of T1's credited revenue (1,600 + 1,400)
    assert out["team_bonus"].tolist() == pytest.approx([0.0, 0.0, 60.0, 0.0])


def test_role_segment_gets_its_own_plan():
    sc = parse_scenario(
        {
            "name": "role plans",
            "pay": {"base_salary": 4000},
            "segments": [
                {
                    "name": "leaders",
                    "when": {"role": ["team_leader"]},
                    "plan": {"pay": {"base_salary": 7000}},
                }
            ],
        }
    )
    rows = [{"agent_id": "A1", "role": "closer"}, {"agent_id": "L1", "role": "team_leader"}]
    out = compute_statements(table(rows), sc)
    assert out["base_salary"].tolist() == [4000.0, 7000.0]
    assert out["segment"].tolist() == ["main", "leaders"]
