"""Monte Carlo simulation of a scheme on an agent population, with behavioural response.

``simulate(scenario, runs=200, seed=0)`` builds the population (synthetic or
calibrated from the scenario's KPI export), solves how agents respond to the
scheme (perfkit.model.behaviour), applies that policy to every run's random draws
(perfkit.simulate.runs), prices every run in one call of the payout engine (with
the ``run`` column) and summarises outcomes (perfkit.simulate.summary).

Approximation: best responses are solved once per scenario, on a small fixed
sample of draws per agent (``simulation.behaviour.samples``) along the expected
path without attrition, and then applied to all runs. Agents still react to their
own run's luck where pay is measured over a quarter (policy by attainment state),
but not to luck within a monthly plan. A quitter's seat goes to a new hire from an
applicant pool, who solves its own best response as a hire, with its own traits,
tenure and the plan's ramp-up rules, against the incumbents where pay is coupled
(perfkit.simulate.newcomers), and joins the more readily the more that is worth to it
(perfkit.simulate.hiring). This is
what makes 1,000 agents × 12 months × 200 runs take seconds.

A population from a KPI export is calibrated given the effort the plan in force
during the export induced (perfkit.fit.calibration), so simulating that plan reproduces
the export. History-based targets are fixed at plan start and move only by a
ratchet (perfkit.model.behaviour.history).

Common random numbers: the shocks, and the applicants each vacancy is offered to,
depend only on the seed, the population, the runs and the periods, never on the
plan, so two plans simulated with the same seed differ only through the plan. Same
scenario + seed → identical numbers.

A scenario that carries parameter draws (``uncertainty:``, written by perfkit
estimate) has its runs spread across them (perfkit.simulate.draws: attrition per run,
the effort cost in at most three solved blocks); ``levels`` (run × period × team) carry
its season and are topped up to its team-month noise (perfkit.simulate.levels).
"""

from __future__ import annotations

import importlib.metadata
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError, PerfkitWarning
from perfkit.core.notices import about_plan
from perfkit.fit.calibration import calibrate
from perfkit.fit.population_choice import describe, from_scenario
from perfkit.model.behaviour import Policy, Pricer
from perfkit.model.behaviour.pricer import fixed_aggregates
from perfkit.model.behaviour.respond import SolveSpec
from perfkit.model.funnel import OUTPUTS
from perfkit.model.population import Population, validated
from perfkit.model.scale.estimate import check, check_budget, check_periods, for_simulation
from perfkit.model.scale.heap import give_back_freed_memory, keep_freed_memory
from perfkit.model.scale.limits import current as current_limits
from perfkit.scheme.population import Simulation
from perfkit.simulate.draws import block_seed, forecast_notes, merged, scaled, spread
from perfkit.simulate.hiring import Roster
from perfkit.simulate.levels import levels
from perfkit.simulate.newcomers import own_solver
from perfkit.simulate.result import SimulationResult
from perfkit.simulate.runs import RunArrays, run_all
from perfkit.simulate.solved import hires_key, hires_once, respond_once
from perfkit.simulate.stream import (
    KeptPay,
    Shared,
    chunk_runs,
    kept_agents,
    kpi_frame,
    priced_runs,
    room_rows,
)
from perfkit.simulate.summary import METRICS, summarise
from perfkit.simulate.timing import curves_once, pay_curves, shift_deals

__all__ = ["METRICS", "SimulationResult", "period_labels", "simulate"]

#: Runs whose agents table the ``simulate`` command keeps unless asked for every run.
SAMPLE_RUNS = 20


def period_labels(n: int, start: str | None, per: str = "month") -> list[str]:
    """``n`` sortable period labels from ``start`` ("2025-01"; quarters "2025-Q1")."""
    try:
        first = pd.Period(start or "2025-01", freq="M")
    except (ValueError, TypeError):
        raise ParameterError(f"simulation.start: '{start}' is not a month like 2025-01") from None
    if per == "quarter":
        q = first.asfreq("Q")
        return [f"{p.year}-Q{p.quarter}" for p in pd.period_range(q, periods=n, freq="Q")]
    return [f"{p.year:04d}-{p.month:02d}" for p in pd.period_range(first, periods=n, freq="M")]


def _settings(scenario: Any, settings: Simulation | dict | None) -> Simulation:
    if settings is None:
        settings = getattr(scenario, "simulation", None)
    return validated(Simulation, settings, "simulation")


