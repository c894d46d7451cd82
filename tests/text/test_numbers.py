"""Number formats (perfkit.text.numbers, through Babel): worked values, and Babel giving
the same digits as Python's own rounding (half to even on the float's binary value)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfkit.text.numbers import (
    MINUS,
    amount,
    change,
    fixed,
    forecast,
    forecast_amount,
    money,
    money_symbol,
    month,
    pct,
    plain,
    points,
    rate,
    rate_digits,
    short_money,
    significant,
    wan,
)

AMOUNT = 123_456.7


def test_money_in_every_style_for_one_amount() -> None:
    assert money(AMOUNT) == "CNY 123,457"
    assert money(AMOUNT, "CNY", "zh") == "123,457元"  # paid: to the yuan, not 12.3万
    assert money(AMOUNT, "USD", "zh") == "123,457 USD"
    assert money(AMOUNT, exact=True) == "CNY 123,456.7"
    assert money(25_000, "CNY", "zh", exact=True) == "2.5万元"
    assert money(19_999, "CNY", "zh", exact=True) == "19,999元"
    assert money_symbol(AMOUNT, "CNY", "zh") == "¥123,457"
    assert money_symbol(AMOUNT, "CNY", "en") == "CN¥123,457"
    assert money_symbol(-20, "CNY", "zh", signed=True) == "−¥20"
    assert money_symbol(4564.5, "CNY", "zh", digits=2) == "¥4,564.50"
    assert amount(AMOUNT, "zh") == "12.3万" and amount(AMOUNT) == "123,457"
    assert money(float("nan")) == "–" and money_symbol(float("nan"), "CNY") == "–"


def test_wan_and_yi() -> None:
    assert wan(1_234_567) == "123.5万" and wan(1_234_567, exact=True) == "1,234,567"
    assert wan(3.2e8) == "3.2亿" and wan(-56_000) == "-5.6万" and wan(4_000) == "4,000"
    assert wan(12_345_678_900) == "123.5亿" and wan(9.9999e10) == "1,000亿"


def test_one_rate_rule_keeps_the_rate_as_set() -> None:
    assert rate(0.00125) == "0.125%"  # the two old rate() gave 0.12% and 0.125%
    assert rate(0.0125) == "1.25%" and rate(0.02) == "2%" and rate(0.0015) == "0.15%"
    assert rate(0.123456) == "12.3456%" and rate(float("inf")) == "–"


def test_percentages_points_and_changes() -> None:
    assert (
        pct(0.1234) == "12.3%"
        and pct(0.1234, 0) == "12%"
        and pct(-0.05, signed=True) == "\u22125.0%"
    )  # a minus sign
    assert points(0.032) == "+3.2 pp" and points(0.032, "zh") == "+3.2个百分点"
    assert (
        change(100, 104.1) == "+4.1%"
        and change(0.154, 0.186, "zh", in_points=True) == "+3.2个百分点"
    )
    assert change(0, 5) == "–"
    assert rate_digits(0.0015) == 2 and rate_digits(0.261) == 1 and rate_digits(0.0) == 1


def test_ticks_counts_and_months() -> None:
    assert short_money(12_345) == "12k" and short_money(1_234_567) == "1.2M"
    assert short_money(12_345, "zh") == "1.2万" and short_money(3.4e8, "zh") == "3.4亿"
    assert plain(12_345.5) == "12,345.5" and plain(12_345.5, exact=False) == "12,346"
    assert significant(0.0125) == "0.0125" and significant(85.0) == "85" and significant(0) == "0"
    assert month("2025-06", "zh") == "6月" and month("2025-06", "en") == "2025-06"
    assert month("2025Q1", "zh") == "2025Q1"
    assert short_money(-1_000_000) == "\u22121.0M" and short_money(-56_000, "zh") == "\u22125.6万"


def test_a_negative_forecast_reads_alike_in_both_languages() -> None:
    """The sign leads, a true minus (U+2212) in English and Chinese: '−CNY 886k', '−88.6万元'."""
    assert (
        forecast(-886_000) == "\u2212CNY 886k"
        and forecast(-886_000, "CNY", "zh") == "\u221288.6万元"
    )
    assert (
        forecast_amount(-886_000) == "\u2212886k"
        and forecast_amount(-886_000, "zh") == "\u221288.6万"
    )
    assert forecast(-886_000).lstrip("\u2212") == forecast(886_000)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_babel_rounds_as_python_does(x: float, digits: int) -> None:
    assert fixed(x, digits) == f"{x:,.{digits}f}".replace("-", MINUS)  # a minus sign, not a hyphen
    assert fixed(x, digits, signed=True, grouped=False) == f"{x:+.{digits}f}".replace("-", MINUS)
    assert pct(x / 1e6, digits) == f"{x / 1e6 * 100:.{digits}f}%".replace("-", MINUS)


@pytest.mark.parametrize("x", [0.5, 1.5, 2.5, 2.675, -0.0, 1234.5, 0.125])
def test_ties_round_half_to_even_on_the_binary_value(x: float) -> None:
    assert fixed(x, 0) == f"{x:,.0f}".replace("-", MINUS)
    assert fixed(x, 2) == f"{x:,.2f}".replace("-", MINUS)
    assert math.isfinite(x)


@pytest.mark.parametrize(
    ("x", "en", "zh"),
    [
        (1_510_296, "CNY 1.51M", "151.0万元"),  # 12 months: to 0.1万, 3 figures
        (28_599_242, "CNY 28.6M", "2,860万元"),
        (-1_334_000, "−CNY 1.33M", "−133.4万元"),  # a true minus, before the currency
        (-0.4, "CNY 0", "0元"),  # rounds to nothing: no sign
        (12_345, "CNY 12.3k", "1.23万元"),
        (999_600, "CNY 1.00M", "100.0万元"),  # rounding up crosses to the next scale
        (62.4, "CNY 62", "62元"),  # never finer than the yuan
        (4_736.2, "CNY 4,740", "4,740元"),  # below 10,000 in full, to three figures
        (0, "CNY 0", "0元"),
        (3.2e8, "CNY 320M", "3.20亿元"),
    ],
)
def test_a_forecast_keeps_three_significant_figures(x: float, en: str, zh: str) -> None:
    assert forecast(x) == en and forecast(x, "CNY", "zh") == zh
    assert forecast_amount(x, "zh") + "元" == zh


def test_a_forecast_and_a_paid_amount_differ_only_in_precision() -> None:
    """The same 1,510,296 paid (a payslip total, to the yuan; exact: to the fen) and forecast."""
    assert money(1_510_296.25) == "CNY 1,510,296" and money(1_510_296.25, exact=True) == (
        "CNY 1,510,296.25"
    )
    assert forecast(1_510_296.25) == "CNY 1.51M" and forecast(float("nan")) == "–"


@given(st.floats(min_value=-1e11, max_value=1e11, allow_nan=False))
def test_a_forecast_reads_back_within_half_a_unit_of_its_third_figure(x: float) -> None:
    shown = forecast_amount(x)
    assert "-" not in shown  # a negative amount has the minus sign, never a hyphen
    scale = {"B": 1e9, "M": 1e6, "k": 1e3}.get(shown[-1], 1.0)
    value = float(shown.rstrip("BMk").replace(",", "").replace("\u2212", "-")) * scale
    third = 10 ** (math.floor(math.log10(abs(x))) - 2) if abs(x) >= 1 else 1.0
    assert abs(value - x) <= max(third, 1.0) / 2 + 1e-6 * abs(x)


@pytest.mark.parametrize(
    ("low", "high", "zh", "en"),
    [
        (-16_500, -5_670, ("−1.65万元", "−0.57万元"), ("−CNY 16.5k", "−CNY 5.7k")),
        (420_000, 1_510_000, ("42.0万元", "151.0万元"), ("CNY 0.42M", "CNY 1.51M")),
        (3_100, 8_200, ("3,100元", "8,200元"), ("CNY 3,100", "CNY 8,200")),
    ],
)
def test_an_intervals_ends_read_in_one_scale(low, high, zh, en) -> None:
    """Both ends take the larger end's unit and decimals: '−1.65万 至 −0.57万', never
    '−1.65万元 至 −5,670元'."""
    pair = lambda lang: (  # noqa: E731
        forecast(low, "CNY", lang, like=high),
        forecast(high, "CNY", lang, like=low),
    )
    assert pair("zh") == zh and pair("en") == en
    assert forecast(high, "CNY", "en", like=None) == forecast(high, "CNY", "en")
