"""Per-run outcome metrics and their P10 / P50 / P90 over the Monte Carlo runs.

Every metric is computed within one run over the whole floor and all simulated
periods, then summarised across runs:

============== ==========================================================================
revenue        booked revenue, total (also net_revenue = revenue − refunds)
orders         orders closed, total
total_pay      all pay, total; incentive_pay = everything but base salary
cost_of_sales  total_pay ÷ revenue
profit         net_revenue × margin_rate − total_pay − non-cash reward cost − hiring cost
               (gross profit after sales pay; margin_rate is simulation.margin_rate)
mean_effort    mean chosen effort over agent-periods (1 = the effort in the data)
motivation     motivation_index = mean effort ÷ mean effort of the same agent-periods
               under a no-incentive reference (flat pay: each agent's baseline effort)
complaint_rate complaints ÷ connects; csat = mean satisfaction; qa = mean QA score
attrition      annual quit rate, compounded: 1 − Π(1 − quits ÷ seats) over the periods,
               raised to the power periods-per-year ÷ periods when the horizon is not a
               year (a constant monthly rate m gives 1 − (1 − m)^12, not 12·m)
hires          quits (every quitter's seat is refilled)
pay_gini       Gini coefficient of agents' mean pay per period
floor_skill    mean skill (conversion ability when proficient) of the agents working in
               the last period: who the plan keeps and recruits (sorting)
new_hire_share share of the last period's agents with under NEW_HIRE_MONTHS of tenure
mean_tenure    mean tenure in months of the last period's agents
============== ==========================================================================

:func:`workforce` gives the floor's composition (the last three) and the quit rate in
every period of every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Metrics in the order of the summary table.
METRICS = (
    "revenue",
    "net_revenue",
    "orders",
    "total_pay",
    "incentive_pay",
    "cost_of_sales",
    "profit",
    "mean_effort",
    "motivation_index",
    "quality_share",
    "help_share",
    "dials",
    "conversion_rate",
    "complaint_rate",
    "csat",
    "qa_score",
    "attrition",
    "hires",
    "pay_gini",
    "floor_skill",
    "new_hire_share",
    "mean_tenure",
)
#: Tenure (months) under which an agent counts as a new hire: the reports' "< 6 months"
#: tenure group and the default mentee_months; by then the default learning curve has
#: an agent converting at 93% of the proficient rate.
NEW_HIRE_MONTHS = 6.0


def gini_by_group(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Gini coefficient of non-negative ``values`` within each group (NaN for empty groups).

    G = Σᵢ (2i − n − 1)·x₍ᵢ₎ ÷ (n·Σx) over the group's values sorted ascending.
    """
    values = np.clip(values, 0.0, None)
    order = np.lexsort((values, groups))
    g, x = groups[order], values[order]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    rank = np.arange(g.size) - starts[g] + 1  # 1-based within group
    n = counts[g]
    num = np.bincount(g, weights=(2 * rank - n - 1) * x, minlength=n_groups)
    total = np.bincount(g, weights=x, minlength=n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, num / (counts * total), np.nan)


