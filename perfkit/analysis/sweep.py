"""Sensitivity: sweep scenario parameters, tornado swings, 2-D trade-off grids.

Every point is simulated with the same seed (common random numbers) and, when a
client's export or a Population is given, on that one population, so the curve
reflects the parameter, not the dice. Points run in parallel across local
processes, or on a Dask cluster when given its scheduler address; results are
identical to a serial run because each point is a pure function of
(scenario, parameter values, runs, seed, population).

Precision: each point's metrics carry the 95% CI of their mean over runs and, since
run k of every point shares its shocks, the paired difference to a reference point
with its CI (far tighter than the levels), and whether the point is the best or not
distinguishable from it (see :mod:`perfkit.core.precision`).
"""

from __future__ import annotations

import functools
import itertools
import os
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core import children
from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError
from perfkit.core.precision import mean_ci, paired_ci, versus_best
from perfkit.fit.population_choice import choose_population
from perfkit.model.population import Population
from perfkit.scheme import Scenario, parse_scenario
from perfkit.scheme.params import get_param, with_param

Point = dict[str, Any]


@dataclass(frozen=True)
class SimSpec:
    """What every point shares: the base scenario (as plain data), the run settings and
    the population (None: each point's own, as its scenario states)."""

    scenario: dict[str, Any]
    source: str
    runs: int
    seed: int
    periods: int | None
    population: Population | None = None

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        runs: int,
        seed: int,
        periods: int | None,
        population: Population | None = None,
    ) -> SimSpec:
        raw = scenario.model_dump(mode="json", exclude_none=True)
        return cls(raw, scenario.source, runs, seed, periods, population)

    def scenario_at(self, point: Point) -> Scenario:
        s = parse_scenario(self.scenario, source=self.source)
        for path, value in point.items():
            s = with_param(s, path, value)
        return s


def simulate_point(spec: SimSpec, point: Point) -> Any:
    """The SimulationResult of one point (the batch's, when a report already ran it)."""
    from perfkit.analysis.reuse import simulate_shared

    return simulate_shared(
        spec.scenario_at(point), runs=spec.runs, seed=spec.seed, periods=spec.periods,
        population=spec.population,
    )  # fmt: skip


def evaluate_runs(spec: SimSpec, point: Point) -> pd.DataFrame:
    """Simulate one point; one row per run with every metric (picklable, for workers)."""
    from perfkit.analysis.metrics import per_run_metrics

    return per_run_metrics(simulate_point(spec, point))


