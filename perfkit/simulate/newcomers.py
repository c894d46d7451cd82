"""New hires choose for themselves: each applicant's own best response as a hire.

A hire's problem differs from an incumbent's of the same effective skill in its own
traits (effort cost, risk aversion, effort cap, capacity, value of non-cash rewards),
its tenure (the learning curve raises its skill month by month) and the plan's ramp-up
rules: a segment for agents below some tenure (a new-hire guarantee, another rate),
a mentee's collaboration credit (``collaboration.mentee_per_order``), the lift from the
team's mentors' help. So each applicant of the pool (perfkit.simulate.hiring) is solved
as a hire, once per simulation, with the incumbents' solver (perfkit.model.behaviour),
at tenure 0 in the plan's first period, period j being its (j + 1)-th in the job:

- where pay is private to each agent, the pool alone, as one population spread over
  the floor's teams; its mentees' help is held at the floor's: per team, the help the
  incumbents' mentors give on the expected path, shared among the team's mentees and
  the hire;
- where pay reads teammates or the floor (team weight, pools, rank prizes, forced
  distributions), seated on the floor (perfkit.simulate.seated): each applicant takes
  an incumbent's seat and chooses against the others' choices held at the incumbents'
  policy, so its pay is priced against the team's and the floor's aggregates as they are.

Where pay is measured over a cycle longer than a period (a quarterly bonus in a monthly
plan), the pool is solved over the plan's cycles like the incumbents: backwards within
each quarter, with choices per attainment state in its later months; a hire reads them
at its own attainment so far.

A hire at tenure τ in period m plays the solved period j at the same place in the pay
cycle as m (any j in a monthly plan) nearest to its period in the job, round(τ ÷ months
per period): so a hire in the third month of a quarter pushes or gives up as the
quarter's end demands. Simplification: j's other facts (the plan's period, and on a
coupled floor the incumbents' choices) are those of period j, not m; they differ only
where the plan or the floor changes over the year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from perfkit.model.behaviour.continuation import bracket, interpolate
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.solve import DIMS, Policy, month_states, solve
from perfkit.model.population import Population
from perfkit.scheme.population import Simulation
from perfkit.simulate.hiring import Roster, applicant_ids, applicant_traits
from perfkit.simulate.seated import solve_seated


@dataclass(frozen=True)
class OwnChoices:
    """Each applicant's own best response as a hire: ``choices[d]`` (period j × state ×
    applicant) at attainment ``states``, ``ce`` and ``revenue`` (period j × applicant);
    ``position[j]``: period j's place in its pay cycle (0 in a monthly plan)."""

    choices: dict[str, np.ndarray]
    ce: np.ndarray
    revenue: np.ndarray
    states: np.ndarray
    position: np.ndarray
    months_per_period: float

    def period(self, position: int, tenure: np.ndarray) -> np.ndarray:
        """The solved period each hire at ``tenure`` months plays in a period at ``position``
        of its cycle: the one at that position nearest its period in the job."""
        valid = np.flatnonzero(self.position == min(position, int(self.position.max())))
        t = np.rint(np.asarray(tenure, float) / self.months_per_period)
        hi = np.clip(np.searchsorted(valid, t), 0, valid.size - 1)
        lo = np.maximum(hi - 1, 0)
        return np.where(np.abs(valid[lo] - t) <= np.abs(valid[hi] - t), valid[lo], valid[hi])

    def at(self, applicant: np.ndarray, tenure: np.ndarray, position: int,
           luck: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
        """Choices, CE and expected revenue of hires (pool indices) at ``tenure`` months, in a
        period at ``position`` of its cycle, at attainment so far ``luck``."""
        j = self.period(position, tenure)
        out = {"ce": self.ce[j, applicant], "revenue": self.revenue[j, applicant]}
        if self.states.size == 1:
            return out | {d: self.choices[d][j, 0, applicant] for d in DIMS}
        lo, hi, w = bracket(self.states, np.asarray(luck, float))
        for d in DIMS:
            table = self.choices[d]
            out[d] = (1 - w) * table[j, lo, applicant] + w * table[j, hi, applicant]
        return out

    def joining(self, position: int) -> np.ndarray:
        """Each applicant's CE as a hire starting in a period at ``position`` of its cycle."""
        return self.ce[self.period(position, np.zeros(1))[0]]


@dataclass(frozen=True)
class Spliced:
    """The hires' own choices under each plan of a splice (the estimator's synthetic
    panels: perfkit.analysis.estimate.panel.splice): ``plans[k]`` solved under plan k,
    ``code`` (period × seat) the plan each seat is paid by in each period."""

    plans: tuple[OwnChoices, ...]
    code: np.ndarray


@dataclass(frozen=True)
class Newcomers:
    """How hires choose in the Monte Carlo: their own solution (:class:`OwnChoices`) under
    the plan their seat is paid by (one plan, or a splice's per period and seat: a hire
    before a seat's switch plays the old plan's solve, after it the new plan's, as the
    incumbents do); None where no hire comes (no attrition, or a single period)."""

    own: OwnChoices | Spliced | None

    def _plans(self, m: int, seat: np.ndarray) -> tuple[tuple[OwnChoices, ...], np.ndarray]:
        """The solved plans and, for each of ``seat``, the code of its plan in period m."""
        if isinstance(self.own, Spliced):
            return self.own.plans, self.own.code[m, seat]
        assert self.own is not None, "hires came into a run given no solve of their own"
        return (self.own,), np.zeros(np.size(seat), np.int64)

    def chosen(self, policy: Policy, m: int, luck: np.ndarray, who: np.ndarray,
               tenure: np.ndarray, n: int, seat: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
        """Choices, CE and expected revenue in period m of hires (roster codes ``who``,
        ``n`` incumbents) in ``seat``, at attainment so far ``luck``."""
        plans, code = self._plans(m, seat)
        position = _position(policy, m)
        if len(plans) == 1:
            return plans[0].at(who - n, tenure, position, luck)
        out = {k: np.empty(np.size(who)) for k in (*DIMS, "ce", "revenue")}
        for k, own in enumerate(plans):
            on = code == k
            if on.any():
                for name, v in own.at(who[on] - n, tenure[on], position, luck[on]).items():
                    out[name][on] = v
        return out

    def joining(self, policy: Policy, m: int, vacant: np.ndarray) -> np.ndarray:
        """Each applicant's CE as a hire joining each ``vacant`` run × seat in period m
        (vacancy × pool index, vacancies in the order of ``vacant``'s positions)."""
        plans, code = self._plans(m, np.nonzero(vacant)[-1])
        return np.stack([own.joining(_position(policy, m)) for own in plans])[code]


def _position(policy: Policy, m: int) -> int:
    """Period m's place in its pay cycle."""
    return int(m - policy.cycle_start[m])


def own_choices(own: Policy, cols: np.ndarray, months_per_period: float,
                states: np.ndarray | None = None) -> OwnChoices:  # fmt: skip
    """The hires' columns ``cols`` of a solved policy, choices read at ``states`` (default:
    the policy's own)."""
    grid = own.states if states is None else states
    x = np.broadcast_to(grid[:, None], (grid.size, cols.size))
    choices = {
        d: np.stack([interpolate(t[:, cols], own.states, x) for t in getattr(own, d)]) for d in DIMS
    }
    position = np.arange(len(own.periods)) - own.cycle_start
    return OwnChoices(choices, own.ce[:, cols], own.revenue[:, cols], grid, position,
                      months_per_period)  # fmt: skip


def joined(parts: list[OwnChoices]) -> OwnChoices:
    """Applicants solved in several parts (on the same periods and states), in order."""
    first = parts[0]
    choices = {d: np.concatenate([p.choices[d] for p in parts], axis=2) for d in DIMS}
    ce, revenue = (
        np.concatenate([getattr(p, k) for p in parts], axis=1) for k in ("ce", "revenue")
    )
    return OwnChoices(choices, ce, revenue, first.states, first.position, first.months_per_period)


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
) -> Callable[[Roster], OwnChoices]:
    """A function solving the roster's applicants as hires (see the module docstring)."""
    quiet = sim.behaviour.model_copy(update={"on_nonconvergence": "note"})

    def solve_pool(people: Roster) -> OwnChoices:
        if pricer.coupling != "private":
            rounds = solve_seated(pop, people, production, pricer, policy, quiet, sim, seed,
                                  months_per_period, roles, effort_cost_scale)  # fmt: skip
            parts = [own_choices(own, seats, months_per_period, policy.states) for own, seats in rounds]  # fmt: skip
            return joined(parts)
        cohort = pool_population(pop, people, effort_cost_scale)
        # a hire joins in period 1 at the earliest; a plan paying over cycles keeps them whole
        periods = policy.periods[:-1] if not policy.stateful.any() else policy.periods
        help_fixed = floor_help(pop, cohort, policy, periods, sim, months_per_period)
        own = solve(cohort, production, pricer, quiet, periods, seed=seed,
                    mentoring=sim.mentoring, months_per_period=months_per_period,
                    roles=None if roles is None else np.full(cohort.n, "agent", dtype=object),
                    help_fixed=help_fixed)  # fmt: skip
        return own_choices(own, np.arange(cohort.n), months_per_period)

    return solve_pool


def spliced_solver(parts: list[Callable[[Roster], OwnChoices]],
                   code: np.ndarray) -> Callable[[Roster], Spliced]:  # fmt: skip
    """A function solving the roster's applicants as hires under each plan of a splice
    (``parts[k]``: plan k's :func:`own_solver`), for seats paid by plan ``code`` (period ×
    seat)."""

    def solve_all(people: Roster) -> Spliced:
        return Spliced(tuple(part(people) for part in parts), np.asarray(code, np.int64))

    return solve_all


def pool_population(pop: Population, people: Roster, effort_cost_scale: float) -> Population:
    """The applicant pool as a population at tenure 0, spread over the floor's teams."""
    k = np.arange(people.traits["skill"].size - people.n)
    return Population(
        agent_id=applicant_ids(k),
        team=pop.team_names[k % len(pop.team_names)],
        traits=applicant_traits(people, k, effort_cost_scale),
        rates=pop.rates,
        spec=pop.spec,
        source=pop.source,
        start=pop.start,
    )


def floor_help(pop: Population, cohort: Population, policy: Policy, periods: list[str],
               sim: Simulation, months: float) -> dict[int, tuple]:  # fmt: skip
    """Help flows the hires meet in each of their periods: their team's mentors' help on
    the incumbents' expected path, shared among the team's mentees and the hire."""
    T = len(pop.team_names)
    out = {}
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
