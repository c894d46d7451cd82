"""Tune plan parameters against an objective under constraints.

The simulation is noisy across seeds but, with common random numbers, a smooth
deterministic function of the parameters for one seed; so bounded,
derivative-free optimisers work: bounded Brent for one parameter, Powell with
bounds for several. Constraints (:mod:`perfkit.analysis.constraints`: the mean or a
percentile across runs) enter as a steep penalty, and hold only with a margin for
what a fresh seed could show, so the search may pass through infeasible plans but
never reports one as best unless nothing is feasible (and then says so).

The optimum is then rounded to a step a client can use (0.1% for rates, whole units
such as yuan for amounts: :func:`client_step`): the corners of the grid cell around
it are simulated and the best that meets the constraints wins. With
``participation``, every plan's salary is set so agents' mean certainty equivalent
meets their outside option (:mod:`perfkit.analysis.participation`), and profit is the firm's
under that rule. Robustness: the best plan is re-simulated on other seeds, with its
objective and each constraint's statistic there.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize as sopt

from perfkit.analysis.constraints import Check, Constraint
from perfkit.analysis.metrics import per_run_metrics
from perfkit.analysis.optimum import OptimizationResult
from perfkit.analysis.participation import SALARY, Participation, participating, rule_at
from perfkit.analysis.sweep import Point, SimSpec, fixed_population, point_values, simulate_point
from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError
from perfkit.core.precision import LEVEL, MAXIMISE, mean_ci
from perfkit.model.population import Population
from perfkit.scheme import Scenario

__all__ = ["MAXIMISE", "Constraint", "OptimizationResult", "Search", "client_step", "optimize"]


def client_step(path: str, low: float, high: float) -> float:
    """The step a client can use for a parameter: 0.001 (0.1%) for a rate or share
    (or any parameter searched within [0, 1]), else 1 (a whole yuan, a whole point)."""
    last = path.rsplit(".", 1)[-1].lower()
    return 0.001 if "rate" in last or "share" in last or (low >= 0 and high <= 1) else 1.0


def _grid(x: float, step: float, lo: float, hi: float) -> list[float]:
    """The grid values either side of ``x`` that lie within [lo, hi]."""
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    ks = {
        min(max(math.floor(x / step + 1e-9), first), last),
        min(max(math.ceil(x / step - 1e-9), first), last),
    }
    return sorted(round(k * step, 10) for k in ks)


@dataclass
class _Eval:
    loss: float
    values: dict[str, float]
    runs: pd.DataFrame
    checks: list[Check]
    rule: Participation | None


@dataclass(frozen=True)
class Search:
    """What :func:`optimize` searches and how.

    ``vary``: the parameters, (path, low, high); ``objective``: a metric name (maximised
    if in :data:`MAXIMISE`, else minimised), or a function of the SimulationResult to
    maximise (reported as ``custom``); ``constraints``: texts such as
    ``"cost_of_sales:p90 <= 0.18"``; ``maxiter``: the optimiser's budget;
    ``robustness_seeds``: fresh seeds the best plan is tried on; ``participation``: the
    salary follows the participation rule at every point; ``confidence``: the level at
    which a constraint must hold on a fresh seed (None: the point estimate decides);
    ``steps``: the client's step per path (default :func:`client_step`).
    """

    vary: list[tuple[str, float, float]]
    objective: str | Callable[[Any], float] = "profit"
    constraints: list[str] | None = None
    maxiter: int = 40
    robustness_seeds: int = 3
    participation: bool = False
    confidence: float | None = LEVEL
    steps: dict[str, float] | None = None

    @property
    def paths(self) -> list[str]:
        return [p for p, _, _ in self.vary]

    def checked(self) -> tuple[dict[str, float], list[Constraint]]:
        """The client's step per path and the parsed constraints; a ParameterError for a
        request that cannot be searched."""
        if not self.vary:
            raise ParameterError("optimize needs at least one --vary PATH LOW HIGH")
        for path, lo, hi in self.vary:
            if not lo < hi:
                raise ParameterError(f"--vary {path}: low {lo} must be below high {hi}")
        if self.participation and SALARY in self.paths:
            raise ParameterError(
                f"--vary {SALARY}: --participation sets the salary; vary something else"
            )
        given = self.steps or {}
        steps = {p: float(given.get(p, client_step(p, lo, hi))) for p, lo, hi in self.vary}
        for p, step in steps.items():
            if not step > 0:
                raise ParameterError(f"--step {p}: expected a step above 0, got {step}")
        return steps, [Constraint.parse(c) for c in self.constraints or []]

    def run(
        self,
        scenario: Scenario,
        runs: int = 20,
        seed: int = 0,
        periods: int | None = None,
        *,
        data: pd.DataFrame | str | Path | None = None,
        population: Population | None = None,
    ) -> OptimizationResult:
        """Search on ``scenario`` with ``runs`` runs from ``seed``; ``data`` (the client's
        KPI export) or ``population`` fixes the population every evaluation runs on, as
        in :func:`perfkit.analysis.sweep.sweep`."""
        steps, cons = self.checked()
        pop, info = fixed_population(scenario, self.paths, data, population)
        spec = SimSpec.of(scenario, runs, seed, periods, pop)
        points = _Points(self, spec, cons, 3.0 if scenario.period == "quarter" else 1.0)
        _minimise(points.loss, [(lo, hi) for _, lo, hi in self.vary], self.maxiter)
        top = min(points.cache, key=lambda k: points.cache[k].loss)[0]
        key, got = points.on_client_grid(top, steps)
        best = dict(zip(self.paths, key, strict=True))
        chosen = {**best, **({} if got.rule is None else {SALARY: got.rule.base_salary})}
        best_scenario = spec.scenario_at(chosen)
        meta: dict[str, Any] = {"population": info}
        if got.rule is not None:
            meta["participation"] = got.rule.to_dict()
        objective = points.objective
        robust = _robustness(
            SimSpec.of(best_scenario, runs, seed, periods, pop), objective, points.custom, cons,
            self.robustness_seeds,
        )  # fmt: skip
        return OptimizationResult(
            best, best_scenario, objective, float(got.values[objective]),
            bool(all(c.holds for c in got.checks)), pd.DataFrame(points.history), robust, meta,
            {p: float(v) for p, v in zip(self.paths, top, strict=True)}, steps,
            _objective_ci(got.runs, objective), _checks_table(got.checks),
            list(self.constraints or []), {p: (lo, hi) for p, lo, hi in self.vary},
        )  # fmt: skip


class _Points:
    """The points a search evaluates, each simulated once (a cache), in the order the
    search asks for them (``history``, the search path)."""

    def __init__(self, search: Search, spec: SimSpec, cons: list[Constraint], months: float):
        self.search, self.spec, self.cons, self.months = search, spec, cons, months
        objective = search.objective
        self.custom = objective if callable(objective) else None
        self.objective: str = "custom" if self.custom else objective  # type: ignore[assignment]
        self.sign = -1.0 if self.custom or self.objective in MAXIMISE else 1.0
        self.history: list[dict[str, Any]] = []
        self.cache: dict[tuple[tuple[float, ...], float | None], _Eval] = {}

    def _simulate(self, point: Point, salary: float | None) -> tuple[Any, Participation | None]:
        """The point's simulation; with the rule, at its salary, or at ``salary`` when given."""
        if salary is not None:
            result = simulate_point(self.spec, {**point, SALARY: salary})
            return result, rule_at(result, salary, self.months)
        if self.search.participation:
            _, result, rule = participating(self.spec, point, self.months)
            return result, rule
        return simulate_point(self.spec, point), None

    def measure(self, key: tuple[float, ...], salary: float | None = None) -> _Eval:
        """The point ``key`` (values in the order of ``vary``), simulated once."""
        if (key, salary) in self.cache:
            return self.cache[key, salary]
        point: Point = dict(zip(self.search.paths, key, strict=True))
        result, rule = self._simulate(point, salary)
        table = per_run_metrics(result)
        values = point_values(table)
        if self.custom is not None:
            values["custom"] = float(self.custom(result))
        objective = self.objective
        _known(objective, values, self.cons)
        checks = [
            c.check(table[c.metric].to_numpy(float), self.search.confidence) for c in self.cons
        ]
        penalty = sum(c.violation for c in checks)
        loss = self.sign * values[objective] + 1e3 * penalty * (abs(values[objective]) + 1.0)
        extra = {} if rule is None else {SALARY: rule.base_salary}
        self.history.append(
            {**point, **extra, objective: values[objective], "penalty": penalty, "loss": loss}
        )
        self.cache[key, salary] = _Eval(loss, values, table, checks, rule)
        return self.cache[key, salary]

    def loss(self, x: np.ndarray) -> float:
        return self.measure(tuple(round(float(v), 10) for v in np.atleast_1d(x))).loss

    def on_client_grid(
        self, top: tuple[float, ...], steps: dict[str, float]
    ) -> tuple[tuple[float, ...], _Eval]:
        """The best corner of the grid cell of client steps around ``top``; with the
        participation rule, its salary in whole yuan (up: agents still accept)."""
        corners = itertools.product(
            *(
                _grid(x, steps[p], lo, hi)
                for x, (p, lo, hi) in zip(top, self.search.vary, strict=True)
            )
        )
        key = tuple(min(corners, key=lambda k: self.measure(tuple(k)).loss))
        got = self.measure(key)
        if got.rule is not None:
            got = self.measure(key, float(math.ceil(got.rule.base_salary - 1e-9)))
        return key, got