def point_values(runs: pd.DataFrame) -> dict[str, float]:
    """Flat ``{metric: mean, metric:p10/p50/p90, metric:ci_low/ci_high}`` of a per-run table."""
    metrics = [c for c in runs.columns if c != "run"]
    x = runs[metrics].to_numpy(float)
    mean, lo, hi = mean_ci(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a metric undefined in every run
        q = np.nanquantile(x, [0.1, 0.5, 0.9], axis=0)
    out: dict[str, float] = {}
    for j, m in enumerate(metrics):
        out[m] = float(mean[j])
        for i, stat in enumerate(("p10", "p50", "p90")):
            out[f"{m}:{stat}"] = float(q[i, j])
        out[f"{m}:ci_low"], out[f"{m}:ci_high"] = float(lo[j]), float(hi[j])
    return out


def evaluate(
    spec: SimSpec, point: Point, custom: Callable[[Any], float] | None = None
) -> dict[str, float]:
    """Simulate one point; flat dict of :func:`point_values` (picklable, for workers).

    ``custom``: a function of the SimulationResult, reported as metric ``custom``.
    """
    from perfkit.analysis.metrics import per_run_metrics

    result = simulate_point(spec, point)
    out: dict[str, float] = {} if custom is None else {"custom": float(custom(result))}
    return {**out, **point_values(per_run_metrics(result))}


def run_points(
    spec: SimSpec, points: Sequence[Point], jobs: int | None = None, dask: str | None = None
) -> list[dict[str, float]]:
    """Evaluate points serially (jobs=1), on local processes, or on a Dask cluster."""
    return [point_values(t) for t in run_point_tables(spec, points, jobs, dask)]


def run_point_tables(
    spec: SimSpec, points: Sequence[Point], jobs: int | None = None, dask: str | None = None
) -> list[pd.DataFrame]:
    """Per-run tables of points, serially (jobs=1), on local processes or on Dask."""
    if dask:
        from perfkit.model.scale.tasks import connect, gather, scattered

        with connect(dask) as client:  # a ClusterError names an unreachable scheduler
            # the scenario and population go to every worker once, not with every point
            shared = scattered(client, spec)
            futures = [client.submit(evaluate_runs, shared, p, pure=False) for p in points]
            return gather(client, futures, dask)  # a ClusterError once every worker is gone
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(points) <= 1:
        return [evaluate_runs(spec, p) for p in points]
    guard = functools.partial(children.die_with_parent, os.getpid())  # workers die with us
    with ProcessPoolExecutor(max_workers=min(jobs, len(points)), initializer=guard) as pool:
        try:
            return list(pool.map(evaluate_runs, [spec] * len(points), points))
        except BaseException:  # Ctrl-C, SIGTERM: stop the workers now, not after their task
            for worker in list(getattr(pool, "_processes", None) or {}):  # no public way
                children.kill(worker, group=False)  # before Python 3.14
            raise


def precision_columns(tables: Sequence[pd.DataFrame], reference: int = 0) -> pd.DataFrame:
    """Per point and metric: the paired difference to point ``reference`` and its 95% CI
    (``metric:diff``, ``:diff_low``, ``:diff_high``), and ``metric:best`` /
    ``metric:tied`` (the best point; points not distinguishable from it)."""
    metrics = [c for c in tables[0].columns if c != "run"]
    cols: dict[str, Any] = {}
    for m in metrics:
        runs = np.column_stack([t[m].to_numpy(float) for t in tables])
        cols[f"{m}:diff"], cols[f"{m}:diff_low"], cols[f"{m}:diff_high"] = paired_ci(
            runs, runs[:, [reference]]
        )
        best, tied = versus_best(tables, m)
        cols[f"{m}:best"] = np.arange(len(tables)) == best
        cols[f"{m}:tied"] = tied
    return pd.DataFrame(cols)


def fixed_population(
    scenario: Scenario,
    paths: Sequence[str],
    data: pd.DataFrame | str | Path | None,
    population: Population | None,
) -> tuple[Population | None, dict[str, Any]]:
    """The one population every point runs on, and its description for ``attrs``/``meta``.

    The client's export or a given Population wins over the scenario's own; a fixed
    population cannot follow a varied ``population.*`` parameter (an error then).
    Varying one without either: each point runs on its own (None, ``{}``).
    """
    varied = [p for p in paths if p.split(".")[0].split("[")[0] == "population"]
    if varied and (data is not None or population is not None):
        given = "the client's export (data)" if population is None else "the population given"
        raise ParameterError(
            f"{varied[0]}: the population is fixed by {given}; drop it to vary population settings"
        )
    if varied:
        return None, {}
    chosen = choose_population([scenario], data=data, population=population)
    return chosen.population, chosen.info


def sweep(
    scenario: Scenario,
    params: Sequence[tuple[str, Sequence[Any]]],
    runs: int = 20,
    seed: int = 0,
    periods: int | None = None,
    jobs: int | None = None,
    dask: str | None = None,
    *,
    data: pd.DataFrame | str | Path | None = None,
    population: Population | None = None,
    reference: int = 0,
) -> pd.DataFrame:
    """Every combination of the given parameter values → one row of metrics.

    Columns: one per parameter path, then ``<metric>`` (mean), ``<metric>:p10/p50/p90``,
    ``<metric>:ci_low/ci_high`` (95% CI of the mean) for every metric, and the
    paired-run precision columns of :func:`precision_columns` against the point at row
    ``reference``. ``data`` (the client's KPI export) or ``population`` fixes the
    population of every point; without them it is the scenario's.
    ``attrs["population"]`` describes it; ``attrs["reference"]`` is ``reference``.
    """
    for path, _ in params:
        get_param(scenario, path)  # fail fast on a bad path, before any simulation
    names = [p for p, _ in params]
    pop, info = fixed_population(scenario, names, data, population)
    points = [
        dict(zip(names, combo, strict=True)) for combo in itertools.product(*(v for _, v in params))
    ]
    spec = SimSpec.of(scenario, runs, seed, periods, pop)
    if not 0 <= reference < len(points):
        raise ParameterError(
            f"reference: expected a row of the sweep (0 to {len(points) - 1}), got {reference}"
        )
    for point in points:  # validate every point before spending time simulating
        spec.scenario_at(point)
    tables = run_point_tables(spec, points, jobs=jobs, dask=dask)
    rows = pd.DataFrame([point_values(t) for t in tables])
    table = pd.concat([pd.DataFrame(points), rows, precision_columns(tables, reference)], axis=1)
    table.attrs["population"] = info
    table.attrs["reference"] = reference
    return table


def tornado(
    scenario: Scenario,
    ranges: dict[str, tuple[Any, Any]],
    metric: str = "profit",
    runs: int = 20,
    seed: int = 0,
    periods: int | None = None,
    jobs: int | None = None,
    *,
    data: pd.DataFrame | str | Path | None = None,
    population: Population | None = None,
) -> tuple[pd.DataFrame, float]:
    """The metric at each parameter's low and high value (others at base); and the base value.

    ``data`` / ``population`` fix the population as in :func:`sweep`.
    """
    pop, info = fixed_population(scenario, list(ranges), data, population)
    spec = SimSpec.of(scenario, runs, seed, periods, pop)
    points: list[Point] = [{}]
    for path, (lo, hi) in ranges.items():
        points += [{path: lo}, {path: hi}]
    for point in points:  # every point valid before any simulation
        spec.scenario_at(point)
    rows = run_points(spec, points, jobs=jobs)
    base = rows[0][metric]
    table = pd.DataFrame(
        [
            {"param": path, "low": rows[1 + 2 * i][metric], "high": rows[2 + 2 * i][metric]}
            for i, path in enumerate(ranges)
        ]
    )
    table.attrs["population"] = info
    return table, base


def grid(table: pd.DataFrame, rows: str, cols: str, metric: str) -> pd.DataFrame:
    """Pivot a two-parameter sweep into a heatmap grid of ``metric``."""
    return table.pivot_table(index=rows, columns=cols, values=metric, aggfunc="mean")


make_callable(__name__)
