"""The tornado of what decides a verdict: the leader's profit gain at both ends of each
assumption's range (perfkit.analysis.decides), the largest swing on top.

Each assumption has two bars from the gain at the values used: one to the gain with the
assumption at the low end of its range, one at the high end, each labelled with that
end's value. A bar that crosses the red line at zero is a ranking that flips.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from perfkit.pages.plots.style import PALETTE, axes, money_axis
from perfkit.text import Lang, t
from perfkit.text.numbers import currency_unit, short_money
from perfkit.words.report.decides import value_text

if TYPE_CHECKING:
    from perfkit.analysis.decides import Decides

#: Bar colours of the low and the high end.
LOW, HIGH = PALETTE[0], PALETTE[1]


def plot_decides(dec: Decides, currency: str, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """The tornado (module docstring); money ticks in the report's style (1.2M, 120万)."""
    factors = sorted(dec.factors, key=lambda f: f.swing)  # largest swing drawn last: on top
    ax = axes(ax, (11.0, 1.4 + 0.75 * len(factors)))
    y = np.arange(len(factors), dtype=float)
    base = dec.base_gain
    for i, f in enumerate(factors):
        for end, gain, colour, dy in (
            (f.low, f.gain_low, LOW, 0.19),
            (f.high, f.gain_high, HIGH, -0.19),
        ):
            ax.barh(y[i] + dy, gain - base, left=base, height=0.36, color=colour)
            ax.annotate(value_text(f.key, end, currency, lang), (gain, y[i] + dy),
                        xytext=(4 if gain >= base else -4, 0), textcoords="offset points",
                        ha="left" if gain >= base else "right", va="center", fontsize=9, color="0.25")  # fmt: skip
    ax.axvline(base, color="0.2", lw=1)
    lo = min([0.0, base] + [min(f.gain_low, f.gain_high) for f in factors])
    hi = max([base] + [max(f.gain_low, f.gain_high) for f in factors])
    pad = 0.18 * (hi - lo or abs(base) or 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    ax.axvline(0.0, color="#b2182b", lw=1.2, ls="--")
    ax.annotate(t("decides.chart.flip", lang), (0.0, 1.0), xycoords=("data", "axes fraction"),
                xytext=(4, -2), textcoords="offset points", ha="left", va="top", fontsize=8,
                color="#b2182b")  # fmt: skip
    names = [textwrap.fill(t(f"decides.param.{f.key}", lang), 30) for f in factors]
    ax.set_yticks(y, names)
    ax.set_ylim(-0.6, len(factors) - 0.4)
    money_axis(ax, "x", lang)
    ax.set_title(
        textwrap.fill(t("decides.chart.title", lang, leader=dec.leader, runner=dec.runner_up), 80)
    )
    used = f"{short_money(base, lang)} ({currency_unit(currency, lang)})"
    ax.set_xlabel(t("decides.chart.used", lang) + t("punct.colon", lang) + used)
    ends = [Patch(color=LOW, label=t("decides.chart.low", lang)),
            Patch(color=HIGH, label=t("decides.chart.high", lang))]  # fmt: skip
    ax.legend(handles=ends, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
              frameon=False, fontsize=8)  # fmt: skip
    ax.grid(axis="y", visible=False)
    return ax
