"""What decides a comparison's verdict: the profit gain at both ends of every assumption.

A comparison says which plan makes the most profit on assumptions no plan file settles
(perfkit.scheme.priors.DECISIVE: effort cost, attrition rate and its pay sensitivity,
gross margin, hiring cost, deal-timing share). For each, at the low and the high end of
its range (the scenario's ``range:``, else the documented default), every plan is
simulated again with that one value changed in every plan and everything else as in
the comparison, on the same seed (common random numbers: the runs' shocks do not depend
on the value, so what moves is the assumption's effect). The result is the leader's
profit gain over the runner-up at both ends, which plan leads there, and whether the
ranking flips inside the range.

Gross margin and hiring cost change no one's behaviour: profit is linear in them
(net revenue × margin − pay − … − hiring cost × hires, perfkit.simulate.summary), so
their ends are computed exactly from the base runs, and so is the value where the
ranking would flip. A lower effort cost recalibrates the client's floor from the export
(each agent's history reproduced at that cost) when the comparison ran on one.

Cost: (1 + 2 × the behavioural assumptions) × plans simulations of ``runs`` runs, plus
two calibrations from the export. A simulation's time is nearly all the agents' solved
response, and attrition and deal timing do not enter it (perfkit.simulate.solved): their
ends reuse the base's solves, so only the base and the effort cost's two ends are solved,
3 solves per plan instead of 9, with the very numbers fresh solves give.
"""

from __future__ import annotations

import sys
import time
import warnings
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from perfkit.analysis.reuse import simulate_shared
from perfkit.fit.population_choice import choose_population
from perfkit.scheme import Scenario
from perfkit.scheme.params import get_param, with_param
from perfkit.scheme.priors import DECISIVE, Decisive
from perfkit.simulate.solved import shared_solves

if TYPE_CHECKING:
    from perfkit.analysis.compare import Comparison
    from perfkit.model.population import Population

#: Paired runs per simulation (the gain is a paired difference: tight with few runs).
RUNS = 20
#: What the accounts need from each run.
COLUMNS = ("profit", "net_revenue", "hires")


@dataclass(frozen=True)
class Factor:
    """One assumption: its value and source, its range, and the gain at both ends."""

    key: str
    path: str
    value: float  # the baseline scenario's
    low: float
    high: float
    ranged_by: str  # "scenario" (its range:) or "default" (perfkit.scheme.priors)
    note: str | None  # the source/note on the value in the scenario, if any
    source: str  # estimated | boundary | prior | consultant | default
    gain_low: float  # leader − runner-up profit at the low end (mean over paired runs)
    gain_high: float
    leader_low: str  # the plan with the most profit at each end
    leader_high: str
    flip_at: float | None  # where the leader's gain crosses zero inside the range, if known
    flips: bool  # whether another plan leads somewhere inside the range
    behavioural: bool

    @property
    def swing(self) -> float:
        return abs(self.gain_high - self.gain_low)


@dataclass(frozen=True)
class Decides:
    """The factors behind a comparison's verdict, leader against runner-up on profit."""

    leader: str
    runner_up: str
    base_gain: float  # at the comparison's values, same runs and seed as the ends
    factors: list[Factor]
    runs: int
    simulations: int
    seconds: float

    @property
    def flips(self) -> list[Factor]:
        """The factors within whose range the ranking flips."""
        return [f for f in self.factors if f.flips]

    def table(self) -> pd.DataFrame:
        """One row per factor (the fields of :class:`Factor`, plus its swing)."""
        return pd.DataFrame([{**f.__dict__, "swing": f.swing} for f in self.factors])


def source_kind(note: str | None) -> str:
    """What a value's ``source:``/``note:`` says it is (perfkit estimate writes the first
    three; anything else a consultant wrote)."""
    if not note:
        return "default"
    low = note.casefold()
    if low.startswith("prior"):
        return "prior"
    if "boundary" in low and "perfkit estimate" in low:
        return "boundary"
    if low.startswith("estimated"):
        return "estimated"
    return "consultant"


