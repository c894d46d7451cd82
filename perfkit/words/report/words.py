"""Headings, bullets, segment names and metric values of the client reports.

The words themselves are in :mod:`perfkit.text.catalogue` (``report.heading.*``,
``report.text.*``, ``label.*``, ``segment.*``), the number formats in
:mod:`perfkit.text.numbers`.
"""

from __future__ import annotations

from perfkit.core.kpis import unit
from perfkit.text import Lang, has, t
from perfkit.text.numbers import NOT_A_NUMBER, change, finite, fixed, forecast, pct, plain
from perfkit.words.escape import md_text


def segment_word(segment: str, lang: Lang = "en") -> str:
    """A segment name (skill quartile, tenure group) in the report language."""
    key = f"segment.{segment}"
    return t(key, lang) if has(key) else segment


def heading(key: str, lang: Lang = "en", number: int | None = None, level: int = 2) -> str:
    """A markdown heading, e.g. ``## 1. Executive summary`` (``### Grade rules`` at level 3)."""
    text_ = t(f"report.heading.{key}", lang)
    if number is not None:
        text_ = t("report.heading.numbered", lang, n=number, title=text_)
    return f"{'#' * level} {text_}"


def bullets(lines: list[str], markdown: bool = False) -> str:
    """Markdown bullet list of plain-text ``lines`` (escaped: they may quote plan names).

    ``markdown=True``: the lines are Markdown already, their user-typed parts escaped
    with :func:`~perfkit.words.escape.md_text` by the caller.
    """
    return "\n".join(f"- {line if markdown else md_text(line)}" for line in lines)


#: Decimals of a rate where one is too few (a conversion or complaint rate is small).
_RATE_DIGITS = {"conversion_rate": 2, "complaint_rate": 3}


def fmt_metric(
    metric: str, x: float, currency: str = "CNY", lang: Lang = "en", like: float | None = None
) -> str:
    """A simulated metric's value in the unit a client reads it in
    (:func:`perfkit.core.kpis.unit`); money as a forecast, to three significant figures
    (``like``: the other end of an interval, so both ends read in one scale)."""
    if not finite(x):
        return NOT_A_NUMBER
    kind = unit(metric)
    if kind == "money":
        return forecast(x, currency, lang, like=like)
    if kind == "rate":
        return pct(x, _RATE_DIGITS.get(metric, 1))
    if kind == "count":
        return plain(x, exact=False)
    return fixed(x, 1 if kind == "months" else 2, grouped=False)


def metric_change(metric: str, before: float, after: float, lang: Lang = "en") -> str:
    """The change of a metric: percentage points for a rate ('+3.2 pp'), else relative
    percent ('+4.1%')."""
    return change(before, after, lang, in_points=unit(metric) == "rate")


def _nb(s: str) -> str:
    """Keep a number and its currency on one line in a table cell."""
    return s.replace(" ", "\u00a0")
