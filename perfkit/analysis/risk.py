"""Risk flags computed from a simulation, never hand-written.

Each flag is a row: what it measures, its value, the threshold that triggers it,
and a sentence (English and Chinese) built from the numbers.

- ``bunching``: agent-periods pile up just above a cliff (whole-amount ladder
  edge, gate, lump-sum bonus threshold): count in [edge, edge + 5%) over the count
  in [edge − 5%, edge); a ratio ≥ 1.5 means agents time or hold sales to land
  just over it.
- ``give_up``: share of agent-periods where an agent on a plan with incentive pay
  puts in no more effort than on flat pay (targets out of reach).
- ``concentration``: share of incentive pay earned by the top 10% of agents.
- ``budget_p90``: total pay per period or cost of sales above the plan's budget
  in the P90 run.
- ``attrition``: annual attrition (compounded from the monthly quit rates) above the
  50% top of the public 25–50% range; its sentence says whether the figure is below,
  inside or above that range.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from perfkit.scheme import Scenario
from perfkit.simulate import SimulationResult
from perfkit.text import t
from perfkit.text.numbers import fixed, pct, plain

BUNCHING_RATIO: Final = 1.5
BUNCHING_WINDOW: Final = 0.05
GIVE_UP_SHARE: Final = 0.10
CONCENTRATION_SHARE: Final = 0.50
#: Annual attrition typical of telesales and contact centres (DESIGN.md §4); above it flags.
ATTRITION_RANGE: Final = (0.25, 0.50)


def _both(key: str, **fields: object) -> tuple[str, str]:
    """The English and the Chinese of a ``risk.*`` text."""
    return t(key, "en", **fields), t(key, "zh", **fields)


def _flag(flag: str, value: float, threshold: float, triggered: bool, en: str, zh: str) -> dict:
    return {
        "flag": flag,
        "triggered": bool(triggered),
        "value": float(value),
        "threshold": float(threshold),
        "message": en,
        "message_zh": zh,
    }


def cliff_edges(scenario: Scenario) -> list[tuple[str, float, str, str]]:
    """(KPI column, edge amount, English and Chinese description) of every cliff in the main plan."""
    edges: list[tuple[str, float, str, str]] = []
    c = scenario.commission
    if c is not None and c.base in {"revenue", "collected", "orders"}:
        if c.mode == "whole":
            edges += [
                (c.base, start, *_both("risk.ladder_edge", edge=plain(start, exact=False)))
                for start, _ in c.bands[1:]
            ]
        if c.gate > 0:
            edges.append((c.base, c.gate, *_both("risk.gate", edge=plain(c.gate, exact=False))))
    targets = {i.kpi: i.target for i in scenario.scorecard if isinstance(i.target, float)}
    for b in scenario.bonuses:
        if b.type != "attainment" or b.cycle != "period":
            continue
        target = b.target if isinstance(b.target, float) else targets.get(b.kpi)
        if target:
            edges += [
                (b.kpi, at * target, *_both("risk.bonus_edge", at=pct(at, 0), kpi=b.kpi))
                for at, _ in b.tier_list
            ]
    return edges


def pays_for_performance(scenario: Scenario) -> bool:
    """Whether any part of the plan's pay depends on results (so giving up is possible)."""
    plans = [scenario.main_plan, *(scenario.plan_for(seg.name) for seg in scenario.segments)]
    return any(
        p.commission is not None
        or p.bonuses
        or p.pay.performance_pay is not None
        or p.team.pool is not None
        or p.collaboration.mentor_per_order > 0
        or p.non_cash
        for p in plans
    )


def bunching(values: np.ndarray, edge: float, window: float = BUNCHING_WINDOW) -> tuple[float, int]:
    """(ratio of counts just above to just below ``edge``, count just above)."""
    above = int(np.count_nonzero((values >= edge) & (values < edge * (1 + window))))
    below = int(np.count_nonzero((values >= edge * (1 - window)) & (values < edge)))
    return above / max(below, 1), above


def risk_flags(result: SimulationResult, scenario: Scenario, per_run: pd.DataFrame) -> pd.DataFrame:
    """All risk flags of one simulated plan."""
    a = result.agents
    incentive = a["total_pay"].to_numpy(dtype=float) - a["base_salary"].to_numpy(dtype=float)
    rows = [
        _bunching_flag(a, scenario),
        _give_up_flag(result, scenario),
        _concentration_flag(a, incentive),
        *_budget_flags(scenario, per_run, max(1, a["period"].nunique())),
        attrition_flag(float(per_run["attrition"].mean())),
    ]
    return pd.DataFrame(rows)


