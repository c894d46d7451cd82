"""Numbers as a client reads them, in English or Chinese: every format goes through Babel.

Chinese amounts use 万 (10⁴) and 亿 (10⁸): ¥1,234,567 reads 123.5万 in a report and
123.4567万 in a plan rule, where the exact value matters. Changes in rates are
percentage points, not relative percent; and a change gets as many decimals as it
needs to be visible ("0.15% → 0.12%", never "0.15% → 0.15%").

Babel is given the float's exact decimal value, so it rounds as Python's own format
does (half to even on the binary value: 87.55 is 87.549999… and prints 87.5). The review
sheets round the number as written instead (``as_written``: 87.55 prints 87.6), as they
always have; one rule for both would move a review sheet's digit at such ties.

Two kinds of money, kept apart in the API. An amount that was paid or set (a payslip, a
back-test of actual pay, a plan rule) is :func:`money`: to the yuan, ``exact`` to the fen.
An amount that was simulated (a forecast, a P10–P90 bound, a difference between plans)
is :func:`forecast`: three significant figures (``CNY 1.51M``), in Chinese to 0.1万
(``133.4万元``) — printing a 30-run simulation to the yuan claims a precision it has not.

Worked values (``CNY``)::

    money(123456.7)            'CNY 123,457'     money(123456.7, lang="zh")  '123,457元'
    money(25000, exact=True)   'CNY 25,000'      money(25000, "CNY", "zh", exact=True)  '2.5万元'
    forecast(1510296)          'CNY 1.51M'       forecast(1510296, "CNY", "zh")  '151.0万元'
    forecast(-886000)          '−CNY 886k'       forecast(-886000, "CNY", "zh")  '−88.6万元'
    money_symbol(123456.7, "CNY", "zh")  '¥123,457'   (the review sheets' narrow columns)
    rate(0.00125)  '0.125%'    rate(0.02)  '2%'      pct(0.1234)  '12.3%'
    points(0.032)  '+3.2 pp'   points(0.032, "zh")  '+3.2个百分点'
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from itertools import pairwise

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from perfkit.text.lookup import Lang

#: Babel's locale of each language.
LOCALES: dict[str, str] = {"en": "en_US", "zh": "zh_CN"}

#: Currency words in Chinese text (other currencies keep their code).
_ZH_UNIT = {"CNY": "元", "RMB": "元"}

#: What a number that is not one prints as (a page says why instead, where it can).
NOT_A_NUMBER = "–"

#: The minus sign of a simulated amount (U+2212, as typeset), before its currency in
#: both languages: '−CNY 886k', '−88.6万元' — never a hyphen ('CNY -886k').
MINUS = "\u2212"


def finite(x: float | None) -> bool:
    """Whether ``x`` is a number that prints (not None, NaN or infinite)."""
    return x is not None and math.isfinite(x)


def number(x: float, pattern: str = "#,##0", lang: Lang = "en", as_written: bool = False) -> str:
    """``x`` in a Babel ``pattern`` (``#,##0.##``: grouped, at most two decimals;
    ``+0.0;-0.0``: signed, one decimal), in ``lang``'s locale; ``as_written``: rounded as
    its shortest decimal reads (87.55 → 87.6), not as its binary value (87.5)."""
    value = Decimal(repr(float(x))) if as_written else Decimal(x)
    return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_US"))


def _decimals(digits: int, optional: bool = False) -> str:
    return ("." + ("#" if optional else "0") * digits) if digits > 0 else ""


def fixed(x: float, digits: int = 0, signed: bool = False, grouped: bool = True) -> str:
    """``x`` with exactly ``digits`` decimals: 12,345.6; ``signed``: +12,345.6 / −…"""
    body = ("#,##0" if grouped else "0") + _decimals(digits)
    return number(x, f"+{body};-{body}" if signed else body).replace("-", MINUS)


def plain(x: float, exact: bool = True) -> str:
    """12,345 or 12,345.5: thousands separators, decimals only where the value has them
    (``exact=False``: whole units)."""
    if not finite(x):
        return NOT_A_NUMBER
    return number(x, "#,##0.##" if exact else "#,##0")


def wan(x: float, exact: bool = False) -> str:
    """A Chinese amount: 4,000 → '4,000'; 25,000 → '2.5万'; 1,234,567 → '123.5万'
    (exact: '1,234,567', as 万 only when two decimals hold it); 3.2e8 → '3.2亿'.
    ``exact`` keeps every digit (plan rules)."""
    if not finite(x):
        return NOT_A_NUMBER
    size = abs(x)
    if size < 1e4:
        return plain(x, exact)
    scale, unit = (1e8, "亿") if size >= 1e8 else (1e4, "万")
    v = x / scale
    if exact:
        if not float(round(x, 6) / (scale / 100)).is_integer():
            return plain(x)  # 19,999 reads better than 1.9999万
        return number(v, "#,##0.########") + unit
    return number(v, "#,##0.#" if abs(v) < 1000 else "#,##0") + unit


def amount(x: float, lang: Lang = "en", exact: bool = False) -> str:
    """An amount without its currency: '1,234,567' in English, '123.5万' in Chinese."""
    return wan(x, exact) if lang == "zh" else plain(x, exact)


def money(x: float, currency: str = "CNY", lang: Lang = "en", exact: bool = False) -> str:
    """An amount paid or set: 'CNY 1,234,567' / '1,234,567元' (to the yuan);
    ``exact``: every digit kept, to the fen ('CNY 4,564.5'; in Chinese 万 where it holds the
    amount exactly: '2.5万元'). A simulated amount is :func:`forecast`."""
    if not finite(x):
        return NOT_A_NUMBER
    if lang == "zh":
        return f"{wan(x, True) if exact else plain(x, False)}{_zh_unit(currency)}"
    return f"{currency} {plain(x, exact)}"


def _zh_unit(currency: str) -> str:
    return _ZH_UNIT.get(currency.upper(), f" {currency}")


#: Scales of a forecast amount, largest first: (from, unit, suffix). Below 10,000 an amount
#: reads in full (CNY 5,760, 5,760元: already three figures), from there in k or 万.
_SCALES_EN = ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k"), (0.0, 1.0, ""))
_SCALES_ZH = ((1e8, 1e8, "亿"), (1e4, 1e4, "万"), (0.0, 1.0, ""))


def _to_significant(x: float, digits: int) -> float:
    return float(f"{x:.{digits - 1}e}") if x else 0.0


def forecast_amount(x: float, lang: Lang = "en", digits: int = 3, like: float | None = None) -> str:
    """A simulated amount without its currency, to ``digits`` significant figures
    (English: '1.51M', '950k', '12.3k', '5,760', '62'); Chinese to 0.1万 from 100万 up, to ``digits``
    significant figures below and in 亿 ('1.23万', '133.4万', '2,698万', '3.21亿').

    ``like``: the other end of an interval; both ends then read in the scale and decimals
    of the larger one ('−1.65万 至 −0.57万', not '−1.65万 至 −5,670')."""
    if not finite(x):
        return NOT_A_NUMBER
    if x < 0:
        return _negative(forecast_amount(-x, lang, digits, like))
    r = _to_significant(x, digits)
    ref = (
        max(abs(r), abs(_to_significant(like, digits)))
        if like is not None and finite(like)
        else abs(r)
    )
    scales = _SCALES_ZH if lang == "zh" else _SCALES_EN
    scale, suffix = next(((u, s) for least, u, s in scales if ref >= least), scales[-1][1:])
    if scale == 1.0:
        # never finer than the yuan; below 10^(digits−1) the yuan is the coarser rounding, so
        # round once (11.47 → 11, not 11.5 → 12)
        return number(round(x) if x < 10 ** (digits - 1) else round(r), "#,##0")
    if lang == "zh" and scale == 1e4 and ref >= 1e6:
        places = 1 if ref < 1e7 else 0
        return number(round(x / 1e4, places), "#,##0" + _decimals(places)) + suffix
    v = (r if like is None else x) / scale
    whole = len(str(int(ref / scale)))
    places = max(0, digits - whole)
    return number(round(v, places), "#,##0" + _decimals(places)) + suffix


def forecast(
    x: float, currency: str = "CNY", lang: Lang = "en", digits: int = 3, like: float | None = None
) -> str:
    """A simulated amount with its currency: 'CNY 1.51M' / '151.0万元' (see
    :func:`forecast_amount`; ``like``: the interval's other end); an amount paid or set is
    :func:`money`."""
    if not finite(x):
        return NOT_A_NUMBER
    if x < 0:
        return _negative(forecast(-x, currency, lang, digits, like))
    if lang == "zh":
        return forecast_amount(x, lang, digits, like) + _zh_unit(currency)
    return f"{currency} {forecast_amount(x, lang, digits, like)}"


def _negative(shown: str) -> str:
    """A negative amount's text with the minus sign before it ('−CNY 886k'); an amount
    that rounds to nothing reads 'CNY 0', unsigned."""
    return MINUS + shown if any(c in "123456789" for c in shown) else shown


def currency_unit(currency: str, lang: Lang = "en") -> str:
    """The currency as an axis or column names it: '元' in Chinese for CNY, else the code."""
    return _ZH_UNIT.get(currency.upper(), currency) if lang == "zh" else currency


def significant(x: float, digits: int = 3) -> str:
    """``x`` to ``digits`` significant digits, trailing zeros dropped: 0.0125, 12.5, 85."""
    if not finite(x):
        return NOT_A_NUMBER
    if x == 0:
        return "0"
    return number(x, "@" + "#" * (digits - 1), lang="en").replace(",", "")


def money_symbol(
    x: float, currency: str, lang: Lang = "en", digits: int = 0, signed: bool = False
) -> str:
    """'CN¥4,564' / '¥4,564' (Babel's currency symbol): the review sheets' narrow columns,
    rounded as written; ``signed``: '+CN¥380' / '−CN¥20'; '–' for NaN."""
    if not finite(x):
        return "–"
    shown = format_currency(
        Decimal(repr(float(abs(x) if signed else x))), currency, format="¤#,##0" + _decimals(digits),
        locale=LOCALES.get(lang, "en_US"), currency_digits=False,
    )  # fmt: skip
    return (("+" if x >= 0 else "−") + shown) if signed else shown


def short_money(x: float, lang: Lang = "en") -> str:
    """An axis tick: 12k, 1.2M in English; 1.2万, 3.4亿 in Chinese; below zero with the
    minus sign ('−1.0M'), as matplotlib's own ticks."""
    if x < 0:
        return _negative(short_money(-x, lang))
    if lang == "zh":
        return wan(x)
    if abs(x) >= 1e6:
        return number(x / 1e6, "#,##0.0") + "M"
    if abs(x) >= 1e4:
        return number(x / 1e3, "#,##0") + "k"
    return number(x, "#,##0")


def distinct_ticks(ticks: list[float], lang: Lang = "en") -> tuple[float, str, int]:
    """(scale, suffix, decimals) that make money ticks read apart: 3.05M, 3.10M; 305万;
    3.05亿."""
    step = min(b - a for a, b in pairwise(ticks)) if len(ticks) > 1 else 1.0
    top = max(abs(v) for v in ticks) if ticks else 0.0
    if lang == "zh":
        scale, suffix = (1e8, "亿") if top >= 1e8 else (1e4, "万")
    else:
        scale, suffix = (1e6, "M") if top >= 1e6 else (1e3, "k")
    return scale, suffix, max(0, math.ceil(-math.log10(step / scale)) if step < scale else 0)


def pct(x: float, digits: int = 1, signed: bool = False) -> str:
    """A fraction as a percentage: 0.1234 → '12.3%' (``signed``: '+12.3%')."""
    if not finite(x):
        return NOT_A_NUMBER
    return fixed(x * 100, digits, signed, grouped=False) + "%"


def rate(x: float) -> str:
    """A rate as exactly as it was set: 0.0125 → '1.25%', 0.02 → '2%', 0.00125 → '0.125%'
    (at most four decimals of a percent)."""
    if not finite(x):
        return NOT_A_NUMBER
    return number(x * 100, "0.####") + "%"


def share(x: float) -> str:
    """A share that was measured or estimated, not set: at most two decimals of a percent
    (0.270068 → '27.01%', 0.02 → '2%')."""
    if not finite(x):
        return NOT_A_NUMBER
    return number(x * 100, "0.##") + "%"


def rate_digits(x: float) -> int:
    """Decimals that keep two significant digits of a small rate as a percentage
    (26.1%, 0.15%), one at least, four at most."""
    size = abs(x) * 100
    if size == 0 or size >= 10:
        return 1
    return min(4, max(1, 1 - math.floor(math.log10(size))))


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
    return pct(before, d), pct(after, d)


def points(change: float, lang: Lang = "en", digits: int | None = None) -> str:
    """A change in a rate in percentage points: '+3.2 pp' / '+3.2个百分点'."""
    if not finite(change):
        return NOT_A_NUMBER
    d = digits if digits is not None else decimals_for(0.0, change)
    body = fixed(change * 100, d, signed=True, grouped=False)
    return f"{body}个百分点" if lang == "zh" else f"{body} pp"


def change(before: float, after: float, lang: Lang = "en", in_points: bool = False) -> str:
    """A change: percentage points for a rate (``in_points``: '+3.2 pp'), else relative
    percent ('+4.1%'); 'n/a' from 0."""
    if not (finite(before) and finite(after)):
        return NOT_A_NUMBER
    if in_points:
        return points(after - before, lang)
    if before == 0:
        return NOT_A_NUMBER
    return pct((after - before) / abs(before), 1, signed=True)


def month(period: str, lang: Lang = "en") -> str:
    """A month ``YYYY-MM`` as a narrow column reads it: '6月' in Chinese; as given in
    English (and anything not a month, as given)."""
    if lang != "zh" or len(period) != 7 or not period[:4].isdigit() or not period[5:].isdigit():
        return period
    return format_date(date(int(period[:4]), int(period[5:]), 1), format="M月", locale="zh_CN")
