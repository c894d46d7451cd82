"""Applicants seated on a floor whose pay is coupled, each choosing against the incumbents.

Where an agent's pay reads its teammates or the floor (team weight, team pools, rank
prizes, forced distributions), a hire's best response depends on what the others do.
In the Monte Carlo a hire takes a quitter's seat among incumbents who play the solved
policy; so here each applicant of the pool (perfkit.simulate.hiring) takes an
incumbent's seat at tenure 0 and the floor is solved with every other seat *held* at
the incumbents' policy (perfkit.model.behaviour.held): the applicants respond, the
incumbents do not answer them, and each applicant's candidates are paid against the
team's and the floor's aggregates of everyone else's current choices
(perfkit.model.behaviour.deviation), in every period and attainment state. Where
whole teams are priced apart (``Pricer.unit`` ``team``) only the teams holding a
round's applicants are solved, drawing their luck as on the whole floor, so the
applicants choose as they would there; company-scoped pay keeps the whole floor.

Seats: in one round about :data:`SHARE` of a team's seats (at least one) go to
applicants, taken in a fixed random order independent of the plan and the seed, so an
applicant's teammates are mostly incumbents; the pool takes as many rounds as that
asks, rounded to the nearest, and at most :data:`MAX_ROUNDS` (a 120-agent floor in six
teams: two rounds of 32; a 40-agent floor in four: four rounds of 16, 40% of a team; a
floor smaller than the pool as many as it needs). Approximation: the other applicants
seated in the same team play their own choices, not the incumbents' they displaced.
"""

from __future__ import annotations

import numpy as np

from perfkit.model.behaviour.held import Held, responding_floor
from perfkit.model.behaviour.modes import searched
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.solve import DIMS, Policy, month_states, solve
from perfkit.model.population import Population
from perfkit.scheme.population import BehaviourSettings, Simulation
from perfkit.simulate.hiring import Roster, applicant_ids, applicant_traits

#: Share of a team's seats that applicants take in one round (at least one seat) …
SHARE = 0.25
#: … in at most this many rounds (each a solve of the floor): a small floor seats more.
MAX_ROUNDS = 4


def seat_rounds(pop: Population, applicants: int) -> list[np.ndarray]:
    """The seats (incumbent indices) of applicants 0, 1, … in each round (see the module
    docstring): teams interleaved, as many rounds as :data:`SHARE` asks, rounded to the
    nearest and at most :data:`MAX_ROUNDS`, applicants spread evenly over them."""
    rng = np.random.default_rng(np.random.SeedSequence(pop.n, spawn_key=(37,)))
    team = pop.team_code
    order = np.lexsort((rng.random(pop.n), team))
    sizes = np.bincount(team)
    rank = np.empty(pop.n, dtype=np.int64)
    rank[order] = np.arange(pop.n) - (np.cumsum(sizes) - sizes)[team[order]]
    per_round = int(np.maximum(1, np.floor(SHARE * sizes)).astype(np.int64).sum())
    rounds = max(min(round(applicants / per_round), MAX_ROUNDS), -(-applicants // pop.n), 1)
    seats = np.lexsort((team, rank))[: -(-applicants // rounds)]
    sizes = np.diff(np.arange(rounds + 1) * applicants // rounds)
    return [seats[:k] for k in sizes]


def seated_population(pop: Population, people: Roster, seats: np.ndarray, first: int,
                      effort_cost_scale: float) -> Population:  # fmt: skip
    """The floor with applicants ``first``, ``first + 1``, … (pool indices) in ``seats``."""
    k = first + np.arange(seats.size)
    traits = {name: np.array(v, dtype=float) for name, v in pop.traits.items()}
    for name, v in applicant_traits(people, k, effort_cost_scale).items():
        traits[name][seats] = v
    ids = np.array(pop.agent_id, dtype=object)
    ids[seats] = applicant_ids(k)
    return Population(agent_id=ids, team=pop.team, traits=traits, rates=pop.rates, spec=pop.spec,
                      source=pop.source, start=pop.start, role=pop.role, history=pop.history)  # fmt: skip


def part_of(floor: Population, agents: np.ndarray) -> Population:
    """Agents ``agents`` (whole teams) of ``floor``, drawing their luck as on it."""
    role = None if floor.role is None else floor.role[agents]
    return Population(agent_id=floor.agent_id[agents], team=floor.team[agents],
                      traits={k: v[agents] for k, v in floor.traits.items()}, rates=floor.rates,
                      spec=floor.spec, source=floor.source, start=floor.start, role=role,
                      history=floor.history, part=(floor, agents))  # fmt: skip


def solve_seated(pop: Population, people: Roster, production, pricer: Pricer, policy: Policy,
                 settings: BehaviourSettings, sim: Simulation, seed: int,
                 months_per_period: float, roles: np.ndarray | None,
                 effort_cost_scale: float) -> list[tuple[Policy, np.ndarray]]:  # fmt: skip
    """Every round's seated solve and its applicants' columns in it (the pool in order).

    Where whole teams are priced apart (team weight, team pools, ranks within teams), a
    round solves only the teams holding its applicants: no other team moves their pay."""
    out, first = [], 0
    choices = {d: getattr(policy, d) for d in DIMS}
    for seats in seat_rounds(pop, people.traits["skill"].size - people.n):
        floor = seated_population(pop, people, seats, first, effort_cost_scale)
        mask = np.ones(pop.n, dtype=bool)
        mask[seats] = False
        seat_roles = None
        if roles is not None:
            seat_roles = np.array(roles, dtype=object)
            seat_roles[seats] = "agent"
        agents = responding_floor(pop.team_code, seats, pricer.unit)
        if agents.size < pop.n:
            floor = part_of(floor, agents)
            seat_roles = None if seat_roles is None else seat_roles[agents]
        held = Held(mask, policy.states, choices).of(agents)
        periods = played(floor, production, policy, sim, months_per_period)
        own = solve(floor, production, pricer, settings, periods, seed=seed,
                    mentoring=sim.mentoring, months_per_period=months_per_period,
                    roles=seat_roles, held=held)  # fmt: skip
        out.append((own, np.searchsorted(agents, seats)))
        first += seats.size
    return out


def played(floor: Population, production, policy: Policy, sim: Simulation,
           months_per_period: float) -> list[str]:  # fmt: skip
    """The periods a seated solve solves: those a hire can play. A hire joins in period 1
    at the earliest, so at tenure τ ≤ P − 2 periods it never plays the last period
    (perfkit.simulate.newcomers.OwnChoices.period), which is dropped where periods are
    solved one by one, first to last (no stateful cycle) and the earlier periods do not
    change: their draws are by position in the cycle, and help is searched the same
    (:func:`perfkit.model.behaviour.modes.searched` reads every period's helpers)."""
    periods = list(policy.periods)
    if policy.stateful.any() or len(periods) < 2:
        return periods
    months = month_states(floor, periods, sim.mentoring, months_per_period)
    same = searched(production, months) == searched(production, months[:-1])
    return periods[:-1] if same else periods
