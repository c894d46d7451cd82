"""What an agent would earn at 60 / 80 / 100 / 120 / 150% of target, priced by the payout engine.

For each agent and level, the agent's *typical month* (the median of each KPI over
their rows in the export) is moved so that every scorecard KPI sits at that level of
attainment: an amount or count at level × target, a lower-is-better one at
(2 − level) × target, a rate by moving its numerator (connected, orders, complaints,
repeat customers, intents). Collected cash moves with revenue. Refunds are set to 0,
so the table reads before refunds and clawbacks. A plan without a scorecard has no
target: its reference (100%) is the agent's own typical month of the commission base.

Rules that depend on colleagues (team share and pool, rank prizes, forced
distribution) are priced with the agent's team at their typical month: each
(agent, level) is one ``run`` of the statement table holding the agent's team, so one
vectorised call to :func:`~perfkit.payout.compute_statements` prices the whole floor.
A quarter-cycle bonus is priced on a quarter of three such months and shown per month.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from perfkit.errors import DataError, PerfkitWarning
from perfkit.kpis import LOWER_IS_BETTER, RAW_KPIS
from perfkit.payout import compute_statements
from perfkit.scheme.models import AttainmentBonus, Plan, Scenario, TargetRule

#: The attainment levels of the what-if table.
LEVELS = (0.6, 0.8, 1.0, 1.2, 1.5)

#: Derived rates: (numerator column, denominator column).
_RATES = {
    "connect_rate": ("connected", "dials"),
    "conversion_rate": ("orders", "connected"),
    "intent_rate": ("intents", "connected"),
    "complaint_rate": ("complaints", "connected"),
    "repurchase_rate": ("repeat_customers", "orders"),
}
#: Order in which KPIs are set, so a rate's denominator is final before its numerator.
_ORDER = ("dials", "connected", "connect_rate", "orders", "conversion_rate")

#: KPIs measured on a bounded scale (a 150% what-if cannot go past the top).
_SCALE_TOP = {"satisfaction": 5.0, "qa_score": 100.0, "peer_score": 100.0}

#: Pay columns shown in a what-if table.
PARTS = ("base_salary", "performance_pay", "commission", "bonus", "team_bonus",
         "collaboration", "deductions", "guarantee_topup", "total_pay")  # fmt: skip


def typical_month(kpis: pd.DataFrame) -> pd.DataFrame:
    """One row per agent: the median of each raw KPI over their rows, latest team/role."""
    raw = [c for c in RAW_KPIS if c in kpis.columns]
    order = kpis.sort_values(["agent_id", "period"], kind="stable")
    med = order.groupby("agent_id", sort=False)[raw].median()
    keep = [c for c in ("name", "team", "role", "tenure_months") if c in kpis.columns]
    last = order.groupby("agent_id", sort=False)[keep].last()
    out = pd.concat([last, med], axis=1).reset_index()
    if "team" not in out:
        out["team"] = "all"
    return out


def fixed_target(plan: Plan, kpi: str) -> float | None:
    """The scorecard's fixed target of ``kpi`` (None for a decomposed one or none)."""
    item = next((i for i in plan.scorecard if i.kpi == kpi), None)
    if item is None or isinstance(item.target, TargetRule):
        return None
    return float(item.target)


def reference(plan: Plan, row: pd.Series) -> dict[str, float]:
    """The value of each scorecard KPI at 100%: its fixed target, else the agent's own
    typical value (a decomposed target); without a scorecard, the commission base."""
    out = {}
    for item in plan.scorecard:
        t = fixed_target(plan, item.kpi)
        if t is None:
            t = _value(row, item.kpi)
        out[item.kpi] = t
    if not out:
        base = plan.commission.base if plan.commission is not None else "revenue"
        kpi = "revenue" if base in ("margin", "revenue") else base
        out[kpi] = float(row.get(kpi, 0.0))
    return out


def _value(row: pd.Series, kpi: str) -> float:
    if kpi in _RATES:
        num, den = _RATES[kpi]
        return float(row[num] / row[den]) if row.get(den, 0) else 0.0
    return float(row.get(kpi, 0.0))


