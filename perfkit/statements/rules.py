"""The plan's rules as a readable table for the statements workbook (setting → value)."""

from __future__ import annotations

import pandas as pd

from perfkit.i18n import Lang
from perfkit.report_text.appendix import scenario_parameters
from perfkit.scheme import Scenario
from perfkit.statements.columns import header

_PERIODS = {"month": {"en": "month", "zh": "月度"}, "quarter": {"en": "quarter", "zh": "季度"}}
_STATED = frozenset({"currency", "period"})  # in the head rows already


def plan_rules(scenario: Scenario, lang: Lang = "en") -> pd.DataFrame:
    """Setting, value and note of every rule ``scenario`` states, after its name,
    description, currency and period.

    At merge the lead switches this to ``perfkit.plan_words.describe_plan(scenario, lang)``.
    """
    head = [
        (header("plan_name", lang), scenario.name, ""),
        (header("plan_description", lang), " ".join((scenario.description or "").split()), ""),
        (header("currency", lang), scenario.currency, ""),
        (
            header("plan_period", lang),
            _PERIODS.get(scenario.period, {}).get(lang, scenario.period),
            "",
        ),
    ]
    params = scenario_parameters(scenario, lang)
    rows = head + [
        tuple(r) for r in params.itertuples(index=False, name=None) if r[0] not in _STATED
    ]
    return pd.DataFrame(
        [(k, "" if v is None else str(v), n or "") for k, v, n in rows],
        columns=[header("setting", lang), header("value", lang), header("note", lang)],
    )
