"""Numbers as a client reads them, in English or Chinese.

Chinese amounts use 万 (10⁴) and 亿 (10⁸): ¥1,234,567 reads 123.5万 in a report and
123.4567万 in a plan rule, where the exact value matters. Changes in rates are
percentage points, not relative percent; and a change gets as many decimals as it
needs to be visible ("0.15% → 0.12%", never "0.15% → 0.15%").
"""

from __future__ import annotations

import math

from perfkit.text import Lang

#: Currency words in Chinese text (other currencies keep their code).
_ZH_UNIT = {"CNY": "元", "RMB": "元"}


def _trim(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s else s


def plain(x: float, exact: bool = True) -> str:
    """12,345 or 12,345.5: thousands separators, decimals only where the value has them."""
    if not math.isfinite(x):
        return "n/a"
    if not exact or float(x).is_integer():
        return f"{x:,.0f}"
    return _trim(f"{x:,.2f}")


def wan(x: float, exact: bool = False) -> str:
    """A Chinese amount: 4,000 → '4,000'; 25,000 → '2.5万'; 1,234,567 → '123.5万'
    (exact: '1,234,567', as 万 only when two decimals hold it); 3.2e8 → '3.2亿'.
    ``exact`` keeps every digit (plan rules)."""
    if not math.isfinite(x):
        return "n/a"
    size = abs(x)
    if size < 1e4:
        return plain(x, exact)
    scale, unit = (1e8, "亿") if size >= 1e8 else (1e4, "万")
    v = x / scale
    if exact:
        if not float(round(x, 6) / (scale / 100)).is_integer():
            return plain(x)  # 19,999 reads better than 1.9999万
        return _trim(f"{v:,.8f}") + unit
    return (_trim(f"{v:,.1f}") if abs(v) < 1000 else f"{v:,.0f}") + unit


def money(x: float, currency: str = "CNY", lang: Lang = "en", exact: bool = False) -> str:
    """'CNY 1,234,567' in English; '123.5万元' in Chinese (``exact``: every digit kept)."""
    if not math.isfinite(x):
        return "n/a"
    if lang == "zh":
        unit = _ZH_UNIT.get(currency.upper(), f" {currency}")
        return f"{wan(x, exact)}{unit}"
    return f"{currency} {plain(x, exact) if exact else f'{x:,.0f}'}"


def short_money(x: float, lang: Lang = "en") -> str:
    """An axis tick: 12k, 1.2M in English; 1.2万, 3.4亿 in Chinese."""
    if lang == "zh":
        return wan(x)
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f}M"
    if abs(x) >= 1e4:
        return f"{x / 1e3:,.0f}k"
    return f"{x:,.0f}"


def rate(x: float) -> str:
    """A rate as exactly as it was set: 0.0125 → '1.25%', 0.02 → '2%', 0.0015 → '0.15%'."""
    if not math.isfinite(x):
        return "n/a"
    return _trim(f"{x * 100:.4f}") + "%"


def decimals_for(before: float, after: float, scale: float = 100.0, least: int = 1) -> int:
    """Decimals that make the change from ``before`` to ``after`` visible at ``scale``
    (100 for percentages): at least ``least``, at most 6, and down to the change's first
    significant digit (a change of at least one unit of the last decimal always shows,
    since rounding is monotone)."""
    change = abs(after - before) * scale
    if not (math.isfinite(change) and change > 0):
        return least
    need = math.ceil(-math.log10(change))
    return int(min(6, max(least, need)))


def level_pair(before: float, after: float, least: int = 1) -> tuple[str, str]:
    """Two rates as percentages with enough decimals that they differ when they do."""
    d = decimals_for(before, after, least=least)
    return tuple(  # type: ignore[return-value]
        "n/a" if not math.isfinite(v) else f"{v * 100:.{d}f}%" for v in (before, after)
    )


def points(change: float, lang: Lang = "en", digits: int | None = None) -> str:
    """A change in a rate in percentage points: '+3.2 pp' / '+3.2个百分点'."""
    if not math.isfinite(change):
        return "n/a"
    d = digits if digits is not None else decimals_for(0.0, change)
    body = f"{change * 100:+.{d}f}"
    return f"{body}个百分点" if lang == "zh" else f"{body} pp"


#: Metrics that are rates: their changes are stated in percentage points.
RATE_METRICS = frozenset(
    {"cost_of_sales", "attrition", "complaint_rate", "conversion_rate", "connect_rate",
     "quality_share", "help_share", "new_hire_share", "repurchase_rate"}
)  # fmt: skip


def change(metric: str, before: float, after: float, lang: Lang = "en") -> str:
    """The change of a metric: percentage points for a rate ('+3.2 pp'), else relative
    percent ('+4.1%')."""
    if not (math.isfinite(before) and math.isfinite(after)):
        return "n/a"
    if metric in RATE_METRICS:
        return points(after - before, lang)
    if before == 0:
        return "n/a"
    return f"{(after - before) / abs(before) * 100:+.1f}%"
