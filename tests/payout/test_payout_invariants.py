"""Invariants of whole statements on random small tables (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.payout import PAY_COMPONENTS, compute_statements
from perfkit.scheme import parse_scenario

CAP = 3_000.0


def rich(recoverable: bool, mode: str, tie_rule: str, within: str):
    ladder = [[0, 0.02], [20_000, 0.05], [50_000, 0.08]]
    return parse_scenario(
        {
            "name": "rich",
            "pay": {
                "base_salary": 2500,
                "performance_pay": {
                    "base": 1500,
                    "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.5},
                },
                "guarantee": {"amount": 4000, "recoverable": recoverable},
            },
            "scorecard": [
                {"kpi": "revenue", "weight": 50, "target": 30_000, "cap": 1.5, "floor": 0.3},
                {"kpi": "connect_rate", "weight": 20, "target": 0.3},
                {
                    "kpi": "complaints",
                    "weight": 30,
                    "target": 2,
                    "curve": "stepped",
                    "steps": [[0.5, 60], [1, 100]],
                },
            ],
            "grades": {
                "method": "forced",
                "shares": {"S": 10, "A": 30, "B": 40, "C": 20},
                "tie_rule": tie_rule,
                "within": within,
            },
            "commission": {
                "base": "collected",
                "mode": mode,
                "ladder": ladder,
                "gate": 5_000,
                "accelerator": {"above": 40_000, "multiplier": 1.5},
                "cap": CAP,
                "refunds": "clawback",
            },
            "bonuses": [
                {"type": "attainment", "kpi": "revenue", "tiers": [[1, 300], [1.3, 800]]},
                {"type": "rank", "prizes": [500, 200]},
            ],
            "team": {
                "weight": 0.3,
                "pool": {"per_team_target": 60_000, "amount": 2_000, "split": "by_score"},
            },
            "deductions": {
                "qa_below": {"line": 75, "amount": 300},
                "complaints": {"per_complaint": 100, "free": 1},
            },
            "non_cash": [
                {"reward": "training", "to": "grade S", "value_to_agent": 500, "cost": 300}
            ],
        }
    )


@st.composite
def tables(draw):
    agents = draw(st.integers(1, 6))
    periods = draw(st.integers(1, 4))
    n = agents * periods
    money = st.floats(0, 80_000, allow_nan=False)

    def col(strategy):
        return np.array(draw(st.lists(strategy, min_size=n, max_size=n)), dtype=float)

    revenue = col(money)
    dials = col(st.integers(0, 3000))
    return pd.DataFrame(
        {
            "agent_id": np.repeat([f"A{i}" for i in range(agents)], periods),
            "team": np.repeat([f"T{i % 2}" for i in range(agents)], periods),
            "period": np.tile([f"2025-{m + 1:02d}" for m in range(periods)], agents),
            "dials": dials,
            "connected": np.floor(dials * col(st.floats(0, 1))),
            "orders": col(st.integers(0, 40)),
            "revenue": revenue,
            "collected": revenue * col(st.floats(0.5, 1)),
            "refunds": revenue * col(st.sampled_from([0.0, 0.0, 0.1, 0.5])),
            "complaints": col(st.integers(0, 6)),
            "qa_score": col(st.floats(50, 100)),
        }
    )


settings_ = settings(max_examples=60, deadline=None)


@settings_
@given(
    kpis=tables(),
    recoverable=st.booleans(),
    mode=st.sampled_from(["marginal", "whole"]),
    tie_rule=st.sampled_from(["exact", "generous"]),
    within=st.sampled_from(["company", "team"]),
)
def test_statement_invariants(kpis, recoverable, mode, tie_rule, within):
    out = compute_statements(kpis, rich(recoverable, mode, tie_rule, within))
    assert len(out) == len(kpis)
    components = sum(out[c] for c in PAY_COMPONENTS if c != "deductions")
    total = components - out["deductions"] - out["clawback"] + out["guarantee_topup"]
    assert np.allclose(total, out["total_pay"], atol=1e-6)
    # never below the guarantee, whatever the deductions, clawbacks and recoveries
    assert (out["total_pay"] >= 4000 - 1e-6).all()
    assert (out["commission"] <= CAP + 1e-9).all()
    assert (out["deductions"] >= 0).all() and (out["clawback"] >= 0).all()
    if recoverable:
        # the outstanding draw (running sum of top-ups) is never negative
        running = out.groupby("agent_id")["guarantee_topup"].cumsum()
        assert (running >= -1e-6).all()
    else:
        assert (out["guarantee_topup"] >= 0).all()
    assert np.isfinite(out.select_dtypes("number").to_numpy()).all()
    assert ((out["non_cash"] == "training") == (out["grade"] == "S")).all()


@settings_
@given(kpis=tables(), tie_rule=st.sampled_from(["exact", "generous"]))
def test_exact_grades_fill_shares_and_generous_only_lifts(kpis, tie_rule):
    exact = compute_statements(kpis, rich(False, "marginal", "exact", "company"))
    order = {"S": 0, "A": 1, "B": 2, "C": 3}
    sizes = exact.groupby("period")["grade"].value_counts().unstack(fill_value=0)
    heads = exact.groupby("period").size()
    assert (sizes.sum(axis=1) == heads).all()
    other = compute_statements(kpis, rich(False, "marginal", tie_rule, "company"))
    assert (other["grade"].map(order) <= exact["grade"].map(order)).all()


@settings(max_examples=30, deadline=None)
@given(kpis=tables(), extra=st.floats(0, 50_000))
def test_more_revenue_never_lowers_own_commission(kpis, extra):
    """Commission is non-decreasing in the base for a single agent (λ = 0, no team effects)."""
    sc = parse_scenario(
        {
            "name": "mono",
            "commission": {
                "mode": "whole",
                "ladder": [[0, 0.02], [20_000, 0.05]],
                "gate": 5_000,
                "accelerator": {"above": 30_000, "multiplier": 2},
                "cap": 10_000,
            },
        }
    )
    more = kpis.assign(revenue=kpis["revenue"] + extra)
    a = compute_statements(kpis, sc)["commission"].to_numpy()
    b = compute_statements(more, sc)["commission"].to_numpy()
    assert np.all(b >= a - 1e-9)
