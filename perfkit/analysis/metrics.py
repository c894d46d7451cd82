"""Comparison metrics beyond the simulation's own summary, and agent segments.

The simulation's per-run table (perfkit.simulate.summary) holds the outcome
metrics; this module adds the pay–performance link and the segments used to
break winners and losers down (skill quartile, tenure group, team).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from perfkit.simulate import SimulationResult
from perfkit.simulate.stream import pay_performance_corr as corr_by_run

#: Headline metrics in report order.
HEADLINE: Final = (
    "revenue",
    "orders",
    "total_pay",
    "incentive_pay",
    "cost_of_sales",
    "profit",
    "motivation_index",
    "mean_effort",
    "dials",
    "conversion_rate",
    "complaint_rate",
    "csat",
    "attrition",
    "pay_gini",
    "pay_performance_corr",
)

#: Tenure groups (months at the start of the simulation).
TENURE_EDGES: Final = (0.0, 6.0, 24.0, np.inf)
TENURE_LABELS: Final = ("< 6 months", "6–24 months", "> 24 months")


def pay_performance_corr(result: SimulationResult) -> np.ndarray:
    """Per run: correlation across agent-periods of total pay with revenue."""
    a = result.agents
    runs = int(a["run"].max()) + 1
    return corr_by_run(a["total_pay"].to_numpy(float), a["revenue"].to_numpy(float), runs)


def per_run_metrics(result: SimulationResult) -> pd.DataFrame:
    """The simulation's per-run metrics plus the pay–performance correlation (computed
    while streaming the runs; from the agents table for a result made before)."""
    out = result.runs.copy()
    if "pay_performance_corr" not in out:
        out["pay_performance_corr"] = pay_performance_corr(result)
    return out


def segments(result: SimulationResult) -> pd.DataFrame:
    """agent_id → skill quartile (Q1 lowest) and tenure group, from the population."""
    pop = result.population
    quartile = pd.qcut(
        pop["skill"].rank(method="first"), 4, labels=["Q1 (low)", "Q2", "Q3", "Q4 (high)"]
    )
    tenure = pd.cut(pop["tenure"], bins=list(TENURE_EDGES), labels=list(TENURE_LABELS), right=False)
    return pd.DataFrame(
        {
            "agent_id": pop["agent_id"].astype(str),
            "skill_quartile": quartile.astype(str),
            "tenure_group": tenure.astype(str),
        }
    )
