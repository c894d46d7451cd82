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
applicant pool, who joins the more readily the better the plan pays its skill
(perfkit.simulate.hiring) and solves its own best response as a hire, with its own
traits, tenure and the plan's ramp-up rules (perfkit.simulate.newcomers). This is
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

from perfkit.core.cache import fingerprint
from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError, PerfkitWarning
from perfkit.core.notices import about_plan
from perfkit.fit.calibration import calibrate
from perfkit.fit.population_choice import describe, from_scenario
from perfkit.model.behaviour import Policy, Pricer
from perfkit.model.behaviour.respond import SolveSpec
from perfkit.model.funnel import OUTPUTS
from perfkit.model.population import Population, validated
from perfkit.model.scale.estimate import check, check_budget, check_periods, for_simulation
from perfkit.model.scale.limits import current as current_limits
from perfkit.payout import STATEMENT_COLUMNS
from perfkit.scheme.population import Simulation
from perfkit.simulate.draws import block_seed, forecast_notes, merged, scaled, spread
from perfkit.simulate.hiring import Roster
from perfkit.simulate.levels import levels
from perfkit.simulate.newcomers import own_solver
from perfkit.simulate.result import SimulationResult
from perfkit.simulate.runs import RunArrays, run_all
from perfkit.simulate.solved import hires_once, respond_once, solve_key
from perfkit.simulate.summary import METRICS, per_run, summarise, workforce
from perfkit.simulate.timing import pay_curves, shift_deals

__all__ = ["METRICS", "SimulationResult", "period_labels", "simulate"]

#: Columns kept from the pay statement in the agents table.
PAY_COLUMNS = tuple(c for c in STATEMENT_COLUMNS if c != "own_score")
#: Largest table priced in one call (rows); bigger simulations are priced in run chunks.
CHUNK_ROWS = 3_000_000


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


def _agent_codes(pop: Population, hire: np.ndarray) -> pd.Categorical:
    """agent_id per row: the seat's id, or id~k for the k-th replacement hire."""
    n, top = pop.n, int(hire.max()) if hire.size else 0
    names = [str(a) for a in pop.agent_id]
    cats = names + [f"{a}~{k}" for k in range(1, top + 1) for a in names]
    seat = np.broadcast_to(np.arange(n), hire.shape).ravel()
    return pd.Categorical.from_codes(seat + n * hire.ravel().astype(np.int64), categories=cats)


def _kpi_frame(
    pop: Population, arrays: RunArrays, periods: list[str], roles: np.ndarray | None = None
) -> pd.DataFrame:
    """The KPI table of all runs (run, period, agent order) as the payout engine reads it."""
    R, P, N = arrays.shape
    team = np.broadcast_to(pop.team_code, (R, P, N)).ravel()
    cols: dict[str, Any] = {
        "run": np.repeat(np.arange(R), P * N),
        "period": pd.Categorical.from_codes(
            np.tile(np.repeat(np.arange(P), N), R), categories=periods
        ),
        "agent_id": _agent_codes(pop, arrays.hire),
        "team": pd.Categorical.from_codes(team, categories=[str(t) for t in pop.team_names]),
        "tenure_months": arrays.tenure.ravel(),
        "capacity": arrays.trait("capacity").ravel(),
    }
    if roles is not None:
        role = pd.Categorical(roles)
        cols["role"] = pd.Categorical.from_codes(np.tile(role.codes, R * P), dtype=role.dtype)
    cols.update({k: arrays.kpis[k].ravel() for k in OUTPUTS})
    return pd.DataFrame(cols, copy=False)


