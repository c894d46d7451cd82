"""Per-plan means of simulated agent-periods, long form with a ``plan`` column: grade
shares, pay parts, effort and funnel stages (the comparison's tables, and the designer's)."""

from __future__ import annotations

import pandas as pd

from perfkit.payout import PAY_PARTS
from perfkit.scheme import Scenario
from perfkit.simulate import SimulationResult

_COMPONENTS = PAY_PARTS[:-1]  # every part but the total
_STAGES = ("dials", "connected", "effective_calls", "intents", "orders")


def grade_shares(
    results: dict[str, SimulationResult], plans: list[str], scenarios: dict[str, Scenario]
) -> pd.DataFrame:
    """Share of agent-periods per grade, grades in each scheme's order (best first)."""
    rows = []
    for p in plans:
        g = results[p].agents["grade"]
        shares = g[g != ""].value_counts(normalize=True)
        grades = scenarios[p].grades
        order = [x for x in (grades.names if grades else []) if x in shares.index]
        order += sorted(set(shares.index) - set(order))
        rows += [{"plan": p, "grade": grade, "share": float(shares[grade])} for grade in order]
    return pd.DataFrame(rows, columns=["plan", "grade", "share"])


def _means(
    results: dict[str, SimulationResult],
    plans: list[str],
    columns: tuple[str, ...],
    key: str,
    value: str = "value",
) -> pd.DataFrame:
    """Mean per agent-period of each of ``columns`` a plan's agents table has, long form."""
    rows = [
        {"plan": p, key: c, value: float(results[p].agents[c].mean())}
        for p in plans
        for c in columns
        if c in results[p].agents
    ]
    return pd.DataFrame(rows, columns=["plan", key, value])


def mean_pay_parts(results: dict[str, SimulationResult], plans: list[str]) -> pd.DataFrame:
    """plan, component, amount: each pay part's mean per agent-period."""
    return _means(results, plans, _COMPONENTS, "component", "amount")


def mean_effort(results: dict[str, SimulationResult], plans: list[str]) -> pd.DataFrame:
    """plan, measure, value: mean effort, quality and help per agent-period."""
    return _means(results, plans, ("effort", "quality", "help"), "measure")


def mean_funnel(results: dict[str, SimulationResult], plans: list[str]) -> pd.DataFrame:
    """plan, stage, value: each funnel stage's mean per agent-period."""
    return _means(results, plans, _STAGES, "stage")
