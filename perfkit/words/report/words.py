"""Headings, bullets, segment names and number formats of the client reports.

The words themselves are in :mod:`perfkit.text.catalogue` (``report.heading.*``,
``report.text.*``, ``label.*``, ``segment.*``); money and percentage formats match
:mod:`perfkit.words.findings`.
"""

from __future__ import annotations

import math

from perfkit.text import Lang, has, t
from perfkit.words.report.escape import md_text


def segment_word(segment: str, lang: Lang = "en") -> str:
    """A segment name (skill quartile, tenure group) in the report language."""
    key = f"segment.{segment}"
    return t(key, lang) if has(key) else segment


def heading(key: str, lang: Lang = "en", number: int | None = None, level: int = 2) -> str:
    """A markdown heading, e.g. ``## 1. Executive summary`` (``### Grade rules`` at level 3)."""
    text_ = t(f"report.heading.{key}", lang)
    if number is not None:
        text_ = f"{number}. {text_}" if lang == "en" else f"{number}、{text_}"
    return f"{'#' * level} {text_}"


def bullets(lines: list[str], markdown: bool = False) -> str:
    """Markdown bullet list of plain-text ``lines`` (escaped: they may quote plan names).

    ``markdown=True``: the lines are Markdown already, their user-typed parts escaped
    with :func:`~perfkit.words.report.escape.md_text` by the caller.
    """
    return "\n".join(f"- {line if markdown else md_text(line)}" for line in lines)


def colon(lang: Lang = "en") -> str:
    """The colon between a title and a name."""
    return "：" if lang == "zh" else ": "


def money(x: float, currency: str = "CNY", lang: Lang = "en") -> str:
    """``CNY 12,345``; in Chinese ``123.5万元`` (the format of :mod:`perfkit.words.findings`)."""
    from perfkit.words.plan.numbers import money as _money

    return _money(x, currency, lang)


def pct(x: float, digits: int = 1, signed: bool = False) -> str:
    """A fraction as a percentage."""
    if not math.isfinite(x):
        return "n/a"
    return f"{x * 100:+.{digits}f}%" if signed else f"{x * 100:.{digits}f}%"


def rate(x: float) -> str:
    """A rate as exactly as it was set: 0.0125 → '1.25%', 0.02 → '2%' (at most 2 decimals)."""
    if not math.isfinite(x):
        return "n/a"
    return f"{x * 100:.2f}".rstrip("0").rstrip(".") + "%"


def fmt_metric(metric: str, x: float, currency: str = "CNY", lang: Lang = "en") -> str:
    """A metric's value in the unit a client reads it in."""
    if not math.isfinite(x):
        return "n/a"
    if metric in {"revenue", "net_revenue", "total_pay", "incentive_pay", "profit"}:
        return money(x, currency, lang)
    shares = {"cost_of_sales", "attrition", "quality_share", "help_share", "new_hire_share"}
    if metric in shares | {"conversion_rate"}:
        return pct(x, 2 if metric == "conversion_rate" else 1)
    if metric == "complaint_rate":
        return pct(x, 3)
    if metric in {"orders", "dials", "hires"}:
        return f"{x:,.0f}"
    if metric == "mean_tenure":
        return f"{x:.1f}"
    return f"{x:.2f}"


def _nb(s: str) -> str:
    """Keep a number and its currency on one line in a table cell."""
    return s.replace(" ", "\u00a0")
