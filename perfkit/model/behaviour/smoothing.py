"""Which of a plan's rules best responses price by conditional Monte Carlo, and the rest.

Rank prizes, forced distributions, company top-N rewards, equal-split team pools and
team-goal rewards pay by where an agent's output falls against others' luck
(perfkit.model.behaviour.conditional prices them smoothly). :func:`smoothing_for`
reads them off the plan and keeps a copy of the scenario without them, which the
payout engine prices as usual; the Monte Carlo runs pay the plan as written.

Left to the engine (priced on the draws, as before): plans with segments or roles
(split credit, a leader override), pools split by score or revenue, and team goals on
a lower-is-better KPI.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.kpis import LOWER_IS_BETTER
from perfkit.model.behaviour.conditional import Places, Threshold, place_pay, threshold_pay
from perfkit.payout.frame import kpi_from
from perfkit.payout.grades import largest_remainder
from perfkit.payout.plan import margin_rate
from perfkit.scheme.models import ForcedGrades, Plan, RankBonus


@dataclass(frozen=True)
class Smoothing:
    """The scenario without its smoothed rules, and those rules (see the module docstring).

    ``past``: the history its history-based targets read (perfkit.model.behaviour.history).
    """

    scenario: Any
    margin: float
    places: tuple[Places, ...]
    thresholds: tuple[Threshold, ...]
    past: pd.DataFrame | None = None
    #: The agents whose deviations are wanted (a mask; None: all): the rest are not ranked.
    deviators: np.ndarray | None = None

    def pay(self, kpis: pd.DataFrame) -> pd.DataFrame:
        """The engine's statement for the rest of the plan."""
        from perfkit.payout import compute_statements

        if self.past is None:
            return compute_statements(kpis, self.scenario)
        return compute_statements(kpis, self.scenario, self.past)

    def reading(self, past: pd.DataFrame) -> Smoothing:
        return replace(self, past=past)

    def keys(self, kpis: dict[str, np.ndarray], paid, shape: tuple[int, ...]) -> np.ndarray:
        """The value each rule reads, for every row of a pricing table: rules × ``shape``
        (``paid``: the engine's statement of the rows, or its columns as arrays)."""
        out = np.empty((len(self.places) + len(self.thresholds), *shape))
        for i, rule in enumerate(self.places):
            if rule.key == "score":
                out[i] = np.asarray(paid["score"], dtype=float).reshape(shape)
            else:
                out[i] = kpi_from(kpis, rule.key, self.margin)
        for i, rule in enumerate(self.thresholds, start=len(self.places)):
            out[i] = kpi_from(kpis, rule.kpi, self.margin)
        return out

    def expected(
        self, own: tuple[np.ndarray, np.ndarray], others: tuple[np.ndarray, np.ndarray],
        team: np.ndarray, risk: np.ndarray, taste: np.ndarray,
    ) -> np.ndarray:  # fmt: skip
        """Each deviator's expected pay from the smoothed rules less r/2 × its variance
        (L × C × W × N; see perfkit.model.behaviour.conditional), from the mean and sd over
        the draws of each rule's value at each agent's candidates (``own``: rules × L × C ×
        W × N) and at everyone's current choice (``others``: rules × L × W × N)."""
        L, C, W, N = own[0].shape[1:]
        out = np.zeros((L, C, W, N))
        company = np.zeros(N, dtype=np.int64)
        counts: dict = {}  # rules ranking by the same value count the others above once
        for i, rule in enumerate(self.places):
            group = team if rule.within == "team" else company
            mean, var = place_pay(rule, (own[0][i], own[1][i]), (others[0][i], others[1][i]),
                                  group, taste, counts, self.deviators)  # fmt: skip
            out += mean - 0.5 * risk * var
        for i, rule in enumerate(self.thresholds, start=len(self.places)):
            mine, fixed = (own[0][i], own[1][i]), (others[0][i], others[1][i])
            mean, var = threshold_pay(rule, mine, fixed, team, taste)
            out += mean - 0.5 * risk * var
        return out


