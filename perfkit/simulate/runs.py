"""Apply the agents' policy to every Monte Carlo run: KPIs, quits and replacement hires.

All runs advance together, one period at a time, as (runs × agents) arrays. Each
period draws its shocks once (independent of the plan: common random numbers),
reads each run's attainment so far to pick choices from the policy's states,
pools mentors' help within each team, produces the funnel's KPIs, credits mentors,
and lets agents quit with a probability that rises as their certainty equivalent
falls below their outside option. A quitter's seat goes next period to a new hire
at tenure 0, drawn from an applicant pool with its own traits, who accepts the more
readily the better the plan pays it as a hire (perfkit.simulate.hiring) and then
chooses for itself (perfkit.simulate.newcomers).
Attainment so far (for pay measured over a quarter) is each seat holder's own: a
hire starts at zero, measured against its own expected revenue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from perfkit.core.progress import progress_bar
from perfkit.model.behaviour.continuation import interpolate
from perfkit.model.behaviour.solve import DIMS, Policy
from perfkit.model.funnel import OUTPUTS, Choice, Funnel
from perfkit.model.mentoring import credit_shares, team_help
from perfkit.model.population import Population
from perfkit.model.scale.heap import give_back_freed_memory
from perfkit.scheme.population import Attrition, Hiring, Mentoring
from perfkit.simulate.hiring import Roster, fill, roster
from perfkit.simulate.kernel import funnel_kernel
from perfkit.simulate.newcomers import Newcomers, OwnChoices, Spliced


@dataclass
class RunArrays:
    """Per run × period × agent seat: KPIs, choices, tenure, hire number, quits and who
    holds the seat (``who``: a code into ``people``, the roster of agents and applicants)."""

    kpis: dict[str, np.ndarray]
    effort: np.ndarray
    quality: np.ndarray
    help: np.ndarray
    tenure: np.ndarray
    hire: np.ndarray
    quit: np.ndarray
    who: np.ndarray
    people: Roster

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.effort.shape

    def trait(self, name: str) -> np.ndarray:
        """A trait of each seat holder (run × period × seat)."""
        return self.people.traits[name][self.who]


def monthly_rate(annual: float, per_year: int) -> float:
    """Per-period probability equivalent to an annual one."""
    return 1.0 - (1.0 - annual) ** (1.0 / per_year)


def quit_probability(
    ce: np.ndarray,
    outside: np.ndarray,
    attrition: Attrition,
    per_year: int = 12,
    drawn: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Per-period quit probability: a logistic in the relative shortfall (outside − CE) ÷ outside.

    Equal to the base rate (``annual_rate``) when CE equals the outside option, rising
    to ``max_monthly_rate`` for a large shortfall and falling to ``floor_annual_rate``
    for a large surplus. ``drawn``: ``annual_rate`` and/or ``sensitivity`` per run
    (runs × 1: a parameter draw per run), in place of the settings'.
    """
    if not attrition.enabled:
        return np.zeros(np.shape(ce))
    drawn = drawn or {}
    rate = drawn.get("annual_rate", attrition.annual_rate)
    sensitivity = drawn.get("sensitivity", attrition.sensitivity)
    base = monthly_rate(rate, per_year)
    floor = monthly_rate(attrition.floor_annual_rate, per_year)
    top = 1.0 - (1.0 - attrition.max_monthly_rate) ** (12.0 / per_year)
    share = (base - floor) / (top - floor)
    shift = np.log(share / (1.0 - share))
    gap = (outside - ce) / np.maximum(outside, 1e-9)
    return floor + (top - floor) / (1.0 + np.exp(-(sensitivity * gap + shift)))


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
    hiring: Hiring | None = None,
    drawn: dict[str, np.ndarray] | None = None,
    own: Callable[[Roster], OwnChoices | Spliced] | None = None,
) -> RunArrays:
    """Every run's KPIs and choices for the policy's periods (see the module docstring).

    ``seed``: an int, or a list of ints (a block of runs of a simulation spread across
    parameter draws); ``drawn``: attrition parameters per run (:func:`quit_probability`);
    ``own``: solves the applicants' own best responses as hires (perfkit.simulate.newcomers),
    under each plan of a spliced policy (perfkit.analysis.estimate).
    """
    hiring = hiring or Hiring()
    P, N, R = len(policy.periods), pop.n, runs
    record = _Record.empty((R, P, N))
    people = roster(pop, hiring, seed)
    solved = own(people) if own is not None and attrition.enabled and P > 1 else None
    give_back_freed_memory()  # what the hires' solve freed is not held under the runs' arrays
    newcomers = Newcomers(solved)
    seats = _Seats.start(pop, people, R)
    n_teams = len(pop.team_names)
    key = np.arange(R)[:, None] * n_teams + pop.team_code[None, :]
    bar = progress_bar(P, progress, "Monte Carlo")
    for m in range(P):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(3, m)))
        z = rng.standard_normal((production.shocks, R, N))
        u = rng.random((R, N))
        if policy.cycle_start[m] == m:
            seats.new_cycle()
        skill = seats.held["skill"] * pop.learning(seats.tenure)
        now = _chosen(policy, newcomers, m, seats)
        mentor = seats.tenure >= mentoring.mentor_months
        mentee = seats.tenure < mentoring.mentee_months
        choice = Choice(now["effort"], now["quality"], np.where(mentor, now["help"], 0.0))
        flows = team_help(key, R * n_teams, choice, mentor, mentee)
        produced, written = _produced(production, record, m, dict(seats.held, skill=skill),
                                      choice, z, flows.received)  # fmt: skip
        if getattr(production, "mentoring_on", False):
            produced["collaboration_credit"] = credit_shares(
                key, R * n_teams, flows.given, produced["assisted_orders"]
            )
            written = written - {"collaboration_credit"}
        record.period(m, produced, choice, seats, written)
        seats.cum_revenue += produced["revenue"]
        seats.cum_expected += now["revenue"]
        quits = u < quit_probability(
            now["ce"] * per_year / 12, seats.held["outside_option"], attrition, per_year, drawn
        )
        record.quit[:, m] = quits
        seats.advance(quits, 12.0 / per_year)
        if m + 1 < P and quits.any():
            ce = newcomers.joining(policy, m + 1, quits)
            seats.replace(quits, fill(quits, m + 1, seed, people, ce, hiring, per_year), people)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return record.arrays(people)


