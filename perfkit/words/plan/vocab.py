"""The words the plan rules are written in: KPI names and units, bases, rewards, periods.

Every KPI has a Chinese name here, so a Chinese plan never falls back to an English
key. Values are formatted the way the scenario states them (a rate as a percentage,
an amount in the currency, a score in points) and exactly, so a sentence's number is
the scenario's number.
"""

from __future__ import annotations

from perfkit.core.kpis import KPI_UNITS
from perfkit.text import Lang, has, label, t
from perfkit.text.numbers import money, plain, rate

MONEY_KPIS = frozenset(k for k, u in KPI_UNITS.items() if u == "money")


def kpi_name(kpi: str, lang: Lang) -> str:
    """A KPI's name in running text: 'connect rate' / '接通率'; revenue is 'booked revenue'."""
    text = label("booked_revenue" if kpi == "revenue" else kpi, lang)
    return text[:1].lower() + text[1:]  # a Chinese name has no case: unchanged


def base_name(base: str, lang: Lang) -> str:
    """What commission is paid on: booked revenue, cash collected (回款), gross margin, orders."""
    return t("plan.base.collected", lang) if base == "collected" else kpi_name(base, lang)


def reward_name(reward: str, lang: Lang) -> str:
    """A non-cash reward's name: a known key in words, anything else as the user wrote it."""
    if has(f"reward.{reward}"):
        return t(f"reward.{reward}", lang)
    return reward if lang == "zh" else reward.replace("_", " ")


def per_period(period: str, lang: Lang) -> str:
    """'a month' / '每月' ('a quarter' / '每季度')."""
    return t("plan.per.quarter" if period == "quarter" else "plan.per.month", lang)


def period_word(period: str, lang: Lang) -> str:
    """'month' / '月', 'quarter' / '季度', 'year' / '年'."""
    return t(f"plan.period.{period}", lang) if has(f"plan.period.{period}") else period


def amount(x: float, currency: str, lang: Lang) -> str:
    """An amount exactly as set: 'CNY 4,000' / '4,000元', 25,000 → '2.5万元'."""
    return money(x, currency, lang, exact=True)


def kpi_value(kpi: str, x: float, currency: str, lang: Lang) -> str:
    """A KPI value in its unit (:data:`perfkit.core.kpis.KPI_UNITS`): money, a rate,
    minutes, points, a satisfaction score or a count."""
    kind = KPI_UNITS.get(kpi)
    if kind == "money":
        return amount(x, currency, lang)
    if kind == "rate":
        return rate(x)
    if kind in ("minutes", "score", "satisfaction"):
        return t(f"plan.unit.{kind}", lang, x=plain(x))
    return plain(x)


def base_value(base: str, x: float, currency: str, lang: Lang) -> str:
    """A commission band edge or gate: money, or a number of orders."""
    if base == "orders":
        return t("plan.unit.orders", lang, x=plain(x))
    return amount(x, currency, lang)


def join(items: list[str], lang: Lang, sep: str = "list", last: str = "and") -> str:
    """Items as a list, with the language's punctuation (``punct.*``): 'a, b and c' /
    'a、b和c'; ``last="series_end"``: 'a, b and c' / 'a、b、c'; ``sep="clause",
    last="clause_end"``: 'a, b and c' / 'a；b；c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return t(f"punct.{sep}", lang).join(items[:-1]) + t(f"punct.{last}", lang) + items[-1]
