"""The cycle's past months carried as a per-agent state instead of replayed as rows.

A pricing call for month m of a quarter replays the months before m at each attainment
state (perfkit.model.behaviour.deviation): one row per state and agent, broadcast over
every draw and candidate, about 45% of the rows of a call in the quarter's second and
third months. Their pay is thrown away; the engine needs them only where a rule reads
across the quarter's months. Where the only such rule is a quarter attainment bonus on a
total KPI (revenue, orders, …) with a fixed target, those months enter pay only through
the quarter's total: the call prices months m … the quarter's end alone and the bonus
adds the past months' total per state and agent (perfkit.payout.bonuses). The same
numbers, to rounding (the quarter's sum is added in another order).

Anything else that reads another month keeps the replay: a clawback (charged on the next
month), a guarantee (recovered along the agent's months), a target decomposed over a
unit, from history or ratcheted, a ratio or score KPI's quarter, segments, split credit,
team pay and ranks, smoothed rules or a solve's adjustment of pay.
"""

from __future__ import annotations

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout.bonuses import MEAN_KPIS
from perfkit.payout.frame import RATIO_KPIS
from perfkit.scheme.measures import BandGrades
from perfkit.scheme.models import Plan
from perfkit.scheme.rules import AttainmentBonus


def carried_kpis(pricer) -> tuple[str, ...] | None:
    """The KPIs whose quarter totals the past months carry, or None where the past months
    must be replayed (module docstring). ``pricer``: a perfkit.model.behaviour Pricer."""
    engine = pricer.engine
    if engine is None or pricer.smooth is not None or pricer.adjust is not None:
        return None
    if pricer.coupling != "private":
        return None
    s = engine.scenario
    whole = not s.segments and s.split_credit is None and s.leader_override is None
    if s.period != "month" or not whole or not _monthly_but_quarter(s):
        return None
    return tuple(sorted({b.kpi for b in s.bonuses if b.cycle == "quarter"}))


def _monthly_but_quarter(plan: Plan) -> bool:
    """Whether every rule of ``plan`` pays a month on its own rows, but quarter attainment
    bonuses on a total KPI against a fixed target."""
    fixed = lambda t: isinstance(t, int | float)  # noqa: E731
    if plan.pay.guarantee is not None or plan.non_cash:
        return False
    if plan.commission is not None and plan.commission.refunds != "net":
        return False  # a clawback is charged in the agent's next month
    if plan.team.weight != 0 or plan.team.pool is not None:
        return False
    if plan.grades is not None and not isinstance(plan.grades, BandGrades):
        return False
    if not all(fixed(item.target) for item in plan.scorecard):
        return False
    targets = {item.kpi: item.target for item in plan.scorecard}
    for b in plan.bonuses:
        if not isinstance(b, AttainmentBonus) or not fixed(b.target or targets.get(b.kpi)):
            return False
        total = b.kpi in RAW_KPIS and b.kpi not in RATIO_KPIS and b.kpi not in MEAN_KPIS
        if b.cycle == "quarter" and not total:
            return False
    return True
