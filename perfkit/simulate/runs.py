"""Apply the agents' policy to every Monte Carlo run: KPIs, quits and replacement hires.

All runs advance together, one period at a time, as (runs × agents) arrays. Each
period draws its shocks once (independent of the plan: common random numbers),
reads each run's attainment so far to pick choices from the policy's states,
pools mentors' help within each team, produces the funnel's KPIs, credits mentors,
and lets agents quit with a probability that rises as their certainty equivalent
falls below their outside option. A quitter is replaced next period by a new hire
at tenure 0 in the same seat (same traits: a stand-in of the same type, who
follows the seat's policy but climbs the learning curve again).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perfkit.behaviour.solve import Policy
from perfkit.funnel import OUTPUTS, Choice, credit_shares, team_help
from perfkit.population import Population
from perfkit.scheme.population import Attrition, Mentoring


@dataclass
class RunArrays:
    """Per run × period × agent seat: KPIs, choices, tenure, hire number and quits."""

    kpis: dict[str, np.ndarray]
    effort: np.ndarray
    quality: np.ndarray
    help: np.ndarray
    tenure: np.ndarray
    hire: np.ndarray
    quit: np.ndarray

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.effort.shape


def monthly_rate(annual: float, per_year: int) -> float:
    """Per-period probability equivalent to an annual one."""
    return 1.0 - (1.0 - annual) ** (1.0 / per_year)


def quit_probability(
    ce: np.ndarray, outside: np.ndarray, attrition: Attrition, per_year: int = 12
) -> np.ndarray:
    """Per-period quit probability: a logistic in the relative shortfall (outside − CE) ÷ outside.

    Equal to the base rate (``annual_rate``) when CE equals the outside option, rising
    to ``max_monthly_rate`` for a large shortfall and falling to ``floor_annual_rate``
    for a large surplus.
    """
    if not attrition.enabled:
        return np.zeros(np.shape(ce))
    base = monthly_rate(attrition.annual_rate, per_year)
    floor = monthly_rate(attrition.floor_annual_rate, per_year)
    top = 1.0 - (1.0 - attrition.max_monthly_rate) ** (12.0 / per_year)
    share = (base - floor) / (top - floor)
    shift = np.log(share / (1.0 - share))
    gap = (outside - ce) / np.maximum(outside, 1e-9)
    return floor + (top - floor) / (1.0 + np.exp(-(attrition.sensitivity * gap + shift)))


def _interpolate(table: np.ndarray, states: np.ndarray, luck: np.ndarray) -> np.ndarray:
    """Choice per run × agent, linear in attainment state between the policy's states."""
    x = np.clip(luck, states[0], states[-1])
    hi = np.clip(np.searchsorted(states, x, side="right"), 1, len(states) - 1)
    lo = hi - 1
    w = (x - states[lo]) / (states[hi] - states[lo])
    n = np.arange(table.shape[1])
    return (1 - w) * table[lo, n] + w * table[hi, n]


def run_all(
    pop: Population,
    production,
    policy: Policy,
    runs: int,
    seed: int,
    attrition: Attrition,
    mentoring: Mentoring,
    per_year: int = 12,
    progress: bool = False,
) -> RunArrays:
    """Every run's KPIs and choices for the policy's periods (see the module docstring)."""
    P, N, R = len(policy.periods), pop.n, runs
    shape = (R, P, N)
    kpis = {k: np.empty(shape) for k in OUTPUTS}
    out = {k: np.empty(shape) for k in ("effort", "quality", "help", "tenure")}
    hire_out = np.zeros(shape, dtype=np.int32)
    quit_out = np.zeros(shape, dtype=bool)
    tenure = np.broadcast_to(pop.tenure, (R, N)).copy()
    hire = np.zeros((R, N), dtype=np.int32)
    n_teams = len(pop.team_names)
    key = np.arange(R)[:, None] * n_teams + pop.team_code[None, :]
    cum_revenue = np.zeros((R, N))
    fixed = {k: v for k, v in pop.traits.items() if k != "tenure"}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=P, desc="Monte Carlo", unit="period")
    for m in range(P):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(3, m)))
        z = rng.standard_normal((production.shocks, R, N))
        u = rng.random((R, N))
        if policy.cycle_start[m] == m:
            cum_revenue[:] = 0.0
        if policy.stateful[m]:
            expected = policy.revenue[policy.cycle_start[m] : m].sum(axis=0)
            luck = np.divide(cum_revenue, expected, out=np.ones((R, N)), where=expected > 0)
            pick = {
                d: _interpolate(getattr(policy, d)[m], policy.states, luck)
                for d in ("effort", "quality", "help")
            }
        else:
            c = policy.center
            pick = {
                d: np.broadcast_to(getattr(policy, d)[m, c], (R, N))
                for d in ("effort", "quality", "help")
            }
        mentor = tenure >= mentoring.mentor_months
        mentee = tenure < mentoring.mentee_months
        choice = Choice(pick["effort"], pick["quality"], np.where(mentor, pick["help"], 0.0))
        flows = team_help(key, R * n_teams, choice, mentor, mentee)
        traits = dict(fixed, skill=pop.skill * pop.learning(tenure))
        produced = production.kpis(traits, choice, z, flows.received)
        if getattr(production, "mentoring_on", False):
            produced["collaboration_credit"] = credit_shares(
                key, R * n_teams, flows.given, produced["assisted_orders"]
            )
        for k in OUTPUTS:
            kpis[k][:, m] = produced[k]
        out["effort"][:, m], out["quality"][:, m], out["help"][:, m] = (
            choice.effort,
            choice.quality,
            choice.help,
        )
        out["tenure"][:, m] = tenure
        hire_out[:, m] = hire
        cum_revenue += produced["revenue"]
        quits = u < quit_probability(
            policy.ce[m] * per_year / 12, pop.outside_option, attrition, per_year
        )
        quit_out[:, m] = quits
        tenure = np.where(quits, 0.0, tenure + 12.0 / per_year)
        hire = hire + quits
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return RunArrays(
        kpis, out["effort"], out["quality"], out["help"], out["tenure"], hire_out, quit_out
    )
