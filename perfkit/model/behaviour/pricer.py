"""What pays agents in the simulation: the payout engine, or a pay function for tests.

A :class:`Pricer` turns a KPI table (agent × period × run) into pay, and says two
things the best-response solver needs to price choices correctly:

- ``coupling``: whether one agent's pay depends on others' KPIs — ``private`` (no),
  ``team`` (team weight, team pools, within-team ranking, leader override) or
  ``company`` (company-wide forced distribution, rank prizes, top-N rewards);
- ``cycle``: over how many periods pay is measured (3 when a quarter-cycle bonus
  pays on the quarter's total), so agents price the rest of the cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from perfkit.model.behaviour.smoothing import Smoothing, smoothing_for
from perfkit.payout.grid import Adjust
from perfkit.scheme.models import AttainmentBonus, ForcedGrades, Plan, RankBonus, TargetRule

Coupling = Literal["private", "team", "company"]
_RANK = {"private": 0, "team": 1, "company": 2}


@dataclass(frozen=True)
class Pricer:
    """A pay function with the facts the solver needs (see the module docstring).

    ``pay(kpis)`` returns a DataFrame in the same row order with at least
    ``total_pay``; ``non_cash_value`` and the engine's other columns are used when
    present.
    """

    pay: Callable[[pd.DataFrame], pd.DataFrame]
    coupling: Coupling = "private"
    cycle: int = 1
    name: str = "pay"
    #: The smallest set of agents whose pay can be computed on its own (pricing blocks:
    #: perfkit.model.behaviour.blocks): ``team`` or ``company``; None: from ``coupling``.
    scope: Literal["team", "company"] | None = None
    #: Rules best responses price by conditional Monte Carlo over own noise (rank prizes,
    #: forced distribution, team thresholds: perfkit.model.behaviour.smoothing); None: none.
    smooth: Smoothing | None = None
    #: The payout engine's scenario and history when ``pay`` is the engine: pricing then
    #: pays its arrays directly (perfkit.payout.grid), else through ``pay``.
    engine: EnginePay | None = None
    #: A per-row amount pricing adds to pay after the plan has paid (an anticipated
    #: ratchet's shadow cost: perfkit.model.behaviour.ratchet), on the fused grid or the
    #: pay function's rows alike (perfkit.payout.grid.adjusted); calling the pricer pays
    #: the plan alone. None: none.
    adjust: Adjust | None = None

    @property
    def unit(self) -> str:
        """``team`` when whole teams can be priced apart, else ``company``."""
        if self.scope is not None:
            return self.scope
        return "company" if self.coupling == "company" else "team"

    def __call__(self, kpis: pd.DataFrame) -> pd.DataFrame:
        out = self.pay(kpis)
        if isinstance(out, pd.Series):
            out = out.to_frame("total_pay")
        return out


@dataclass(frozen=True)
class EnginePay:
    """What the payout engine prices: the scenario and the history its targets read."""

    scenario: Any
    past: pd.DataFrame | None = None


def fixed_aggregates(pricer: Pricer) -> bool:
    """Whether deviations can be priced against the others' fixed aggregates
    (perfkit.payout.grid.deviations): the engine pays, and what it prices reads others
    only through sums and counts (no ranking, no segments), and no smoothed rule ranks
    by a score that moves with teammates."""
    if pricer.engine is None:
        return False
    smooth = pricer.smooth
    scenario = smooth.scenario if smooth is not None else pricer.engine.scenario
    if scenario.segments:
        return False
    plan = scenario.main_plan
    if isinstance(plan.grades, ForcedGrades) or any(isinstance(b, RankBonus) for b in plan.bonuses):
        return False
    if any(r.to.top is not None or r.to.team_top is not None for r in plan.non_cash):
        return False
    scored = smooth is not None and any(p.key == "score" for p in smooth.places)
    return not (scored and plan.team.weight > 0)


def flat_pay(amount: float = 0.0) -> Pricer:
    """Everyone paid ``amount`` whatever they do: the no-incentive reference."""

    def pay(kpis: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"total_pay": np.full(len(kpis), float(amount))}, index=kpis.index)

    return Pricer(pay, "private", 1, "flat pay")


def _target_coupling(target: Any) -> Coupling:
    if not isinstance(target, TargetRule):
        return "private"
    if target.split == "history" and target.goal is None:
        return "private"
    if target.split == "equal":
        return "private"  # depends on headcount only
    if target.split == "capacity":
        return "private"  # the simulation passes a fixed capacity column
    return "team" if target.per == "team" else "company"


def plan_coupling(plan: Plan) -> Coupling:
    """How far one plan makes an agent's pay depend on others."""
    found: list[Coupling] = ["private"]
    if plan.team.weight > 0 or plan.team.pool is not None:
        found.append("team")
    if isinstance(plan.grades, ForcedGrades):
        found.append("team" if plan.grades.within == "team" else "company")
    for bonus in plan.bonuses:
        if isinstance(bonus, RankBonus):
            found.append("team" if bonus.within == "team" else "company")
        elif bonus.target is not None:
            found.append(_target_coupling(bonus.target))
    for reward in plan.non_cash:
        if reward.to.top is not None or reward.to.team_top is not None:
            found.append("company")
        if reward.to.team_goal_met:
            found.append("team")
        if reward.to.grade is not None and isinstance(plan.grades, ForcedGrades):
            found.append("team" if plan.grades.within == "team" else "company")
    for item in plan.scorecard:
        found.append(_target_coupling(item.target))
    return max(found, key=_RANK.__getitem__)


def scenario_coupling(scenario: Any) -> Coupling:
    """The widest coupling over the main plan, every segment plan and the roles."""
    plans = [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]
    found = [plan_coupling(p) for p in plans]
    if scenario.leader_override is not None or scenario.split_credit is not None:
        found.append("team")
    return max(found, key=_RANK.__getitem__)


def scenario_scope(scenario: Any) -> Literal["team", "company"]:
    """``company`` when some pay reads the whole floor, else ``team``.

    Wider than the coupling: a company goal split equally or by capacity is private to
    each agent for best responses (it moves with headcount only) but needs every row.
    """
    if scenario_coupling(scenario) == "company":
        return "company"
    plans = [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]
    targets = [i.target for p in plans for i in p.scorecard]
    targets += [getattr(b, "target", None) for p in plans for b in p.bonuses]
    if any(
        isinstance(t, TargetRule) and t.per == "company" and t.goal is not None for t in targets
    ):
        return "company"
    return "team"


def scenario_cycle(scenario: Any) -> int:
    """3 when a monthly scenario pays a quarter-cycle bonus, else 1."""
    if scenario.period == "quarter":
        return 1
    plans = [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]
    quarterly = any(
        isinstance(b, AttainmentBonus) and b.cycle == "quarter" for p in plans for b in p.bonuses
    )
    return 3 if quarterly else 1


def engine_pricer(scenario: Any) -> Pricer:
    """The real payout engine for ``scenario`` (perfkit.payout.compute_statements)."""
    from perfkit.payout import compute_statements

    def pay(kpis: pd.DataFrame) -> pd.DataFrame:
        return compute_statements(kpis, scenario)

    return Pricer(pay, scenario_coupling(scenario), scenario_cycle(scenario), scenario.name,
                  scenario_scope(scenario), smoothing_for(scenario), EnginePay(scenario))  # fmt: skip
