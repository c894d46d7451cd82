"""Anticipated ratchets (Weitzman 1980): agents price the later targets their output raises.

A ratchet (perfkit.payout.history) moves an agent's target at the start of each cycle
by s × (its mean output over the last cycle − its target then). One more unit of output
in a period of cycle c, one of n periods there, raises the target of cycle c + 1 by s/n
and, since each cycle's target carries (1 − s) of the last one's, that of cycle c + k by
s/n·(1 − s)^(k−1). A unit of target in period w' costs the agent g(w') = −∂E[pay(w')]/∂T
at its choice then. So output now carries a shadow cost per unit

    λ(w) = Σ_{w' in later cycles} s/n·(1 − s)^(k(w') − 1)·g(w'),

over the periods solved (the plan's horizon: the last cycle has none). An agent that
anticipates the ratchet maximises its certainty equivalent with pay less λ × its
output: it holds back. Two periods, a bonus B at target T, σ = 1, cost c·e²/2: the last
period's effort e₂ solves B·φ(e₂ − T) = c·e₂, so g = B·φ(e₂ − T) and the first period's
effort solves B·φ(e₁ − T) = c·e₁ + s·g — below the myopic e₂.

g is priced by the payout engine: each agent's pay over the fine draws at its chosen
path, with every history target on the KPI moved up and down by a small step (the
history read by the targets shifted, perfkit.model.behaviour.history). Choices and g
are iterated: solve, price g at the policy, solve again with the shadow cost
(:data:`ROUNDS` times at most, or until λ moves by under :data:`SETTLED` on average;
at a cliff an agent's own λ still moves between rounds, since holding back moves it
along the cliff). Periods whose shadow cost differs from the last period's are settled
afresh, the others track the last period (perfkit.model.behaviour.solve). The shadow
cost is the solve's pricer's per-row adjustment (:class:`ShadowCost`), which the fused
grid adds after paying the arrays (perfkit.payout.grid), so anticipation prices as fast
as the plan. The Monte Carlo runs pay the plan as written; only the agents' choices
change. Cost: about five times a myopic solve's CPU (benchmarks/bench_ratchet.py: a
60-agent funnel floor, 12 months, a quarterly ratchet on a scorecard with a quota bonus:
2.5 against 0.45 s; about 6 when the shadow cost was paid on DataFrames).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from perfkit.core.errors import ParameterError
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.pricing import PricingTable
from perfkit.model.behaviour.solve import Policy
from perfkit.model.funnel import DIMS, Choice
from perfkit.payout.grid import Layout
from perfkit.payout.history import cycle_codes
from perfkit.scheme.models import TargetRule

#: Fine draws g is priced on, and the step of the target (× the KPI's spread over them).
DRAWS = 256
STEP = 0.25
#: Solve-and-price rounds at most, and the mean move of λ (relative) that ends them.
ROUNDS = 3
SETTLED = 0.05


@dataclass(frozen=True)
class Anticipated:
    """One KPI's anticipated ratchet: its cycle, share, and its targets' stretch."""

    kpi: str
    every: str
    share: float
    stretch: float


def anticipated(scenario: Any) -> list[Anticipated]:
    """The scenario's anticipated ratchets, one per KPI (the scenario's checks make every
    history target on a KPI ratchet alike within a plan; across plans the first wins)."""
    plans = [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]
    found: dict[str, Anticipated] = {}
    for p in plans:
        rules = [(i.kpi, i.target) for i in p.scorecard]
        rules += [(b.kpi, getattr(b, "target", None)) for b in p.bonuses]
        for kpi, tg in rules:
            r = getattr(tg, "ratchet", None)
            if isinstance(tg, TargetRule) and r is not None and r.anticipated:
                found.setdefault(kpi, Anticipated(kpi, r.every, float(r.share), tg.stretch))
    return list(found.values())


def ratchet_weights(periods: list[str], rule: Anticipated, months_per_period: float) -> np.ndarray:
    """W[w, w']: the rise of period w′'s target per unit of output in period w."""
    cycle = cycle_codes(np.asarray(periods), rule.every, max(1, round(months_per_period)))
    _, k = np.unique(cycle, return_inverse=True)
    n = np.bincount(k)
    later = k[None, :] - k[:, None]  # cycles from w to w'
    s = rule.share
    w = np.where(later >= 1, s / n[k][:, None] * (1.0 - s) ** np.maximum(later - 1, 0), 0.0)
    return w


def shadow_costs(
    table: PricingTable,
    shifted: Callable[[str, float], Pricer],
    policy: Policy,
    rules: list[Anticipated],
    months_per_period: float,
) -> dict[str, np.ndarray]:
    """λ per KPI (period × agent): the later pay an agent's unit of output costs it."""
    fine = table.with_samples(DRAWS)
    P = len(policy.periods)
    c = policy.center
    out = {}
    for rule in rules:
        g = np.zeros((P, table.pop.n))
        for w in range(P):  # periods, not agents: each prices the whole floor at once
            now = Choice(*(getattr(policy, d)[w, c] for d in DIMS))
            cands = Choice(*(getattr(now, d)[None, None, :] for d in DIMS))
            step = STEP * _spread(fine, w, now, rule.kpi)
            pay = []
            for sign in (1.0, -1.0):
                priced = replace_pricer(fine, shifted(rule.kpi, sign * step))
                u, _, _ = priced.own_utility(w, (w, w), np.ones(1), cands, [now])
                pay.append(u.mean(axis=1)[0, 0])
            g[w] = -(pay[0] - pay[1]) / (2.0 * step * rule.stretch)
        out[rule.kpi] = ratchet_weights(policy.periods, rule, months_per_period) @ g
    return out


def _spread(table: PricingTable, w: int, now: Choice, kpi: str) -> float:
    """The median agent's sd of the KPI over the draws in period w (the step's scale)."""
    kpis = table.period_kpis(w, now, now, zero=False)
    shape = np.shape(kpis["revenue"])
    values = np.broadcast_to(kpis[kpi], shape).reshape(-1, table.pop.n)
    return float(np.median(values.std(axis=0))) or 1.0


def replace_pricer(table: PricingTable, pricer: Pricer) -> PricingTable:
    """The same table priced by ``pricer``."""
    out = copy.copy(table)
    out.pricer = pricer
    return out


@dataclass(frozen=True, eq=False)
class ShadowCost:
    """Less λ × output on each anticipated KPI, per row: a pricer's adjustment
    (perfkit.payout.grid.Adjust), so the solve keeps the fused grid."""

    costs: dict[str, np.ndarray]  # λ per KPI, periods × agents
    periods: tuple[str, ...]

    def __call__(self, layout: Layout, raw: dict[str, np.ndarray]) -> np.ndarray:
        index = {label: i for i, label in enumerate(self.periods)}
        at = np.array([index[str(label)] for label in layout.labels])
        rows = np.ix_(at, np.asarray(layout.agent))  # the window's periods × its agents
        return -sum(lam[rows] * raw[k] for k, lam in self.costs.items())


def shadow_pricer(pricer: Pricer, costs: dict[str, np.ndarray], periods: list[str]) -> Pricer:
    """``pricer`` for the solve: pay less λ × output on each anticipated KPI."""
    return replace(pricer, adjust=ShadowCost(costs, tuple(periods)))


def anticipate(
    policy: Policy,
    table: PricingTable,
    shifted: Callable[[str, float], Pricer],
    resolve: Callable[[Pricer, np.ndarray], Policy],
    rules: list[Anticipated],
    months_per_period: float,
) -> Policy:
    """The policy of agents who anticipate ``rules``, from the myopic ``policy``.

    ``resolve(pricer, fresh)`` solves again, settling afresh the periods ``fresh`` whose
    shadow cost differs from the last period's (the others track the last period).
    """
    if table.pricer.cycle != 1:
        raise ParameterError(
            "ratchet.anticipated: agents price a ratchet period by period; a bonus paid on "
            "a quarter's total in a monthly plan is not supported with it"
        )
    costs: dict[str, np.ndarray] = {}
    for _ in range(ROUNDS):  # g moves with the choices it is priced at
        again = shadow_costs(table, shifted, policy, rules, months_per_period)
        if costs and all(
            np.abs(again[k] - costs[k]).mean() <= SETTLED * max(np.abs(costs[k]).mean(), 1e-12)
            for k in costs
        ):
            break
        costs = again
        policy = resolve(shadow_pricer(table.pricer, costs, policy.periods), _moves(costs))
    return policy  # the plan's words say the forecast anticipates (perfkit.words.plan)


def _moves(costs: dict[str, np.ndarray]) -> np.ndarray:
    """Periods whose shadow cost differs from the last period's, for some agent."""
    out = np.zeros(next(iter(costs.values())).shape[0], dtype=bool)
    for lam in costs.values():
        out[1:] |= np.abs(np.diff(lam, axis=0)).max(axis=1) > 1e-12 * max(np.abs(lam).max(), 1e-12)
    return out