def _price(frame: pd.DataFrame, pricer: Pricer, runs: int) -> pd.DataFrame:
    """Pay for every row, in run chunks (each a task: perfkit.model.scale.tasks) of at most
    CHUNK_ROWS rows, and fewer where the memory budget asks (perfkit.model.scale.limits).
    Runs are priced independently, so the chunks do not change a number."""
    from perfkit.model.scale.limits import current
    from perfkit.model.scale.tasks import run_tasks

    per_run_rows = len(frame) // runs
    step = max(1, min(CHUNK_ROWS, current().block_rows) // max(per_run_rows, 1))
    chunks = [
        (frame.iloc[r0 * per_run_rows : min(runs, r0 + step) * per_run_rows], pricer)
        for r0 in range(0, runs, step)
    ]
    parts = run_tasks(_price_chunk, chunks)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _price_chunk(part: pd.DataFrame, pricer: Pricer) -> pd.DataFrame:
    """The pay columns kept for one chunk of runs (a task)."""
    paid = pricer(part)
    return paid[[c for c in PAY_COLUMNS if c in paid]].reset_index(drop=True)


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
) -> SimulationResult:
    """Simulate ``scenario`` (a Scenario or a scenario file) over ``runs`` Monte Carlo runs.

    ``runs``, ``seed`` and ``periods`` default to the scenario's ``simulation:``
    settings (200 runs, seed 0, 12 months / 4 quarters). ``population`` overrides the
    scenario's population (pass the same Population to compare plans on the same
    agents); ``settings`` overrides ``simulation:``; ``pay`` replaces the payout engine
    (a Pricer, or a function of the KPI table returning ``total_pay``). ``season`` and
    ``uncertainty`` override the scenario's (perfkit.simulate.levels, .draws): a
    comparison passes the floor's to every plan.
    """
    t0 = time.perf_counter()
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
    blocks = [
        _block(
            scenario, scaled(pop, b.scale), sim, labels, (seed, i), b, _pay(pay), roles, progress
        )
        for i, b in enumerate(split.blocks)
    ]
    agents, cols = merged([x.agents for x in blocks], [x.cols for x in blocks])
    policy, pricer = blocks[len(blocks) // 2].policy, blocks[0].pricer
    codes = agents["agent_id"].cat.codes.to_numpy()
    table = per_run(cols, runs, sim.margin_rate, sim.attrition.hiring_cost, per_year, codes,
                    len(agents["agent_id"].cat.categories), len(labels))  # fmt: skip
    t_solve = sum(x.seconds[0] for x in blocks)
    meta = _meta(scenario, pop, sim, runs, seed, labels, pricer, policy,
                 {"solve": t_solve, "runs_and_pay": sum(x.seconds[1] for x in blocks),
                  "total": time.perf_counter() - t0})  # fmt: skip
    meta["deal_timing"] = {k: sum(x.timing.get(k, 0.0) for x in blocks) for k in blocks[0].timing}
    season = getattr(scenario, "season", None) if season is None else season
    noise = dict(unc.noise) if unc is not None else {}
    meta["forecast"] = {**split.to_meta(), "season": season is not None, "noise": sorted(noise)}
    notes = list(policy.notes) + forecast_notes(split, season, noise)
    if getattr(scenario, "split_credit", None) is not None:
        notes.append(SPLIT_CREDIT_NOTE)
        warnings.warn(f"plan '{scenario.name}': {SPLIT_CREDIT_NOTE}", PerfkitWarning, stacklevel=2)
    return SimulationResult(agents, table, summarise(table), pop.to_frame(), policy, meta, notes,
                            workforce(cols, runs, labels),
                            levels(agents, runs, labels, season, noise, seed))  # fmt: skip


@dataclass
class _Solved:
    """One block of runs: its agents table, the flat columns the metrics read, the solve."""

    agents: pd.DataFrame
    cols: dict[str, np.ndarray]
    policy: Policy
    pricer: Pricer
    timing: dict
    seconds: tuple[float, float]


def _block(scenario, pop, sim, labels, seeds, block, pay, roles, progress) -> _Solved:
    """Solve the plan for ``pop`` and run the block's runs (perfkit.simulate.draws)."""
    t0 = time.perf_counter()
    seed, b = seeds
    per_year = 4 if getattr(scenario, "period", "month") == "quarter" else 12
    spec = SolveSpec(sim, labels, seed, 12 / per_year, progress)
    with about_plan(getattr(scenario, "name", "")):
        response = respond_once(pop, scenario, spec, pay=pay, roles=roles,
                           check=lambda p: _limits(pop, len(labels), block.runs, p, sim, progress))  # fmt: skip
    production, pricer, policy = response.production, response.pricer, response.policy
    t_solve = time.perf_counter()
    own = own_solver(pop, production, pricer, policy, sim, seed, 12 / per_year, roles, block.scale)
    if own is not None and pay is None and hasattr(scenario, "model_dump"):
        key = fingerprint("hires", solve_key(pop, scenario, spec, roles),
                          sim.hiring.model_dump(mode="json"), block_seed(seed, b), block.scale)  # fmt: skip
        own = hires_once(key, own)
    arrays = run_all(pop, production, policy, block.runs, block_seed(seed, b), sim.attrition,
                     sim.mentoring, per_year, progress, sim.hiring, block.drawn, own)  # fmt: skip
    timing = _deal_timing(pop, production, policy, pricer, sim, arrays, labels, roles, per_year)
    frame = _kpi_frame(pop, arrays, labels, roles)
    paid = _price(frame, pricer, block.runs)
    agents = _agents_table(frame, paid, arrays, policy)
    cols = {c: agents[c].to_numpy() for c in agents.columns if agents[c].dtype.kind in "fiub"}
    cols["rest_effort"] = np.broadcast_to(policy.rest_effort, arrays.shape).ravel()
    if block.first:
        agents["run"] = agents["run"] + block.first
    return _Solved(agents, cols, policy, pricer, timing,
                   (t_solve - t0, time.perf_counter() - t_solve))  # fmt: skip


def _limits(pop: Population, periods: int, runs: int, pricer: Pricer, sim: Simulation,
            progress: bool) -> None:  # fmt: skip
    """Estimate the job's memory and time; print it with the progress bars; refuse what
    cannot fit (perfkit.model.scale.estimate)."""
    limits = current_limits()
    check_budget(limits)
    est = for_simulation(pop, periods, runs, pricer, sim.behaviour)
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
        paid = pricer(_kpi_frame(pop, grid, [labels[w] for w in periods], roles))
        u = paid["total_pay"].to_numpy(float).reshape(G, W, N)
        if "non_cash_value" in paid:
            u = u + paid["non_cash_value"].to_numpy(float).reshape(G, W, N) * pop.noncash_value
        return u

    curves = pay_curves(pop, production, policy, price, months)
    return shift_deals(arrays.kpis, curves, policy.cycle_start, sim.timing)


#: What the simulation leaves out of an opener/closer plan.
SPLIT_CREDIT_NOTE = (
    "Opener/closer split credit is not simulated: simulated agents close their own orders "
    "(no shared revenue), so the split rule has nothing to divide here; back-test it on an "
    "export that records shared revenue."
)


def _agents_table(
    frame: pd.DataFrame, paid: pd.DataFrame, arrays: RunArrays, policy: Policy
) -> pd.DataFrame:
    """The agents table, built from the arrays without copying them."""
    ids = ("run", "period", "agent_id", "team", "role", "tenure_months")
    cols: dict[str, Any] = {c: frame[c] for c in ids if c in frame}
    cols["hire"] = arrays.hire.ravel()
    cols["skill"] = arrays.trait("skill").ravel()
    for name in ("effort", "quality", "help"):
        cols[name] = getattr(arrays, name).ravel()
    cols.update({k: frame[k] for k in OUTPUTS})
    cols.update(
        {k: paid[k].to_numpy() if paid[k].dtype.kind in "fiub" else paid[k].array for k in paid}
    )
    cols["quit"] = arrays.quit.ravel()
    return pd.DataFrame(cols, copy=False)


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
