"""The goal-decomposition table of the briefing report (company, then each team)."""

from __future__ import annotations

import pandas as pd

from perfkit.core.quarters import for_scenario
from perfkit.pages.goals.decompose import agent_targets, decomposition_table
from perfkit.pages.review.words import esc, kpi_value
from perfkit.scheme.models import Scenario
from perfkit.text import Lang, label

TITLE = ("Goal decomposition: company → team → agent", "目标分解：公司 → 团队 → 员工")
INTRO = (
    "The targets the plan sets in {period}, the last month of the export: volumes add up "
    "from agents to teams to the company; a rate's team and company rows are the mean "
    "of their agents' targets. Per-agent targets are in `perfkit targets`.",
    "{period}（数据最后一个月）方案设定的目标：数量类指标由员工逐级加总到团队与公司；"
    "比率类指标的团队与公司行为员工目标的平均值。员工目标明细见 `perfkit targets`。",
)


def goal_section(
    scenario: Scenario, kpis: pd.DataFrame | None, lang: Lang = "en"
) -> tuple[str, pd.DataFrame] | None:
    """(heading and intro markdown, table) for the report, or None without data or scorecard."""
    if kpis is None or not scenario.scorecard:
        return None
    period = str(max(for_scenario(kpis, scenario)[0]["period"].astype(str)))
    table = decomposition_table(agent_targets(kpis, scenario, period), agents=False)
    i = 1 if lang == "zh" else 0
    company = "公司" if lang == "zh" else "Company"
    table["unit"] = table["unit"].where(table["level"] != "company", company)
    heads = table.drop_duplicates("unit").set_index("unit")["agents"]
    wide = table.pivot_table(index="unit", columns="kpi", values="target", sort=False)
    wide = wide[[k for k in table["kpi"].unique()]]
    out = pd.DataFrame({("团队" if lang == "zh" else "Unit"): [esc(u) for u in wide.index],
                        ("人数" if lang == "zh" else "Agents"): heads.reindex(wide.index).to_numpy()})  # fmt: skip
    for kpi in wide.columns:
        out[label(kpi, lang)] = [kpi_value(kpi, v, lang, scenario.currency) for v in wide[kpi]]
    text = f"### {TITLE[i]}\n\n{INTRO[i].format(period=esc(period))}"
    return text, out
