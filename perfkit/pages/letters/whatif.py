"""What an agent would earn at 60 / 80 / 100 / 120 / 150% of target, priced by the payout engine.

For each agent and level, the agent's *typical month* (the median of each KPI over
their rows in the export) is moved so that every scorecard KPI of *output* sits at that
level of attainment: an amount or count at level × target, a rate by moving its
numerator (connected, orders, intents). Collected cash moves with revenue. *Quality*
KPIs (:data:`KEPT`: QA, satisfaction, peer score, complaints and the complaint rate,
repurchases) stay at the agent's typical month in every row, and the row shows them: a
60% month of sales is not a month of 60% QA, so the table never promises a QA deduction
at every low row. Counts are whole (:func:`perfkit.payout.counts.whole_counts`) before
pricing: a rule of 100 per complaint deducts multiples of 100. Refunds are set to 0, so
the table reads before refunds and clawbacks. A plan without a scorecard has no target:
its reference (100%) is the agent's own typical month of the commission base.

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

from perfkit.core.errors import DataError, PerfkitWarning
from perfkit.core.kpis import LOWER_IS_BETTER, RAW_KPIS, in_units
from perfkit.payout import compute_statements
from perfkit.payout.counts import whole_counts
from perfkit.payout.frame import RATIO_KPIS, prepare
from perfkit.payout.plan import margin_rate
from perfkit.payout.targets import resolve_target
from perfkit.scheme.models import AttainmentBonus, Plan, Scenario

#: The attainment levels of the what-if table.
LEVELS = (0.6, 0.8, 1.0, 1.2, 1.5)

#: Derived rates: (numerator column, denominator column); a value per order is no rate.
_RATES = {k: v for k, v in RATIO_KPIS.items() if k != "average_order_value"}
#: Order in which KPIs are set, so a rate's denominator is final before its numerator.
_ORDER = ("dials", "connected", "connect_rate", "orders", "conversion_rate")

#: KPIs measured on a bounded scale (a 150% what-if cannot go past the top).
_SCALE_TOP = {"satisfaction": 5.0, "qa_score": 100.0, "peer_score": 100.0}

#: KPIs a what-if keeps at the agent's typical month in every row (quality, not output).
KEPT = in_units("score", "satisfaction") | LOWER_IS_BETTER | {"repurchase_rate", "repeat_customers"}

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
    out = whole_counts(pd.concat([last, med], axis=1).reset_index())  # a median of 2 and 3: 3
    if "team" not in out:
        out["team"] = "all"
    return out


def own_targets(kpis: pd.DataFrame, scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Each agent's own target per scorecard KPI in their latest period, resolved by the
    engine (:func:`perfkit.payout.targets.resolve_target`): a fixed number, or the share of a
    decomposed goal (目标分解) the engine gives them."""
    table = prepare(kpis, scenario)
    months = 1 if scenario.period == "month" else 3
    cols = {
        item.kpi: resolve_target(item.target, item.kpi, table.rows, margin_rate(plan), months)
        for item in plan.scorecard
    }
    frame = pd.DataFrame(cols, index=kpis.index).assign(
        agent_id=kpis["agent_id"].astype(str).to_numpy(), _p=kpis["period"].to_numpy()
    )
    latest = frame.sort_values("_p", kind="stable").groupby("agent_id", sort=False).last()
    return latest.drop(columns="_p")


def references(plan: Plan, typical: pd.DataFrame, targets: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each KPI's value at 100%, per agent (rows of ``typical``): the agent's own target;
    without a scorecard, the agent's typical commission base (revenue, collected, orders)."""
    ids = typical["agent_id"].astype(str)
    if plan.scorecard:
        return {item.kpi: targets.loc[ids, item.kpi].to_numpy(float) for item in plan.scorecard}
    base = plan.commission.base if plan.commission is not None else "revenue"
    kpi = "revenue" if base in ("margin", "revenue") else base
    return {kpi: typical[kpi].to_numpy(float)}


def value_of(frame: pd.DataFrame, kpi: str) -> np.ndarray:
    """A KPI per row of a raw-KPI frame (a rate from its numerator and denominator)."""
    if kpi in _RATES:
        num, den = (frame[c].to_numpy(float) for c in _RATES[kpi])
        return np.divide(num, den, out=np.zeros(len(frame)), where=den > 0)
    return frame[kpi].to_numpy(float)


def at_level(typical: pd.DataFrame, refs: dict[str, np.ndarray], level: float) -> pd.DataFrame:
    """The agents' typical months with every reference KPI of output at ``level`` of
    attainment (quality KPIs, :data:`KEPT`, as typical); counts whole."""
    out = typical.copy()
    gross = typical["revenue"].to_numpy(float)
    moved = [k for k in refs if k not in KEPT]
    for kpi in sorted(moved, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER)):
        factor = (2 - level) if kpi in LOWER_IS_BETTER else level
        value = np.clip(factor * refs[kpi], 0.0, _SCALE_TOP.get(kpi, np.inf))
        if kpi in _RATES:
            num, den = _RATES[kpi]
            out[num] = value * out[den].to_numpy(float)
        else:
            out[kpi] = value
    for kpi in (k for k in refs if k in KEPT and k in _RATES):  # the typical rate, on the
        num, den = _RATES[kpi]  # moved denominator (complaints per connect as usual)
        out[num] = value_of(typical, kpi) * out[den].to_numpy(float)
    if "collected" in out and "collected" not in refs:
        ratio = np.divide(typical["collected"].to_numpy(float), gross, out=np.ones(len(out)),
                          where=gross > 0)  # fmt: skip
        out["collected"] = ratio * out["revenue"].to_numpy(float)
    if "refunds" in out:
        out["refunds"] = 0.0
    return whole_counts(out)


