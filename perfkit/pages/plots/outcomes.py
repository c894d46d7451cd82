"""Charts of what a plan does: effort, winners and losers, distributions, sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from perfkit.analysis.winners import BANDS
from perfkit.pages.plots.style import (
    BAND_COLOURS,
    PALETTE,
    axes,
    log_count_axis,
    money_axis,
    percent_axis,
    plan_palette,
)
from perfkit.text import Lang, label


def plot_effort_shift(effort: pd.DataFrame, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """Effort measures per plan; ``effort`` has columns plan, measure, value."""
    ax = axes(ax)
    data = effort.assign(measure=effort["measure"].map(lambda m: label(m, lang)))
    sns.barplot(data=data, x="measure", y="value", hue="plan", palette=plan_palette(data), ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(label("effort_shift", lang))
    ax.legend(title="", frameon=False)
    return ax


def plot_winners_losers(bands: pd.DataFrame, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """Agents per change band, stacked per segment; ``bands`` has segment, band, agents."""
    ax = axes(ax)
    wide = bands.pivot_table(
        index="segment", columns="band", values="agents", aggfunc="sum", sort=False, observed=False
    )
    wide = wide.reindex(columns=list(BANDS), fill_value=0).fillna(0)
    shares = wide.div(wide.sum(axis=1).replace(0, np.nan), axis=0).fillna(0)
    left = np.zeros(len(shares))
    dark = {BAND_COLOURS[0], BAND_COLOURS[-1]}  # the big-loss and big-gain bands
    for band, colour in zip(BANDS, BAND_COLOURS, strict=True):
        vals = shares[band].to_numpy()
        ax.barh(shares.index.astype(str), vals, left=left, color=colour, label=band)
        ink = "white" if colour in dark else "0.15"
        for y, (x0, v, n) in enumerate(zip(left, vals, wide[band], strict=True)):
            if v >= 0.06:
                ax.text(x0 + v / 2, y, f"{int(n)}", ha="center", va="center", fontsize=9, color=ink)
        left += vals
    percent_axis(ax, "x")
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel(label("share_of_agents", lang))
    ax.set_title(label("winners_losers", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=5, frameon=False, fontsize=8)
    return ax


def plot_distribution(
    samples: pd.DataFrame,
    metric: str,
    ax: Axes | None = None,
    lang: Lang = "en",
    money: bool = True,
) -> Axes:
    """Distribution of ``metric`` per plan across runs, with P10–P90 bars and the median."""
    ax = axes(ax)
    sns.violinplot(
        data=samples,
        x="plan",
        y=metric,
        hue="plan",
        palette=plan_palette(samples),
        inner=None,
        cut=0,
        linewidth=0.6,
        ax=ax,
        legend=False,
    )
    for i, (_, grp) in enumerate(samples.groupby("plan", sort=False)):
        p10, p50, p90 = np.percentile(grp[metric], [10, 50, 90])
        ax.vlines(i, p10, p90, color="0.15", lw=2.5)
        ax.scatter([i], [p50], color="white", edgecolor="0.15", zorder=3, s=28)
    if money:
        money_axis(ax, "y", lang)
    ax.set_xlabel("")
    ax.set_ylabel(label(metric, lang))
    ax.set_title(f"{label(metric, lang)} — P10 / P50 / P90")
    return ax


def plot_sweep(
    curve: pd.DataFrame, param: str, metric: str, ax: Axes | None = None, lang: Lang = "en"
) -> Axes:
    """A metric across swept values; ``curve`` has value, p10, p50, p90 (or mean)."""
    ax = axes(ax)
    centre = curve["p50"] if "p50" in curve else curve["mean"]
    ax.plot(curve["value"], centre, marker="o", color=PALETTE[0])
    if {"p10", "p90"} <= set(curve.columns):
        ax.fill_between(
            curve["value"], curve["p10"], curve["p90"], color=PALETTE[0], alpha=0.2, label="P10–P90"
        )
        ax.legend(frameon=False)
    ax.set_xlabel(param)
    ax.set_ylabel(label(metric, lang))
    ax.set_title(f"{label(metric, lang)} vs {param}")
    return ax


def plot_sweep_decision(
    curve: pd.DataFrame, param: str, metric: str, ax: Axes | None = None, lang: Lang = "en"
) -> Axes:
    """The decision a sweep supports: ``metric``'s paired difference to the reference
    point (zero line) with its 95% CI band, the best point starred and the points not
    distinguishable from it filled; ``curve`` has value, diff, diff_low, diff_high,
    best, tied and reference (booleans)."""
    ax = axes(ax)
    x = curve["value"].to_numpy(float)
    ax.fill_between(
        x, curve["diff_low"], curve["diff_high"], color=PALETTE[0], alpha=0.2,
        label=label("ci95", lang),
    )  # fmt: skip
    ax.plot(x, curve["diff"], color=PALETTE[0], lw=1.5)
    ax.axhline(0.0, color="0.3", lw=1, ls="--")
    tied, best = curve["tied"].to_numpy(bool), curve["best"].to_numpy(bool)
    ax.scatter(x[~tied], curve["diff"][~tied], s=30, color="white", edgecolor=PALETTE[0],
               zorder=3, label=label("worse_than_best", lang))  # fmt: skip
    ax.scatter(x[tied & ~best], curve["diff"][tied & ~best], s=30, color=PALETTE[0], zorder=3,
               label=label("tied_with_best", lang))  # fmt: skip
    ax.scatter(x[best], curve["diff"][best], s=160, marker="*", color=PALETTE[3], zorder=4,
               label=label("best_point", lang))  # fmt: skip
    ref = curve["value"][curve["reference"]]
    ax.set_xlabel(param)
    ax.set_ylabel(label("paired_difference", lang))
    ax.set_title(label("sweep_decision", lang).format(metric=label(metric, lang)))
    if len(ref):
        ax.annotate(
            label("reference", lang), (float(ref.iloc[0]), 0.0), xytext=(0, 8),
            textcoords="offset points", ha="center", fontsize=8, color="0.3",
        )  # fmt: skip
    ax.legend(frameon=False, fontsize=8)
    return ax


def plot_tornado(
    tornado: pd.DataFrame, base: float, metric: str, ax: Axes | None = None, lang: Lang = "en"
) -> Axes:
    """Swing of ``metric`` when each parameter moves to its low / high value.

    ``tornado`` has columns param, low, high (metric values at the two ends).
    """
    ax = axes(ax)
    data = tornado.assign(swing=(tornado["high"] - tornado["low"]).abs()).sort_values("swing")
    y = np.arange(len(data))
    ax.barh(y, data["low"] - base, left=base, color=PALETTE[3], label="low")
    ax.barh(y, data["high"] - base, left=base, color=PALETTE[0], label="high")
    ax.axvline(base, color="0.2", lw=1)
    ax.set_yticks(y, data["param"])
    ax.set_xlabel(label(metric, lang))
    ax.set_title(label("tornado", lang))
    ax.legend(frameon=False, loc="lower right")
    return ax


def plot_heatmap(
    grid: pd.DataFrame, metric: str, ax: Axes | None = None, lang: Lang = "en", fmt: str = ",.0f"
) -> Axes:
    """A 2-D trade-off: ``grid`` is a pivot (rows: one parameter, columns: the other)."""
    ax = axes(ax, size=(6.5, 5.0))
    sns.heatmap(
        grid, annot=True, fmt=fmt, cmap="viridis", cbar_kws={"label": label(metric, lang)}, ax=ax
    )
    ax.set_title(label(metric, lang))
    return ax


def plot_funnel(funnel: pd.DataFrame, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """Funnel stages per plan; ``funnel`` has plan, stage, value (log scale)."""
    ax = axes(ax)
    data = funnel.assign(stage=funnel["stage"].map(lambda s: label(s, lang)))
    sns.barplot(
        data=data,
        x="stage",
        y="value",
        hue="plan",
        palette=plan_palette(data),
        ax=ax,
    )
    ax.set_yscale("log", nonpositive="clip")  # bars start at 0: clip them, or they vanish
    log_count_axis(ax, "y", lang)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(label("funnel", lang))
    ax.legend(title="", frameon=False)
    return ax


__all__ = [
    "plot_distribution",
    "plot_effort_shift",
    "plot_funnel",
    "plot_heatmap",
    "plot_sweep",
    "plot_sweep_decision",
    "plot_tornado",
    "plot_winners_losers",
]
