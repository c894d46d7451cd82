"""The plan in force against what happened (perfkit.analysis.actuals).

Measures checked against hand computations on worked panels; the plan in force
recognised three ways; the bundled export against its own plan's forecast; and a
synthetic export whose payroll paid a base salary the scenario does not state (5,000
against 4,000), which the comparison must call a difference.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from perfkit.analysis.actuals import (
    TOLERANCE,
    Measure,
    against_actuals,
    floor_measures,
    in_force_check,
    model_months,
    plan_in_force,
)
from perfkit.analysis.compare import compare
from perfkit.analysis.estimate.moments import quits
from perfkit.files.data import load_kpis
from perfkit.payout import compute_statements
from perfkit.scheme import load_scenario

ROOT = Path(__file__).resolve().parents[2]
FLAT = ROOT / "scenarios" / "current_flat_commission.yaml"
LADDER = ROOT / "scenarios" / "marginal_ladder.yaml"
SAMPLE = ROOT / "data" / "sample_kpis.csv"
CHANGE = ROOT / "data" / "sample_kpis_plan_change.csv"
RUNS = 20


def _panel(revenue: list[list[float]], pay: float = 5000.0) -> pd.DataFrame:
    """Agents (rows of ``revenue``) × months, every agent-month at risk, no quits."""
    rows = [
        {"agent_id": f"A{i}", "period": f"2025-{m + 1:02d}", "revenue": r, "total_pay": pay}
        for i, series in enumerate(revenue)
        for m, r in enumerate(series)
    ]
    return pd.DataFrame(rows).assign(at_risk=True, quit=False)


def test_levels_and_cost_of_sales_are_sums_over_agent_months():
    df = _panel([[10_000, 20_000, 30_000], [40_000, 50_000, 60_000]], pay=6000)
    got = floor_measures(df).iloc[0]
    assert got["revenue"] == pytest.approx(210_000 / 6)
    assert got["total_pay"] == pytest.approx(6000)
    assert got["cost_of_sales"] == pytest.approx(36_000 / 210_000)


def test_trend_is_the_monthly_growth_of_revenue_per_agent_month():
    growth = 1.04
    df = _panel([[20_000 * growth**m for m in range(6)], [30_000 * growth**m for m in range(6)]])
    assert floor_measures(df).iloc[0]["trend"] == pytest.approx(0.04)
    flat = _panel([[20_000] * 6])
    assert floor_measures(flat).iloc[0]["trend"] == pytest.approx(0.0, abs=1e-12)


def test_attrition_compounds_the_monthly_quit_rate_over_months_at_risk():
    df = _panel([[1.0] * 5] * 4)  # 20 agent-months
    df.loc[3, "quit"] = True  # one quit
    df.loc[df["period"] == "2025-05", "at_risk"] = False  # the last month is censored
    assert floor_measures(df).iloc[0]["attrition"] == pytest.approx(1 - (1 - 1 / 16) ** 12)
    df["at_risk"] = False  # nothing at risk: unknown, not zero
    assert np.isnan(floor_measures(df).iloc[0]["attrition"])


def test_one_function_per_run():
    a, b = _panel([[10.0, 20.0]]), _panel([[30.0, 30.0]])
    both = pd.concat([a.assign(run=0), b.assign(run=1)])
    got = floor_measures(both, by="run")
    assert got.loc[0, "revenue"] == pytest.approx(15.0)
    assert got.loc[1, "revenue"] == pytest.approx(30.0)
    assert got.loc[0, "trend"] == pytest.approx(1.0) and got.loc[1, "trend"] == pytest.approx(0.0)


def test_model_months_are_the_same_calendar_months():
    year = [f"2026-{m:02d}" for m in range(1, 13)]
    second_half = [f"2025-{m:02d}" for m in range(7, 13)]
    assert model_months(year, second_half) == year[6:]
    winter = ["2024-11", "2024-12", "2025-01"]
    across = [f"2025-{m:02d}" for m in range(2, 13)] + ["2026-01"]
    assert model_months(across, winter) == ["2025-11", "2025-12", "2026-01"]
    assert model_months(year[:6], second_half) == year[:6]  # not forecast: its first months


def test_a_measure_differs_outside_both_its_runs_and_its_tolerance():
    m = Measure("revenue", actual=21_500, model=20_000, p10=19_800, p90=20_200)
    assert m.band == (18_000, 22_000) and not m.differs  # within ±10%
    assert Measure("revenue", 22_500, 20_000, 19_800, 20_200).differs
    assert not Measure("revenue", 22_500, 20_000, 17_000, 23_000).differs  # wide runs
    assert Measure("revenue", 22_500, 20_000, 17_000, 23_000).gap == pytest.approx(0.125)
    assert Measure("attrition", 0.30, 0.20, 0.18, 0.22).differs  # ±5 points
    assert not Measure("attrition", 0.24, 0.20, 0.18, 0.22).differs
    assert Measure("attrition", 0.24, 0.20, 0.18, 0.22).gap == pytest.approx(0.04)
    assert TOLERANCE["trend"] == (0.01, False)
    assert not Measure("trend", 0.0, float("nan"), 0.0, 0.0).differs  # unknown: no verdict


def test_the_plan_in_force_is_recognised_three_ways(tmp_path):
    kpis, flat = load_kpis(SAMPLE), load_scenario(FLAT)
    stated = plan_in_force(kpis, flat)  # the baseline's population.plan names it
    assert (stated.name, stated.how, stated.month) == (FLAT.stem, "population_plan", "2025-12")
    assert stated.covers(FLAT) and not stated.covers(LADDER)
    column = plan_in_force(load_kpis(CHANGE), flat)  # the plan column's last month
    assert (column.name, column.how) == (LADDER.stem, "plan_column")
    assert column.covers(LADDER) and not column.covers(FLAT)
    bare = flat.model_copy(update={"population": None})
    assert plan_in_force(kpis, bare).how == "baseline"


@pytest.fixture(scope="module")
def bundled():
    """The bundled export against the forecast of its plan in force."""
    kpis, flat = load_kpis(SAMPLE), load_scenario(FLAT)
    comp = compare([flat], 0, runs=RUNS, seed=0, periods=12, data=kpis)
    force = plan_in_force(kpis, flat)
    return kpis, against_actuals(kpis, comp.results[comp.baseline], force, flat)


def test_the_bundled_export_is_measured_as_by_hand(bundled):
    kpis, a = bundled
    last = [f"2025-{m:02d}" for m in range(7, 13)]
    assert a.actual_months == last and a.model_months == [f"2026-{m:02d}" for m in range(7, 13)]
    window = kpis.loc[kpis["period"].isin(last)]
    at_risk, quit = quits(kpis)
    in_window = kpis["period"].isin(last).to_numpy()
    monthly = quit[in_window].sum() / at_risk[in_window].sum()
    pay = compute_statements(window, load_scenario(FLAT))["total_pay"]
    assert a.measure("revenue").actual == pytest.approx(window["revenue"].mean())
    assert a.measure("total_pay").actual == pytest.approx(pay.mean())
    assert a.measure("cost_of_sales").actual == pytest.approx(pay.sum() / window["revenue"].sum())
    assert a.measure("attrition").actual == pytest.approx(1 - (1 - monthly) ** 12)
    assert a.runs == RUNS and a.agents == window["agent_id"].nunique() and not a.paid


def test_the_report_checks_only_the_plan_in_force_by_the_month(bundled):
    kpis, a = bundled
    flat = load_scenario(FLAT)
    result = SimpleNamespace(meta={"periods": a.model_months}, agents=None)
    assert in_force_check(None, result, flat, FLAT) is None  # no export
    assert in_force_check(kpis, result, flat, LADDER) is None  # not the plan in force
    quarterly = SimpleNamespace(meta={"periods": ["2026-Q1", "2026-Q2"]})
    assert in_force_check(kpis, quarterly, flat, FLAT) is None  # not compared yet


def test_the_bundled_floor_agrees_in_level_and_differs_in_attrition(bundled):
    """The calibrated model reproduces the floor's sales and pay; its attrition is the
    scenario's prior (35% a year at par), while 5 of 528 agent-months at risk quit."""
    _, a = bundled
    for name in ("revenue", "total_pay", "cost_of_sales", "trend"):
        assert not a.measure(name).differs, name
    att = a.measure("attrition")
    assert att.differs and att.actual < att.p10
    assert [m.name for m in a.differing] == ["attrition"]


