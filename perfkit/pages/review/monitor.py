"""Monitoring against the forecast: the month's actuals vs the simulated P10–P90.

The forecast is the plan in force simulated for the review month on the population
calibrated from the months *before* it (all months when the review month is the
first), with the scenario's seed unless told. Volumes are per agent (the floor's
head count in the month and in the simulation can differ), rates are floor ratios
(Σ numerator ÷ Σ denominator). A metric outside [P10, P90] is flagged.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from perfkit.core.errors import PerfkitWarning
from perfkit.scheme.models import Scenario


def _per_agent(col: str) -> Callable[[pd.DataFrame], float]:
    return lambda d: float(d[col].sum()) / max(len(d), 1)


def _ratio(num: str, den: str) -> Callable[[pd.DataFrame], float]:
    def f(d: pd.DataFrame) -> float:
        total = float(d[den].sum())
        return float(d[num].sum()) / total if total else 0.0

    return f


#: Floor metrics monitored: name → (function of an agent table, lower is better).
METRICS: dict[str, tuple[Callable[[pd.DataFrame], float], bool]] = {
    "revenue_per_agent": (_per_agent("revenue"), False),
    "orders_per_agent": (_per_agent("orders"), False),
    "dials_per_agent": (_per_agent("dials"), False),
    "connect_rate": (_ratio("connected", "dials"), False),
    "conversion_rate": (_ratio("orders", "connected"), False),
    "complaint_rate": (_ratio("complaints", "connected"), True),
    "pay_per_agent": (_per_agent("total_pay"), True),
    "cost_of_sales": (_ratio("total_pay", "revenue"), True),
}


def floor_metrics(agents: pd.DataFrame) -> dict[str, float]:
    """Every monitored metric of one agent table (one month, one run)."""
    return {name: f(agents) for name, (f, _) in METRICS.items() if _has(agents, name)}


def _has(agents: pd.DataFrame, name: str) -> bool:
    needs = {"complaint_rate": "complaints", "pay_per_agent": "total_pay"}
    return needs.get(name, "revenue") in agents.columns


def band_table(actual: dict[str, float], runs: pd.DataFrame) -> pd.DataFrame:
    """Actual vs the runs' P10/P50/P90 per metric, with ``flag`` below / above / ok.

    ``good`` says whether the position outside the band is good news (revenue above
    P90) or bad (complaints above P90); inside the band it is blank.
    """
    rows = []
    for name, value in actual.items():
        if name not in runs.columns:
            continue
        p10, p50, p90 = np.percentile(runs[name].to_numpy(float), [10, 50, 90])
        flag = "below" if value < p10 else "above" if value > p90 else "ok"
        lower_better = METRICS[name][1]
        good = "" if flag == "ok" else "yes" if (flag == "below") == lower_better else "no"
        rows.append(
            {
                "metric": name,
                "actual": value,
                "p10": p10,
                "p50": p50,
                "p90": p90,
                "flag": flag,
                "good": good,
            }
        )
    return pd.DataFrame(rows)


def forecast_runs(
    scenario: Scenario, kpis: pd.DataFrame, period: str, runs: int = 40, seed: int | None = None
) -> tuple[pd.DataFrame, dict]:
    """Floor metrics of each simulated run of *period*, and the population used."""
    from perfkit.fit.population_choice import choose_population
    from perfkit.simulate import simulate

    before = kpis[kpis["period"].astype(str) < str(period)]
    history = before if before["period"].nunique() >= 2 else kpis
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfkitWarning)
        chosen = choose_population([scenario], data=history)
        result = simulate(scenario, runs=runs, seed=seed, periods=[str(period)],
                          population=chosen.population)  # fmt: skip
    per_run = [
        {"run": int(run), **floor_metrics(group)} for run, group in result.agents.groupby("run")
    ]
    info = dict(chosen.info)
    info["months_used"] = int(history["period"].nunique())
    return pd.DataFrame(per_run), info


def monitor(
    scenario: Scenario,
    kpis: pd.DataFrame,
    month_agents: pd.DataFrame,
    period: str,
    runs: int = 40,
    seed: int | None = None,
) -> tuple[pd.DataFrame, dict]:
    """The month's floor metrics against the forecast band, and the population used."""
    sims, info = forecast_runs(scenario, kpis, period, runs, seed)
    return band_table(floor_metrics(month_agents), sims), info
