"""Back-testing (shadow pay): re-price a client's real KPI history under schemes.

No behaviour change is assumed: every agent produces exactly what they did; only
the pay rules differ. This is the "static" view of winners and losers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from perfkit.analysis.winners import band_counts, change_band, pay_change
from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError
from perfkit.core.quarters import for_scenario, quarter_label
from perfkit.payout import PAY_PARTS, compute_statements
from perfkit.payout.in_force import PlanHistory, priced
from perfkit.scheme import Scenario

#: Pay components in statement order (sums over periods in summaries).
COMPONENTS = PAY_PARTS


def statement_summary(
    statements: pd.DataFrame, kpis: pd.DataFrame, grade_order: list[str] | None = None
) -> dict[str, object]:
    """Headline figures of a set of pay statements on the KPI table they priced.

    ``grade_order`` lists grades best first (the scheme's order); others follow.
    """
    total = float(statements["total_pay"].sum())
    revenue = float(kpis["revenue"].sum())
    orders = float(kpis["orders"].sum())
    incentive = total - float(statements["base_salary"].sum())
    grades = statements.loc[statements["grade"] != "", "grade"].value_counts(normalize=True)
    order = [g for g in (grade_order or []) if g in grades.index]
    grades = grades.reindex(order + sorted(set(grades.index) - set(order)))
    return {
        "agent_periods": len(statements),
        "agents": int(statements["agent_id"].nunique()),
        "periods": int(statements["period"].nunique()),
        "total_pay": total,
        "incentive_pay": incentive,
        "revenue": revenue,
        "pay_per_order": total / orders if orders else float("nan"),
        "cost_of_sales": total / revenue if revenue else float("nan"),
        "grade_mix": {str(k): float(v) for k, v in grades.items()},
        "components": {c: float(statements[c].sum()) for c in COMPONENTS},
    }


@dataclass(frozen=True)
class Backtest:
    """Each agent's pay under a current and a new scheme on the same history."""

    per_agent: pd.DataFrame  # agent_id, team, months, current_pay, new_pay, change,
    #                          difference, difference_per_month, band
    bands: pd.Series  # agents per winners/losers band
    current: pd.DataFrame  # statements under the current scheme
    new: pd.DataFrame  # statements under the new scheme

    def movers(self, n: int = 1, losers: bool = True) -> pd.DataFrame:
        """The ``n`` agents losing (``losers``) or gaining most per month in post
        (``difference_per_month``): a one-month joiner and a twelve-month veteran are
        compared on what the new plan changes in one month of their pay."""
        per = self.per_agent
        side = per[per["difference"] < 0] if losers else per[per["difference"] > 0]
        return side.sort_values("difference_per_month", ascending=losers, kind="stable").head(n)


def months_in_post(kpis: pd.DataFrame) -> pd.Series:
    """Months each agent has in the export (a quarter row counts 3), by agent id."""
    labels = kpis["period"].astype(str)
    months = labels.map(lambda p: 3 if quarter_label(p) else 1)
    per = pd.DataFrame({"agent_id": kpis["agent_id"].astype(str), "period": labels, "m": months})
    return per.drop_duplicates(["agent_id", "period"]).groupby("agent_id")["m"].sum()


def backtest(current: Scenario | PlanHistory, new: Scenario, kpis: pd.DataFrame) -> Backtest:
    """Shadow pay: price ``kpis`` under both schemes and compare agent by agent.

    ``current`` may be a :class:`~perfkit.payout.in_force.PlanHistory`: each row is then
    priced under the plan in force for it (the export's ``plan`` column).

    One row per ``agent_id`` (pay summed over periods; a quarterly scheme prices the
    months combined into quarters, see :mod:`perfkit.core.quarters`); ``team`` is the agent's
    team in their latest period, so an agent who changed team is counted once.
    """
    plans = list(current.plans.values()) if isinstance(current, PlanHistory) else [current]
    for plan in plans:
        if plan.currency != new.currency:
            raise ParameterError(
                f"cannot compare pay in {plan.currency} ('{plan.name}') with pay in "
                f"{new.currency} ('{new.name}'); expected both schemes in one currency"
            )
    if isinstance(current, PlanHistory):
        cur = priced(kpis, current)
    else:
        cur = compute_statements(for_scenario(kpis, current)[0], current)
    nxt = compute_statements(for_scenario(kpis, new)[0], new)
    old_pay = cur.groupby("agent_id", sort=True)["total_pay"].sum()
    new_pay = nxt.groupby("agent_id", sort=True)["total_pay"].sum().reindex(old_pay.index)
    team = cur.sort_values("period", kind="stable").groupby("agent_id", sort=True)["team"].last()
    change = pay_change(old_pay.to_numpy(), new_pay.to_numpy())
    months = months_in_post(kpis).reindex(old_pay.index.astype(str)).to_numpy()
    per_agent = pd.DataFrame(
        {
            "agent_id": old_pay.index.to_numpy(),
            "team": team.reindex(old_pay.index).to_numpy(),
            "months": months.astype(int),
            "current_pay": old_pay.to_numpy(),
            "new_pay": new_pay.to_numpy(),
            "change": change,
        }
    )
    per_agent["difference"] = per_agent["new_pay"] - per_agent["current_pay"]
    per_agent["difference_per_month"] = per_agent["difference"] / per_agent["months"]
    per_agent["band"] = change_band(change)
    per_agent = per_agent.sort_values("change", kind="stable").reset_index(drop=True)
    return Backtest(per_agent=per_agent, bands=band_counts(change), current=cur, new=nxt)


make_callable(__name__)
