"""Charts of a pilot: the power curve (design) and the event study (evaluation)."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg", force=False)  # a page is rendered headless; respects a set backend
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from perfkit.pages.plots.style import PALETTE, apply_style, percent_axis
from perfkit.text import Lang, label, t


def power_curve(power: pd.DataFrame, lang: Lang = "en") -> Figure:
    """MDE (80% power, 5% two-sided) as a share of the baseline, by pilot teams and
    months, for revenue and profit after pay; the forecast effect dashed."""
    apply_style()
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 3.4), layout="constrained", sharex=True)
    for ax, outcome in zip(axes, ("revenue", "profit"), strict=True):
        p = power[power["outcome"] == outcome]
        for i, (m, g) in enumerate(p.groupby("months")):
            ax.plot(g["teams"], g["mde_pct"], marker="o", color=PALETTE[i],
                    label=t("pilot.months_n", lang, n=m))  # fmt: skip
        forecast = float(p["forecast_pct"].iloc[0]) if len(p) else 0.0
        ax.axhline(abs(forecast), ls="--", color="#52606d", lw=1.2, label=t("pilot.forecast", lang))
        ax.set_title(label(f"{outcome}_per_agent_month", lang, within="pilot"), fontsize=11)
        ax.set_xlabel(t("pilot.pilot_teams", lang))
        ax.set_xticks(sorted(p["teams"].unique()))
        ax.set_ylim(bottom=0)
        percent_axis(ax, "y")
    axes[0].set_ylabel(t("pilot.mde_axis", lang))
    axes[1].legend(fontsize=8, frameon=False)
    return fig


def event_plot(study: pd.DataFrame, lang: Lang = "en") -> Figure:
    """Effect by month relative to the pilot's start, with 95% intervals (CRV1)."""
    apply_style()
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 3.2), layout="constrained", sharex=True)
    for ax, outcome in zip(axes, ("revenue", "profit"), strict=True):
        s = study[study["outcome"] == outcome]
        err = [s["estimate"] - s["ci_low"], s["ci_high"] - s["estimate"]]
        ax.errorbar(s["rel_month"], s["estimate"], yerr=err, fmt="o", color=PALETTE[0],
                    capsize=3)  # fmt: skip
        ax.axhline(0, color="#1f2933", lw=0.8)
        ax.axvline(-0.5, color="#b2182b", ls="--", lw=1)
        ax.set_title(label(f"{outcome}_per_agent_month", lang, within="pilot"), fontsize=11)
        ax.set_xlabel(t("pilot.rel_month", lang))
    return fig
