"""The words the plan rules are written in: KPI names and units, bases, rewards, periods.

Every KPI has a Chinese name here, so a Chinese plan never falls back to an English
key. Values are formatted the way the scenario states them (a rate as a percentage,
an amount in the currency, a score in points) and exactly, so a sentence's number is
the scenario's number.
"""

from __future__ import annotations

from perfkit.text import Lang, has, label, t
from perfkit.words.plan.numbers import money, plain, rate

MONEY_KPIS = frozenset(
    {"revenue", "collected", "refunds", "net_revenue", "margin", "average_order_value",
     "shared_revenue"}
)  # fmt: skip
RATE_KPIS = frozenset(
    {"connect_rate", "conversion_rate", "intent_rate", "complaint_rate", "repurchase_rate"}
)
SCORE_KPIS = frozenset({"qa_score", "peer_score"})


def pick(lang: Lang, en: str, zh: str) -> str:
    """The English or the Chinese of a phrase."""
    return zh if lang == "zh" else en


def kpi_name(kpi: str, lang: Lang) -> str:
    """A KPI's name in running text: 'connect rate' / '接通率'; revenue is 'booked revenue'."""
    text = label("booked_revenue" if kpi == "revenue" else kpi, lang)
    return text if lang == "zh" else text[:1].lower() + text[1:]


def base_name(base: str, lang: Lang) -> str:
    """What commission is paid on: booked revenue, cash collected (回款), gross margin, orders."""
    return t("plan.base.collected", lang) if base == "collected" else kpi_name(base, lang)


def reward_name(reward: str, lang: Lang) -> str:
    """A non-cash reward's name: a known key in words, anything else as the user wrote it."""
    if has(f"reward.{reward}"):
        return t(f"reward.{reward}", lang)
    return reward if lang == "zh" else reward.replace("_", " ")


def per_period(period: str, lang: Lang) -> str:
    """'a month' / '每月'."""
    if period == "quarter":
        return pick(lang, "a quarter", "每季度")
    return pick(lang, "a month", "每月")


def period_word(period: str, lang: Lang) -> str:
    """'month' / '月'."""
    return pick(lang, period, "季度" if period == "quarter" else "月")


def amount(x: float, currency: str, lang: Lang) -> str:
    """An amount exactly as set: 'CNY 4,000' / '4,000元', 25,000 → '2.5万元'."""
    return money(x, currency, lang, exact=True)


def kpi_value(kpi: str, x: float, currency: str, lang: Lang) -> str:
    """A KPI value in its unit: money, a rate, minutes, points or a count."""
    if kpi in MONEY_KPIS:
        return amount(x, currency, lang)
    if kpi in RATE_KPIS:
        return rate(x)
    if kpi == "effective_talk_minutes":
        return pick(lang, f"{plain(x)} minutes", f"{plain(x)}分钟")
    if kpi in SCORE_KPIS:
        return pick(lang, f"{plain(x)} points", f"{plain(x)}分")
    if kpi == "satisfaction":
        return pick(lang, f"{plain(x)} (out of 5)", f"{plain(x)}分（满分5分）")
    return plain(x)


def base_value(base: str, x: float, currency: str, lang: Lang) -> str:
    """A commission band edge or gate: money, or a number of orders."""
    if base == "orders":
        return pick(lang, f"{plain(x)} orders", f"{plain(x)}单")
    return amount(x, currency, lang)


def join(items: list[str], lang: Lang, last: str | None = None) -> str:
    """'a, b and c' / 'a、b和c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + (last or "和") + items[-1]
    return ", ".join(items[:-1]) + f" {last or 'and'} " + items[-1]