def at_level(row: pd.Series, refs: dict[str, float], level: float) -> pd.Series:
    """The agent's typical month with every reference KPI at ``level`` of attainment."""
    out = row.copy()
    gross = float(row.get("revenue", 0.0))
    ordered = sorted(refs, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER))
    for kpi in ordered:
        factor = (2 - level) if kpi in LOWER_IS_BETTER else level
        value = max(0.0, factor * refs[kpi])
        if kpi in _RATES:
            num, den = _RATES[kpi]
            out[num] = value * float(out.get(den, 0.0))
        else:
            out[kpi] = min(value, _SCALE_TOP.get(kpi, np.inf))
    if "collected" in out and gross > 0 and "collected" not in refs:
        out["collected"] = float(row["collected"]) * float(out["revenue"]) / gross
    if "refunds" in out:
        out["refunds"] = 0.0
    return out


def _quarterly(scenario: Scenario) -> bool:
    plans = [scenario.main_plan, *(scenario.plan_for(s.name) for s in scenario.segments)]
    return any(
        isinstance(b, AttainmentBonus) and b.cycle == "quarter" for p in plans for b in p.bonuses
    )


def agent_segments(kpis: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """Each agent's plan segment in their latest period (``main`` for the main plan)."""
    st = compute_statements(kpis, scenario)
    latest = st.assign(_p=kpis["period"].to_numpy()).sort_values("_p", kind="stable")
    return latest.groupby("agent_id", sort=False)["segment"].last()


def what_if(
    kpis: pd.DataFrame,
    scenario: Scenario,
    agents: list[str] | None = None,
    levels: tuple[float, ...] = LEVELS,
) -> pd.DataFrame:
    """Pay per month of each agent at each level: one row per agent × level with the
    reference KPI values and the pay parts of the engine's statement."""
    typical = typical_month(kpis)
    ids = typical["agent_id"].astype(str)
    wanted = list(dict.fromkeys(agents)) if agents else list(ids)
    unknown = [a for a in wanted if a not in set(ids)]
    if unknown:
        source = str(kpis.attrs.get("source", "<KPI table>"))
        raise DataError(source, [f"no rows for agent(s) {', '.join(unknown[:10])} "
                                 f"(the export has {len(ids)} agents, e.g. {ids.iloc[0]})"])  # fmt: skip
    segments = agent_segments(kpis, scenario)
    months = ["2025-01", "2025-02", "2025-03"] if _quarterly(scenario) else ["2025-03"]
    by_team = {t: g for t, g in typical.groupby("team", sort=False)}
    blocks, meta = [], []
    run = 0
    for agent in wanted:
        row = typical.loc[ids == agent].iloc[0]
        seg = str(segments.get(agent, "main"))
        plan = scenario.main_plan if seg == "main" else scenario.plan_for(seg)
        refs = reference(plan, row)
        team = by_team[row["team"]]
        me = np.flatnonzero(team["agent_id"].astype(str).to_numpy() == agent)[0]
        for level in levels:
            block = team.copy()
            moved = at_level(row, refs, level)
            block.iloc[me] = moved[block.columns].to_numpy()
            block = block.assign(run=run)
            blocks.append(block)
            meta.append((run, agent, seg, level, {k: _value(moved, k) for k in refs}))
            run += 1
    table = pd.concat(blocks, ignore_index=True)
    table = pd.concat([table.assign(period=m) for m in months], ignore_index=True)
    table.attrs = dict(kpis.attrs)
    num = [c for c in table.columns if c in RAW_KPIS or c == "tenure_months"]
    table[num] = table[num].astype(float)
    with warnings.catch_warnings():  # the export's missing columns were reported above
        warnings.simplefilter("ignore", PerfkitWarning)
        st = compute_statements(table, scenario)
    st = st[
        st["agent_id"].astype(str).to_numpy()
        == np.array([m[1] for m in meta])[st["run"].to_numpy()]
    ]
    pay = st.groupby("run")[list(PARTS)].mean()  # per month (a quarter bonus ÷ 3)
    rows = []
    for run_id, agent, seg, level, refs in meta:
        rows.append({"agent_id": agent, "segment": seg, "level": level,
                     **{f"ref_{k}": v for k, v in refs.items()},
                     **pay.loc[run_id].to_dict()})  # fmt: skip
    return pd.DataFrame(rows)
