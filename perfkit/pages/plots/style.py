"""One look for every chart: palette, fonts (CJK-capable), number formats."""

from __future__ import annotations

from typing import Any, Literal

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullFormatter, PercentFormatter

from perfkit.text import Lang
from perfkit.text.numbers import share, short_money

#: Colour-blind-safe palette; the first colour is the plan under study, grey the baseline.
PALETTE = sns.color_palette("colorblind", 10)
#: Diverging colours for the five winners/losers bands (big loss … big gain).
BAND_COLOURS = ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"]

_styled = False


def plan_palette(data) -> list:
    """One colour per plan in ``data['plan']``, in order of appearance."""
    return PALETTE[: max(1, data["plan"].nunique())]


def plan_colours(plans: list[str]) -> dict[str, Any]:
    """Each plan's colour by its place in the comparison (the same in every chart)."""
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(plans)}


def component_colour(component: str) -> Any:
    """One fixed colour per pay component, in every report."""
    from perfkit.payout import PAY_PARTS

    i = PAY_PARTS.index(component) if component in PAY_PARTS else len(PAY_PARTS)
    return PALETTE[i % len(PALETTE)]


def apply_style() -> None:
    """Seaborn theme + a CJK font if one is installed (idempotent)."""
    global _styled
    if _styled:
        return
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    try:
        from perfkit.pages.report.fonts import configure_matplotlib_fonts

        configure_matplotlib_fonts()
    except ImportError:  # the report layer is optional for plotting
        pass
    plt.rcParams.update(
        {
            "figure.dpi": 110,
            "axes.titleweight": "bold",
            "axes.unicode_minus": False,
            # plan, grade and team names are user-typed: "$" is a dollar, not mathtext
            # (an unbalanced "$\frac$" would otherwise stop the report)
            "text.parse_math": False,
        }
    )
    _styled = True


def axes(ax: Axes | None, size: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """The given axes, or a new figure's axes, with the house style applied."""
    apply_style()
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def money_axis(ax: Axes, which: Literal["x", "y"], lang: Lang = "en") -> None:
    """Thousands-separated money ticks (12k, 1.2M; in Chinese 1.2万, 3.4亿)."""
    fmt = FuncFormatter(lambda v, _pos: short_money(v, lang))
    (ax.xaxis if which == "x" else ax.yaxis).set_major_formatter(fmt)


def log_count_axis(ax: Axes, which: Literal["x", "y"], lang: Lang = "en") -> None:
    """A log axis of counts with plain ticks (1,000, 12k; 1.2万), not mathtext powers of
    ten: ``text.parse_math`` is off, so ``$10^{3}$`` would print as typed."""

    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: short_money(v, lang)))
    axis.set_minor_formatter(NullFormatter())


def percent_axis(ax: Axes, which: Literal["x", "y"], decimals: int | None = 0) -> None:
    """Fractions shown as percentages; ``decimals=None`` shows each tick as exactly as
    needed (1.25%, 2%), for axes of rates a plan sets."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    if decimals is None:
        axis.set_major_formatter(FuncFormatter(lambda v, _: share(v)))
    else:
        axis.set_major_formatter(PercentFormatter(1.0, decimals=decimals))
