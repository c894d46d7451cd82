"""Client-ready statements (issue 11 item 5): xlsx per language, fen amounts that add up
and tie to the engine, CSV in fen."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfkit.analysis.backtest import backtest
from perfkit.apps.cli.main import main
from perfkit.files.data import load_kpis
from perfkit.pages.statements import write_backtest, write_statements
from perfkit.pages.statements.columns import MONEY_FORMAT, SHARE_FORMAT, header
from perfkit.pages.statements.rounding import LINES, SIGNS, payslip_fen, round_statements, to_fen
from perfkit.payout import PAY_PARTS, compute_statements
from perfkit.scheme import load_scenario

ROOT = Path(__file__).resolve().parents[2]
ZH_DATA = ROOT / "data" / "sample_kpis_zh.csv"
EN_DATA = ROOT / "data" / "sample_kpis.csv"
NON_CASH = ROOT / "scenarios" / "non_cash_rewards.yaml"
CURRENT = ROOT / "scenarios" / "current_flat_commission.yaml"
LADDER = ROOT / "scenarios" / "marginal_ladder.yaml"


# --- rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fen"),
    [(1.005, 101), (2.675, 268), (-0.125, -13), (0.125, 13), (4564.438997, 456444), (0.0, 0)],
)
def test_to_fen_rounds_half_away_from_zero(amount, fen):
    assert to_fen(np.array([amount]))[0] == fen


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, (6, len(LINES)), elements=st.floats(0, 50_000, allow_nan=False)))
def test_payslips_add_up_and_tie_to_the_engine(lines):
    total = lines @ SIGNS
    fen = payslip_fen(lines, to_fen(total))
    assert (fen @ SIGNS == to_fen(total)).all()  # every payslip adds up, to the fen
    assert np.abs(fen - lines * 100).max() <= 1 + 1e-6  # each line within one fen
    assert np.abs(to_fen(total) - total * 100).max() <= 0.5 + 1e-6  # the total within half


def test_round_statements_on_a_real_plan():
    kpis = load_kpis(ZH_DATA)
    raw = compute_statements(kpis, load_scenario(NON_CASH))
    r = round_statements(raw)
    fen = (r[list(PAY_PARTS)] * 100).round().astype(np.int64)
    assert np.allclose(r[list(PAY_PARTS)] * 100, fen, atol=1e-6)  # whole fen
    assert (fen[list(LINES)].to_numpy() @ SIGNS == fen["total_pay"].to_numpy()).all()
    assert (r["total_pay"] - raw["total_pay"]).abs().max() <= 0.005 + 1e-9
    assert (r[list(LINES)] - raw[list(LINES)]).abs().max().max() <= 0.01 + 1e-9
    assert r["score"].round(2).equals(r["score"])


# --- the workbooks --------------------------------------------------------------------


@pytest.fixture(scope="module")
def priced():
    kpis = load_kpis(ZH_DATA)
    scenario = load_scenario(NON_CASH)
    return kpis, scenario, compute_statements(kpis, scenario)


def _sheet_frame(ws) -> pd.DataFrame:
    rows = list(ws.values)
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.mark.parametrize(
    ("lang", "sheets", "heads"),
    [
        ("en", ["Statements", "Team summary", "Plan rules"], ["Agent ID", "Name", "Team"]),
        ("zh", ["薪酬明细", "团队汇总", "方案规则"], ["工号", "姓名", "团队"]),
    ],
)
def test_statement_workbook_is_client_ready(priced, tmp_path, lang, sheets, heads):
    kpis, scenario, raw = priced
    path = write_statements(raw, kpis, scenario, tmp_path / "pay.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    team_word = "Team" if lang == "en" else "团队"
    teams_in = sorted(raw["team"].unique())
    settings = "Plan settings" if lang == "en" else "方案参数"
    assert wb.sheetnames == [
        *sheets[:2],
        *(f"{team_word} {t}" for t in teams_in),
        sheets[2],
        settings,
    ]
    ws = wb[sheets[0]]
    head = [c.value for c in ws[1]]
    assert head[:3] == heads
    total_col = head.index(header("total_pay", lang)) + 1
    assert header("attainment_revenue", lang) in head
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    money = [ws.cell(row=r, column=total_col) for r in range(2, ws.max_row + 1)]
    assert {c.number_format for c in money} == {MONEY_FORMAT}
    share = ws.cell(row=2, column=head.index(header("attainment_revenue", lang)) + 1)
    assert share.number_format == SHARE_FORMAT
    assert all(round(c.value * 100) == pytest.approx(c.value * 100, abs=1e-6) for c in money)
    assert ws.column_dimensions["A"].width >= 8  # sized, not Excel's default for every column
    table = _sheet_frame(ws)
    # names from the export, per agent
    names = kpis.groupby("agent_id")["name"].last()
    assert (table[heads[1]] == table[heads[0]].map(names)).all()
    # every payslip ties to the engine: total within half a fen
    assert (
        np.abs(table[header("total_pay", lang)].to_numpy() - raw["total_pay"].to_numpy()).max()
        <= 0.005 + 1e-9
    )

    teams = _sheet_frame(wb[sheets[1]])
    assert teams[heads[2]].iloc[-1] == ("All teams" if lang == "en" else "全部团队")
    by_team = table.groupby(heads[2])[header("total_pay", lang)].sum()
    got = teams.set_index(heads[2])[header("total_pay", lang)]
    for team, value in by_team.items():
        assert got[team] == pytest.approx(value, abs=1e-6)  # the summary is the sum of the rows
    grand = got.iloc[-1]
    assert grand == pytest.approx(table[header("total_pay", lang)].sum(), abs=1e-6)
    assert abs(grand - raw["total_pay"].sum()) <= 0.005 * len(raw)  # and ties to the engine
    assert abs(grand - raw["total_pay"].sum()) < 0.05  # measured: 2.6 fen on 330 payslips

    for team in teams_in:  # a sheet per team: its agents' totals, tying to the summary
        per = _sheet_frame(wb[f"{team_word} {team}"])
        assert per.iloc[-1, 0] == ("Team total" if lang == "en" else "团队合计")
        assert per[header("total_pay", lang)].iloc[-1] == pytest.approx(got[team], abs=1e-6)
        agents = per.iloc[:-1]
        assert agents[header("total_pay", lang)].sum() == pytest.approx(got[team], abs=1e-6)
        assert agents[header("total_pay", lang)].is_monotonic_decreasing
        assert set(agents[heads[0]]) == set(raw.loc[raw["team"] == team, "agent_id"])
        assert wb[f"{team_word} {team}"].freeze_panes == "A2"

    rules = [tuple(c.value for c in row) for row in wb[sheets[2]].iter_rows()]
    from perfkit.words.plan import describe_plan

    said = [s for sec in describe_plan(scenario, lang) for s in sec.sentences]
    assert [r[1] for r in rules[-len(said) :]] == said  # the plan's rules, sentence by sentence
    assert rules[0] == (header("section", lang), header("rule", lang))
    params = [tuple(c.value for c in row) for row in wb[settings].iter_rows()]
    flat = " ".join(str(v) for row in params for v in row if v is not None)
    # the settings in words, as the report's appendix: no scenario key, no English code
    assert "2%" in flat and "commission.rate" not in flat and "promotion_priority" not in flat
    assert [r[1] for r in params if r[1] in said] == said  # every rule, in its words
    assert not re.search(r"\b[a-z]+[._][a-z_]+\b", flat)  # no key such as pay.base_salary


def test_statement_workbook_without_names_has_no_name_column(priced, tmp_path):
    kpis, scenario, raw = priced
    path = write_statements(raw, kpis.drop(columns="name"), scenario, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    head = [c.value for c in wb["Statements"][1]]
    assert "Name" not in head and head[:2] == ["Agent ID", "Team"]
    assert [c.value for c in wb["Team T1"][1]][:2] == ["Agent ID", "Periods"]


def test_team_sheet_names_are_valid_and_unique():
    from perfkit.pages.statements.columns import team_sheet

    taken: set[str] = set()
    names = [team_sheet(t, "en", taken) for t in ["a/b", "A/B", "x" * 40, "x" * 40, "[?]", "=1"]]
    assert names[:2] == ["Team ab", "Team AB~2"]
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    assert not any(set(n) & set("[]:*?/\\") for n in names)
    wb = openpyxl.Workbook()
    for n in names:
        wb.create_sheet(n)  # openpyxl accepts every one


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_backtest_workbook_ties_to_monthly_payslips(tmp_path, lang):
    kpis = load_kpis(ZH_DATA)
    current, new = load_scenario(CURRENT), load_scenario(LADDER)
    bt = backtest(current, new, kpis)
    wb = openpyxl.load_workbook(write_backtest(bt, kpis, current, new, tmp_path / "bt.xlsx", lang))
    names = ["Back-test", "Team summary", "Rules - current plan", "Settings - current plan"]
    names += ["Rules - new plan", "Settings - new plan"]
    if lang == "zh":
        names = ["回测对比", "团队汇总", "现行方案规则", "现行方案参数", "新方案规则", "新方案参数"]
    assert wb.sheetnames == names
    per = _sheet_frame(wb[names[0]])
    cur_h, new_h = header("current_pay", lang), header("new_pay", lang)
    monthly = round_statements(bt.current).groupby("agent_id")["total_pay"].sum()
    ids = per[header("agent_id", lang)]
    assert np.allclose(per[cur_h], ids.map(monthly), atol=1e-6)
    assert np.allclose(per[header("difference", lang)], per[new_h] - per[cur_h], atol=1e-6)
    assert (
        per[cur_h] - ids.map(bt.per_agent.set_index("agent_id")["current_pay"])
    ).abs().max() < 0.01 * 12
    teams = _sheet_frame(wb[names[1]])
    assert teams[header("agents", lang)].iloc[-1] == len(per)
    assert teams[new_h].iloc[-1] == pytest.approx(per[new_h].sum(), abs=1e-6)
    assert wb[names[0]].freeze_panes == "A2"


def test_cli_csv_amounts_are_in_fen(tmp_path, capsys):
    """No 56211.64229999999: every money field has at most two decimals."""
    pay, bt = tmp_path / "pay.csv", tmp_path / "bt.csv"
    assert main(["payout", str(NON_CASH), "--data", str(EN_DATA), "--out", str(pay)]) == 0
    assert (
        main(["backtest", str(CURRENT), str(LADDER), "--data", str(EN_DATA), "--out", str(bt)]) == 0
    )
    capsys.readouterr()
    fen = re.compile(r"^-?\d+(\.\d{1,2})?$")
    for path, cols in ((pay, PAY_PARTS), (bt, ("current_pay", "new_pay", "difference"))):
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows
        bad = [(c, r[c]) for r in rows for c in cols if not fen.match(r[c])]
        assert bad == [], bad[:5]
    table = pd.read_csv(pay, encoding="utf-8-sig")
    lines = table[list(LINES)].to_numpy() @ SIGNS
    assert np.abs(lines - table["total_pay"].to_numpy()).max() < 1e-6  # still adding up


def test_cli_xlsx_in_chinese(tmp_path, capsys):
    out = tmp_path / "pay.xlsx"
    cmd = ["payout", str(NON_CASH), "--data", str(ZH_DATA), "--out", str(out), "--lang", "zh"]
    assert main(cmd) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    sheets = openpyxl.load_workbook(out).sheetnames
    assert sheets[:2] == ["薪酬明细", "团队汇总"] and sheets[-2:] == ["方案规则", "方案参数"]
    assert "团队 T1" in sheets
    assert {p.name for p in tmp_path.iterdir()} == {"pay.xlsx"}  # no staging file left


def test_report_backtest_data_file_is_in_fen(tmp_path):
    """The calibration report's backtest.csv has the amounts `perfkit backtest` writes."""
    from perfkit.pages.statements import write_backtest_csv as report_backtest

    kpis = load_kpis(EN_DATA)
    bt = backtest(load_scenario(CURRENT), load_scenario(LADDER), kpis)
    report_backtest(bt, kpis, tmp_path)
    with (tmp_path / "backtest.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(bt.per_agent)
    fen = re.compile(r"^-?\d+(\.\d{1,2})?$")
    assert all(fen.match(r[c]) for r in rows for c in ("current_pay", "new_pay", "difference"))
    total = sum(float(r["new_pay"]) for r in rows)
    assert total == pytest.approx(bt.per_agent["new_pay"].sum(), abs=0.005 * len(bt.new))


def test_blank_cell_policy_is_recorded_in_the_workbook(tmp_path, capsys):
    """--fill's choice is stated on the settings sheet (issue 12 item 16)."""
    df = pd.read_csv(EN_DATA, dtype=str, keep_default_na=False)
    df.loc[3, "revenue"] = ""
    df.to_csv(tmp_path / "blank.csv", index=False)
    out = tmp_path / "pay.xlsx"
    cmd = ["payout", str(NON_CASH), "--data", str(tmp_path / "blank.csv"), "--out", str(out)]
    assert main([*cmd, "--fill", "revenue=agent_mean", "--lang", "zh"]) == 0
    capsys.readouterr()
    rows = list(openpyxl.load_workbook(out)["方案参数"].iter_rows(values_only=True))
    policy = [r for r in rows if r[0] == header("blank_policy", "zh")]
    # in the workbook's language: the KPI's name and the rule in words, not revenue=agent_mean
    assert len(policy) == 1 and policy[0][1] == "1 个空白单元格——销售额：按该员工均值填补"
    filled = list(openpyxl.load_workbook(out)["薪酬明细"].iter_rows(values_only=True))
    column = filled[0].index(header("filled", "zh"))
    assert [r[column] for r in filled[1:] if r[column]] == ["销售额：按该员工均值填补"]
