"""Tune plan parameters against an objective under constraints.

The simulation is noisy across seeds but, with common random numbers, a smooth
deterministic function of the parameters for one seed; so bounded,
derivative-free optimisers work: bounded Brent for one parameter, Powell with
bounds for several. Constraints enter as a steep penalty, so the search may
pass through infeasible plans but never reports one as best unless nothing is
feasible (and then says so). Robustness: the best plan is re-simulated on other
seeds and its objective reported with spread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize as sopt

from perfkit._callable import make_callable
from perfkit.errors import ParameterError
from perfkit.population import Population
from perfkit.scheme import Scenario
from perfkit.sweep import SimSpec, evaluate, fixed_population

_CONSTRAINT = re.compile(r"^\s*([a-z_]+)(?::(mean|p10|p50|p90))?\s*(<=|>=|<|>)\s*([-+0-9.eE]+)\s*$")
#: Objectives that are better when larger; everything else is minimised.
MAXIMISE = {
    "profit",
    "revenue",
    "orders",
    "motivation_index",
    "mean_effort",
    "csat",
    "pay_performance_corr",
}


@dataclass(frozen=True)
class Constraint:
    """``metric[:stat] <= bound`` (or >=): e.g. ``cost_of_sales <= 0.12``, ``total_pay:p90 <= 6e5``."""

    metric: str
    stat: str
    op: str
    bound: float

    @classmethod
    def parse(cls, text: str) -> Constraint:
        m = _CONSTRAINT.match(text)
        if not m:
            raise ParameterError(
                f"constraint '{text}' is not of the form 'metric <= number' "
                "(e.g. 'cost_of_sales <= 0.12' or 'total_pay:p90 <= 600000')"
            )
        metric, stat, op, bound = m.groups()
        return cls(metric, stat or "mean", op, float(bound))

    def violation(self, values: dict[str, float]) -> float:
        key = self.metric if self.stat == "mean" else f"{self.metric}:{self.stat}"
        if key not in values:
            raise ParameterError(f"constraint metric '{self.metric}' is not a simulation metric")
        v = values[key]
        gap = v - self.bound if self.op in ("<=", "<") else self.bound - v
        scale = max(abs(self.bound), 1e-9)
        return max(gap, 0.0) / scale


@dataclass
class OptimizationResult:
    """The best plan found, how the search got there, and how robust it is.

    ``meta["population"]``: the population every evaluation ran on
    (see :mod:`perfkit.population_choice`).
    """

    best: dict[str, float]
    scenario: Scenario
    objective: str
    value: float
    feasible: bool
    history: pd.DataFrame
    robustness: pd.DataFrame = field(default_factory=pd.DataFrame)
    meta: dict[str, Any] = field(default_factory=dict)


def optimize(
    scenario: Scenario,
    vary: list[tuple[str, float, float]],
    objective: str | Callable[[Any], float] = "profit",
    constraints: list[str] | None = None,
    runs: int = 20,
    seed: int = 0,
    periods: int | None = None,
    maxiter: int = 40,
    robustness_seeds: int = 3,
    *,
    data: pd.DataFrame | str | Path | None = None,
    population: Population | None = None,
) -> OptimizationResult:
    """Search ``vary`` (path, low, high) for the best ``objective`` under ``constraints``.

    ``objective``: a metric name (maximised if in :data:`MAXIMISE`, else minimised), or
    a function of the SimulationResult to maximise (reported as ``custom``). ``data``
    (the client's KPI export) or ``population`` fixes the population every
    evaluation runs on, as in :func:`perfkit.sweep.sweep`.
    """
    if not vary:
        raise ParameterError("optimize needs at least one --vary PATH LOW HIGH")
    for path, lo, hi in vary:
        if not lo < hi:
            raise ParameterError(f"--vary {path}: low {lo} must be below high {hi}")
    cons = [Constraint.parse(c) for c in constraints or []]
    custom = objective if callable(objective) else None
    objective = "custom" if custom else objective
    sign = -1.0 if custom or objective in MAXIMISE else 1.0
    paths = [p for p, _, _ in vary]
    pop, info = fixed_population(scenario, paths, data, population)
    spec = SimSpec.of(scenario, runs, seed, periods, pop)
    history: list[dict[str, Any]] = []
    cache: dict[tuple[float, ...], float] = {}

    def loss(x: np.ndarray) -> float:
        key = tuple(round(float(v), 10) for v in np.atleast_1d(x))
        if key in cache:
            return cache[key]
        point = dict(zip(paths, key, strict=True))
        values = evaluate(spec, point, custom)
        if objective not in values:
            import difflib

            close = difflib.get_close_matches(str(objective), list(values), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            names = ", ".join(sorted(k for k in values if ":" not in k))
            raise ParameterError(
                f"objective '{objective}' is not a simulation metric; {hint}expected one of "
                f"{names} (or name:p10 / :p50 / :p90)"
            )
        penalty = sum(c.violation(values) for c in cons)
        value = sign * values[objective] + 1e3 * penalty * (abs(values[objective]) + 1.0)
        history.append({**point, objective: values[objective], "penalty": penalty, "loss": value})
        cache[key] = value
        return value

    bounds = [(lo, hi) for _, lo, hi in vary]
    if len(vary) == 1:
        (lo, hi) = bounds[0]
        sopt.minimize_scalar(
            loss,
            bounds=(lo, hi),
            method="bounded",
            options={"maxiter": maxiter, "xatol": (hi - lo) * 1e-3},
        )
    else:
        x0 = np.array([(lo + hi) / 2 for lo, hi in bounds])
        sopt.minimize(
            loss,
            x0,
            method="Powell",
            bounds=bounds,
            options={"maxfev": maxiter, "xtol": 1e-3, "ftol": 1e-4},
        )
    # the best point evaluated is authoritative (an optimiser may stop next to it)
    hist = pd.DataFrame(history)
    best_row = hist.loc[hist["loss"].idxmin()]
    best = {p: float(best_row[p]) for p in paths}
    feasible = bool(best_row["penalty"] == 0)
    best_scenario = spec.scenario_at(best)
    robust = pd.DataFrame(
        [
            {
                "seed": seed + k,
                objective: evaluate(
                    SimSpec.of(best_scenario, runs, seed + k, periods, pop), {}, custom
                )[objective],
            }
            for k in range(1, robustness_seeds + 1)
        ]
    )
    return OptimizationResult(
        best, best_scenario, objective, float(best_row[objective]), feasible, hist, robust,
        {"population": info},
    )  # fmt: skip


make_callable(__name__)
