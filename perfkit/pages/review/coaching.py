"""Coaching focus: which one or two KPIs are worth most to an agent, priced by the engine.

For each agent and KPI on the sheet the *realistic step* is the way from the agent's
value to the team's 75th percentile (25th for lower-is-better KPIs), at most
``cap`` × the target (× the agent's own value when the plan sets no target); an agent
already there gets a stretch step of ``stretch`` × the same. The step moves the KPI in
the export row and, at the agent's own rates, what follows from it down the funnel
(more connects at the same conversion bring more orders and sales; more sales are
collected at the same ratio); counts are then whole (:mod:`perfkit.payout.counts`, as
in the plan letters' what-ifs).

Every (agent, KPI) variant is one *run* of the payout engine holding the whole
floor's month with that one agent's row changed, so team pools, team weight,
ranks and forced distribution respond exactly as they would. The gain is the
agent's pay (and score) in that run minus the unchanged run 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.pages.review.month import MonthReview
from perfkit.payout import compute_statements
from perfkit.payout.counts import COUNT_COLUMNS, whole
from perfkit.payout.engine import PAY_PARTS

#: A KPI → the columns scaled with it, itself first (the funnel below it).
_SALES = ("revenue", "collected", "refunds", "shared_revenue")
_ORDERS = ("orders", "repeat_customers", *_SALES)
_CONNECTED = (
    "connected",
    "effective_calls",
    "effective_talk_minutes",
    "intents",
    "orders",
    "complaints",
    "repeat_customers",
    *_SALES,
)
FUNNEL: dict[str, tuple[str, ...]] = {
    "dials": ("dials", *_CONNECTED),
    "connect_rate": _CONNECTED,
    "connected": _CONNECTED,
    "conversion_rate": _ORDERS,
    "orders": _ORDERS,
    "intent_rate": ("intents",),
    "average_order_value": _SALES,
    "revenue": _SALES,
    "net_revenue": _SALES,
    "margin": _SALES,
    "collected": ("collected",),
    "complaint_rate": ("complaints",),
    "repurchase_rate": ("repeat_customers",),
}

#: KPIs that are shares (never above 1 after a step).
SHARES = frozenset({"connect_rate", "conversion_rate", "intent_rate", "repurchase_rate"})


@dataclass(frozen=True)
class StepRule:
    """How big a realistic step is (shares of the agent's target)."""

    quantile: float = 0.75
    cap: float = 0.20
    stretch: float = 0.05


def realistic_steps(month: MonthReview, rule: StepRule = StepRule()) -> pd.DataFrame:
    """One row per agent × KPI: ``value``, ``benchmark``, ``step`` and ``new_value``."""
    a = month.agents
    frames = []
    for k in month.kpis:
        v = a[k.kpi].to_numpy(float)
        target = np.abs(a[f"target_{k.kpi}"].to_numpy(float))
        target = np.where(np.isfinite(target) & (target > 0), target, np.abs(v))
        lower = k.direction == "lower"
        q = 1.0 - rule.quantile if lower else rule.quantile
        bench = a.groupby("team")[k.kpi].transform(lambda s, q=q: s.quantile(q)).to_numpy(float)
        gap = (v - bench) if lower else (bench - v)
        step = np.minimum(np.maximum(gap, 0.0), rule.cap * target)
        step = np.where(step > 0, step, rule.stretch * target)
        if lower:
            step = np.minimum(step, np.maximum(v, 0.0))  # a rate cannot fall below 0
            new = v - step
        else:
            new = v + step
            if k.kpi in SHARES:
                new = np.minimum(new, 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "agent_id": a["agent_id"].to_numpy(),
                    "kpi": k.kpi,
                    "direction": k.direction,
                    "value": v,
                    "benchmark": bench,
                    "new_value": new,
                    "step": new - v,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def price_steps(month: MonthReview, steps: pd.DataFrame) -> pd.DataFrame:
    """*steps* with ``pay_before``, ``pay_gain``, ``score_gain``, ``new_grade`` from one
    engine call (``history``-split targets read the months before, as the statements do)."""
    base = month.table.reset_index(drop=True)
    n = len(base)
    agent_pos = pd.Series(np.arange(n), index=base["agent_id"].astype(str).to_numpy())
    pos = agent_pos.reindex(steps["agent_id"].astype(str)).to_numpy()
    m = len(steps)
    runs = m + 1  # run 0 is the month as it was
    cols = {c: np.tile(base[c].to_numpy(), runs) for c in base.columns}
    cols["run"] = np.repeat(np.arange(runs), n)
    target_rows = np.arange(1, runs) * n + pos  # the changed row of each variant
    value = steps["value"].to_numpy(float)
    new = steps["new_value"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(value > 0, new / value, np.nan)
    for kpi in steps["kpi"].unique():
        sel = (steps["kpi"] == kpi).to_numpy()
        rows, r = target_rows[sel], ratio[sel]
        scaled = [c for c in FUNNEL.get(kpi, (kpi,)) if c in cols]
        for c in scaled:
            col = cols[c] = cols[c].astype(float)
            ok = np.isfinite(r)
            col[rows[ok]] *= r[ok]
        if kpi in cols and (~np.isfinite(r)).any():  # from zero: add the step itself
            col = cols[kpi] = cols[kpi].astype(float)
            col[rows[~np.isfinite(r)]] += steps["step"].to_numpy(float)[sel][~np.isfinite(r)]
    for c in (c for c in COUNT_COLUMNS if c in cols):  # whole counts, as the letters price
        col = cols[c] = cols[c].astype(float)
        col[target_rows] = whole(col[target_rows])
    variants = pd.DataFrame(cols)
    st = compute_statements(variants, month.scenario, history=month.past)
    pay = st["total_pay"].to_numpy(float)
    score = st["score"].to_numpy(float)
    before = np.arange(n)[pos]
    out = steps.copy()
    out["pay_before"] = pay[before]
    out["pay_gain"] = pay[target_rows] - pay[before]
    out["score_gain"] = score[target_rows] - score[before]
    out["new_grade"] = st["grade"].to_numpy()[target_rows]
    out["pay_part"] = _moved_part(st, target_rows, before)
    return out


def _moved_part(st: pd.DataFrame, changed: np.ndarray, before: np.ndarray) -> np.ndarray:
    """The pay part each step moves most (``commission``, ``deductions`` …; '' if none)."""
    parts = [p for p in PAY_PARTS if p != "total_pay"]
    moved = np.column_stack(
        [np.abs(st[p].to_numpy(float)[changed] - st[p].to_numpy(float)[before]) for p in parts]
    )
    names = np.asarray(parts, dtype=object)[moved.argmax(axis=1)]
    return np.where(moved.max(axis=1) > 0.005, names, "")


def coaching_focus(month: MonthReview, top: int = 2, rule: StepRule = StepRule()) -> pd.DataFrame:
    """Every agent × KPI priced, with ``rank`` 1… by pay gain (then score gain) per agent.

    ``focus`` marks the *top* KPIs of each agent that raise pay or score at all.
    """
    priced = price_steps(month, realistic_steps(month, rule))
    priced["pay_gain"] = priced["pay_gain"].round(6)
    order = priced.sort_values(
        ["agent_id", "pay_gain", "score_gain"], ascending=[True, False, False], kind="stable"
    )
    order["rank"] = order.groupby("agent_id").cumcount() + 1
    useful = (order["pay_gain"] > 0.005) | (order["score_gain"] > 0.05)
    order["focus"] = useful & (order["rank"] <= top)
    return order.reset_index(drop=True)


def coach_first(focus: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    """Agents ordered by what coaching is worth (their best KPI's pay gain), per team."""
    best = focus[focus["rank"] == 1][["agent_id", "kpi", "step", "pay_gain", "score_gain"]]
    info = agents[["agent_id", "name", "team", "score", "grade", "total_pay"]]
    out = info.merge(best, on="agent_id", how="left")
    return out.sort_values(
        ["team", "pay_gain", "score_gain"], ascending=[True, False, False], kind="stable"
    ).reset_index(drop=True)
