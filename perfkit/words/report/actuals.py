"""The briefing report's "plan in force against what happened" section, in English and Chinese.

Words for :class:`perfkit.analysis.actuals.Actuals`: a heading with how the plan in force
was recognised and what is compared, the side-by-side table, and where model and export
differ (one sentence per measure, with what to check). Numbers come from perfkit.text.numbers.
"""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.actuals import AMOUNTS, Actuals, Measure
from perfkit.text import Lang, numbers, t
from perfkit.words.escape import md_text


def value(m: Measure, x: float, currency: str, lang: Lang, like: float | None = None) -> str:
    """One value of measure ``m``: money (to three significant figures, as the forecast it
    is set against; ``like``: an interval's other end), a percentage, or a percentage a month."""
    if m.name in AMOUNTS:
        return numbers.forecast(x, currency, lang, like=like)
    if m.name == "trend":
        return t("actuals.per_month", lang, value=numbers.pct(x, 1, signed=True))
    return numbers.pct(x, 1)


def gap(m: Measure, lang: Lang, signed: bool = True) -> str:
    """Export against model: +12% for an amount, +3.2 pp for a rate (unsigned: 12%, 3.2 pp)."""
    if not m.known:
        return numbers.NOT_A_NUMBER
    if m.name in AMOUNTS:
        return numbers.pct(m.gap if signed else abs(m.gap), 0 if abs(m.gap) >= 0.1 else 1, signed)
    text = numbers.points(m.gap if signed else abs(m.gap), lang, digits=1)
    return text if signed else text.lstrip("+")


def band(m: Measure, currency: str, lang: Lang) -> str:
    """The model's P10–P90."""
    low = value(m, m.p10, currency, lang, like=m.p90)
    high = value(m, m.p90, currency, lang, like=m.p10)
    return t("actuals.range", lang, low=low, high=high)


def intro(a: Actuals, lang: Lang = "en") -> str:
    """The heading (level 3), how the plan in force was recognised, what is compared."""
    aligned = [m[5:7] for m in a.model_months] == [m[5:7] for m in a.actual_months]
    key = "actuals.intro" if aligned else "actuals.intro_first_months"
    compared = t(key, lang, n=len(a.actual_months), first=a.actual_months[0],
                 last=a.actual_months[-1], agents=numbers.plain(a.agents),
                 model_first=a.model_months[0], model_last=a.model_months[-1], runs=a.runs)  # fmt: skip
    pay = (
        t("actuals.pay.paid", lang, column=md_text(str(a.pay_column)))
        if a.paid
        else t("actuals.pay.priced", lang)
    )
    how = t(f"actuals.how.{a.plan.how}", lang, month=a.plan.month)
    gap_ = t("punct.sentence_gap", lang)
    return f"### {t('actuals.heading', lang)}\n\n{how}{gap_}{compared}\n\n{pay}"


def table(a: Actuals, currency: str, lang: Lang = "en") -> pd.DataFrame:
    """Model and export side by side, one row per measure, with the verdict."""
    col = {k: t(f"actuals.col.{k}", lang) for k in ("measure", "export", "model", "band", "gap",
                                                     "verdict")}  # fmt: skip
    rows = []
    for m in a.measures:
        verdict = "differs" if m.differs else "agrees"
        rows.append({
            col["measure"]: t(f"actuals.measure.{m.name}", lang),
            col["export"]: value(m, m.actual, currency, lang),
            col["model"]: value(m, m.model, currency, lang),
            col["band"]: band(m, currency, lang),
            col["gap"]: gap(m, lang),
            col["verdict"]: t(f"actuals.verdict.{verdict}", lang) if m.known else "—",
        })  # fmt: skip
    return pd.DataFrame(rows)


def findings(a: Actuals, currency: str, lang: Lang = "en") -> str:
    """Where the model and the export differ, in Markdown bullets (or that they agree)."""
    if not a.differing:
        return t("actuals.agree_all", lang, n=len(a.actual_months))
    lines = []
    for m in a.differing:
        higher = m.actual > m.model
        said = t("actuals.diff.higher" if higher else "actuals.diff.lower", lang,
                 measure=t(f"actuals.measure.{m.name}", lang),
                 actual=value(m, m.actual, currency, lang), gap=gap(m, lang, signed=False),
                 model=value(m, m.model, currency, lang), band=band(m, currency, lang))  # fmt: skip
        hint = m.name if m.name != "total_pay" else f"total_pay_{'paid' if a.paid else 'priced'}"
        lines.append(f"- {said}{t('punct.sentence_gap', lang)}{t(f'actuals.hint.{hint}', lang)}")
    return t("actuals.differs_intro", lang) + "\n\n" + "\n".join(lines)
