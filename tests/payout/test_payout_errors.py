"""Bad input gives a clear PerfkitError, never a bare KeyError."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from perfkit.core.errors import DataError, PerfkitError, PerfkitWarning, ScenarioError
from perfkit.files.data import load_kpis
from perfkit.payout import compute_statements
from perfkit.scheme import parse_scenario

BASIC = parse_scenario({"name": "basic", "commission": {"rate": 0.1}})


def good() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agent_id": ["A1", "A2"],
            "team": ["T1", "T1"],
            "period": ["2025-01", "2025-01"],
            "dials": [100.0, 120.0],
            "connected": [30.0, 40.0],
            "orders": [2.0, 3.0],
            "revenue": [1000.0, 2000.0],
        }
    )


@pytest.mark.parametrize("column", ["agent_id", "team", "period", "dials", "revenue"])
def test_missing_required_column(column):
    with pytest.raises(DataError, match=f"missing column '{column}'"):
        compute_statements(good().drop(columns=column), BASIC)


def test_not_a_dataframe():
    with pytest.raises(DataError, match="DataFrame"):
        compute_statements([{"agent_id": "A1"}], BASIC)


def test_non_numeric_and_missing_values_are_named():
    bad = good().astype({"revenue": object})
    bad.loc[0, "revenue"] = "lots"
    bad.loc[1, "dials"] = np.nan
    with pytest.raises(DataError) as err:
        compute_statements(bad, BASIC)
    text = str(err.value)
    assert "'revenue' is not numeric" in text
    assert "'dials' has 1 missing" in text


def test_a_blank_optional_kpi_is_refused_where_read_and_changes_nobodys_pay_elsewhere():
    """Issue 19.9: a blank (NaN) satisfaction is no 0. Where a rule reads it, the table is
    refused naming the column; where none does, pay is the same whatever the cell holds."""
    csat = parse_scenario({"name": "csat", "pay": {"base_salary": 1000},
                           "scorecard": [{"kpi": "satisfaction", "weight": 100, "target": 4.5}]})  # fmt: skip
    blank = good().assign(satisfaction=[4.5, np.nan])
    with pytest.raises(DataError, match=r"blank cells in 'satisfaction' on 1 row\(s\), and"):
        compute_statements(blank, csat)
    pay = compute_statements(blank, BASIC)["total_pay"]
    for value in (0.0, 4.9):
        same = compute_statements(good().assign(satisfaction=[4.5, value]), BASIC)["total_pay"]
        assert pay.tolist() == same.tolist()
    assert np.isnan(blank["satisfaction"].iloc[1])  # the table itself is left as it was


def test_blank_cells_in_an_unread_column_load_as_blank_not_zero(tmp_path):
    from tests.apps.test_bad_input_corpus import BODY, COLS

    j = COLS.index("csat")
    rows = [r.split(",") for r in BODY]
    for r in rows[::2]:
        r[j] = ""
    path = tmp_path / "k.csv"
    path.write_text("\n".join([",".join(COLS)] + [",".join(r) for r in rows]) + "\n", "utf-8")
    kpis = load_kpis(path)
    sat = kpis["satisfaction"]
    assert sat.isna().sum() == len(rows[::2]) and not (sat == 0).any()
    assert "satisfaction" in kpis.attrs["blank_cells"]
    known = [float(r[j]) for r in rows[1::2]]
    assert sat.mean() == pytest.approx(np.mean(known))  # the blanks are not in the mean
    with pytest.warns(PerfkitWarning, match="no pay rule reads it, so they stay blank"):
        compute_statements(kpis, BASIC)


def test_duplicate_agent_period_rows():
    dup = pd.concat([good(), good().iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError, match=r"duplicate agent × period.*A1 in 2025-01"):
        compute_statements(dup, BASIC)


def test_duplicates_are_fine_across_runs():
    stacked = pd.concat([good().assign(run=0), good().assign(run=1)], ignore_index=True)
    assert len(compute_statements(stacked, BASIC)) == 4


def test_fractional_run_is_rejected():
    with pytest.raises(DataError, match="'run' must hold whole numbers"):
        compute_statements(good().assign(run=[0.5, 1.0]), BASIC)


def test_split_credit_needs_roles_and_known_roles():
    sc = parse_scenario(
        {"name": "split", "split_credit": {"shares": {"opener": 0.4, "closer": 0.6}}}
    )
    with (
        pytest.raises(DataError, match="missing column 'role'"),
        pytest.warns(PerfkitWarning, match="'shared_revenue' is not in the file"),
    ):
        compute_statements(good(), sc)
    kpis = good().assign(role=["opener", "setter"], shared_revenue=[0.0, 500.0])
    with pytest.raises(DataError, match="role\\(s\\) setter that split_credit does not list"):
        compute_statements(kpis, sc)


def test_tenure_segment_needs_tenure_column():
    sc = parse_scenario(
        {
            "name": "seg",
            "segments": [{"name": "new", "when": {"tenure_months_below": 3}, "plan": {}}],
        }
    )
    with pytest.raises(DataError, match="missing column 'tenure_months'"):
        compute_statements(good(), sc)


def test_qa_deduction_needs_the_qa_column():
    sc = parse_scenario({"name": "qa", "deductions": {"qa_below": {"line": 80, "amount": 100}}})
    with pytest.raises(DataError, match=r"column 'qa_score' is not in the file.*qa_below"):
        compute_statements(good(), sc)


@pytest.mark.parametrize(
    ("plan", "column", "rule"),
    [
        ({"commission": {"base": "collected", "rate": 0.02}}, "collected", "commission"),
        (
            {"scorecard": [{"kpi": "complaint_rate", "weight": 100, "target": 0.01}]},
            "complaints",
            "scorecard item 'complaint_rate'",
        ),
        (
            {"non_cash": [{"reward": "t", "to": {"top": 1, "kpi": "satisfaction"}}]},
            "satisfaction",
            "non-cash reward 't'",
        ),
        (
            {
                "segments": [
                    {
                        "name": "v",
                        "when": {"agents": ["A1"]},
                        "plan": {"bonuses": [{"kpi": "peer_score", "target": 80, "amount": 100}]},
                    }
                ]
            },
            "peer_score",
            "segment 'v': bonuses[0]",
        ),
    ],
)
def test_a_rule_reading_a_column_the_file_lacks_is_refused(plan, column, rule, tmp_path):
    """Loaded files fill absent optional KPIs with 0; a pay rule must not read those zeros."""
    path = tmp_path / "k.csv"
    good().drop(columns=[column], errors="ignore").to_csv(path, index=False)
    kpis = load_kpis(path)
    assert (kpis[column] == 0).all()  # filled in by the loader ...
    with pytest.raises(
        DataError, match=f"column '{column}' is not in the file, but {re.escape(rule)}"
    ):
        compute_statements(kpis, parse_scenario({"name": "x", **plan}))  # ... but not priced
    compute_statements(kpis, parse_scenario({"name": "x"}))  # a plan that does not read it pays


def test_team_rules_need_a_team_column(tmp_path):
    path = tmp_path / "k.csv"
    good().drop(columns=["team"]).to_csv(path, index=False)
    sc = parse_scenario({"name": "t", "team": {"weight": 0.5}})
    with pytest.raises(DataError, match=r"column 'team' is not in the file, but team\.weight"):
        compute_statements(load_kpis(path), sc)


def test_mentee_credit_without_the_column_warns_and_pays_zero(tmp_path):
    path = tmp_path / "k.csv"
    good().drop(columns=["assisted_orders"], errors="ignore").to_csv(path, index=False)
    sc = parse_scenario({"name": "c", "collaboration": {"mentee_per_order": 50}})
    with pytest.warns(PerfkitWarning, match="'assisted_orders' is not in the file"):
        pay = compute_statements(load_kpis(path), sc)
    assert (pay["collaboration"] == 0).all()


def test_quarter_bonus_needs_month_periods():
    sc = parse_scenario(
        {
            "name": "q",
            "bonuses": [{"type": "attainment", "target": 10, "amount": 5, "cycle": "quarter"}],
        }
    )
    with pytest.raises(DataError, match="monthly periods like '2025-01'; got 'week 3'"):
        compute_statements(good().assign(period="week 3", agent_id=["A1", "A2"]), sc)


def test_unpayable_plans_are_rejected_when_the_scenario_is_read():
    with pytest.raises(ScenarioError, match="'grades' need a 'scorecard'"):
        parse_scenario({"name": "g", "grades": {"method": "bands", "bands": {"A": 90}}})
    with pytest.raises(ScenarioError, match=r"bonuses\[0\] has no 'target'"):
        parse_scenario(
            {"name": "b", "bonuses": [{"type": "attainment", "kpi": "orders", "amount": 100}]}
        )


def test_every_error_is_a_perfkit_error():
    for bad in (good().drop(columns="orders"), good().assign(revenue=np.inf)):
        with pytest.raises(PerfkitError):
            compute_statements(bad, BASIC)
