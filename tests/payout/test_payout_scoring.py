"""Scorecard attainment, points and score; targets; performance pay."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.payout import compute_statements
from perfkit.payout.scoring import attainment, linear_points, stepped_points, weighted_score
from perfkit.scheme import parse_scenario


def table(rows: list[dict]) -> pd.DataFrame:
    """KPI rows with defaults for the required columns."""
    defaults = {"team": "T1", "period": "2025-01", "dials": 100.0, "connected": 40.0}
    defaults.update({"orders": 5.0, "revenue": 0.0})
    return pd.DataFrame([{**defaults, **r} for r in rows])


def test_performance_pay_base_times_grade_coefficient():
    """Base 2,000, score 90, bands mapping 90 to a grade with coefficient 1.2 → 2,400."""
    sc = parse_scenario(
        {
            "name": "pp",
            "pay": {
                "base_salary": 4000,
                "performance_pay": {
                    "base": 2000,
                    "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.6},
                },
            },
            "scorecard": [{"kpi": "revenue", "weight": 100, "target": 100_000}],
            "grades": {"method": "bands", "bands": {"S": 110, "A": 90, "B": 70}, "below": "C"},
        }
    )
    out = compute_statements(table([{"agent_id": "A1", "revenue": 90_000.0}]), sc)
    assert out["score"].iloc[0] == pytest.approx(90.0)
    assert out["grade"].iloc[0] == "A"
    assert out["performance_pay"].iloc[0] == pytest.approx(2_400.0)
    assert out["total_pay"].iloc[0] == pytest.approx(6_400.0)


def test_band_edges_and_below_grade():
    sc = parse_scenario(
        {
            "name": "bands",
            "scorecard": [{"kpi": "revenue", "weight": 100, "target": 100, "cap": 2}],
            "grades": {"method": "bands", "bands": {"S": 110, "A": 95, "B": 80}, "below": "D"},
        }
    )
    revenue = [110.0, 109.99, 95.0, 80.0, 79.99, 0.0]
    out = compute_statements(
        table([{"agent_id": f"A{i}", "revenue": r} for i, r in enumerate(revenue)]), sc
    )
    assert out["grade"].tolist() == ["S", "A", "A", "B", "D", "D"]


def test_attainment_higher_and_lower_is_better():
    assert attainment(np.array([50.0, 150.0]), np.array([100.0, 100.0])) == pytest.approx(
        [0.5, 1.5]
    )
    # lower is better: each 1% worse than target costs 1%, never below 0
    got = attainment(np.array([0.0, 0.01, 0.015, 0.03]), np.full(4, 0.01), "lower")
    assert got == pytest.approx([2.0, 1.0, 0.5, 0.0])


def test_a_rate_over_no_activity_earns_no_credit():
    """No connects means no complaints per connect, but that must not be the best score."""
    sc = parse_scenario(
        {
            "name": "quality",
            "scorecard": [{"kpi": "complaint_rate", "weight": 100, "target": 0.01, "cap": 1.5}],
            "bonuses": [{"kpi": "complaint_rate", "at": 1.0, "amount": 300}],
        }
    )
    rows = [
        {"agent_id": "IDLE", "dials": 0.0, "connected": 0.0, "complaints": 0.0, "orders": 0.0},
        {"agent_id": "CLEAN", "connected": 40.0, "complaints": 0.0},
        {"agent_id": "POOR", "connected": 40.0, "complaints": 1.0},  # 2.5%: 2.5 × target
    ]
    out = compute_statements(table(rows), sc).set_index("agent_id")
    assert out.loc["IDLE", "attainment_complaint_rate"] == 0
    assert out.loc["IDLE", "score"] == 0 and out.loc["IDLE", "bonus"] == 0
    assert out.loc["CLEAN", "score"] == pytest.approx(150)  # 0 complaints: capped at 150%
    assert out.loc["CLEAN", "bonus"] == 300
    assert out.loc["POOR", "attainment_complaint_rate"] == 0  # 2 − 2.5, never below 0


def test_zero_target_is_met_by_zero_and_exceeded_by_more():
    got = attainment(np.array([0.0, 5.0]), np.array([0.0, 0.0]))
    assert got[0] == 1.0
    assert np.isinf(got[1])
    assert linear_points(got, cap=1.2) == pytest.approx([100.0, 120.0])


def test_linear_points_floor_and_cap():
    att = np.array([0.59, 0.6, 1.0, 1.3, -0.2])
    assert linear_points(att, floor=0.6, cap=1.2) == pytest.approx([0.0, 60.0, 100.0, 120.0, 0.0])


def test_stepped_points_take_the_highest_step_reached():
    steps = [(0.8, 60.0), (1.0, 100.0), (1.2, 120.0)]
    got = stepped_points(np.array([0.79, 0.8, 0.99, 1.0, 1.5]), steps)
    assert got == pytest.approx([0.0, 60.0, 60.0, 100.0, 120.0])


def test_scorecard_weighted_score_with_lower_is_better_item():
    sc = parse_scenario(
        {
            "name": "card",
            "scorecard": [
                {"kpi": "revenue", "weight": 60, "target": 10_000},
                {"kpi": "complaint_rate", "weight": 40, "target": 0.05},
            ],
        }
    )
    # revenue 80% → 80 points; complaints 3 of 40 connects = 0.075 → 2 − 1.5 = 50% → 50 points
    out = compute_statements(table([{"agent_id": "A1", "revenue": 8_000.0, "complaints": 3.0}]), sc)
    assert out["attainment_complaint_rate"].iloc[0] == pytest.approx(0.5)
    assert out["score"].iloc[0] == pytest.approx(0.6 * 80 + 0.4 * 50)


def test_team_weight_blends_score_with_team_mean():
    sc = parse_scenario(
        {
            "name": "team",
            "scorecard": [{"kpi": "revenue", "weight": 100, "target": 100, "cap": 3}],
            "team": {"weight": "40%"},
        }
    )
    rows = [
        {"agent_id": "A1", "revenue": 100.0},
        {"agent_id": "A2", "revenue": 200.0},
        {"agent_id": "A3", "revenue": 50.0, "team": "T2"},
    ]
    out = compute_statements(table(rows), sc)
    assert out["own_score"].tolist() == pytest.approx([100.0, 200.0, 50.0])
    assert out["score"].tolist() == pytest.approx(
        [0.6 * 100 + 0.4 * 150, 0.6 * 200 + 0.4 * 150, 50.0]
    )


# --------------------------------------------------------------------------- targets
def test_goal_split_equally_per_team():
    sc = parse_scenario(
        {
            "name": "goal",
            "scorecard": [
                {
                    "kpi": "revenue",
                    "weight": 100,
                    "target": {"goal": 30_000, "per": "team", "split": "equal"},
                }
            ],
        }
    )
    rows = [
        {"agent_id": "A1", "revenue": 10_000.0},
        {"agent_id": "A2", "revenue": 5_000.0},
        {"agent_id": "A3", "revenue": 0.0},
        {"agent_id": "B1", "team": "T2", "revenue": 15_000.0},
    ]
    out = compute_statements(table(rows), sc)
    assert out["attainment_revenue"].tolist() == pytest.approx([1.0, 0.5, 0.0, 0.5])


def test_goal_split_by_capacity_column_and_by_dials():
    rule = {"goal": 1_000, "split": "capacity"}
    sc = parse_scenario(
        {"name": "cap", "scorecard": [{"kpi": "orders", "weight": 100, "target": rule}]}
    )
    rows = [
        {"agent_id": "A1", "orders": 250.0, "dials": 300.0},
        {"agent_id": "A2", "orders": 250.0, "dials": 100.0},
    ]
    by_dials = compute_statements(table(rows), sc)
    # targets 750 and 250
    assert by_dials["attainment_orders"].tolist() == pytest.approx([250 / 750, 1.0])
    with_capacity = table(rows).assign(capacity=[1.0, 1.0])
    assert compute_statements(with_capacity, sc)["attainment_orders"].tolist() == pytest.approx(
        [0.5, 0.5]
    )


def test_history_target_is_own_mean_times_stretch():
    rule = {"split": "history", "stretch": 1.1}
    sc = parse_scenario(
        {"name": "hist", "scorecard": [{"kpi": "revenue", "weight": 100, "target": rule}]}
    )
    rows = [
        {"agent_id": "A1", "period": "2025-01", "revenue": 100.0},
        {"agent_id": "A1", "period": "2025-02", "revenue": 300.0},
        {"agent_id": "A2", "period": "2025-01", "revenue": 50.0},
    ]
    out = compute_statements(table(rows), sc)
    assert out["attainment_revenue"].tolist() == pytest.approx([100 / 220, 300 / 220, 50 / 55])


# --------------------------------------------------------------------------- invariants
@settings(max_examples=100, deadline=None)
@given(
    actual=st.lists(st.floats(0, 1e6), min_size=1, max_size=20),
    target=st.floats(1.0, 1e6),
    k=st.floats(0.01, 1000.0),
    direction=st.sampled_from(["higher", "lower"]),
)
def test_points_unchanged_when_kpi_and_target_scale_together(actual, target, k, direction):
    a = np.array(actual)
    base = linear_points(attainment(a, np.full(a.size, target), direction), floor=0.5, cap=1.2)
    scaled = linear_points(
        attainment(a * k, np.full(a.size, target * k), direction), floor=0.5, cap=1.2
    )
    assert scaled == pytest.approx(base, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    points=st.lists(st.floats(0, 150), min_size=1, max_size=6),
    raw=st.lists(st.floats(0.1, 10), min_size=6, max_size=6),
    k=st.floats(0.01, 100),
)
def test_score_invariant_to_scaling_weights_then_renormalising(points, raw, k):
    w = np.array(raw[: len(points)])
    pts = [np.array([p]) for p in points]
    normal = w / w.sum() * 100
    rescaled = (w * k) / (w * k).sum() * 100
    assert weighted_score(pts, list(rescaled)) == pytest.approx(weighted_score(pts, list(normal)))


@settings(max_examples=25, deadline=None)
@given(
    revenue=st.lists(st.floats(0, 50_000), min_size=2, max_size=8),
    k=st.sampled_from([0.001, 0.5, 3.0, 1000.0]),
)
def test_engine_score_unchanged_when_revenue_and_target_scale(revenue, k):
    def scenario(target):
        return parse_scenario(
            {
                "name": "s",
                "scorecard": [
                    {"kpi": "revenue", "weight": 70, "target": target, "floor": 0.5},
                    {"kpi": "connect_rate", "weight": 30, "target": 0.3},
                ],
            }
        )

    rows = [{"agent_id": f"A{i}", "revenue": r} for i, r in enumerate(revenue)]
    base = compute_statements(table(rows), scenario(20_000.0))
    scaled_rows = [{**r, "revenue": r["revenue"] * k} for r in rows]
    scaled = compute_statements(table(scaled_rows), scenario(20_000.0 * k))
    assert scaled["score"].to_numpy() == pytest.approx(base["score"].to_numpy(), abs=1e-6)
