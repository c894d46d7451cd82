"""Quarterly plans on monthly exports: labels, month-to-quarter totals, and guards."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.backtest import backtest
from perfkit.core.errors import DataError
from perfkit.core.quarters import first_month, for_scenario, is_monthly, quarter_label, to_quarters
from perfkit.files.data import load_kpis
from perfkit.payout import compute_statements
from perfkit.payout.proration import worked_share
from perfkit.scheme import load_scenario, parse_scenario
from tests.conftest import DATA, SCENARIOS

QUARTERLY = parse_scenario(
    {
        "name": "quarterly",
        "period": "quarter",
        "pay": {"base_salary": 12000},
        "scorecard": [
            {"kpi": "revenue", "weight": 80, "target": 75000},
            {"kpi": "qa_score", "weight": 20, "target": 85},
        ],
        "commission": {"mode": "marginal", "ladder": [[0, 0.01], [60000, 0.03]]},
    }
)


@pytest.fixture(scope="module")
def monthly() -> pd.DataFrame:
    return load_kpis(DATA / "sample_kpis.csv")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2025Q1", "2025-Q1"),
        ("2025-q4", "2025-Q4"),
        ("2025 Q2", "2025-Q2"),
        ("2025第3季度", "2025-Q3"),
    ],
)
def test_quarter_labels(text: str, label: str) -> None:
    assert quarter_label(text) == label
    assert first_month(label) == f"{text[:4]}-{3 * int(label[-1]) - 2:02d}"


def test_not_quarter_labels() -> None:
    assert quarter_label("2025-05") is None and quarter_label("2025Q5") is None
    assert first_month("2025-05") == "2025-05"


def test_to_quarters_sums_counts_and_averages_scores(monthly: pd.DataFrame) -> None:
    q = to_quarters(monthly)
    assert is_monthly(monthly) and not is_monthly(q)
    one = monthly[(monthly["agent_id"] == monthly["agent_id"].iloc[0])]
    first_q = one[one["period"].isin(["2025-01", "2025-02", "2025-03"])]
    row = q[(q["agent_id"] == one["agent_id"].iloc[0]) & (q["period"] == "2025-Q1")].iloc[0]
    assert row["months"] == len(first_q)
    for col in ("dials", "orders", "revenue", "complaints"):
        assert row[col] == pytest.approx(first_q[col].sum())
    assert row["qa_score"] == pytest.approx(first_q["qa_score"].mean())
    assert row["tenure_months"] == pytest.approx(first_q["tenure_months"].min())
    assert row["team"] == first_q["team"].iloc[-1]
    # nothing lost: every total over the year is the same
    assert q["revenue"].sum() == pytest.approx(monthly["revenue"].sum())
    assert q["months"].sum() == len(monthly)


def test_a_quarterly_plan_refuses_monthly_rows(monthly: pd.DataFrame) -> None:
    with pytest.raises(DataError, match="evaluated per quarter but the rows are months"):
        compute_statements(monthly, QUARTERLY)
    monthly_plan = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    with pytest.raises(DataError, match="evaluated per month but the rows are quarters"):
        compute_statements(to_quarters(monthly), monthly_plan)


def test_quarter_labelled_export_loads_and_prices_like_combined_months(
    monthly: pd.DataFrame, tmp_path: Path
) -> None:
    combined, note = for_scenario(monthly, QUARTERLY)
    assert note and "agent-quarters" in note
    path = tmp_path / "quarters.csv"
    combined.drop(columns=["months"]).assign(
        period=combined["period"].str.replace("-Q", "Q")  # "2025Q1" as an export writes it
    ).to_csv(path, index=False)
    loaded = load_kpis(path)
    assert set(loaded["period"]) == {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}
    a = compute_statements(combined, QUARTERLY)["total_pay"].to_numpy()
    b = compute_statements(loaded, QUARTERLY)["total_pay"].to_numpy()
    np.testing.assert_allclose(np.sort(a), np.sort(b))
    # the quarterly base salary, once per quarter (prorated for a quarter joined part-way)
    st = compute_statements(combined, QUARTERLY)
    labels, codes = np.unique(combined["period"].to_numpy(), return_inverse=True)
    share = worked_share(combined, labels, codes)
    assert share is not None and (share < 1).any() and (share == 1).mean() > 0.5
    by_row = share  # combined's row order
    got = st.set_index(["agent_id", "period"])["total_pay"]
    rows = combined.set_index(["agent_id", "period"]).index
    assert (got.loc[rows].to_numpy() >= 12000 * by_row - 0.01).all()
    assert (got.loc[rows].to_numpy()[by_row == 1] >= 12000).all()


def test_backtest_prices_each_scheme_on_its_own_period(monthly: pd.DataFrame) -> None:
    current = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    bt = backtest(current, QUARTERLY, monthly)
    quarterly_total = compute_statements(to_quarters(monthly), QUARTERLY)["total_pay"].sum()
    assert bt.per_agent["new_pay"].sum() == pytest.approx(quarterly_total)
    assert bt.per_agent["current_pay"].sum() == pytest.approx(
        compute_statements(monthly, current)["total_pay"].sum()
    )


@pytest.mark.parametrize(
    ("typed", "label"),
    [("2025-6", "2025-06"), ("2025-06", "2025-06"), (" 2025/6 ", "2025-06"), ("2025-12", "2025-12"),
     ("2025-13", None), ("2025-0", None), ("June", None), ("2025-Q1", None)],
)  # fmt: skip
def test_a_typed_month_reads_as_its_label(typed, label):
    from perfkit.core.quarters import month_label, month_problem

    assert month_label(typed) == label
    assert (month_problem(typed) is None) is (label is not None)
    assert month_label("2025q1", quarters=True) == "2025-Q1"
