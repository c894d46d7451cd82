"""Monthly review: month cut, coaching focus priced by the engine, sheets, monitoring."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perfkit.core.errors import DataError, RenderError
from perfkit.files.data import load_kpis
from perfkit.pages.review import review_month
from perfkit.pages.review.batch import split_pages, write_review
from perfkit.pages.review.coaching import StepRule, coaching_focus, realistic_steps
from perfkit.pages.review.dashboard import dashboard_html, team_goal
from perfkit.pages.review.monitor import band_table, floor_metrics
from perfkit.pages.review.sheet import sheet_html
from perfkit.pages.review.words import kpi_step, kpi_value
from perfkit.payout import compute_statements
from perfkit.scheme.loader import parse_scenario
from tests.conftest import DATA

FLAT = {
    "name": "flat 5% on revenue",
    "pay": {"base_salary": 4000},
    "scorecard": [
        {"kpi": "revenue", "weight": 70, "target": 30000},
        {"kpi": "connect_rate", "weight": 30, "target": 0.28},
    ],
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.05},
}


def floor(n_teams: int = 2, per_team: int = 5, months: int = 3, seed: int = 1) -> pd.DataFrame:
    """A small export: revenue and connects vary by agent, steady over months."""
    rng = np.random.default_rng(seed)
    rows = []
    for t in range(n_teams):
        for i in range(per_team):
            skill = rng.uniform(0.5, 1.5)
            for m in range(months):
                dials = 3000 + 100 * i
                connected = round(dials * (0.2 + 0.02 * i))
                rows.append(
                    {
                        "agent_id": f"A{t}{i}",
                        "name": f"agent {t}{i}",
                        "team": f"T{t}",
                        "period": f"2025-0{m + 1}",
                        "dials": dials,
                        "connected": connected,
                        "orders": 10,
                        "revenue": round(25000 * skill, 2),
                        "complaints": i % 2,
                    }
                )
    return pd.DataFrame(rows)


@pytest.fixture
def flat():
    return parse_scenario(FLAT, source="flat.yaml")


def test_month_targets_medians_and_pay_match_the_engine(flat):
    kpis = floor()
    month = review_month(kpis, flat, "2025-02")
    a = month.agents
    assert len(a) == 10 and set(a["period"]) == {"2025-02"}
    assert np.allclose(a["target_revenue"], 30000) and np.allclose(a["target_connect_rate"], 0.28)
    medians = a.groupby("team")["revenue"].median()
    assert np.allclose(a["team_median_revenue"], a["team"].map(medians))
    st = compute_statements(kpis[kpis["period"] == "2025-02"], flat)
    assert np.allclose(
        a.sort_values("agent_id")["total_pay"], st.sort_values("agent_id")["total_pay"]
    )
    assert month.trend_periods == ["2025-01", "2025-02"]


def test_unknown_period_is_a_clear_data_error(flat):
    with pytest.raises(
        DataError, match=r"--period 2024-12: no rows for that period; the file has 2025-01"
    ):
        review_month(floor(), flat, "2024-12")


def test_revenue_step_is_priced_at_the_commission_rate(flat):
    """Flat 5% on revenue, no grades: a revenue step of x is worth exactly 0.05 × x."""
    month = review_month(floor(), flat, "2025-03")
    focus = coaching_focus(month)
    rev = focus[focus["kpi"] == "revenue"]
    assert np.allclose(rev["pay_gain"], 0.05 * rev["step"], atol=1e-6)
    assert (rev["step"] > 0).all()
    # the step goes to the team's 75th percentile, at most 20% of target, 5% once there
    a = month.agents.set_index("agent_id")
    p75 = a.groupby("team")["revenue"].quantile(0.75)
    for r in rev.itertuples():
        v, q = a.loc[r.agent_id, "revenue"], p75[a.loc[r.agent_id, "team"]]
        expected = min(q - v, 6000) if q > v else 1500
        assert r.step == pytest.approx(expected)


def test_connect_rate_step_carries_down_the_funnel(flat):
    """More connects at the same conversion bring revenue in proportion: gain = 5% × revenue × (new/old − 1)."""
    month = review_month(floor(), flat, "2025-03")
    focus = coaching_focus(month)
    cr = focus[focus["kpi"] == "connect_rate"].set_index("agent_id")
    rev = month.agents.set_index("agent_id")["revenue"]
    expected = 0.05 * rev * (cr["new_value"] / cr["value"] - 1)
    assert np.allclose(cr["pay_gain"], expected.loc[cr.index], atol=1e-6)


def test_focus_is_at_most_two_kpis_best_first(flat):
    focus = coaching_focus(review_month(floor(), flat, "2025-03"))
    per_agent = focus[focus["focus"]].groupby("agent_id")
    assert per_agent.size().max() <= 2
    for _, g in focus.groupby("agent_id"):
        assert list(g["rank"]) == list(range(1, len(g) + 1))
        assert g["pay_gain"].is_monotonic_decreasing


def test_lower_is_better_step_never_goes_below_zero(flat):
    sc = parse_scenario(
        {
            **FLAT,
            "scorecard": [
                {"kpi": "revenue", "weight": 70, "target": 30000},
                {"kpi": "complaint_rate", "weight": 30, "target": 0.001},
            ],
        },
        source="x.yaml",
    )
    month = review_month(floor(), sc, "2025-03")
    steps = realistic_steps(month, StepRule())
    c = steps[steps["kpi"] == "complaint_rate"]
    assert (c["new_value"] >= 0).all() and (c["step"] <= 0).all()
    assert (c.loc[c["value"] == 0, "step"] == 0).all()


def test_team_pool_variant_changes_only_the_one_agent(basic):
    """With a team pool the gain includes the pool share, priced with the teammates as they were."""
    basic["team"] = {"pool": {"kpi": "revenue", "target": 120000, "amount": 5000, "split": "equal"}}
    sc = parse_scenario(basic, source="pool.yaml")
    month = review_month(floor(), sc, "2025-03")
    focus = coaching_focus(month)
    assert np.isfinite(focus["pay_gain"]).all()
    goals = team_goal(month).set_index("team")
    # the goal is the agents' targets added up (as perfkit targets has it); the pool's
    # threshold is its own column, and the page says why the two differ
    assert (goals["goal"] == 5 * 30000).all() and (goals["pool_goal"] == 120000).all()
    from perfkit.pages.goals import agent_targets, decomposition_table

    d = decomposition_table(agent_targets(floor(), sc, "2025-03"), agents=False)
    team_rows = d[(d["level"] == "team") & (d["kpi"] == "revenue")].set_index("unit")["target"]
    assert team_rows.to_dict() == goals["goal"].to_dict()
    from perfkit.pages.review.dashboard import goal_note

    note = goal_note(goals.reset_index().iloc[0], "en", "CNY")
    assert "150,000" in note and "120,000" in note
    assert goals.loc["T0", "actual"] == pytest.approx(
        month.agents.query("team == 'T0'")["revenue"].sum()
    )


def test_sheet_and_dashboard_escape_what_users_typed(flat, tmp_path):
    kpis = floor()
    kpis.loc[kpis["agent_id"] == "A00", "name"] = "<script>alert(1)</script>"
    kpis.loc[kpis["team"] == "T1", "team"] = '=HYPERLINK("x")'
    month = review_month(kpis, flat, "2025-03")
    focus = coaching_focus(month)
    sheet = sheet_html(month, focus, "A00", "en")
    assert "<script>" not in sheet and "&lt;script&gt;alert(1)&lt;/script&gt;" in sheet
    first = focus.merge(month.agents[["agent_id", "name", "team"]], on="agent_id")
    first = first[first["rank"] == 1].assign(score=0, grade="B", total_pay=0)
    dash = dashboard_html(month, first, team_goal(month), "T0", "zh")
    assert "<script>" not in dash
    files = write_review(month, focus, tmp_path, "en", pdf=False)
    assert len(files.sheets_html) == 10 and len(files.dashboards) == 2
    teams = pd.read_csv(tmp_path / "teams.csv", encoding="utf-8-sig")
    assert teams["team"].str.startswith("'=").any()  # written as text, quoted once
    assert not teams["team"].str.startswith("''").any()


def test_rates_show_visible_decimals_and_steps_in_points():
    assert kpi_value("complaint_rate", 0.0015, "en") == "0.15%"
    assert kpi_value("connect_rate", 0.261, "zh") == "26.1%"
    assert kpi_step("connect_rate", 0.02, "en") == "2.0 pp"
    assert kpi_step("connect_rate", 0.02, "zh") == "2.0 个百分点"
    assert kpi_value("revenue", 12345.6, "zh") == "¥12,346"


def test_band_flags_outside_p10_p90_and_says_whether_it_is_good():
    runs = pd.DataFrame(
        {"revenue_per_agent": np.arange(1.0, 101.0), "complaint_rate": np.arange(1.0, 101.0)}
    )
    table = band_table({"revenue_per_agent": 200.0, "complaint_rate": 200.0}, runs).set_index(
        "metric"
    )
    assert (
        table.loc["revenue_per_agent", "flag"] == "above"
        and table.loc["revenue_per_agent", "good"] == "yes"
    )
    assert (
        table.loc["complaint_rate", "flag"] == "above"
        and table.loc["complaint_rate", "good"] == "no"
    )
    inside = band_table({"revenue_per_agent": 50.0}, runs)
    assert inside.loc[0, "flag"] == "ok" and inside.loc[0, "p10"] == pytest.approx(10.9)


def test_floor_metrics_are_ratios_of_sums_and_per_agent_volumes():
    d = pd.DataFrame({"revenue": [100.0, 300.0], "orders": [1, 3], "dials": [10, 30], "connected": [1, 9],
                      "complaints": [0, 1], "total_pay": [50.0, 50.0]})  # fmt: skip
    m = floor_metrics(d)
    assert m["revenue_per_agent"] == 200 and m["connect_rate"] == pytest.approx(10 / 40)
    assert m["cost_of_sales"] == pytest.approx(100 / 400)


def test_split_pages_refuses_a_sheet_longer_than_a_page(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(3):
        w.add_blank_page(595, 842)
    pdf = tmp_path / "x.pdf"
    with pdf.open("wb") as fh:
        w.write(fh)
    with pytest.raises(RenderError, match="3 pages for 2 sheets"):
        split_pages(pdf, [tmp_path / "a.pdf", tmp_path / "b.pdf"])
    assert [p.name for p in split_pages(pdf, [tmp_path / f"{i}.pdf" for i in range(3)])] == [
        "0.pdf",
        "1.pdf",
        "2.pdf",
    ]


def test_sample_export_prices_every_agent(flat):
    kpis = load_kpis(DATA / "sample_kpis.csv")
    month = review_month(kpis, flat, "2025-06")
    focus = coaching_focus(month)
    assert focus["agent_id"].nunique() == len(month.agents)
    assert (focus.groupby("agent_id")["focus"].sum() >= 1).all()


def test_monitor_on_the_sample_export_flags_against_the_band(flat):
    from perfkit.pages.review.monitor import monitor

    kpis = load_kpis(DATA / "sample_kpis.csv")
    month = review_month(kpis, flat, "2025-06")
    bands, info = monitor(flat, kpis, month.agents, "2025-06", runs=4, seed=3)
    assert info["months_used"] == 5 and info["kind"] == "data"
    assert set(bands["flag"]) <= {"ok", "below", "above"}
    assert (bands["p10"] <= bands["p50"]).all() and (bands["p50"] <= bands["p90"]).all()
    again, _ = monitor(flat, kpis, month.agents, "2025-06", runs=4, seed=3)
    pd.testing.assert_frame_equal(bands, again)  # same seed, same band


def test_cli_review_writes_every_sheet_and_refuses_a_bad_period(tmp_path, capsys):
    import yaml

    from perfkit.apps.cli.main import main

    export = tmp_path / "k.csv"
    kpis = floor()
    kpis.loc[kpis["agent_id"] == "A00", "name"] = "<b>x</b>"
    kpis.to_csv(export, index=False)
    sc = tmp_path / "flat.yaml"
    sc.write_text(yaml.safe_dump(FLAT), "utf-8")
    out = tmp_path / "out"
    args = ["review", str(sc), "--data", str(export), "--out", str(out), "--runs", "0"]
    assert main([*args, "--period", "2025-09"]) == 2
    assert "--period 2025-09: no rows for that period" in capsys.readouterr().err
    # an unpadded month is the same month: the files are named by its label, 2025-03
    assert main([*args, "--period", "2025-3", "--format", "html", "--lang", "zh"]) == 0
    report = (out / "review-2025-03.zh.html").read_text("utf-8")
    assert "Traceback" not in report and "月度绩效回顾" in report and "团队目标进度" in report
    assert "执行摘要" in report  # page 1 decides
    # --format html prints no PDF, so the report links none (each dashboard it wrote, it links)
    assert ".pdf" not in report and "review-2025-03.zh/team_T0.html" in report
    sheets = sorted((out / "review-2025-03.zh" / "sheets").rglob("A*.html"))
    assert len(sheets) == 10
    assert "&lt;b&gt;x&lt;/b&gt;" in sheets[0].read_text("utf-8")


def test_priced_from_the_same_month_the_sheet_shows_even_with_history_targets():
    sc = parse_scenario(
        {
            **FLAT,
            "scorecard": [{"kpi": "revenue", "weight": 100, "target": {"split": "history"}}],
            "pay": {
                "base_salary": 4000,
                "performance_pay": {
                    "base": 1000,
                    "grade_coefficients": {"A": 1.5, "B": 1.0, "D": 0.5},
                },
            },
            "grades": {"method": "bands", "bands": {"A": 101, "B": 95}},
        },
        source="h.yaml",
    )
    kpis = floor()
    kpis.loc[kpis["period"] == "2025-03", "revenue"] *= 1.03  # above the own mean
    month = review_month(kpis, sc, "2025-03")
    priced = coaching_focus(month).merge(month.agents[["agent_id", "total_pay"]], on="agent_id")
    assert np.allclose(priced["pay_before"], priced["total_pay"])


def test_the_overview_warns_when_the_export_was_paid_under_another_plan():
    from perfkit.pages.review.floor import plan_caveat
    from perfkit.scheme import load_scenario

    root = Path(__file__).resolve().parents[2] / "scenarios"
    other = load_scenario(root / "expansion_team.yaml")  # paid under current_flat_commission
    en = plan_caveat(other, root / "expansion_team.yaml", "en")
    zh = plan_caveat(other, root / "expansion_team.yaml", "zh")
    current = load_scenario(root / "current_flat_commission.yaml")
    assert current.name in en and "不是本方案" in zh and (current.name_zh or current.name) in zh
    assert ".yaml" not in en + zh and "/" not in en + zh  # the plan's name, never a path
    same = load_scenario(root / "current_flat_commission.yaml")
    assert plan_caveat(same, root / "current_flat_commission.yaml", "en") is None


def test_grades_are_listed_in_the_plan_order_s_to_d():
    from perfkit.pages.review.floor import grade_mix

    grades = pd.Series(["A"] * 5 + ["B"] * 4 + ["S"] * 7 + ["D"] + [""])
    assert grade_mix(grades, ["S", "A", "B", "C", "D"]) == "S:7 A:5 B:4 D:1"


NO_SCORECARD = {
    "name": "base + flat 3%",
    "pay": {"base_salary": 4000},
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
    "deductions": {"qa_below": {"line": 75, "amount": 300}},
}


def test_a_plan_without_a_scorecard_gets_a_sheet_priced_by_the_plan(tmp_path):
    """No targets: each KPI against the team median and the agent's own months before;
    coaching priced by the engine, e.g. +X revenue → +3% of X commission."""
    sc = parse_scenario(NO_SCORECARD, source="flat.yaml")
    kpis = floor(months=4)
    kpis["qa_score"] = 85.0
    kpis.loc[(kpis["agent_id"] == "A01") & (kpis["period"] == "2025-04"), "revenue"] = 20000.0
    month = review_month(kpis, sc, "2025-04")
    assert not month.scored
    assert [k.kpi for k in month.kpis][:2] == ["revenue", "qa_score"]
    a01 = month.agents.set_index("agent_id").loc["A01"]
    own = kpis[(kpis["agent_id"] == "A01") & (kpis["period"] < "2025-04")]["revenue"].median()
    assert a01["own_median_revenue"] == pytest.approx(own)
    assert a01["vs_revenue"] == pytest.approx(20000.0 / own)
    focus = coaching_focus(month)
    rev = focus[focus["kpi"] == "revenue"]
    assert np.allclose(rev["pay_gain"], 0.03 * rev["step"])  # the plan's own rate, by the engine
    assert set(rev["pay_part"]) == {"commission"}
    sheet = sheet_html(month, focus, "A01", "en")
    step = rev.set_index("agent_id").loc["A01"]
    assert f"→ +CN¥{0.03 * step['step']:,.0f} commission next month" in sheet
    assert "Own median" in sheet and "badge" not in sheet  # no score, no grade
    files = write_review(month, focus, tmp_path, "zh", pdf=False)
    assert len(files.sheets_html) == 10
    assert "本人近月" in (tmp_path / "team_T0.html").read_text("utf-8")


def test_review_and_targets_agree_on_a_joiners_prorated_target(flat):
    """A00 hired on 16 March (16 of 31 days): both pages give 30,000 × 16/31 as the target."""
    from perfkit.pages.goals import agent_targets

    kpis = floor().assign(hire_date=pd.Timestamp("2024-01-01"))
    kpis.loc[kpis["agent_id"] == "A00", "hire_date"] = pd.Timestamp("2025-03-16")
    kpis = kpis[~((kpis["agent_id"] == "A00") & (kpis["period"] < "2025-03"))]
    month = review_month(kpis, flat, "2025-03").agents.set_index("agent_id")
    targets = agent_targets(kpis, flat, "2025-03").query("kpi == 'revenue'").set_index("agent_id")
    assert month.loc["A00", "target_revenue"] == pytest.approx(30000 * 16 / 31)
    assert targets.loc["A00", "target"] == pytest.approx(30000 * 16 / 31)
    assert month.loc["A01", "target_revenue"] == targets.loc["A01", "target"] == 30000
    assert month.loc["A00", "target_connect_rate"] == 0.28  # a rate is not prorated