def per_run(
    cols: dict[str, np.ndarray],
    runs: int,
    margin_rate: float,
    hiring_cost: float,
    per_year: int,
    agent_code: np.ndarray,
    n_codes: int,
    periods: int,
) -> pd.DataFrame:
    """One row per run with every metric of :data:`METRICS`.

    ``cols`` holds flat arrays in run-major, then period-major order (each run's rows
    contiguous, each period's seats contiguous within it): KPIs, pay components,
    effort, quality, help, rest_effort, quit, skill and tenure_months.
    """

    def tot(name: str) -> np.ndarray:
        return cols[name].reshape(runs, -1).sum(axis=1)

    def mean(name: str) -> np.ndarray:
        return cols[name].reshape(runs, -1).mean(axis=1)

    revenue, refunds, pay = tot("revenue"), tot("refunds"), tot("total_pay")
    base = tot("base_salary") if "base_salary" in cols else np.zeros(runs)
    non_cash_cost = tot("non_cash_cost") if "non_cash_cost" in cols else np.zeros(runs)
    quits = tot("quit")
    floor = composition(cols, runs, periods)
    net = revenue - refunds
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "revenue": revenue,
            "net_revenue": net,
            "orders": tot("orders"),
            "total_pay": pay,
            "incentive_pay": pay - base,
            "cost_of_sales": np.where(revenue > 0, pay / revenue, np.nan),
            "profit": net * margin_rate - pay - non_cash_cost - hiring_cost * quits,
            "mean_effort": mean("effort"),
            "motivation_index": np.where(
                mean("rest_effort") > 0, mean("effort") / mean("rest_effort"), np.nan
            ),
            "quality_share": mean("quality"),
            "help_share": mean("help"),
            "dials": tot("dials"),
            "conversion_rate": tot("orders") / tot("connected"),
            "complaint_rate": tot("complaints") / tot("connected"),
            "csat": mean("satisfaction"),
            "qa_score": mean("qa_score"),
            "attrition": annual_attrition(floor["quit_rate"], per_year),
            "hires": quits,
            "pay_gini": _pay_gini(cols["total_pay"], runs, agent_code, n_codes),
            **{k: floor[k][:, -1] for k in ("floor_skill", "new_hire_share", "mean_tenure")},
        }
    frame = pd.DataFrame(out)
    frame.insert(0, "run", np.arange(runs))
    return frame


def composition(cols: dict[str, np.ndarray], runs: int, periods: int) -> dict[str, np.ndarray]:
    """Per run × period: the floor's mean skill, share of new hires, mean tenure and the
    share of seats whose holder quit."""
    shape = (runs, periods, -1)
    tenure = cols["tenure_months"].reshape(shape)
    return {
        "floor_skill": cols["skill"].reshape(shape).mean(axis=2),
        "new_hire_share": (tenure < NEW_HIRE_MONTHS).mean(axis=2),
        "mean_tenure": tenure.mean(axis=2),
        "quit_rate": cols["quit"].reshape(shape).mean(axis=2),
    }


def annual_attrition(quit_rate: np.ndarray, per_year: int) -> np.ndarray:
    """Annual attrition per run from each period's quit rate (run × period), compounded:
    1 − (Π(1 − rate))^(per_year ÷ periods), exactly 1 − Π(1 − rate) over one year."""
    return 1.0 - np.prod(1.0 - quit_rate, axis=1) ** (per_year / quit_rate.shape[1])


def workforce(cols: dict[str, np.ndarray], runs: int, periods: list[str]) -> pd.DataFrame:
    """One row per run × period: floor_skill, new_hire_share, mean_tenure, quit_rate.

    The composition of the agents working in each period (average over runs with
    ``groupby("period")``); see the module docstring.
    """
    floor = composition(cols, runs, len(periods))
    return pd.DataFrame(
        {
            "run": np.repeat(np.arange(runs), len(periods)),
            "period": pd.Categorical(np.tile(periods, runs), categories=periods),
            **{k: v.ravel() for k, v in floor.items()},
        }
    )


def _pay_gini(pay: np.ndarray, runs: int, agent_code: np.ndarray, n_codes: int) -> np.ndarray:
    """Per run: Gini of each agent's mean pay per period."""
    run = np.repeat(np.arange(runs), pay.size // runs)
    key = run * n_codes + agent_code
    sums = np.bincount(key, weights=pay, minlength=runs * n_codes)
    counts = np.bincount(key, minlength=runs * n_codes)
    present = counts > 0
    means = sums[present] / counts[present]
    groups = (np.flatnonzero(present) // n_codes).astype(np.int64)
    return gini_by_group(means, groups, runs)


def summarise(runs_table: pd.DataFrame) -> pd.DataFrame:
    """metric × (mean, p10, p50, p90) over runs."""
    data = runs_table[list(METRICS)]
    return pd.DataFrame(
        {
            "metric": list(METRICS),
            "mean": data.mean().to_numpy(),
            "p10": data.quantile(0.1).to_numpy(),
            "p50": data.quantile(0.5).to_numpy(),
            "p90": data.quantile(0.9).to_numpy(),
        }
    )
