"""The targets the payout engine sets, as a company → team → agent table (目标分解).

Targets come from the engine's own resolution (:func:`perfkit.payout.plan.plan_target`,
a joiner's fixed volume target prorated by the days worked) over the export up to the
period, so a goal split by capacity or history, a stretch and a ratchet give exactly the
targets the statements use. Volumes add up the levels (company = Σ teams = Σ agents); a
rate target does not add up, so its company and
team rows show the mean of their agents' targets.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from perfkit.core.errors import DataError, ParameterError
from perfkit.core.kpis import in_units
from perfkit.core.quarters import for_scenario
from perfkit.payout.frame import prepare
from perfkit.payout.history import agent_history
from perfkit.payout.plan import plan_target
from perfkit.scheme.models import Scenario, TargetRule

#: KPIs whose targets do not add up across agents.
NOT_ADDITIVE = in_units("rate", "score", "satisfaction") | {"average_order_value"}


def agent_targets(kpis: pd.DataFrame, scenario: Scenario, period: str) -> pd.DataFrame:
    """One row per agent × scorecard KPI of *period*: ``agent_id``, ``team``, ``kpi``,
    ``target`` and ``rule`` (``fixed`` or how the goal was split)."""
    if not scenario.main_plan.scorecard:
        raise ParameterError(
            f"{scenario.source}: the plan has no scorecard, so it sets no "
            "targets; expected a plan with scorecard KPIs"
        )
    table, _ = for_scenario(kpis, scenario)
    table = table.assign(period=table["period"].astype(str))
    if str(period) not in set(table["period"]):
        raise DataError(str(kpis.attrs.get("source", "KPI export")),
                        [f"--period {period}: no rows for that period"])  # fmt: skip
    kept = table[table["period"] <= str(period)].reset_index(drop=True)
    month = kept[kept["period"] == str(period)].reset_index(drop=True)
    t = prepare(month, scenario)
    past = agent_history(prepare(kept, None), t.agent_names)
    rows = replace(t.rows, history=past)
    per_quarter = 1 if scenario.period == "quarter" else 3
    plan = scenario.main_plan
    months = 3 // per_quarter
    targets = {it.kpi: plan_target(plan, it.target, it.kpi, rows, months) for it in plan.scorecard}
    frames = []
    for item in plan.scorecard:
        tr = item.target
        rule = (f"{tr.split} split of a {tr.per} goal" if tr.goal is not None
                else "own history") if isinstance(tr, TargetRule) else "fixed"  # fmt: skip
        frames.append(
            pd.DataFrame(
                {
                    "agent_id": month["agent_id"].astype(str),
                    "team": month["team"].astype(str),
                    "kpi": item.kpi,
                    "target": targets[item.kpi],
                    "rule": rule,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def decomposition_table(targets: pd.DataFrame, agents: bool = True) -> pd.DataFrame:
    """Company, then each team, then (``agents``) each agent, per KPI: ``level``,
    ``unit``, ``kpi``, ``target``, ``agents`` and ``adds_up``."""
    out = []
    for kpi, g in targets.groupby("kpi", sort=False):
        add = kpi not in NOT_ADDITIVE
        agg = "sum" if add else "mean"
        out.append({"level": "company", "unit": "company", "kpi": kpi,
                    "target": g["target"].agg(agg), "agents": len(g), "adds_up": add})  # fmt: skip
        for team, tg in g.groupby("team"):
            out.append({"level": "team", "unit": team, "kpi": kpi, "target": tg["target"].agg(agg),
                        "agents": len(tg), "adds_up": add})  # fmt: skip
            if agents:
                out += [{"level": "agent", "unit": a, "kpi": kpi, "target": v, "agents": 1,
                         "adds_up": add} for a, v in zip(tg["agent_id"], tg["target"], strict=True)]  # fmt: skip
    return pd.DataFrame(out)