@dataclass
class _Seats:
    """Every run's seats now: tenure, hire number and holder (a code into the roster) of
    each, the holder's traits, and its revenue and expected revenue so far in the cycle."""

    tenure: np.ndarray
    hire: np.ndarray
    who: np.ndarray
    held: dict[str, np.ndarray]
    cum_revenue: np.ndarray
    cum_expected: np.ndarray  # what the seat holder was expected to sell meanwhile

    @classmethod
    def start(cls, pop: Population, people: Roster, runs: int) -> _Seats:
        """Every run starts with the population in its seats."""
        R, N = runs, pop.n
        return cls(
            tenure=np.broadcast_to(pop.tenure, (R, N)).copy(),
            hire=np.zeros((R, N), dtype=np.int32),
            who=np.broadcast_to(np.arange(N, dtype=np.int32), (R, N)).copy(),
            held={k: np.broadcast_to(v[:N], (R, N)).copy() for k, v in people.traits.items()},
            cum_revenue=np.zeros((R, N)),
            cum_expected=np.zeros((R, N)),
        )

    def new_cycle(self) -> None:
        self.cum_revenue[:] = 0.0
        self.cum_expected[:] = 0.0

    def luck(self) -> np.ndarray:
        """Attainment so far: revenue ÷ expected revenue (1 before any is expected)."""
        R, N = self.cum_revenue.shape
        return np.divide(
            self.cum_revenue, self.cum_expected, out=np.ones((R, N)), where=self.cum_expected > 0
        )

    def advance(self, quits: np.ndarray, months: float) -> None:
        """A period on: tenure grows, a quitter's seat restarts at tenure 0 with a new hire."""
        self.tenure = np.where(quits, 0.0, self.tenure + months)
        self.hire = self.hire + quits

    def replace(self, quits: np.ndarray, hires: np.ndarray, people: Roster) -> None:
        """The quitters' seats go to ``hires`` (roster codes), who start a cycle afresh."""
        self.who[quits] = hires
        for k, v in self.held.items():
            v[quits] = people.traits[k][self.who[quits]]
        self.cum_revenue[quits] = 0.0
        self.cum_expected[quits] = 0.0


