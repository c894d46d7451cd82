"""What the sensitivity sweep's best value means for a report's recommendation.

A briefing sweeps its plan's main lever (:func:`perfkit.analysis.sweep.sweep`) and draws
each value's profit against the plan's own. When another value makes clearly more
profit, a recommendation section that says "no change" contradicts the chart above it:
:func:`sweep_finding` says what the gain is, why it is a finding and not a
recommendation, and whether the best value sits at the end of the range tried (the
optimum may lie beyond it).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from perfkit.text import Lang, t
from perfkit.text.numbers import forecast


def best_row(table: pd.DataFrame) -> int | None:
    """The sweep's best value on profit (row), or None when the reference is not clearly
    beaten (the plan's own value is among the values tied with the best, or the best's
    paired gain over it is not above zero at 95%)."""
    ref = int(table.attrs.get("reference", 0))
    best = np.flatnonzero(table["profit:best"].to_numpy())
    if not len(best) or int(best[0]) == ref or bool(table["profit:tied"].iloc[ref]):
        return None
    row = int(best[0])
    return row if float(table["profit:diff_low"].iloc[row]) > 0 else None


def at_bound(values: pd.Series, row: int) -> str | None:
    """'low' or 'high' when the value in ``row`` is the lowest or highest tried, else None."""
    v = values.to_numpy(float)
    if v[row] >= v.max():
        return "high"
    if v[row] <= v.min():
        return "low"
    return None


def sweep_finding(
    table: pd.DataFrame,
    path: str,
    name: str,
    shown: Callable[[float], str],
    currency: str,
    lang: Lang = "en",
) -> str:
    """One Markdown paragraph: the profit gain of the sweep's best value over the plan's
    own, with its interval, why it is not a recommendation and whether it sits at the end
    of the range tried; or that no value tried beats the plan's own clearly. ``shown``
    formats a value of the lever (a rate, an amount)."""
    ref = int(table.attrs.get("reference", 0))
    reference = shown(float(table[path].iloc[ref]))
    row = best_row(table)
    if row is None:
        return t("lever.holds", lang, param=name, reference=reference)
    gain, low, high = (
        float(table[f"profit:{s}"].iloc[row]) for s in ("diff", "diff_low", "diff_high")
    )
    best = shown(float(table[path].iloc[row]))
    text = t("lever.gain", lang, param=name, best=best, reference=reference,
             gain=forecast(gain, currency, lang),
             low=forecast(low, currency, lang, like=high),
             high=forecast(high, currency, lang, like=low))  # fmt: skip
    end = at_bound(table[path], row)
    if end is not None:
        text += t("lever.at_bound", lang, best=best, end=t(f"lever.end.{end}", lang))
    return text
