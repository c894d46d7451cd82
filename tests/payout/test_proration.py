"""Joiners and leavers: base, performance-pay base, guarantee and fixed volume targets
follow the calendar days worked; commission and rate targets do not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.payout import compute_statements
from perfkit.payout.proration import worked_share
from perfkit.scheme import parse_scenario

PLAN = {
    "name": "proration",
    "pay": {
        "base_salary": 4000,
        "performance_pay": {"base": 1500, "grade_coefficients": {"A": 1.2, "B": 1.0, "C": 0.5}},
    },
    "scorecard": [
        {"kpi": "revenue", "weight": 80, "target": 30_000},
        {"kpi": "connect_rate", "weight": 20, "target": 0.25},
    ],
    "grades": {"method": "bands", "bands": {"A": 110, "B": 95}, "below": "C"},
    "commission": {"base": "revenue", "mode": "flat", "rate": "2%"},
}


def _row(agent: str, revenue: float, **dates: str) -> dict:
    return {"agent_id": agent, "team": "T1", "period": "2025-09", "dials": 400.0,
            "connected": 100.0, "orders": 5.0, "revenue": revenue, **dates}  # fmt: skip


def test_worked_example_a_joiner_on_the_18th_to_the_fen() -> None:
    """Hired 2025-09-18: 13 of September's 30 days (the hire day counts).

    base 4,000 × 13/30 = 1,733.33; revenue target 30,000 × 13/30 = 13,000, so 13,000 of
    revenue is 100% (the connect-rate target of 25% stays whole: 100 of 400 is 100%);
    score 100 → grade B, performance pay 1,500 × 13/30 × 1.0 = 650.00; commission
    2% × 13,000 = 260.00, not prorated. Total 2,643.33.
    The colleague in post all month with the same 13,000: 43.3% of target → grade C.
    """
    kpis = pd.DataFrame([_row("J", 13_000.0, hire_date="2025-09-18"),
                         _row("F", 13_000.0, hire_date="2023-02-01")])  # fmt: skip
    st = compute_statements(kpis, parse_scenario(PLAN)).set_index("agent_id")
    j = st.loc["J"]
    assert round(j["base_salary"], 2) == 1733.33
    assert j["attainment_revenue"] == pytest.approx(1.0)
    assert j["attainment_connect_rate"] == pytest.approx(1.0)
    assert j["grade"] == "B"
    assert round(j["performance_pay"], 2) == 650.00
    assert round(j["commission"], 2) == 260.00
    assert round(j["total_pay"], 2) == 2643.33
    f = st.loc["F"]
    assert f["base_salary"] == 4000 and f["grade"] == "C"
    assert f["attainment_revenue"] == pytest.approx(13_000 / 30_000)


def test_a_leaver_counts_to_the_leave_day_and_none_turns_it_off() -> None:
    kpis = pd.DataFrame([_row("L", 30_000.0, hire_date="2020-01-01", leave_date="2025-09-10")])
    st = compute_statements(kpis, parse_scenario(PLAN))
    assert round(float(st["base_salary"].iloc[0]), 2) == round(4000 * 10 / 30, 2) == 1333.33
    off = parse_scenario({**PLAN, "proration": {"method": "none"}})
    assert float(compute_statements(kpis, off)["base_salary"].iloc[0]) == 4000
    targets_only = parse_scenario({**PLAN, "proration": {"base": False}})
    st = compute_statements(kpis, targets_only)
    assert float(st["base_salary"].iloc[0]) == 4000
    assert float(st["attainment_revenue"].iloc[0]) == pytest.approx(30_000 / 10_000)


def test_guarantee_is_prorated_with_the_base() -> None:
    plan = {"name": "g", "pay": {"base_salary": 3000, "guarantee": {"amount": 6000}}}
    kpis = pd.DataFrame([_row("J", 0.0, hire_date="2025-09-16")])  # 15 of 30 days
    st = compute_statements(kpis, parse_scenario(plan))
    assert float(st["base_salary"].iloc[0]) == 1500
    assert float(st["total_pay"].iloc[0]) == 3000  # the guarantee, halved too


def test_worked_share_counts_calendar_days_of_months_and_quarters() -> None:
    rows = pd.DataFrame({"hire_date": ["2025-02-15", "2025-07-15", None],
                         "leave_date": [None, "2025-08-15", "2024-12-31"]})  # fmt: skip
    share = worked_share(rows, np.array(["2025-02", "2025-Q3"]), np.array([0, 1, 0]))
    assert share[0] == pytest.approx(14 / 28)  # 15–28 February
    assert share[1] == pytest.approx(32 / 92)  # 15 July – 15 August of a 92-day quarter
    assert share[2] == 0.0  # left before the period
    assert worked_share(rows.drop(columns=["hire_date", "leave_date"]), np.array(["x"]),
                        np.zeros(3, int)) is None  # fmt: skip


def test_working_days_count_monday_to_friday() -> None:
    """September 2025 has 22 working days; from Thursday the 18th: 18, 19, 22–26, 29, 30 = 9."""
    rows = pd.DataFrame({"hire_date": ["2025-09-18"]})
    share = worked_share(rows, np.array(["2025-09"]), np.array([0]), "working_days")
    assert share[0] == pytest.approx(9 / 22)
    plan = parse_scenario({**PLAN, "proration": {"method": "working_days"}})
    st = compute_statements(pd.DataFrame([_row("J", 0.0, hire_date="2025-09-18")]), plan)
    assert round(float(st["base_salary"].iloc[0]), 2) == round(4000 * 9 / 22, 2) == 1636.36
