"""The non-cash rewards of a plan as the report shows them: who gets each, how often,
what it is worth to the agent and what it costs the firm (the cost profit carries)."""

from __future__ import annotations

import re

import pandas as pd

from perfkit.analysis.compare import Comparison
from perfkit.text import Lang, label
from perfkit.text.numbers import money, pct


def _rule(rule, lang: Lang) -> str:
    if rule.grade is not None:
        grades = [rule.grade] if isinstance(rule.grade, str) else list(rule.grade)
        return ("等级 " if lang == "zh" else "grade ") + "/".join(grades)
    if rule.min_score is not None:
        return (f"得分 ≥ {rule.min_score:g}") if lang == "zh" else f"score ≥ {rule.min_score:g}"
    kpi = label(rule.kpi, lang)
    if rule.team_goal_met:
        goal = "" if rule.team_goal is None else f" {rule.team_goal:,.0f}"
        if lang == "zh":
            return f"团队{kpi}达成目标{goal}的全体成员"
        return f"every member of a team reaching its {kpi.lower()} goal{goal}"
    if rule.team_top is not None:
        if lang == "zh":
            return f"团队{kpi}前 {rule.team_top} 名的全体成员"
        return f"every member of the top {rule.team_top} team(s) by {kpi.lower()}"
    return f"{kpi}前 {rule.top} 名" if lang == "zh" else f"top {rule.top} by {kpi.lower()}"


def non_cash_table(comp: Comparison, plan: str, lang: Lang = "en") -> pd.DataFrame | None:
    """One row per reward of ``plan``'s main plan, from the simulated statements; None if
    the plan grants none."""
    rewards = comp.scenarios[plan].non_cash
    result = comp.results.get(plan)
    if not rewards or result is None or "non_cash" not in result.agents:
        return None
    a = result.agents
    cells = a["run"].nunique() * a["period"].nunique()
    seats = len(a) / cells  # agents on the floor in a period (a quitter's seat is refilled)
    labels = a["non_cash"].astype(str)
    cur = comp.scenarios[plan].currency
    zh = lang == "zh"
    rows = []
    for r in rewards:
        got = labels.str.contains(rf"(?:^|;){re.escape(r.reward)}(?:;|$)", regex=True)
        per_period = float(got.sum()) / cells
        rows.append(
            {
                ("奖励" if zh else "Reward"): r.reward.replace("_", " "),
                ("授予规则" if zh else "Granted to"): _rule(r.to, lang),
                ("每期人数" if zh else "Agents per period"): f"{per_period:.1f}",
                ("占比" if zh else "Share of agents"): pct(per_period / seats, 0),
                ("对员工价值" if zh else "Value to agent"): money(
                    r.value_to_agent, cur, "zh" if zh else "en"
                ),
                ("每期成本" if zh else "Cost per period"): money(
                    per_period * r.cost, cur, "zh" if zh else "en"
                ),
            }
        )
    return pd.DataFrame(rows)


def non_cash_cost(comp: Comparison, plan: str) -> float:
    """The non-cash rewards' cost to the firm over the simulated periods (mean per run)."""
    a = comp.results[plan].agents
    if "non_cash_cost" not in a:
        return 0.0
    return float(a["non_cash_cost"].sum()) / a["run"].nunique()
