"""The tables of client-ready statements: payslips, team totals, back-test per agent.

Pure functions on engine output; amounts are in fen (:mod:`perfkit.pages.statements.rounding`)
and every total is the sum of the rounded rows it covers, so a sheet adds up in Excel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.backtest import Backtest
from perfkit.analysis.winners import pay_change
from perfkit.pages.statements.rounding import round_money, round_statements, to_fen
from perfkit.payout import PAY_PARTS
from perfkit.scheme import Scenario

#: Name of the totals row in the team column (replaced by its label on the sheet).
ALL_TEAMS = "all_teams"
#: Name of the totals row of a team sheet, in the agent column.
ALL_AGENTS = "team_total"


def _sum(amounts: pd.Series) -> float:
    """The exact sum of amounts already in fen (added as whole fen, no float drift)."""
    return int(to_fen(amounts).sum()) / 100


def agent_names(kpis: pd.DataFrame) -> pd.Series | None:
    """Each agent's name (their latest non-empty one), or None if the export has none."""
    if "name" not in kpis:
        return None
    names = kpis[["agent_id", "name"]].copy()
    names["name"] = names["name"].astype(object).where(names["name"].notna(), "")
    names["name"] = names["name"].astype(str).str.strip()
    names = names[names["name"] != ""]
    if names.empty:
        return None
    return names.groupby("agent_id", sort=False)["name"].last()


def _with_names(table: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    names = agent_names(kpis)
    if names is None:
        return table
    at = list(table.columns).index("agent_id") + 1
    out = table.copy()
    out.insert(at, "name", out["agent_id"].map(names).fillna(""))
    return out


def statement_table(
    statements: pd.DataFrame, kpis: pd.DataFrame, scenario: Scenario
) -> pd.DataFrame:
    """Payslips in fen, with names when the export has them; the segment column only when
    the plan has segments, the grade only when it grades, the non-cash columns only when it
    grants non-cash rewards."""
    table = round_statements(statements)
    drop = []
    if not scenario.segments:
        drop.append("segment")
    if "grade" in table and not table["grade"].astype(str).str.strip().ne("").any():
        drop.append("grade")  # a plan without grades
    if not (table.get("non_cash_value", pd.Series(dtype=float)).abs().sum() > 0):
        drop += ["non_cash", "non_cash_value", "non_cash_cost"]
    table = table.drop(columns=[c for c in drop if c in table])
    return _with_names(table, kpis).reset_index(drop=True)


def team_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per team: agents, agent-periods, every pay line and the total, pay per agent-period;
    then a row for all teams. Sums of the rounded payslips, so they tie to the rows."""
    money = [p for p in PAY_PARTS if p in table] + [
        c for c in ("non_cash_value", "non_cash_cost") if c in table
    ]

    def block(rows: pd.DataFrame) -> dict[str, float]:
        out: dict[str, float] = {
            "agents": rows["agent_id"].nunique(),
            "agent_periods": len(rows),
        }
        out.update({m: _sum(rows[m]) for m in money})
        out["pay_per_agent_period"] = float(round_money(out["total_pay"] / max(len(rows), 1)))
        return out

    teams = [{"team": t, **block(rows)} for t, rows in table.groupby("team", sort=True)]
    teams.append({"team": ALL_TEAMS, **block(table)})
    return pd.DataFrame(teams)


def agent_totals(table: pd.DataFrame) -> pd.DataFrame:
    """One team's payslips summed per agent (periods, every pay line, total, pay per
    period), best paid first, then a total row. ``table`` holds one team's rows."""
    money = [p for p in PAY_PARTS if p in table]
    keys = ["agent_id", *(["name"] if "name" in table else [])]
    rows = []
    for key, part in table.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(keys, key, strict=True))
        row["periods"] = len(part)
        row.update({m: _sum(part[m]) for m in money})
        row["pay_per_period"] = float(round_money(row["total_pay"] / len(part)))
        rows.append(row)
    out = pd.DataFrame(rows).sort_values("total_pay", ascending=False, kind="stable")
    total = {k: "" for k in keys} | {"agent_id": ALL_AGENTS, "periods": len(table)}
    total.update({m: _sum(table[m]) for m in money})
    total["pay_per_period"] = float(round_money(total["total_pay"] / max(len(table), 1)))
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def backtest_per_agent(bt: Backtest, kpis: pd.DataFrame) -> pd.DataFrame:
    """Each agent's pay over all periods under both plans, as the sum of their rounded
    payslips, the difference, the relative change (0.01%) and the band (engine's)."""
    old = round_statements(bt.current).groupby("agent_id", sort=True)["total_pay"].sum()
    new = round_statements(bt.new).groupby("agent_id", sort=True)["total_pay"].sum()
    per = bt.per_agent[["agent_id", "team", "months", "band"]].copy()
    per["current_pay"] = round_money(per["agent_id"].map(old).to_numpy(dtype=float))
    per["new_pay"] = round_money(per["agent_id"].map(new).to_numpy(dtype=float))
    per["difference"] = round_money(per["new_pay"] - per["current_pay"])
    per["change"] = np.round(pay_change(per["current_pay"], per["new_pay"]), 4)
    per["difference_per_month"] = round_money(per["difference"] / per["months"])
    cols = ["agent_id", "team", "months", "current_pay", "new_pay", "change", "difference",
            "difference_per_month", "band"]  # fmt: skip
    per["band"] = per["band"].astype(str)
    return _with_names(per[cols], kpis).reset_index(drop=True)


def backtest_team_summary(per: pd.DataFrame) -> pd.DataFrame:
    """Per team and for all teams: agents, pay under both plans, difference, change,
    and how many agents gain or lose more than 0.1%."""

    def block(rows: pd.DataFrame) -> dict[str, float]:
        cur, new = _sum(rows["current_pay"]), _sum(rows["new_pay"])
        return {
            "agents": len(rows),
            "current_pay": cur,
            "new_pay": new,
            "difference": _sum(rows["new_pay"] - rows["current_pay"]),
            "change": round((new - cur) / abs(cur), 4) if cur else np.nan,
            "winners": int((rows["change"] > 0.001).sum()),
            "losers": int((rows["change"] < -0.001).sum()),
        }

    teams = [{"team": t, **block(rows)} for t, rows in per.groupby("team", sort=True)]
    teams.append({"team": ALL_TEAMS, **block(per)})
    return pd.DataFrame(teams)