def _quarterly(scenario: Scenario) -> bool:
    plans = [scenario.main_plan, *(scenario.plan_for(s.name) for s in scenario.segments)]
    return any(
        isinstance(b, AttainmentBonus) and b.cycle == "quarter" for p in plans for b in p.bonuses
    )


def agent_segments(kpis: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """Each agent's plan segment in their latest period (``main`` for the main plan)."""
    st = compute_statements(kpis, scenario)
    latest = st.assign(_p=kpis["period"].to_numpy()).sort_values("_p", kind="stable")
    return latest.groupby("agent_id", sort=False)["segment"].last().astype(str)


def what_if(
    kpis: pd.DataFrame,
    scenario: Scenario,
    agents: list[str] | None = None,
    levels: tuple[float, ...] = LEVELS,
) -> pd.DataFrame:
    """Pay per month of each agent at each level: one row per agent × level with the
    reference KPI values (``ref_<kpi>``) and the pay parts of the engine's statement."""
    typical = typical_month(kpis)
    ids = typical["agent_id"].astype(str).to_numpy()
    wanted = list(dict.fromkeys(str(a) for a in agents)) if agents else list(ids)
    unknown = [a for a in wanted if a not in set(ids)]
    if unknown:
        source = str(kpis.attrs.get("source", "<KPI table>"))
        raise DataError(source, [f"no rows for agent(s) {', '.join(unknown[:10])} "
                                 f"(the export has {len(ids)} agents, e.g. {ids[0]})"])  # fmt: skip
    segments = agent_segments(kpis, scenario)
    pos = pd.Series(np.arange(len(ids)), index=ids)
    team_codes, _ = pd.factorize(typical["team"].astype(str))
    members = [np.flatnonzero(team_codes == t) for t in range(team_codes.max() + 1)]
    # one run per (agent, level): the agent's team, the agent moved to the level
    moved_rows, run_agent, run_seg, run_level, refs_out = [], [], [], [], []
    for seg in dict.fromkeys(segments.loc[wanted]):
        plan = scenario.main_plan if seg == "main" else scenario.plan_for(seg)
        who = [a for a in wanted if segments[a] == seg]
        sub = typical.iloc[pos[who].to_numpy()].reset_index(drop=True)
        refs = references(plan, sub, own_targets(kpis, scenario, plan))
        for level in levels:
            moved = at_level(sub, refs, level)
            moved_rows.append(moved)
            run_agent += who
            run_seg += [seg] * len(who)
            run_level += [level] * len(who)
            refs_out.append(pd.DataFrame({f"ref_{k}": value_of(moved, k) for k in refs}))
    moved = pd.concat(moved_rows, ignore_index=True)
    me = pos[run_agent].to_numpy()
    sizes = np.array([members[team_codes[i]].size for i in me])
    take = np.concatenate([members[team_codes[i]] for i in me])
    run = np.repeat(np.arange(len(me)), sizes)
    table = typical.iloc[take].reset_index(drop=True)
    own = np.flatnonzero(take == me[run])  # one row per run, in run order
    cols = [c for c in table.columns if c in RAW_KPIS]
    table.loc[own, cols] = moved[cols].to_numpy(float)
    table["run"] = run
    months = ["2025-01", "2025-02", "2025-03"] if _quarterly(scenario) else ["2025-03"]
    table = pd.concat([table.assign(period=m) for m in months], ignore_index=True)
    table.attrs = dict(kpis.attrs)
    with warnings.catch_warnings():  # the export's missing columns were reported above
        warnings.simplefilter("ignore", PerfkitWarning)
        st = compute_statements(table, scenario, history=kpis)
    mine = st["agent_id"].astype(str).to_numpy() == np.asarray(run_agent)[st["run"].to_numpy()]
    pay = st[mine].groupby("run")[list(PARTS)].mean()  # per month (a quarter bonus ÷ 3)
    head = pd.DataFrame({"agent_id": run_agent, "segment": run_seg, "level": run_level})
    out = pd.concat([head, pd.concat(refs_out, ignore_index=True), pay.reset_index(drop=True)],
                    axis=1)  # fmt: skip
    order = {a: i for i, a in enumerate(wanted)}
    return out.sort_values(["agent_id", "level"], key=lambda c: c.map(order) if c.name == "agent_id" else c,
                           kind="stable").reset_index(drop=True)  # fmt: skip