def _moved(scenarios: dict[str, Scenario], path: str, value: float) -> dict[str, Scenario]:
    """Every plan with ``path`` at ``value`` (the plans' own warnings were given on loading)."""
    return {name: with_param(s, path, value, quiet=True) for name, s in scenarios.items()}


def stated(scenarios: list[Scenario], path: str) -> tuple[str | None, tuple[float, float] | None]:
    """The first note and range any scenario (the baseline first) states for ``path``."""
    note = next((s.notes[path] for s in scenarios if path in s.notes), None)
    rng = next((s.ranges[path] for s in scenarios if path in s.ranges), None)
    return note, rng


@dataclass(frozen=True)
class _Setup:
    scenarios: dict[str, Scenario]
    population: Population | None
    origin: str  # how the comparison chose it (perfkit.fit.population_choice)
    data: Any
    runs: int
    seed: int
    periods: int | None

    def profits(self, scenarios: dict[str, Scenario], population: Any) -> dict[str, pd.DataFrame]:
        """Per plan, the per-run profit, net revenue and hires."""
        out = {}
        for name, sc in scenarios.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the comparison gave its warnings already
                r = simulate_shared(sc, runs=self.runs, seed=self.seed, periods=self.periods,
                             population=population)  # fmt: skip
            out[name] = r.runs[list(COLUMNS)].reset_index(drop=True)
        return out

    def population_at(self, d: Decisive, value: float, base: float) -> Any:
        """The population every plan runs on with ``d`` at ``value``: drawn or calibrated
        again as the comparison chose it (same seed), or, for a Population given to the
        comparison, its draws of the trait scaled to the new mean."""
        if not d.path.startswith("population.") or self.population is None:
            return self.population
        if self.origin != "population":
            moved = list(_moved(self.scenarios, d.path, value).values())
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                chosen = choose_population(moved, data=self.data, names=list(self.scenarios))
            return chosen.population
        trait = d.path.split(".")[2]  # population.traits.<trait>.mean
        traits = {**self.population.traits}
        traits[trait] = traits[trait] * (value / base)
        return replace(self.population, traits=traits)


@dataclass(frozen=True)
class EndRun:
    """One plan simulated at one end of a behavioural assumption, as :func:`decides` runs
    it: a batch of reports runs these first (perfkit.pages.report.prepare)."""

    setup: _Setup
    factor: Decisive
    value: float  # the end
    base: float  # the baseline scenario's value
    plan: str

    def run(self) -> None:
        moved = _moved({self.plan: self.setup.scenarios[self.plan]}, self.factor.path, self.value)
        self.setup.profits(moved, self.setup.population_at(self.factor, self.value, self.base))


def end_runs(scenarios: dict[str, Scenario], population: Population | None, origin: str,
             data: Any, runs: int = RUNS, seed: int = 0, periods: int | None = None,
             factors: tuple[Decisive, ...] = DECISIVE) -> list[EndRun]:  # fmt: skip
    """Every simulation at the ends of the behavioural assumptions that :func:`decides`
    runs for a comparison of ``scenarios`` (by name, the baseline first) on
    ``population`` (chosen as ``origin`` says); ``runs``, ``seed``, ``periods`` as there."""
    setup = _Setup(scenarios, population, origin, data, runs, seed, periods)
    first = list(scenarios.values())
    out = []
    for d in (d for d in factors if d.behavioural):
        value = float(get_param(first[0], d.path))
        low, high = stated(first, d.path)[1] or d.default_range
        out += [EndRun(setup, d, v, value, plan) for v in (low, high) for plan in scenarios]
    return out


def _leader(profits: dict[str, np.ndarray]) -> str:
    return max(profits, key=lambda p: float(np.mean(profits[p])))


