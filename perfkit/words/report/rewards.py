"""The non-cash rewards of a plan as the report shows them: who gets each, how often,
what it is worth to the agent and what it costs the firm (the cost profit carries)."""

from __future__ import annotations

import re

import pandas as pd

from perfkit.analysis.compare import Comparison
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, forecast, money, pct, plain


def _rule(rule, lang: Lang) -> str:
    if rule.grade is not None:
        grades = [rule.grade] if isinstance(rule.grade, str) else list(rule.grade)
        return t("report.reward.grade", lang, grades="/".join(grades))
    if rule.min_score is not None:
        return t("report.reward.min_score", lang, score=f"{rule.min_score:g}")
    kpi = label(rule.kpi, lang)
    fields = {"kpi": kpi, "kpi_lower": kpi.lower()}  # English writes it in running text
    if rule.team_goal_met:
        goal = "" if rule.team_goal is None else f" {plain(rule.team_goal, exact=False)}"
        return t("report.reward.team_goal", lang, goal=goal, **fields)
    if rule.team_top is not None:
        return t("report.reward.team_top", lang, n=rule.team_top, **fields)
    return t("report.reward.top", lang, n=rule.top, **fields)


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
    rows = []
    for r in rewards:
        got = labels.str.contains(rf"(?:^|;){re.escape(r.reward)}(?:;|$)", regex=True)
        per_period = float(got.sum()) / cells
        rows.append(
            {
                t("report.reward.reward", lang): r.reward.replace("_", " "),
                t("report.reward.granted_to", lang): _rule(r.to, lang),
                t("report.reward.per_period", lang): fixed(per_period, 1, grouped=False),
                t("report.reward.share", lang): pct(per_period / seats, 0),
                t("report.reward.value", lang): money(r.value_to_agent, cur, lang),
                t("report.reward.cost", lang): forecast(per_period * r.cost, cur, lang),
            }
        )
    return pd.DataFrame(rows)


def non_cash_cost(comp: Comparison, plan: str) -> float:
    """The non-cash rewards' cost to the firm over the simulated periods (mean per run)."""
    a = comp.results[plan].agents
    if "non_cash_cost" not in a:
        return 0.0
    return float(a["non_cash_cost"].sum()) / a["run"].nunique()
