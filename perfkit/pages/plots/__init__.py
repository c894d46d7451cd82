"""Client-ready charts (seaborn, classic axes-level API): each ``plot_x(data, ax=None)``."""

from perfkit.pages.plots.decides import plot_decides
from perfkit.pages.plots.outcomes import (
    plot_distribution,
    plot_effort_shift,
    plot_funnel,
    plot_heatmap,
    plot_sweep,
    plot_sweep_decision,
    plot_tornado,
    plot_winners_losers,
)
from perfkit.pages.plots.plan import (
    payout_curve,
    plot_grade_mix,
    plot_pay_mix,
    plot_payout_curve,
    plot_weights,
)
from perfkit.pages.plots.style import apply_style

__all__ = [
    "apply_style",
    "payout_curve",
    "plot_decides",
    "plot_distribution",
    "plot_effort_shift",
    "plot_funnel",
    "plot_grade_mix",
    "plot_heatmap",
    "plot_pay_mix",
    "plot_payout_curve",
    "plot_sweep",
    "plot_sweep_decision",
    "plot_tornado",
    "plot_weights",
    "plot_winners_losers",
]