def _paid_export(tmp_path: Path, base_salary: float) -> Path:
    """The bundled export with a payroll column: pay under the flat plan at ``base_salary``."""
    raw = yaml.safe_load(FLAT.read_text("utf-8"))
    raw["pay"]["base_salary"] = base_salary
    raw.pop("population")
    plan = tmp_path / f"paid_{base_salary}.yaml"
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    paid = compute_statements(load_kpis(SAMPLE), load_scenario(plan))
    out = pd.read_csv(SAMPLE)
    out["应发工资"] = paid["total_pay"].round(2).to_numpy()
    path = tmp_path / f"paid_{base_salary}.csv"
    out.to_csv(path, index=False)
    return path


def test_a_wrong_base_salary_is_called_a_difference(tmp_path):
    """Payroll paid 5,000 a month where the scenario states 4,000: pay and cost of sales
    differ, the sales measures do not."""
    path = _paid_export(tmp_path, 5000)
    kpis, flat = load_kpis(path), load_scenario(FLAT)
    comp = compare([flat], 0, runs=RUNS, seed=0, periods=12, data=kpis)
    a = against_actuals(kpis, comp.results[comp.baseline], plan_in_force(kpis, flat), flat)
    assert a.pay_column == "应发工资"
    pay = a.measure("total_pay")
    assert pay.differs and pay.gap == pytest.approx(1000 / pay.model, rel=0.05)
    assert a.measure("cost_of_sales").differs
    assert not a.measure("revenue").differs
    right = against_actuals(load_kpis(_paid_export(tmp_path, 4000)), comp.results[comp.baseline],
                            plan_in_force(kpis, flat), flat)  # fmt: skip
    assert not right.measure("total_pay").differs
    assert right.measure("total_pay").actual == pytest.approx(
        a.measure("total_pay").actual - 1000, abs=0.01
    )
