"""The simulator's forecast of a pilot's effect, month by month.

The baseline and the pilot plan are simulated on the population calibrated from the
export (perfkit.fit.population_choice), with the same seed (common random numbers). The
effect of month m is the mean difference per agent-month between the two, over runs;
cost of sales is the difference of pay ÷ revenue of the floor, attrition the
difference of the monthly quit share. Assumes a pilot team responds as it would if
the whole floor changed plan (no spillover between teams).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.analysis.pilot.panel import profit_margin
from perfkit.fit.population_choice import choose_population
from perfkit.scheme import Scenario
from perfkit.simulate import simulate

#: Outcomes the pilot is judged on, in report order.
OUTCOMES = (
    "revenue",
    "profit",
    "orders",
    "dials",
    "pay",
    "cost_of_sales",
    "complaints",
    "attrition",
)


def monthly_outcomes(agents: pd.DataFrame, margin: float) -> pd.DataFrame:
    """Run × period means per agent of every outcome, from a simulation's agent table."""
    a = agents.assign(
        pay=agents["total_pay"],
        profit=(agents["revenue"] - agents["refunds"]) * margin - agents["total_pay"],
        attrition=agents["quit"].astype(float),
    )
    g = a.groupby(["run", "period"], sort=True)
    out = g[["revenue", "profit", "orders", "dials", "pay", "complaints", "attrition"]].mean()
    sums = g[["pay", "revenue"]].sum()
    out["cost_of_sales"] = sums["pay"] / sums["revenue"].where(sums["revenue"] > 0)
    return out


def forecast_effects(
    baseline: Scenario,
    scenario: Scenario,
    data: str | Path | pd.DataFrame,
    months: int,
    runs: int = 20,
    seed: int = 0,
) -> pd.DataFrame:
    """Outcome × month of the pilot (1 … months): baseline mean, pilot mean, effect."""
    chosen = choose_population([baseline, scenario], data=data)
    tables = []
    for sc in (baseline, scenario):
        res = simulate(sc, runs=runs, seed=seed, periods=months, population=chosen.population)
        tables.append(monthly_outcomes(res.agents, profit_margin(sc)))
    base, plan = tables
    rows = []
    for k, period in enumerate(sorted(base.index.get_level_values("period").unique()), start=1):
        b = base.xs(period, level="period")
        p = plan.xs(period, level="period")
        for o in OUTCOMES:
            diff = (p[o] - b[o]).to_numpy(float)
            rows.append(
                {
                    "outcome": o,
                    "month": k,
                    "baseline": float(b[o].mean()),
                    "pilot": float(p[o].mean()),
                    "effect": float(np.nanmean(diff)),
                    "effect_sd": float(np.nanstd(diff, ddof=1)) if len(diff) > 1 else np.nan,
                }
            )
    return pd.DataFrame(rows)


def effect_over(forecast: pd.DataFrame, outcome: str, months: int) -> tuple[float, float]:
    """Mean effect and mean baseline of ``outcome`` over the pilot's first ``months``."""
    f = forecast[(forecast["outcome"] == outcome) & (forecast["month"] <= months)]
    return float(f["effect"].mean()), float(f["baseline"].mean())
