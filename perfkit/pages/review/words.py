"""Number formats of the review pages, in English and Chinese (words: ``review.*``).

Numbers go through Babel (``zh_CN`` / ``en_US``); rates are shown as percentages
with enough decimals that a 0.15% complaint rate and a step of it stay visible,
and a step in a rate is stated in percentage points (pp / 个百分点).
"""

from __future__ import annotations

import html
import math

from babel.numbers import format_currency, format_decimal

from perfkit.text import Lang

LOCALE = {"en": "en_US", "zh": "zh_CN"}

#: KPIs shown as percentages (shares and rates).
RATES = frozenset(
    {"connect_rate", "conversion_rate", "intent_rate", "complaint_rate", "repurchase_rate"}
)
#: KPIs that are amounts of money.
MONEY = frozenset(
    {"revenue", "collected", "refunds", "net_revenue", "margin", "average_order_value"}
)
#: KPIs that are scores on a scale (one decimal).
SCORES = frozenset({"qa_score", "peer_score", "satisfaction", "score", "peer_360"})


def money(value: float, currency: str, lang: Lang, digits: int = 0) -> str:
    """``CN¥4,564`` / ``¥4,564``; blank for NaN."""
    if not math.isfinite(value):
        return "–"
    fmt = "¤#,##0" if digits == 0 else "¤#,##0." + "0" * digits
    return format_currency(value, currency, format=fmt, locale=LOCALE[lang], currency_digits=False)


def signed_money(value: float, currency: str, lang: Lang) -> str:
    """``+CN¥380`` or ``−CN¥20``."""
    sign = "+" if value >= 0 else "−"
    return sign + money(abs(value), currency, lang)


def kpi_value(kpi: str, value: float, lang: Lang, currency: str = "CNY") -> str:
    """A KPI value as a team leader reads it."""
    if not math.isfinite(value):
        return "–"
    if kpi in RATES:
        return f"{value * 100:.{_rate_digits(value)}f}%"
    if kpi in MONEY:
        return money(value, currency, lang)
    if kpi in SCORES:
        return format_decimal(value, format="#,##0.0", locale=LOCALE[lang])
    return format_decimal(value, format="#,##0", locale=LOCALE[lang])


def kpi_step(kpi: str, step: float, lang: Lang, currency: str = "CNY") -> str:
    """The size of a step: percentage points for rates, else the KPI's own unit."""
    size = abs(step)
    if kpi in RATES:
        pts = size * 100
        digits = max(1, _rate_digits(size))
        return f"{pts:.{digits}f} pp" if lang == "en" else f"{pts:.{digits}f} 个百分点"
    sign = "" if lang == "zh" else "+"
    return sign + kpi_value(kpi, size, lang, currency)


def _rate_digits(value: float) -> int:
    """Decimals so that a small rate keeps two significant digits (26.1%, 0.15%)."""
    pct = abs(value) * 100
    if pct == 0 or pct >= 10:
        return 1
    return min(4, max(1, 1 - math.floor(math.log10(pct))))


def pct(value: float) -> str:
    """An attainment, ``97%``."""
    return "–" if not math.isfinite(value) else f"{value * 100:.0f}%"


def esc(value: object) -> str:
    """Anything a user typed, safe inside HTML text and attributes."""
    return html.escape(str(value), quote=True)