def _gain(profits: dict[str, np.ndarray], leader: str, runner: str) -> float:
    return float(np.mean(profits[leader] - profits[runner]))


def _linear(base: dict[str, pd.DataFrame], scenarios: dict[str, Scenario], d: Decisive,
            value: float) -> dict[str, np.ndarray]:  # fmt: skip
    """Per plan, per-run profit with an accounting assumption (margin, hiring cost) at ``value``."""
    out = {}
    for name, runs in base.items():
        own = float(get_param(scenarios[name], d.path))
        per = runs["net_revenue"] if d.key == "margin_rate" else -runs["hires"]
        out[name] = (runs["profit"] + per * (value - own)).to_numpy(float)
    return out


def _crossing(points: list[tuple[float, float]]) -> float | None:
    """Where a gain through ``points`` (value, gain), read linearly, first crosses zero."""
    pts = sorted(points)
    for (x0, g0), (x1, g1) in pairwise(pts):
        if g0 * g1 < 0:
            return x0 + (x1 - x0) * g0 / (g0 - g1)
    return None


def decides(
    comp: Comparison,
    data: Any = None,
    runs: int = RUNS,
    seed: int = 0,
    periods: int | None = None,
    factors: tuple[Decisive, ...] = DECISIVE,
    progress: bool = False,
) -> Decides | None:
    """The gain of ``comp``'s profit leader over its runner-up at both ends of every
    assumption's range (module docstring); None for a comparison of one plan.

    ``data``: the export the comparison ran on (the effort cost's ends recalibrate from
    it); ``runs``, ``seed``, ``periods``: of every simulation (the comparison's seed and
    periods keep the base comparable with the report).
    """
    if len(comp.plans) < 2:
        return None
    t0 = time.perf_counter()
    behavioural = [d for d in factors if d.behavioural]
    n_sims = len(comp.plans) * (1 + 2 * len(behavioural))
    if progress:
        print(f"what decides the verdict: {n_sims} simulations of {runs} runs", file=sys.stderr)
    origin = comp.meta.get("population", {}).get("origin", "")
    setup = _Setup(
        comp.scenarios, comp.population, origin, data, runs, seed, periods or comp.periods
    )
    with shared_solves():  # the ends of attrition and deal timing reuse the base solves
        base = setup.profits(comp.scenarios, comp.population)
        at_base = {p: base[p]["profit"].to_numpy(float) for p in comp.plans}
        if comp.decision is not None:
            leader, runner = comp.decision.leader, comp.decision.runner_up
        else:
            order = sorted(at_base, key=lambda p: -float(np.mean(at_base[p])))
            leader, runner = order[0], order[1]
        base_gain = _gain(at_base, leader, runner)
        scenarios = list(comp.scenarios.values())
        out = []
        for d in factors:
            value = float(get_param(scenarios[0], d.path))
            note, rng = stated(scenarios, d.path)
            low, high = rng or d.default_range
            ends = []
            for v in (low, high):
                if d.behavioural:
                    moved = _moved(comp.scenarios, d.path, v)
                    got = setup.profits(moved, setup.population_at(d, v, value))
                    ends.append({p: got[p]["profit"].to_numpy(float) for p in comp.plans})
                else:
                    ends.append(_linear(base, comp.scenarios, d, v))
            gains = [_gain(e, leader, runner) for e in ends]
            flip = _crossing([(low, gains[0]), (value, base_gain), (high, gains[1])])
            leads = (_leader(ends[0]), _leader(ends[1]))
            flips = flip is not None or any(p != leader for p in leads)
            out.append(Factor(d.key, d.path, value, low, high, "scenario" if rng else "default",
                              note, source_kind(note), gains[0], gains[1], *leads, flip, flips,
                              d.behavioural))  # fmt: skip
    return Decides(leader, runner, base_gain, out, runs, n_sims, time.perf_counter() - t0)
