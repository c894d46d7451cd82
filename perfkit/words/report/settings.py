"""A report's appendix settings in words, with their units and sources: the plan's rules as
sentences (never a scenario key such as ``pay.base_salary``) and the population's traits
and funnel rates ("Dials a month at full effort | 4,500 on average, spread (CV) 12% |
calibrated from the client's export")."""

from __future__ import annotations

from typing import Any

import pandas as pd

from perfkit.scheme import Scenario
from perfkit.text import Lang, t
from perfkit.text.numbers import plain, share, significant
from perfkit.words.plan import describe_plan

#: Where a scenario path's note belongs among the plan-in-words sections.
_SECTION_OF = {"pay": "fixed", "performance_pay": "fixed", "team": "team", "bonus": "bonus"}

#: Each trait or funnel rate: its unit (``setting.unit.*``; "share": a percentage).
_UNITS: dict[str, str] = {
    "skill": "times", "capacity": "dials_month", "effort_cost": "money_month",
    "baseline_effort": "times", "effort_cap": "share", "risk_aversion": "per_yuan", "noncash_value": "times",
    "helpfulness": "share", "outside_option": "money_month", "tenure_months": "months",
    "learning_gap": "share", "learning_months": "months", "connect_rate": "share",
    "effective_share": "share", "minutes_per_effective_call": "minutes", "intent_rate": "share",
    "order_rate": "share", "order_value": "money_order", "order_value_cv": "share",
    "refund_rate": "share", "collected_share": "share", "complaint_rate": "share",
    "repeat_rate": "share", "satisfaction": "plain", "qa_score": "points",
    "peer_score": "points", "dial_noise": "share", "count_dispersion": "plain",
}  # fmt: skip

#: Traits a KPI export cannot show (perfkit.model.population.UNOBSERVED), and the
#: learning curve: assumptions even for a calibrated population.
_ASSUMED = frozenset(
    {"effort_cost", "baseline_effort", "effort_cap", "risk_aversion", "noncash_value", "helpfulness",
     "outside_option", "learning_gap", "learning_months"}
)  # fmt: skip


def plan_settings_table(scenario: Scenario, lang: Lang = "en") -> pd.DataFrame:
    """Every rule of the plan as a sentence by section, with the notes the plan file gives
    for that section as its source (columns: item, rule, source)."""
    notes: dict[str, list[str]] = {}
    for path, note in scenario.notes_in(lang).items():
        head = path.split(".")[0].split("[")[0]
        notes.setdefault(_SECTION_OF.get(head, head), []).append(note)
    rows = []
    for section in describe_plan(scenario, lang):
        source = (
            "；".join(notes.pop(section.key, []))
            if lang == "zh"
            else "; ".join(notes.pop(section.key, []))
        )
        for i, sentence in enumerate(section.sentences):
            rows.append((section.title if i == 0 else "", sentence, source if i == 0 else ""))
    for rest in notes.values():  # notes of settings the words group elsewhere
        rows += [("", "", note) for note in rest]
    columns = [t(f"setting.column.{c}", lang) for c in ("item", "rule", "source")]
    out = pd.DataFrame(rows, columns=columns)
    return out if out[columns[2]].any() else out.drop(columns=columns[2])


def _value(x: float, unit: str, lang: Lang) -> str:
    if unit == "share":
        return share(x)
    shown = plain(x, exact=False) if abs(x) >= 1000 else significant(x, 3)
    return t(f"setting.unit.{unit}", lang, x=shown)


def _setting(name: str, value: Any, lang: Lang) -> str:
    unit = _UNITS.get(name, "plain")
    if not isinstance(value, dict):
        return _value(float(value), unit, lang)
    mean = _value(float(value["mean"]), unit, lang)
    if "cv" in value:
        return t("setting.spread.cv", lang, mean=mean, cv=share(float(value["cv"])))
    sd = _value(float(value["sd"]), unit, lang) if unit != "plain" else significant(value["sd"])
    return t("setting.spread.sd", lang, mean=mean, sd=sd)


def population_settings(population: Any, lang: Lang = "en") -> pd.DataFrame:
    """The traits and funnel rates a population assumes, in words, with their units and
    where each comes from (the client's export, published ranges, or an assumption)."""
    calibrated = getattr(population, "source", "synthetic") != "synthetic"
    found = "data" if calibrated else "range"
    rows = []
    for kind, section in (("trait", population.spec), ("funnel", population.rates)):
        for name, value in section.model_dump(mode="json", exclude={"note"}).items():
            source = "assumption" if name in _ASSUMED else found
            rows.append(
                (
                    t(f"setting.{kind}.{name}", lang),
                    _setting(name, value, lang),
                    t(f"setting.source.{source}", lang),
                )
            )
    columns = [t(f"setting.column.{c}", lang) for c in ("setting", "value", "source")]
    return pd.DataFrame(rows, columns=columns)
