"""The plan's rules for the statements workbook: in plain sentences, and as settings."""

from __future__ import annotations

import pandas as pd

from perfkit.pages.statements.columns import header
from perfkit.scheme import Scenario
from perfkit.text import Lang, has, t
from perfkit.words.plan import describe_plan, plan_description, plan_name
from perfkit.words.report.settings import plan_settings_table


def plan_rules(scenario: Scenario, lang: Lang = "en") -> pd.DataFrame:
    """Every rule of ``scenario`` as a sentence (:func:`perfkit.words.plan.describe_plan`),
    by section, after the plan's name and description; columns ``section`` and ``rule``."""
    rows = [(header("plan_name", lang), plan_name(scenario, lang))]
    if description := " ".join(plan_description(scenario, lang).split()):
        rows.append((header("plan_description", lang), description))
    for section in describe_plan(scenario, lang):
        rows += [(section.title, sentence) for sentence in section.sentences]
    return pd.DataFrame(rows, columns=["section", "rule"])


def plan_settings(
    scenario: Scenario, lang: Lang = "en", blank_policy: str | None = None
) -> pd.DataFrame:
    """Every setting of ``scenario`` in words, by section, with the source its file notes
    (as the report's appendix lists them: never a scenario key such as ``pay.base_salary``),
    after its currency and cycle, and what was done with the export's blank cells
    (``blank_policy``, from ``--fill`` / ``--drop-incomplete``); columns ``setting``,
    ``value``, ``note``."""
    key = f"payslip.cycle.{scenario.period}"
    period = t(key, lang) if has(key) else scenario.period
    head = [
        (header("currency", lang), scenario.currency, ""),
        (header("plan_period", lang), period, ""),
    ]
    if blank_policy:
        head.append((header("blank_policy", lang), blank_policy, ""))
    words = plan_settings_table(scenario, lang)  # item, rule and (where any) source
    rows = head + [(r[0], r[1], r[2] if len(r) > 2 else "") for r in words.itertuples(index=False)]
    return pd.DataFrame(
        [(k, "" if v is None else str(v), n or "") for k, v, n in rows],
        columns=["setting", "value", "note"],
    )
