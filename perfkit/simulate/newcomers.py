"""New hires choose for themselves: each applicant's own best response as a hire.

A hire's problem differs from an incumbent's of the same effective skill in its own
traits (effort cost, risk aversion, effort cap, capacity, value of non-cash rewards),
its tenure (the learning curve raises its skill month by month) and the plan's ramp-up
rules: a segment for agents below some tenure (a new-hire guarantee, another rate),
a mentee's collaboration credit (``collaboration.mentee_per_order``), the lift from the
team's mentors' help. So each applicant of the pool (perfkit.simulate.hiring) is solved
as a hire, once per simulation, with the incumbents' solver (perfkit.model.behaviour):
the pool is one population at tenure 0 on the plan's periods, period j being a hire's
(j + 1)-th period in the job. Its mentees' help is held at the floor's: per team, the
help the incumbents' mentors give on the expected path, shared among the team's
mentees and the hire. A hire at tenure τ plays period round(τ ÷ months per period) of
its own solution, which holds its own effort cap.

Where a hire's pay depends on others (team pools, rank prizes) or on a cycle longer
than a period (a quarterly bonus in a monthly plan), its own problem would need the
floor's draws and its place in the cycle: there a hire still makes the choices of the
incumbents of its effective skill (perfkit.simulate.hiring), held to its own cap.
Simplification: a hire solves as if it joined at the plan's start (period j of the
plan, not of the calendar), which differs only where the plan changes over the year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from perfkit.model.behaviour.continuation import interpolate
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.solve import DIMS, Policy, month_states, solve
from perfkit.model.population import Population
from perfkit.scheme.population import Simulation
from perfkit.simulate.hiring import CURVES, Roster, SkillCurves


@dataclass(frozen=True)
class OwnChoices:
    """Each applicant's own best response as a hire: ``values[name]`` (period j × applicant),
    j the hire's period in the job."""

    values: dict[str, np.ndarray]
    months_per_period: float

    def at(self, applicant: np.ndarray, tenure: np.ndarray) -> dict[str, np.ndarray]:
        """Choices, CE and expected revenue of hires (pool indices) at ``tenure`` months."""
        last = self.values["effort"].shape[0] - 1
        j = np.clip(np.rint(tenure / self.months_per_period).astype(np.int64), 0, last)
        return {k: v[j, applicant] for k, v in self.values.items()}


@dataclass(frozen=True)
class Newcomers:
    """How hires choose in the Monte Carlo: their own solution where there is one,
    else the incumbents' of their effective skill held to their own ``caps``."""

    curves: SkillCurves
    caps: np.ndarray | float  # each roster member's highest effort (or one for all)
    own: OwnChoices | None

    def chosen(self, policy: Policy, m: int, skill: np.ndarray, luck: np.ndarray,
               who: np.ndarray, tenure: np.ndarray, n: int) -> dict[str, np.ndarray]:  # fmt: skip
        """Choices, CE and expected revenue in period m of hires (roster codes ``who``,
        ``n`` incumbents) of effective ``skill``, at attainment so far ``luck``."""
        if self.own is not None:
            return self.own.at(who - n, tenure)
        if not policy.stateful[m]:
            out = self.curves.at(m, skill, CURVES, policy.center)
        else:
            by_skill = self.curves.at(m, skill, CURVES)
            out = {
                k: interpolate(v, policy.states, luck) if k in DIMS else v
                for k, v in by_skill.items()
            }
        cap = self.caps if np.isscalar(self.caps) else np.asarray(self.caps)[who]
        return {**out, "effort": np.minimum(out["effort"], cap)}


def solves_own(policy: Policy, coupling: str, sim: Simulation) -> bool:
    """Whether hires solve their own problem: agents respond, pay is private to each agent
    and every pay cycle is one period (see the module docstring)."""
    return sim.behaviour.respond and coupling == "private" and not policy.stateful.any()


def own_solver(
    pop: Population,
    production,
    pricer: Pricer,
    policy: Policy,
    sim: Simulation,
    seed: int,
    months_per_period: float,
    roles: np.ndarray | None,
    effort_cost_scale: float = 1.0,
) -> Callable[[Roster], OwnChoices] | None:
    """A function solving the roster's applicants as hires, or None where hires take the
    incumbents' choices (:func:`solves_own`)."""
    if not solves_own(policy, pricer.coupling, sim):
        return None

    def solve_pool(people: Roster) -> OwnChoices:
        cohort = pool_population(pop, people, effort_cost_scale)
        help_fixed = floor_help(pop, cohort, policy, sim, months_per_period)
        quiet = sim.behaviour.model_copy(update={"on_nonconvergence": "note"})
        periods = policy.periods[:-1]  # a hire joins in period 1 at the earliest
        own = solve(cohort, production, pricer, quiet, periods, seed=seed,
                    mentoring=sim.mentoring, months_per_period=months_per_period,
                    roles=None if roles is None else np.full(cohort.n, "agent", dtype=object),
                    help_fixed=help_fixed)  # fmt: skip
        c = own.center
        values = {d: getattr(own, d)[:, c, :] for d in DIMS}
        return OwnChoices({**values, "ce": own.ce, "revenue": own.revenue}, months_per_period)

    return solve_pool


def pool_population(pop: Population, people: Roster, effort_cost_scale: float) -> Population:
    """The applicant pool as a population at tenure 0, spread over the floor's teams."""
    k = np.arange(people.traits["skill"].size - people.n)
    traits = {name: v[people.n :] for name, v in people.traits.items()}
    traits["effort_cost"] = traits["effort_cost"] * effort_cost_scale
    traits["tenure"] = np.zeros(k.size)
    return Population(
        agent_id=np.array([f"~applicant{i}" for i in k], dtype=object),
        team=pop.team_names[k % len(pop.team_names)],
        traits=traits,
        rates=pop.rates,
        spec=pop.spec,
        source=pop.source,
        start=pop.start,
    )


def floor_help(
    pop: Population, cohort: Population, policy: Policy, sim: Simulation, months: float
) -> dict[int, tuple]:
    """Help flows the hires meet in each of their periods: their team's mentors' help on
    the incumbents' expected path, shared among the team's mentees and the hire."""
    T = len(pop.team_names)
    out = {}
    periods = policy.periods[:-1]
    floor = month_states(pop, periods, sim.mentoring, months)
    hires = month_states(cohort, periods, sim.mentoring, months)
    for j, (ms, hs) in enumerate(zip(floor, hires, strict=True)):
        given = np.where(ms.mentor, policy.effort[j, policy.center] * policy.help[j, policy.center], 0.0)  # fmt: skip
        total = np.bincount(pop.team_code, weights=given, minlength=T)
        mentees = np.bincount(pop.team_code, weights=ms.mentee.astype(float), minlength=T)
        per = total / (mentees + 1.0)
        received = np.where(hs.mentee, per[cohort.team_code], 0.0)
        base = np.stack([np.zeros(T), mentees + 1.0])
        out[j] = (received, np.zeros(cohort.n), total, base)
    return out
