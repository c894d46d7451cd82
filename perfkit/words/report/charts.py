"""Finishing touches for charts in a report: wrapped plan names, legends below, distinct ticks."""

from __future__ import annotations

import textwrap
from typing import Any

from perfkit.text import Lang
from perfkit.text.numbers import MINUS, distinct_ticks, fixed


def wrap_ticks(ax: Any, axis: str = "x", width: int = 22) -> None:
    """Wrap long tick labels (plan names) over several lines."""
    ticks = ax.get_xticks() if axis == "x" else ax.get_yticks()
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    wrapped = [textwrap.fill(t.get_text(), width) for t in labels]
    (ax.set_xticks if axis == "x" else ax.set_yticks)(ticks, wrapped)


def legend_below(ax: Any, width: int = 40, ncol: int = 2) -> None:
    """Move the legend under the axes (and its x label), names wrapped, so it hides nothing."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    tall = ax.figure.get_size_inches()[1] * ax.get_position().height
    below = (0.3 + 0.22 * max(t.get_text().count("\n") + 1 for t in ax.get_xticklabels() or [ax.title])
             + (0.25 if ax.get_xlabel() else 0.0))  # fmt: skip
    ax.legend(
        handles,
        [textwrap.fill(t, width) for t in labels],
        loc="upper center",
        bbox_to_anchor=(0.5, -below / max(tall, 0.5)),
        ncol=min(ncol, len(handles)),
        frameon=False,
        fontsize=8,
    )


def distinct_money_ticks(ax: Any, axis: str = "y", lang: Lang = "en") -> None:
    """Money ticks with enough decimals that no two read the same (3.05M, 3.10M …;
    in Chinese 305万, 310万 or 3.05亿; below zero with the minus sign, −1.20M)."""
    from matplotlib.ticker import FuncFormatter

    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    scale, suffix, digits = distinct_ticks([float(v) for v in ticks], lang)
    fmt = FuncFormatter(lambda v, _pos: f"{fixed(v / scale, digits).replace('-', MINUS)}{suffix}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