@dataclass
class _Record:
    """The run × period × seat tables being filled."""

    kpis: dict[str, np.ndarray]
    choices: dict[str, np.ndarray]
    hire: np.ndarray
    who: np.ndarray
    quit: np.ndarray

    @classmethod
    def empty(cls, shape: tuple[int, int, int]) -> _Record:
        return cls(
            kpis={k: np.empty(shape) for k in OUTPUTS},
            choices={k: np.empty(shape) for k in ("effort", "quality", "help", "tenure")},
            hire=np.zeros(shape, dtype=np.int32),
            who=np.zeros(shape, dtype=np.int32),
            quit=np.zeros(shape, dtype=bool),
        )

    def period(self, m: int, produced: dict[str, np.ndarray], choice: Choice, seats: _Seats,
               written: frozenset[str] = frozenset()) -> None:  # fmt: skip
        """Period ``m``'s KPIs (but those ``written`` in place already), choices and seat
        holders."""
        for k in OUTPUTS:
            if k not in written:
                self.kpis[k][:, m] = produced[k]
        out = self.choices
        out["effort"][:, m], out["quality"][:, m], out["help"][:, m] = (
            choice.effort,
            choice.quality,
            choice.help,
        )
        out["tenure"][:, m] = seats.tenure
        self.hire[:, m] = seats.hire
        self.who[:, m] = seats.who

    def arrays(self, people: Roster) -> RunArrays:
        c = self.choices
        return RunArrays(self.kpis, c["effort"], c["quality"], c["help"], c["tenure"], self.hire,
                         self.quit, self.who, people)  # fmt: skip


def _produced(production, record: _Record, m: int, traits: dict[str, np.ndarray],
              choice: Choice, z: np.ndarray, received: np.ndarray
              ) -> tuple[dict[str, np.ndarray], frozenset[str]]:  # fmt: skip
    """Period m's KPIs (run × seat) and those already in the record: the funnel's compiled
    kernel writes every KPI into the record's arrays (perfkit.simulate.kernel); another
    production model, or the NumPy path, returns them to be copied there."""
    rows = record.quit.size  # the job's agent-month-runs
    kernel = funnel_kernel(rows) if type(production) is Funnel else None
    if kernel is None:
        return production.kpis(traits, choice, z, received), frozenset()
    return kernel.period_kpis(production, traits, choice, z, received, record.kpis, m), frozenset(
        kernel.WRITTEN
    )


def _chosen(policy: Policy, newcomers: Newcomers, m: int, seats: _Seats) -> dict[str, np.ndarray]:
    """Each seat's choices, CE and expected revenue in period m: the policy's at its
    attainment so far, and for a hire its own (perfkit.simulate.newcomers)."""
    R, N = seats.who.shape
    luck = seats.luck()
    now = {d: _choices(policy, d, m, luck) for d in DIMS}
    now["ce"] = np.broadcast_to(policy.ce[m], (R, N))
    now["revenue"] = np.broadcast_to(policy.revenue[m], (R, N))
    hired = seats.who >= N
    if hired.any():
        own = newcomers.chosen(policy, m, luck[hired], seats.who[hired], seats.tenure[hired], N,
                               np.nonzero(hired)[1])  # fmt: skip
        now = {k: _overlay(v, hired, own[k]) for k, v in now.items()}
    return now


def _overlay(base: np.ndarray, mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A copy of ``base`` (run × seat) with ``values`` at ``mask``."""
    out = np.array(base)
    out[mask] = values
    return out


def _choices(policy: Policy, dim: str, m: int, luck: np.ndarray) -> np.ndarray:
    """Each seat's choice ``dim`` in period m: by attainment so far where pay is measured
    over a cycle, else the policy's centre state (run × seat)."""
    table = getattr(policy, dim)[m]
    if policy.stateful[m]:
        return interpolate(table, policy.states, luck)
    return np.broadcast_to(table[policy.center], luck.shape)