def _population(scenario: Any, population: Any, sim: Simulation) -> Population:
    """The population to simulate; a KPI export is calibrated given the scenario's effort."""
    if population is None:
        return from_scenario(scenario, sim)
    if isinstance(population, Population):
        return population
    if isinstance(population, pd.DataFrame | str | Path):
        return calibrate(population, plan=scenario, settings=sim)
    raise ParameterError(
        f"population: expected a Population, a KPI DataFrame or a path, got {type(population).__name__}"
    )


def _pay(pay: Pricer | Callable | None) -> Pricer | None:
    """A test pay function as a Pricer; None: the scenario's payout engine."""
    if pay is None or isinstance(pay, Pricer):
        return pay
    if callable(pay):
        return Pricer(pay)
    raise ParameterError(f"pay: expected a Pricer or a function, got {type(pay).__name__}")


def _check(runs: Any, seed: Any, periods: Any) -> None:
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise ParameterError(f"runs: expected a whole number ≥ 1, got {runs!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError(f"seed: expected a whole number ≥ 0, got {seed!r}")
    if isinstance(periods, bool) or (isinstance(periods, int | np.integer) and periods < 1):
        raise ParameterError(
            f"periods: expected a whole number ≥ 1 or a list of labels, got {periods!r}"
        )
    if isinstance(periods, int | np.integer):
        check_periods(int(periods))


def simulate(
    scenario: Any,
    runs: int | None = None,
    seed: int | None = None,
    periods: int | list[str] | None = None,
    progress: bool = False,
    *,
    population: Population | pd.DataFrame | str | Path | None = None,
    settings: Simulation | dict | None = None,
    pay: Pricer | Callable | None = None,
    season: Any = None,
    uncertainty: Any = None,
    agents_table: bool | int = True,
) -> SimulationResult:
    """Simulate ``scenario`` (a Scenario or a scenario file) over ``runs`` Monte Carlo runs.

    ``runs``, ``seed`` and ``periods`` default to the scenario's ``simulation:``
    settings (200 runs, seed 0, 12 months / 4 quarters). ``population`` overrides the
    scenario's population (pass the same Population to compare plans on the same
    agents); ``settings`` overrides ``simulation:``; ``pay`` replaces the payout engine
    (a Pricer, or a function of the KPI table returning ``total_pay``). ``season`` and
    ``uncertainty`` override the scenario's (perfkit.simulate.levels, .draws): a
    comparison passes the floor's to every plan. ``agents_table``: keep the agents table
    of every run (True), of none (False) or of this many runs spread evenly over them;
    every other table covers every run either way (perfkit.simulate.stream).
    """
    t0 = time.perf_counter()
    keep_freed_memory()
    if isinstance(scenario, str | Path):
        from perfkit.scheme import load_scenario

        scenario = load_scenario(scenario)
    sim = _settings(scenario, settings)
    runs = sim.runs if runs is None else runs
    seed = sim.seed if seed is None else seed
    _check(runs, seed, periods)
    pop = _population(scenario, population, sim)
    per = getattr(scenario, "period", "month")
    per_year = 4 if per == "quarter" else 12
    if isinstance(periods, list | tuple):
        labels = [str(p) for p in periods]
    else:
        labels = period_labels(int(periods or sim.periods or per_year), sim.start or pop.start, per)
    roles = pop.roles_for(scenario)
    unc = getattr(scenario, "uncertainty", None) if uncertainty is None else uncertainty
    split = spread(unc, runs, float(pop.spec.effort_cost.mean))
    keep = kept_runs(agents_table, runs)
    blocks = []
    for i, b in enumerate(split.blocks):
        mine = keep[(keep >= b.first) & (keep < b.end)] - b.first
        blocks.append(_block(scenario, scaled(pop, b.scale), sim, labels, (seed, i), b, _pay(pay),
                             roles, progress, mine))  # fmt: skip
    agents = merged([x.agents for x in blocks])
    policy, pricer = blocks[len(blocks) // 2].policy, blocks[0].pricer
    table = _numbered(pd.concat([x.runs for x in blocks], ignore_index=True))
    t_solve = sum(x.seconds[0] for x in blocks)
    meta = _meta(scenario, pop, sim, runs, seed, labels, pricer, policy,
                 {"solve": t_solve, "runs_and_pay": sum(x.seconds[1] for x in blocks),
                  "total": time.perf_counter() - t0})  # fmt: skip
    meta["deal_timing"] = {k: sum(x.timing.get(k, 0.0) for x in blocks) for k in blocks[0].timing}
    season = getattr(scenario, "season", None) if season is None else season
    noise = dict(unc.noise) if unc is not None else {}
    meta["forecast"] = {**split.to_meta(), "season": season is not None, "noise": sorted(noise)}
    meta["agents_table"] = "every run" if len(keep) == runs else keep.tolist()
    notes = list(policy.notes) + forecast_notes(split, season, noise)
    if getattr(scenario, "split_credit", None) is not None:
        notes.append(SPLIT_CREDIT_NOTE)
        warnings.warn(f"plan '{scenario.name}': {SPLIT_CREDIT_NOTE}", PerfkitWarning, stacklevel=2)
    floor = _numbered(pd.concat([x.workforce for x in blocks], ignore_index=True), len(labels))
    totals = np.concatenate([x.totals for x in blocks], axis=1)
    teams = [str(t) for t in pop.team_names]
    return SimulationResult(agents, table, summarise(table), pop.to_frame(), policy, meta, notes,
                            floor, levels(totals, teams, labels, season, noise, seed))  # fmt: skip


def kept_runs(agents_table: bool | int, runs: int) -> np.ndarray:
    """The runs whose agents table is kept: all, none, or ``k`` spread evenly over them."""
    if agents_table is True:
        return np.arange(runs)
    if agents_table is False or agents_table <= 0:
        return np.arange(0)
    if agents_table >= runs:
        return np.arange(runs)
    return np.unique(np.linspace(0, runs - 1, int(agents_table)).round().astype(int))


def _numbered(table: pd.DataFrame, periods: int = 1) -> pd.DataFrame:
    """A run-major table of blocks and chunks, its runs numbered 0… in order."""
    table["run"] = np.repeat(np.arange(len(table) // periods), periods)
    return table


@dataclass
class _Solved:
    """One block of runs: its reduced runs (perfkit.simulate.stream), kept agents, the solve."""

    runs: pd.DataFrame
    workforce: pd.DataFrame
    totals: np.ndarray
    agents: pd.DataFrame | None
    policy: Policy
    pricer: Pricer
    timing: dict
    seconds: tuple[float, float]


def _block(scenario, pop, sim, labels, seeds, block, pay, roles, progress, keep) -> _Solved:
    """Solve the plan for ``pop``, run the block's runs (perfkit.simulate.draws), and price
    and reduce them chunk by chunk, keeping the agents of runs ``keep``."""
    t0 = time.perf_counter()
    seed, b = seeds
    per_year = 4 if getattr(scenario, "period", "month") == "quarter" else 12
    spec = SolveSpec(sim, labels, seed, 12 / per_year, progress)
    with about_plan(getattr(scenario, "name", "")):
        response = respond_once(pop, scenario, spec, pay=pay, roles=roles,
                           check=lambda p: _limits(pop, len(labels), block.runs, p, sim, progress,
                                                   len(keep)))  # fmt: skip
    production, pricer, policy = response.production, response.pricer, response.policy
    t_solve = time.perf_counter()
    give_back_freed_memory()  # what the solve freed is not held under the Monte Carlo
    own = own_solver(pop, production, pricer, policy, sim, seed, 12 / per_year, roles, block.scale)
    if own is not None and pay is None and hasattr(scenario, "model_dump"):
        key = hires_key(pop, scenario, spec, roles, sim.hiring, block_seed(seed, b), block.scale)
        own = hires_once(key, own)
    arrays = run_all(pop, production, policy, block.runs, block_seed(seed, b), sim.attrition,
                     sim.mentoring, per_year, progress, sim.hiring, block.drawn, own)  # fmt: skip
    timing = _deal_timing(pop, production, policy, pricer, sim, arrays, labels, roles, per_year)
    shared = Shared(pop, labels, roles, pricer, np.asarray(policy.rest_effort),
                    int(arrays.hire.max()) if arrays.hire.size else 0, sim.margin_rate,
                    sim.attrition.hiring_cost, per_year)  # fmt: skip
    parts, paid = [], KeptPay(len(keep) * arrays.shape[1] * arrays.shape[2])
    for part in priced_runs(arrays, keep, shared):
        paid.add(part.paid)
        part.paid = None  # its rows are in ``paid`` now
        parts.append(part)
    agents = kept_agents(arrays, keep, shared, paid)
    del arrays
    if agents is not None and block.first:
        agents["run"] = agents["run"] + block.first
    return _Solved(pd.concat([p.runs for p in parts], ignore_index=True),
                   pd.concat([p.workforce for p in parts], ignore_index=True),
                   np.concatenate([p.totals for p in parts], axis=1), agents, policy, pricer,
                   timing, (t_solve - t0, time.perf_counter() - t_solve))  # fmt: skip


def _limits(pop: Population, periods: int, runs: int, pricer: Pricer, sim: Simulation,
            progress: bool, kept: int) -> None:  # fmt: skip
    """Estimate the job's memory and time; print it with the progress bars; refuse what
    cannot fit (perfkit.model.scale.estimate)."""
    limits = current_limits()
    check_budget(limits)
    est = for_simulation(pop, periods, runs, pricer, sim.behaviour, None if kept == runs else kept,
                         not fixed_aggregates(pricer), sim.attrition.enabled)  # fmt: skip
    if progress:
        print(est.line(limits), file=sys.stderr, flush=True)
    check(est, limits)


def _deal_timing(pop, production, policy, pricer, sim, arrays, labels, roles, per_year) -> dict:
    """Let agents move deals across period ends (perfkit.simulate.timing); totals per run."""
    if sim.production != "funnel" or not sim.behaviour.respond or sim.timing.share <= 0:
        return {}
    months = 12 / per_year

    def price(kpis: dict[str, np.ndarray], periods: list[int]) -> np.ndarray:
        G, W, N = kpis["revenue"].shape
        tenure = pop.tenure[None, None, :] + months * np.asarray(periods, float)[None, :, None]
        zero = np.zeros((G, W, N))
        grid = RunArrays({k: kpis[k] for k in OUTPUTS}, zero, zero, zero,
                         np.broadcast_to(tenure, (G, W, N)), np.zeros((G, W, N), np.int32),
                         zero.astype(bool), np.broadcast_to(np.arange(N), (G, W, N)),
                         Roster(pop.traits, pop.n))  # fmt: skip
        u = np.empty((G, W, N))
        for g0, g1 in chunk_runs(G, W * N, room_rows(arrays)):  # grid points: runs of their own
            paid = pricer(kpi_frame(pop, {k: v[g0:g1] for k, v in grid.kpis.items()},
                                    grid.tenure[g0:g1], grid.hire[g0:g1],
                                    grid.trait("capacity")[g0:g1], [labels[w] for w in periods],
                                    roles, g0))  # fmt: skip
            u[g0:g1] = paid["total_pay"].to_numpy(float).reshape(g1 - g0, W, N)
            if "non_cash_value" in paid:
                u[g0:g1] += (paid["non_cash_value"].to_numpy(float).reshape(g1 - g0, W, N)
                             * pop.noncash_value)  # fmt: skip
            del paid
        return u

    curves = curves_once(policy, pricer, lambda: pay_curves(pop, production, policy, price, months))
    return shift_deals(arrays.kpis, curves, policy.cycle_start, sim.timing)


#: What the simulation leaves out of an opener/closer plan.
SPLIT_CREDIT_NOTE = (
    "Opener/closer split credit is not simulated: simulated agents close their own orders "
    "(no shared revenue), so the split rule has nothing to divide here; back-test it on an "
    "export that records shared revenue."
)


def _meta(scenario, pop, sim, runs, seed, labels, pricer, policy, timing) -> dict[str, Any]:
    try:
        version = importlib.metadata.version("perfkit")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "scenario": getattr(scenario, "name", str(scenario)),
        "source": getattr(scenario, "source", None),
        "population": describe(pop),
        "agents": pop.n,
        "runs": runs,
        "seed": seed,
        "periods": labels,
        "coupling": pricer.coupling,
        "pay_cycle": pricer.cycle,
        "iterations": policy.iterations.tolist(),
        "converged": bool(policy.converged.all()),
        "settings": sim.model_dump(mode="json"),
        "seconds": timing,
        "version": version,
    }


make_callable(__name__)
