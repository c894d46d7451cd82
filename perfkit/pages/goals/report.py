"""The goal-decomposition table of the briefing report (company, then each team)."""

from __future__ import annotations

import pandas as pd

from perfkit.core.quarters import for_scenario
from perfkit.pages.goals.decompose import agent_targets, decomposition_table
from perfkit.pages.review.words import kpi_value
from perfkit.scheme.models import Scenario
from perfkit.text import Lang, label, t
from perfkit.words.escape import html_text as esc


def goal_section(
    scenario: Scenario, kpis: pd.DataFrame | None, lang: Lang = "en"
) -> tuple[str, pd.DataFrame] | None:
    """(heading and intro markdown, table) for the report, or None without data or scorecard."""
    if kpis is None or not scenario.scorecard:
        return None
    period = str(max(for_scenario(kpis, scenario)[0]["period"].astype(str)))
    table = decomposition_table(agent_targets(kpis, scenario, period), agents=False)
    table["unit"] = table["unit"].where(table["level"] != "company", t("goals.company", lang))
    heads = table.drop_duplicates("unit").set_index("unit")["agents"]
    wide = table.pivot_table(index="unit", columns="kpi", values="target", sort=False)
    wide = wide[[k for k in table["kpi"].unique()]]
    out = pd.DataFrame({t("goals.unit", lang): [esc(u) for u in wide.index],
                        label("agents", lang): heads.reindex(wide.index).to_numpy()})  # fmt: skip
    for kpi in wide.columns:
        out[label(kpi, lang)] = [kpi_value(kpi, v, lang, scenario.currency) for v in wide[kpi]]
    text = f"### {t('goals.title', lang)}\n\n{t('goals.intro', lang, period=esc(period))}"
    return text, out