def _minimise(
    loss: Callable[[np.ndarray], float], bounds: list[tuple[float, float]], maxiter: int
) -> None:
    """Run the optimiser on ``loss``: bounded Brent for one parameter, Powell with bounds
    for several. What it returns does not matter: the best point evaluated is
    authoritative (an optimiser may stop next to it)."""
    if len(bounds) == 1:
        (lo, hi) = bounds[0]
        sopt.minimize_scalar(
            loss, bounds=(lo, hi), method="bounded",
            options={"maxiter": maxiter, "xatol": (hi - lo) * 1e-3},
        )  # fmt: skip
    else:
        x0 = np.array([(lo + hi) / 2 for lo, hi in bounds])
        sopt.minimize(
            loss, x0, method="Powell", bounds=bounds,
            options={"maxfev": maxiter, "xtol": 1e-3, "ftol": 1e-4},
        )  # fmt: skip


def _objective_ci(runs: pd.DataFrame, objective: str) -> tuple[float, float]:
    """The 95% CI of the objective's mean over runs (NaN for a custom objective)."""
    if objective not in runs:
        return (math.nan, math.nan)
    _, lo, hi = mean_ci(runs[objective].to_numpy(float))
    return (float(lo), float(hi))


def _checks_table(checks: list[Check]) -> pd.DataFrame:
    return pd.DataFrame([vars(c) for c in checks], columns=list(Check.__dataclass_fields__))


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
    participation: bool = False,
    confidence: float | None = LEVEL,
    steps: dict[str, float] | None = None,
) -> OptimizationResult:
    """Search ``vary`` (path, low, high) for the best ``objective`` under ``constraints``:
    :meth:`Search.run` of a :class:`Search` made of this call's search settings (see
    there); ``runs``, ``seed``, ``periods``, ``data`` and ``population`` say what each
    point simulates."""
    search = Search(
        vary, objective, constraints, maxiter, robustness_seeds, participation, confidence, steps
    )
    return search.run(scenario, runs, seed, periods, data=data, population=population)


