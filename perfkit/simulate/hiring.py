"""Who fills a quitter's seat: applicants from a pool, sorted by what the plan pays them.

Pool: :data:`POOL` applicants drawn once per simulation from the population's own
trait distributions (:func:`perfkit.model.population.draw_traits`, scaled by
``simulation.hiring``). A seat vacated in period m − 1 is offered in period m to up
to ``candidates`` applicants picked from the pool at random, in turn. Each accepts
with probability logistic in (CE − outside option) ÷ outside option, CE being what
the job is worth to the applicant (below); the first
to accept is hired at tenure 0, and if all decline the last is hired anyway
(headcount stays fixed). A plan that pays steeply for performance offers able
applicants more than weak ones, so it recruits and keeps abler agents (sorting:
Lazear 2000, AER).

CE: each applicant's own monthly certainty equivalent as a hire joining that period,
from its own best response (perfkit.simulate.newcomers: the whole pool is solved once
per simulation with its own traits, tenure and the plan's ramp-up rules, so the pool
is kept small, :data:`POOL` types), under the plan the vacant seat is paid by then (in
the estimator's spliced runs, perfkit.analysis.estimate, the pool is solved under each
plan and a seat's plan changes at its switch). A hire, like every agent, decides
whether to stay by its own CE in the current period, and chooses by its own solution.

Common random numbers: the pool, and every period's candidates and acceptance
draws for every run × seat (vacant or not), come from
``SeedSequence(seed, spawn_key=(5, …))``: two plans see the same applicants in the
same order and differ only in who accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perfkit.model.population import Population, draw_traits
from perfkit.scheme.population import Hiring

#: Applicants in the pool (types a hire is drawn from, with replacement), each solved as
#: a hire (perfkit.simulate.newcomers): 64 spans the trait
#: distributions (skill's mean within ≈ 2.5%) at about half a 120-agent floor's solve time.
POOL = 64


@dataclass(frozen=True)
class Roster:
    """Everyone who may hold a seat: the population's agents (codes 0…n − 1), then the pool."""

    traits: dict[str, np.ndarray]
    n: int


def roster(pop: Population, hiring: Hiring, seed: int) -> Roster:
    """The population's agents followed by the applicant pool (independent of the plan)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(5,)))
    pool = draw_traits(pop, rng, POOL)
    pool["skill"] = pool["skill"] * hiring.skill_factor
    pool["outside_option"] = pool["outside_option"] * hiring.outside_option_factor
    return Roster({k: np.concatenate([pop.traits[k], v]) for k, v in pool.items()}, pop.n)


def applicant_ids(k: np.ndarray) -> np.ndarray:
    """Agent ids of applicants ``k`` (pool indices) solved as hires."""
    return np.array([f"~applicant{i}" for i in k], dtype=object)


def applicant_traits(people: Roster, k: np.ndarray, effort_cost_scale: float) -> dict:
    """Traits of applicants ``k`` (pool indices) as hires at tenure 0."""
    traits = {name: v[people.n + k] for name, v in people.traits.items()}
    traits["effort_cost"] = traits["effort_cost"] * effort_cost_scale
    traits["tenure"] = np.zeros(k.size)
    return traits


def acceptance(ce: np.ndarray, outside: np.ndarray, hiring: Hiring) -> np.ndarray:
    """Probability an applicant accepts: logistic in (CE − outside) ÷ outside, at par
    ``acceptance_at_par``."""
    p0 = hiring.acceptance_at_par
    gap = (ce - outside) / np.maximum(outside, 1e-9)
    return 1.0 / (1.0 + np.exp(-(np.log(p0 / (1.0 - p0)) + hiring.sensitivity * gap)))


def fill(
    vacant: np.ndarray,
    m: int,
    seed: int,
    people: Roster,
    ce: np.ndarray,
    hiring: Hiring,
    per_year: int,
) -> np.ndarray:
    """Roster codes of the agents hired into the ``vacant`` run × seat positions in period m,
    each applicant judging the job by ``ce``, its CE as a hire joining that seat then
    (vacancy × pool index, vacancies in the order of ``vacant``'s positions).

    One uniform u per candidate of every position: the integer part of u × POOL picks
    the applicant, its fractional part (independent of it) decides whether they accept.
    """
    K = hiring.candidates
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(5, m)))
    x = rng.random((*vacant.shape, K))[vacant] * POOL  # (vacancies, K)
    pick = x.astype(np.int64)
    code = people.n + pick
    offered = np.take_along_axis(ce, pick, axis=1)
    p = acceptance(offered * per_year / 12, people.traits["outside_option"][code], hiring)
    yes = (x - pick) < p
    first = np.where(yes.any(axis=1), yes.argmax(axis=1), K - 1)
    return code[np.arange(code.shape[0]), first]