def _bunching_flag(a: pd.DataFrame, scenario: Scenario) -> dict:
    """The worst bunching just above any of the plan's cliffs."""
    worst = (0.0, "", "", 0)
    for kpi, edge, what, what_zh in cliff_edges(scenario):
        if kpi in a and edge > 0:
            ratio, above = bunching(a[kpi].to_numpy(dtype=float), edge)
            if above >= max(10, 0.005 * len(a)) and ratio > worst[0]:
                worst = (ratio, what, what_zh, above)
    ratio, what, what_zh, _ = worst
    has_cliff = bool(cliff_edges(scenario))
    if what:
        times = fixed(ratio, 1, grouped=False)
        en = t("risk.bunching", "en", what=what, ratio=times)
        zh = t("risk.bunching", "zh", what=what_zh, ratio=times)
    elif has_cliff:
        en, zh = _both("risk.no_bunching")
    else:
        en, zh = _both("risk.no_cliff")
    value = ratio if has_cliff else float("nan")  # no value: nothing to measure
    return _flag("bunching", value, BUNCHING_RATIO, ratio >= BUNCHING_RATIO, en, zh)


def _give_up_flag(result: SimulationResult, scenario: Scenario) -> dict:
    """Agent-periods at no more effort than on flat pay (the rest effort)."""
    a = result.agents
    has_incentive = pays_for_performance(scenario)
    rest_by_seat = np.asarray(result.policy.rest_effort, dtype=float).ravel()
    # rows are run-major, each run repeating the seats' order
    rest = np.broadcast_to(rest_by_seat, (len(a) // rest_by_seat.size, rest_by_seat.size)).ravel()
    effort = a["effort"].to_numpy(dtype=float)
    share = float(np.mean(effort <= rest * 1.001)) if has_incentive else 0.0
    return _flag(
        "give_up",
        share,
        GIVE_UP_SHARE,
        has_incentive and share >= GIVE_UP_SHARE,
        *_both("risk.give_up", share=pct(share, 0)),
    )


def _concentration_flag(a: pd.DataFrame, incentive: np.ndarray) -> dict:
    """The top 10% of agents' share of all incentive pay."""
    by_agent = (
        pd.Series(incentive).groupby(a["agent_id"].to_numpy()).sum().sort_values(ascending=False)
    )
    total = float(by_agent.clip(lower=0).sum())
    top_n = max(1, int(np.ceil(0.10 * len(by_agent))))
    top = float(by_agent.iloc[:top_n].clip(lower=0).sum()) / total if total > 0 else 0.0
    return _flag(
        "concentration",
        top,
        CONCENTRATION_SHARE,
        top >= CONCENTRATION_SHARE,
        *_both("risk.concentration", share=pct(top, 0)),
    )


def _budget_flags(scenario: Scenario, per_run: pd.DataFrame, periods: int) -> list[dict]:
    """Total pay per period and cost of sales at P90 against the plan's budget, if stated."""
    budget = scenario.budget
    rows = []
    if budget is not None and budget.total_pay is not None:
        p90 = float(np.percentile(per_run["total_pay"], 90)) / periods
        rows.append(
            _flag(
                "budget_p90",
                p90,
                budget.total_pay,
                p90 > budget.total_pay,
                *_both(
                    "risk.budget_pay",
                    p90=plain(p90, exact=False),
                    budget=plain(budget.total_pay, exact=False),
                ),
            )
        )
    if budget is not None and budget.cost_of_sales is not None:
        p90 = float(np.nanpercentile(per_run["cost_of_sales"], 90))
        rows.append(
            _flag(
                "budget_p90",
                p90,
                budget.cost_of_sales,
                p90 > budget.cost_of_sales,
                *_both("risk.budget_cost", p90=pct(p90), limit=pct(budget.cost_of_sales)),
            )
        )
    return rows


def attrition_flag(rate: float) -> dict:
    """The attrition flag of an annual rate: triggered above the range; its sentence
    places the rate below, inside or above the range typical of telesales."""
    lo, hi = ATTRITION_RANGE
    span = f"{fixed(lo * 100, 0)}–{pct(hi, 0)}"
    where = "below" if rate < lo else "inside" if rate <= hi else "above"
    return _flag("attrition", rate, hi, rate > hi,
                 *_both(f"risk.attrition_{where}", rate=pct(rate, 0), span=span))  # fmt: skip
