"""Client-ready pay statements and back-tests: xlsx for people, CSV for tools.

- xlsx (:func:`write_statements`, :func:`write_backtest`): headers in English or Chinese,
  names (姓名) when the export has them, amounts in fen with thousands formats, a frozen
  header, a team summary sheet, a sheet per team (its agents' totals), the plan's rules in
  plain sentences (:func:`perfkit.words.plan.describe_plan`) and its settings;
- CSV: the canonical columns, amounts rounded to 0.01 (payslips still adding up);
- Parquet: the engine's full-precision table, for analysis.

CSV and xlsx cells that a spreadsheet would run as formulas are written as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from perfkit.analysis.backtest import Backtest, statement_summary
from perfkit.files.outputs import atomic_path, atomic_write_text, save_table
from perfkit.pages.statements.columns import header, team_sheet
from perfkit.pages.statements.rounding import round_statements
from perfkit.pages.statements.rules import plan_rules, plan_settings
from perfkit.pages.statements.tables import (
    agent_totals,
    backtest_per_agent,
    backtest_team_summary,
    statement_table,
    team_summary,
)
from perfkit.pages.statements.workbook import add_table, new_workbook
from perfkit.scheme import Scenario
from perfkit.text import Lang, has, label, t

#: Above this many teams the workbook has the team summary but no sheet per team.
MAX_TEAM_SHEETS = 60

__all__ = [
    "MAX_TEAM_SHEETS",
    "agent_totals",
    "backtest_per_agent",
    "backtest_team_summary",
    "plan_rules",
    "plan_settings",
    "round_statements",
    "statement_table",
    "team_summary",
    "write_backtest",
    "write_backtest_csv",
    "write_statements",
]


def filled_words(record: object, lang: Lang) -> object:
    """A row's blank-cell record ('satisfaction=agent_mean; qa_score=zero') in words
    ('客户满意度：按该员工均值填补；质检分：按 0 填补'); anything else as it is."""
    if not isinstance(record, str) or not record:
        return record
    words = []
    for part in record.split("; "):
        kpi, _, policy = part.partition("=")
        key = f"fill.{policy}"
        words.append(t(key, lang, kpi=label(kpi, lang)) if has(key) else part)
    return t("punct.clause", lang).join(words)


def _label_total(summary: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    out = summary.copy()
    out.loc[out.index[-1], "team"] = header("all_teams", lang)
    return out


def _rules_sheets(
    wb, rules: str, settings: str, scenario: Scenario, lang: Lang, kpis: pd.DataFrame
) -> None:
    add_table(wb, rules, plan_rules(scenario, lang), lang)
    policy = blank_policy_words(kpis, lang)  # the --fill / --drop-incomplete choice, if any
    add_table(wb, settings, plan_settings(scenario, lang, policy), lang)


_DROPPED = re.compile(r"(\d+) row\(s\) with blank KPI cells dropped \(([^)]*)\)")


def blank_policy_words(kpis: pd.DataFrame, lang: Lang) -> str | None:
    """What ``--fill`` / ``--drop-incomplete`` did to the export, in ``lang``: cells filled
    per KPI and rule (from the rows' ``filled`` record), rows dropped; None if nothing."""
    said = kpis.attrs.get("blank_policy")
    if not said:
        return None
    parts = []
    if "filled" in kpis:
        counts = pd.Series(
            [p for r in kpis["filled"] if isinstance(r, str) and r for p in r.split("; ")]
        ).value_counts(sort=False)
        parts += [
            t("fill.count", lang, n=int(n), what=filled_words(p, lang)) for p, n in counts.items()
        ]
    if m := _DROPPED.search(said):
        parts.append(t("fill.dropped", lang, n=int(m.group(1)), rows=m.group(2)))
    return t("punct.clause", lang).join(parts) if parts else said


def write_statements(
    statements: pd.DataFrame,
    kpis: pd.DataFrame,
    scenario: Scenario,
    path: str | Path,
    lang: Lang = "en",
) -> Path:
    """Write pay statements to ``path`` (.xlsx, .csv or .parquet), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return save_table(round_statements(statements), path)
    if suffix != ".xlsx":
        return save_table(statements, path)
    table = statement_table(statements, kpis, scenario)
    if "filled" in table:
        table["filled"] = table["filled"].map(lambda s: filled_words(s, lang))
    wb = new_workbook()
    add_table(wb, t("payslip.sheet.statements", lang), table, lang)
    add_table(wb, t("payslip.sheet.teams", lang), _label_total(team_summary(table), lang), lang, 1)
    teams = table.groupby("team", sort=True)
    if teams.ngroups <= MAX_TEAM_SHEETS:
        taken = set(wb.sheetnames) | {
            t("payslip.sheet.rules", lang),
            t("payslip.sheet.settings", lang),
        }
        for team, rows in teams:
            per = agent_totals(rows.drop(columns="team"))
            per.loc[per.index[-1], "agent_id"] = header("team_total", lang)
            add_table(wb, team_sheet(team, lang, taken), per, lang, 1)
    _rules_sheets(
        wb, t("payslip.sheet.rules", lang), t("payslip.sheet.settings", lang), scenario, lang, kpis
    )
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def write_backtest(
    bt: Backtest,
    kpis: pd.DataFrame,
    current: Scenario,
    new: Scenario,
    path: str | Path,
    lang: Lang = "en",
) -> Path:
    """Write a back-test per agent to ``path`` (.xlsx, .csv or .parquet), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return save_table(bt.per_agent, path)
    per = backtest_per_agent(bt, pd.DataFrame())  # canonical columns, in fen
    if suffix == ".csv":
        return save_table(per[list(bt.per_agent.columns)], path)
    table = backtest_per_agent(bt, kpis)
    wb = new_workbook()
    add_table(wb, t("payslip.sheet.backtest", lang), table, lang)
    add_table(
        wb,
        t("payslip.sheet.teams", lang),
        _label_total(backtest_team_summary(table), lang),
        lang,
        1,
    )
    _rules_sheets(
        wb,
        t("payslip.sheet.rules_current", lang),
        t("payslip.sheet.settings_current", lang),
        current,
        lang,
        kpis,
    )
    _rules_sheets(
        wb,
        t("payslip.sheet.rules_new", lang),
        t("payslip.sheet.settings_new", lang),
        new,
        lang,
        kpis,
    )
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def write_backtest_csv(bt: Backtest, kpis: pd.DataFrame, out_dir: str | Path) -> Path | None:
    """Write the back-test per agent (CSV, amounts in fen as ``perfkit backtest`` writes
    them) and its totals (``summary.json``) to ``out_dir``."""
    if not out_dir:
        return None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    per = backtest_per_agent(bt, pd.DataFrame())[list(bt.per_agent.columns)]
    save_table(per, out / "backtest.csv")
    doc = {
        "current": statement_summary(bt.current, kpis),
        "new": statement_summary(bt.new, kpis),
        "bands": {str(k): int(v) for k, v in bt.bands.items()},
    }
    atomic_write_text(
        out / "summary.json", json.dumps(doc, ensure_ascii=False, indent=2, default=float)
    )
    return out
