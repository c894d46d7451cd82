"""Forced distribution (强制分布): largest-remainder sizes and the two tie rules."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfkit.payout import compute_statements
from perfkit.payout.grades import largest_remainder
from perfkit.scheme import parse_scenario


def reference_sizes(n: int, points: list[int]) -> list[int]:
    """Largest remainder in exact arithmetic: whole parts, then +1 by largest fraction
    (the better grade first among equal fractions)."""
    quotas = [Fraction(p * n, 100) for p in points]
    sizes = [q.numerator // q.denominator for q in quotas]
    fracs = [q - s for q, s in zip(quotas, sizes, strict=True)]
    for k in sorted(range(len(points)), key=lambda k: (-fracs[k], k))[: n - sum(sizes)]:
        sizes[k] += 1
    return sizes


def forced(points: list[int], tie_rule: str = "exact", within: str = "company", team_weight=0.0):
    names = ["S", "A", "B", "C", "D"][: len(points)]
    return parse_scenario(
        {
            "name": "forced",
            "scorecard": [{"kpi": "revenue", "weight": 100, "target": 100, "cap": 100}],
            "grades": {
                "method": "forced",
                "shares": dict(zip(names, points, strict=True)),
                "tie_rule": tie_rule,
                "within": within,
            },
            "team": {"weight": team_weight},
        }
    )


def kpis(revenue, teams=None, periods=None, orders=None) -> pd.DataFrame:
    n = len(revenue)
    return pd.DataFrame(
        {
            "agent_id": [f"A{i:03d}" for i in range(n)],
            "team": teams or ["T1"] * n,
            "period": periods or ["2025-01"] * n,
            "dials": 100.0,
            "connected": 40.0,
            "orders": orders or [1.0] * n,
            "revenue": [float(r) for r in revenue],
        }
    )


def test_largest_remainder_examples():
    # 20/70/10 of 5: quotas 1, 3.5, 0.5 → 1, 3, 0 + one seat; equal fractions → better grade
    assert largest_remainder(np.array([5]), np.array([0.2, 0.7, 0.1])).tolist() == [[1, 4, 0]]
    # 0.7 × 10 is exactly 7 even though the float product is 7.000000000000001 or 6.99…
    assert largest_remainder(np.array([10]), np.array([0.2, 0.7, 0.1])).tolist() == [[2, 7, 1]]
    got = largest_remainder(np.array([0, 1, 7, 23]), np.array([0.1, 0.2, 0.4, 0.2, 0.1]))
    assert got.sum(axis=1).tolist() == [0, 1, 7, 23]
    assert got[3].tolist() == reference_sizes(23, [10, 20, 40, 20, 10])


def test_exact_ties_ordered_by_revenue_then_agent_id():
    sc = parse_scenario(
        {
            "name": "ties",
            "scorecard": [{"kpi": "orders", "weight": 100, "target": 10, "cap": 10}],
            "grades": {"method": "forced", "shares": {"A": 50, "B": 50}},
        }
    )
    # all four score 50: the two with most revenue get A
    out = compute_statements(kpis([10, 20, 30, 30], orders=[5.0] * 4), sc)
    assert out["grade"].tolist() == ["B", "B", "A", "A"]
    # equal score and revenue: the smaller agent_ids get A
    out = compute_statements(kpis([30, 30, 30, 30], orders=[5.0] * 4), sc)
    assert out["grade"].tolist() == ["A", "A", "B", "B"]


def test_generous_lifts_everyone_tied_with_a_better_grade():
    out = compute_statements(kpis([100, 90, 90, 90, 10]), forced([20, 60, 20], "generous"))
    # exact: 1 S, 3 A, 1 B; generous changes nothing here (no tie crosses a boundary)
    assert out["grade"].tolist() == ["S", "A", "A", "A", "B"]
    out = compute_statements(kpis([100, 100, 90, 50, 50]), forced([20, 60, 20], "generous"))
    # exact would give S, A, A, A, B; the two at 100 share S and the two at 50 share A
    assert out["grade"].tolist() == ["S", "S", "A", "A", "A"]
    exact = compute_statements(kpis([100, 100, 90, 50, 50]), forced([20, 60, 20], "exact"))
    assert exact["grade"].tolist() == ["S", "A", "A", "A", "B"]


def test_forced_within_team_and_per_period():
    revenue = [10, 20, 30, 40, 50, 60, 70, 80]
    teams = ["T1"] * 4 + ["T2"] * 4
    periods = ["2025-01", "2025-02"] * 4
    out = compute_statements(kpis(revenue, teams, periods), forced([50, 50], within="team"))
    # each team × period holds two agents: the better one gets S
    assert out["grade"].tolist() == ["A", "A", "S", "S", "A", "A", "S", "S"]
    company = compute_statements(kpis(revenue, teams, periods), forced([25, 75]))
    # per period across the company: 4 agents each, one S: revenue 70 (Jan) and 80 (Feb)
    assert company["grade"].tolist() == ["A"] * 6 + ["S", "S"]


@st.composite
def share_points(draw):
    k = draw(st.integers(2, 5))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=k - 1, max_size=k - 1)))
    points = np.diff([0, *cuts, 100]).tolist()
    return [int(p) for p in points]


@settings(max_examples=60, deadline=None)
@given(
    points=share_points(),
    revenue=st.lists(st.integers(0, 6).map(lambda x: 10 * x), min_size=1, max_size=40),
)
@example(points=[2, 6, 46, 46], revenue=[0, 0, 0, 0, 0])  # float remainders that tie exactly
def test_exact_grade_counts_are_largest_remainder_counts(points, revenue):
    out = compute_statements(kpis(revenue), forced(points, "exact"))
    names = ["S", "A", "B", "C", "D"][: len(points)]
    counts = [int((out["grade"] == g).sum()) for g in names]
    assert counts == reference_sizes(len(revenue), points)
    # a higher score never gets a worse grade
    rank = out["grade"].map({g: i for i, g in enumerate(names)}).to_numpy()
    score = out["score"].to_numpy()
    for i in range(len(score)):
        assert np.all(rank[score > score[i]] <= rank[i])


@settings(max_examples=60, deadline=None)
@given(
    points=share_points(),
    revenue=st.lists(st.integers(0, 6).map(lambda x: 10 * x), min_size=1, max_size=40),
)
def test_generous_never_worse_than_exact_and_ties_share_grades(points, revenue):
    names = ["S", "A", "B", "C", "D"][: len(points)]
    order = {g: i for i, g in enumerate(names)}
    exact = compute_statements(kpis(revenue), forced(points, "exact"))["grade"].map(order)
    generous = compute_statements(kpis(revenue), forced(points, "generous"))["grade"].map(order)
    assert np.all(generous.to_numpy() <= exact.to_numpy())
    frame = pd.DataFrame({"r": revenue, "g": generous, "e": exact})
    per_score = frame.groupby("r").agg(gmin=("g", "min"), gmax=("g", "max"), emin=("e", "min"))
    assert (per_score["gmin"] == per_score["gmax"]).all()
    assert (per_score["gmin"] == per_score["emin"]).all()


def test_forced_with_team_weight_ranks_the_blended_score():
    # T1: 100 and 0 (mean 50); T2: 60 alone. λ = 0.5 → T1 75 and 25, T2 60
    out = compute_statements(
        kpis([100, 0, 60], teams=["T1", "T1", "T2"]), forced([34, 33, 33], team_weight=0.5)
    )
    assert out["score"].tolist() == pytest.approx([75.0, 25.0, 60.0])
    assert out["grade"].tolist() == ["S", "B", "A"]
