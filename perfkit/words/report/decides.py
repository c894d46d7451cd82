"""What decides a verdict, in words: the table, the sentences, and the first page's
statement of the gross margin and hiring cost profit assumes.

The numbers come from perfkit.analysis.decides; every value prints through
perfkit.text.numbers, every phrase through the catalogue (``decides.*``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from perfkit.analysis.decides import source_kind, stated
from perfkit.scheme.params import get_param
from perfkit.scheme.priors import decisive
from perfkit.text import Lang, t
from perfkit.text.numbers import forecast, money, share, significant
from perfkit.words.escape import md_text

if TYPE_CHECKING:
    from perfkit.analysis.compare import Comparison
    from perfkit.analysis.decides import Decides, Factor


def value_text(key: str, x: float, currency: str, lang: Lang) -> str:
    """An assumption's value as a client reads it: money, a percentage or a number."""
    kind = decisive(key).kind
    if kind == "money":
        return money(x, currency, lang)
    if kind == "rate":
        return share(x)
    return significant(x)


def source_text(note: str | None, lang: Lang, markdown: bool = False) -> str:
    """Where a value comes from, in words (a consultant's note quoted as written; escaped
    for Markdown with ``markdown``, while a table's cells are escaped when shown)."""
    kind = source_kind(note)
    if kind == "consultant":
        return t("decides.source.consultant", lang, note=md_text(note) if markdown else note)
    return t(f"decides.source.{kind}", lang)


def _ranking(f: Factor, leader: str, currency: str, lang: Lang) -> str:
    if not f.flips:
        return t("decides.ranking.holds", lang)
    for end, who in ((f.low, f.leader_low), (f.high, f.leader_high)):
        if who != leader:
            shown = value_text(f.key, end, currency, lang)
            return t("decides.ranking.leads", lang, plan=who, value=shown)
    return t("decides.ranking.flips_near", lang, value=value_text(f.key, f.flip_at, currency, lang))


def _within(phrase: str) -> str:
    """A table's capitalised phrase as it reads inside a sentence ("gross margin")."""
    return phrase[:1].lower() + phrase[1:]


def decides_table(dec: Decides, currency: str, lang: Lang = "en") -> pd.DataFrame:
    """One row per assumption: source, value, range tested, the gain at both ends, ranking."""
    rows = []
    for f in dec.factors:
        low, high = (value_text(f.key, x, currency, lang) for x in (f.low, f.high))
        rows.append(
            {
                t("decides.col.factor", lang): t(f"decides.param.{f.key}", lang),
                t("decides.col.source", lang): source_text(f.note, lang),
                t("decides.col.value", lang): value_text(f.key, f.value, currency, lang),
                t("decides.col.range", lang): t(f"decides.range.{f.ranged_by}", lang, low=low, high=high),
                t("decides.col.gain_low", lang): forecast(f.gain_low, currency, lang, like=f.gain_high),
                t("decides.col.gain_high", lang): forecast(f.gain_high, currency, lang, like=f.gain_low),
                t("decides.col.ranking", lang): _ranking(f, dec.leader, currency, lang),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def decides_sentences(dec: Decides, currency: str, periods: int, lang: Lang = "en") -> list[str]:
    """Markdown paragraphs: what was done, whether the ranking flips, what moves it most, cost."""
    leader, runner = md_text(dec.leader), md_text(dec.runner_up)
    out = [t("decides.text.intro", lang, leader=leader, runner=runner, periods=periods,
             gain=forecast(dec.base_gain, currency, lang))]  # fmt: skip
    if dec.flips:
        names = [_within(t(f"decides.param.{f.key}", lang)) for f in dec.flips]
        out.append(t("decides.text.flips", lang, factors=t("punct.list", lang).join(names)))
    else:
        out.append(t("decides.text.holds", lang, leader=leader))
    top = max(dec.factors, key=lambda f: f.swing)
    out.append(t("decides.text.largest", lang, factor=_within(t(f"decides.param.{top.key}", lang)),
                 low=forecast(top.gain_low, currency, lang, like=top.gain_high),
                 high=forecast(top.gain_high, currency, lang, like=top.gain_low)))  # fmt: skip
    out.append(t("decides.text.cost", lang, runs=dec.runs, sims=dec.simulations,
                 seconds=f"{dec.seconds:.0f}"))  # fmt: skip
    return out


def assumptions_sentence(comp: Comparison, lang: Lang = "en") -> str:
    """Page 1: the gross margin and hiring cost profit assumes, each with its source."""
    scenarios = list(comp.scenarios.values())
    currency = scenarios[0].currency
    fields = {}
    for key, name in (("margin_rate", "margin"), ("hiring_cost", "hiring")):
        path = decisive(key).path
        fields[name] = value_text(key, float(get_param(scenarios[0], path)), currency, lang)
        fields[f"{name}_source"] = _within(source_text(stated(scenarios, path)[0], lang, True))
    return t("decides.text.assumptions", lang, **fields)