def _known(objective: str, values: dict[str, float], cons: list[Constraint]) -> None:
    """Fail with the list of metrics when the objective or a constraint names none."""
    import difflib

    names = sorted(k for k in values if ":" not in k)
    for what, name in [("objective", objective)] + [("constraint metric", c.metric) for c in cons]:
        if name in values:
            continue
        close = difflib.get_close_matches(str(name), names, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ParameterError(
            f"{what} '{name}' is not a simulation metric; {hint}expected one of {', '.join(names)}"
        )


def _robustness(
    spec: SimSpec,
    objective: str,
    custom: Callable[[Any], float] | None,
    cons: list[Constraint],
    seeds: int,
) -> pd.DataFrame:
    """The plan of ``spec`` on ``seeds`` fresh seeds after its own: the objective and, per
    constraint, its statistic and whether that seed's statistic meets the bound."""
    rows = []
    for k in range(1, seeds + 1):
        result = simulate_point(replace(spec, seed=spec.seed + k), {})
        table = per_run_metrics(result)
        value = float(custom(result)) if custom else point_values(table)[objective]
        row: dict[str, Any] = {"seed": spec.seed + k, objective: value}
        for c in cons:
            check = c.check(table[c.metric].to_numpy(float), None)
            row[c.text], row[f"{c.text} holds"] = check.value, check.holds
        rows.append(row)
    return pd.DataFrame(rows)


make_callable(__name__)
