"""The executive summary on a report's first page: the ranking, the recommendation with
how sure it is, the three numbers that matter and what they rest on.

A reader who stops after page 1 has the decision and its grounds; the sections after it
hold the detail. The sentences come from :mod:`perfkit.words.findings` and
:mod:`perfkit.words.report.decides`; the frame is the catalogue's ``pagefill.*``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from perfkit.text import Lang, label, t
from perfkit.text.numbers import finite, forecast
from perfkit.words import findings
from perfkit.words.escape import md_text
from perfkit.words.report.decides import assumptions_sentence, decides_sentences
from perfkit.words.report.population import population_phrase
from perfkit.words.report.words import bullets

if TYPE_CHECKING:
    from perfkit.analysis.compare import Comparison
    from perfkit.analysis.decides import Decides

#: The three numbers that matter, in this order.
THREE = ("profit", "total_pay", "revenue")


def recommended(comp: Comparison) -> str:
    """The plan the summary speaks for: the alternative with the most profit after pay
    (the baseline itself when it is the only plan)."""
    others = comp.plans[1:] or comp.plans
    return max(others, key=lambda p: comp.metric(p, "profit"))


def summary_lines(comp: Comparison, decided: Decides | None = None, lang: Lang = "en") -> str:
    """Markdown bullets: ranking, recommendation, how sure, what it rests on (plan names
    and findings escaped here)."""
    plan = recommended(comp)
    out = []
    if len(comp.plans) > 1:
        out += [_ranking(comp, lang), _recommendation(comp, plan, lang)]
        sure = findings.precision_sentence(comp, lang)
        out += [t("pagefill.certainty", lang, sentence=md_text(s)) for s in sure]
    out.append(_rests_on(comp, decided, lang))
    return bullets(out, markdown=True)


def three_numbers(comp: Comparison, lang: Lang = "en") -> tuple[str, pd.DataFrame]:
    """The lead-in and the table of profit after pay, total pay and revenue: baseline,
    recommended plan and the change with its 95% interval (levels and P10–P90 alone)."""
    plan, base = recommended(comp), comp.baseline
    cur = comp.scenarios[plan].currency
    when = findings.horizon(comp, lang)
    cash = lambda x: forecast(x, cur, lang)  # noqa: E731
    metrics = [m for m in THREE if m in set(comp.summary["metric"])]
    if plan == base:
        lead = t("pagefill.numbers_single", lang, plan=md_text(plan), when=when)
        rows = [{label("metric", lang): label(m, lang), plan: cash(comp.metric(plan, m)),
                 t("pagefill.col.range", lang): t("pagefill.span", lang,
                   low=forecast(comp.metric(plan, m, "p10"), cur, lang, like=comp.metric(plan, m, "p90")),
                   high=forecast(comp.metric(plan, m, "p90"), cur, lang, like=comp.metric(plan, m, "p10")))}
                for m in metrics]  # fmt: skip
        return lead, pd.DataFrame(rows)
    lead = t("pagefill.numbers", lang, plan=md_text(plan), baseline=md_text(base), when=when)
    rows = []
    for m in metrics:
        delta, low, high = (comp.metric(plan, m, s) for s in ("delta", "delta_low", "delta_high"))
        span = t("pagefill.span", lang, low=_signed(low, cur, lang, high),
                 high=_signed(high, cur, lang, low))  # fmt: skip
        rows.append({label("metric", lang): label(m, lang), base: cash(comp.metric(base, m)),
                     plan: cash(comp.metric(plan, m)), t("pagefill.col.change", lang): _signed(delta, cur, lang),
                     t("pagefill.col.interval", lang): span})  # fmt: skip
    return lead, pd.DataFrame(rows)


def _signed(x: float, currency: str, lang: Lang, like: float | None = None) -> str:
    """A simulated change with its sign: "+CNY 1.72M", "−CNY 20.0k"."""
    shown = forecast(x, currency, lang, like=like)  # an interval's ends in one scale
    return "+" + shown if finite(x) and x > 0 else shown


def _ranking(comp: Comparison, lang: Lang) -> str:
    cur = comp.scenarios[comp.baseline].currency
    order = sorted(comp.plans, key=lambda p: comp.metric(p, "profit"), reverse=True)
    items = [t("pagefill.rank_item", lang, n=i, plan=md_text(p),
               profit=forecast(comp.metric(p, "profit"), cur, lang))
             for i, p in enumerate(order, 1)]  # fmt: skip
    listing = t("punct.semicolon", lang).join(items)
    return t("pagefill.ranking", lang, when=findings.horizon(comp, lang), listing=listing)


def _recommendation(comp: Comparison, plan: str, lang: Lang) -> str:
    recs = findings.recommendations(comp, plan, lang)
    verdict = md_text(recs[0]) if recs else t("pagefill.no_verdict", lang)
    return t("pagefill.recommend", lang, plan=md_text(plan), verdict=verdict)


def _rests_on(comp: Comparison, decided: Decides | None, lang: Lang) -> str:
    said = ""
    if decided is not None:
        cur = comp.scenarios[comp.baseline].currency
        section = t("report.heading.decides", lang)
        said = " " + decides_sentences(decided, cur, comp.periods, lang)[1]
        said += t("pagefill.see_decides", lang, section=section)
    population = population_phrase(comp.meta["population"], lang)
    return t("pagefill.rests", lang, population=population,
             assumptions=assumptions_sentence(comp, lang), decided=said)  # fmt: skip
