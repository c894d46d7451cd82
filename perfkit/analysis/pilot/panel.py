"""Panels a pilot is designed and judged on, built from a KPI export.

Design works on team × month means per agent (what the stratification and the power
analysis need); evaluation on agent × month rows with the plan in force on each row.
Pay is priced by the same payout engine as the back-test, so "profit after pay" means
the same thing here as in every other command: net revenue × margin rate − pay.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.core.errors import PilotError
from perfkit.payout import compute_statements
from perfkit.payout.in_force import plan_column
from perfkit.scheme import Scenario


def profit_margin(scenario: Scenario) -> float:
    """The scenario's gross margin on net revenue (simulation.margin_rate, default 0.5)."""
    sim = scenario.simulation
    return float(sim.margin_rate) if sim is not None else 0.5


def plan_in_force(kpis: pd.DataFrame) -> pd.Series | None:
    """The export's plan column (scenario name or file per row, under any header that
    :func:`perfkit.payout.in_force.plan_column` accepts), or ``None``."""
    column = plan_column(kpis)
    if column is None:
        return None
    return kpis[column].astype("string").fillna("").str.strip()


def periods_of(kpis: pd.DataFrame) -> list[str]:
    """The export's periods in calendar order."""
    return sorted(kpis["period"].astype(str).unique())


def teams_of(kpis: pd.DataFrame) -> pd.Series:
    """Team per row (one team ``all`` when the export has no team column)."""
    if "team" not in kpis.columns:
        return pd.Series("all", index=kpis.index)
    return kpis["team"].astype(str)


def outcome_rows(kpis: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Agent × period rows with pay under ``scenario`` and profit after pay."""
    pay = compute_statements(kpis, scenario)["total_pay"].to_numpy(float)
    return rows_with_pay(kpis, pay, profit_margin(scenario))


def rows_with_pay(kpis: pd.DataFrame, pay: np.ndarray, margin: float) -> pd.DataFrame:
    """Agent × period outcome rows: revenue, orders, dials, complaints, pay, profit."""
    out = pd.DataFrame(
        {
            "agent_id": kpis["agent_id"].astype(str).to_numpy(),
            "team": teams_of(kpis).to_numpy(),
            "period": kpis["period"].astype(str).to_numpy(),
        }
    )
    for col in ("revenue", "orders", "dials", "complaints", "refunds"):
        out[col] = kpis[col].to_numpy(float) if col in kpis.columns else 0.0
    out["pay"] = pay
    out["profit"] = (out["revenue"] - out["refunds"]) * margin - out["pay"]
    return out


def team_months(rows: pd.DataFrame, teams: list[str] | None = None) -> pd.DataFrame:
    """Team × period: agents, and revenue and profit after pay per agent."""
    g = rows.groupby(["team", "period"], sort=True)
    tm = g.agg(agents=("agent_id", "nunique"), revenue=("revenue", "sum"), profit=("profit", "sum"))
    tm["revenue"] /= tm["agents"]
    tm["profit"] /= tm["agents"]
    tm = tm.reset_index()
    if teams is not None:
        tm = tm[tm["team"].isin(teams)]
    return tm


def balanced(tm: pd.DataFrame, value: str) -> tuple[list[str], list[str], np.ndarray]:
    """Teams, periods and a teams × periods matrix of ``value``; refuses gaps."""
    wide = tm.pivot(index="team", columns="period", values=value).sort_index()
    holes = wide.isna()
    if holes.to_numpy().any():
        team, period = holes.stack()[lambda s: s].index[0]
        raise PilotError(
            f"team {team!r} has no rows in {period}: the power analysis needs every team "
            "in every month of the export (drop the team or the month)"
        )
    return list(wide.index), list(wide.columns), wide.to_numpy(float)