def _prizes(prizes: list[float]):
    def schedule(n: int) -> tuple[np.ndarray, np.ndarray]:
        cash = np.zeros(n)
        k = min(n, len(prizes))
        cash[:k] = prizes[:k]
        return cash, np.zeros(n)

    return schedule


def _top(top: int, cash: float, value: float):
    def schedule(n: int) -> tuple[np.ndarray, np.ndarray]:
        first = np.arange(n) < top
        return np.where(first, cash, 0.0), np.where(first, value, 0.0)

    return schedule


def _forced(plan: Plan, rewards: list):
    """Pay by place under forced grades: performance pay by grade, grade rewards."""
    g = plan.grades
    shares = np.asarray(list(g.shares.values()), dtype=float)
    pp = plan.pay.performance_pay
    coef = np.array(
        [pp.base * pp.grade_coefficients[name] if pp is not None else 0.0 for name in g.names]
    )
    cash_by = coef.copy()
    value_by = np.zeros(len(g.names))
    for r in rewards:
        wanted = [r.to.grade] if isinstance(r.to.grade, str) else list(r.to.grade)
        hit = np.isin(g.names, wanted)
        cash_by += np.where(hit, r.cash_per_head, 0.0)
        value_by += np.where(hit, r.value_to_agent, 0.0)

    def schedule(n: int) -> tuple[np.ndarray, np.ndarray]:
        sizes = largest_remainder(np.array([n]), shares)[0]
        grade = np.repeat(np.arange(shares.size), sizes)
        return cash_by[grade], value_by[grade]

    return schedule


def smoothing_for(scenario: Any) -> Smoothing | None:
    """The smoothing of ``scenario``'s rules that pay by others' luck (None: nothing to smooth)."""
    if scenario.segments or scenario.split_credit is not None or scenario.leader_override:
        return None
    plan = scenario.main_plan
    places: list[Places] = []
    thresholds: list[Threshold] = []
    update: dict[str, Any] = {}
    bonuses = [b for b in plan.bonuses if not isinstance(b, RankBonus)]
    for b in plan.bonuses:
        if isinstance(b, RankBonus):
            places.append(Places(b.kpi, b.within, b.kpi not in LOWER_IS_BETTER, _prizes(b.prizes)))
    if len(bonuses) < len(plan.bonuses):
        update["bonuses"] = bonuses
    kept = []
    by_grade = [r for r in plan.non_cash if r.to.grade is not None]
    if isinstance(plan.grades, ForcedGrades):
        places.append(Places("score", plan.grades.within, True, _forced(plan, by_grade)))
        update["grades"] = None
        update["pay"] = plan.pay.model_copy(update={"performance_pay": None})
    else:
        kept += by_grade
    pool = plan.team.pool
    goal_free = [r for r in plan.non_cash if r.to.team_goal_met and r.to.kpi in LOWER_IS_BETTER]
    pool_smooth = (
        pool is not None and pool.split == "equal" and pool.kpi not in LOWER_IS_BETTER
        and not any(r.to.team_goal is None for r in goal_free)
    )  # fmt: skip
    if pool_smooth:
        thresholds.append(
            Threshold(pool.kpi, pool.target, pool.amount or 0.0, rate=pool.rate or 0.0)
        )
        update["team"] = plan.team.model_copy(update={"pool": None})
    for r in plan.non_cash:
        to = r.to
        if to.grade is not None:
            continue
        if to.top is not None:
            places.append(Places(to.kpi, "company", to.kpi not in LOWER_IS_BETTER,
                                 _top(to.top, r.cash_per_head, r.value_to_agent)))  # fmt: skip
        elif to.team_goal_met and to.kpi not in LOWER_IS_BETTER:
            goal = to.team_goal if to.team_goal is not None else pool.target
            thresholds.append(Threshold(to.kpi, goal, cash=r.cash_per_head, value=r.value_to_agent))
        else:
            kept.append(r)
    if len(kept) < len(plan.non_cash):
        update["non_cash"] = kept
    if not update:
        return None
    stripped = scenario.model_copy(update=update)
    return Smoothing(stripped, margin_rate(plan), tuple(places), tuple(thresholds))
