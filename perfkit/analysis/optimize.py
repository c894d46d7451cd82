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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize as sopt

from perfkit.analysis.constraints import Check, Constraint
from perfkit.analysis.metrics import per_run_metrics
from perfkit.analysis.participation import SALARY, Participation, participating, rule_at
from perfkit.analysis.sweep import Point, SimSpec, fixed_population, point_values, simulate_point
from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError
from perfkit.core.precision import LEVEL, MAXIMISE, mean_ci
from perfkit.model.population import Population
from perfkit.scheme import Scenario

__all__ = ["MAXIMISE", "Constraint", "OptimizationResult", "client_step", "optimize"]


@dataclass
class OptimizationResult:
    """The best plan found, how the search got there, and how robust it is.

    ``best``: the point rounded to the client's steps (``steps``), ``continuous`` the
    search's own optimum; ``value`` and ``objective_ci`` (95% CI of the mean over runs,
    NaN for a custom objective) are at ``best``; ``checks``: each constraint there
    (:class:`perfkit.analysis.constraints.Check`); ``robustness``: objective and constraint
    statistics on fresh seeds. ``meta["population"]``: the population every
    evaluation ran on (see :mod:`perfkit.fit.population_choice`); ``meta["participation"]``:
    the salary the participation rule set at ``best`` (see :mod:`perfkit.analysis.participation`).
    """

    best: dict[str, float]
    scenario: Scenario
    objective: str
    value: float
    feasible: bool
    history: pd.DataFrame
    robustness: pd.DataFrame = field(default_factory=pd.DataFrame)
    meta: dict[str, Any] = field(default_factory=dict)
    continuous: dict[str, float] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)
    objective_ci: tuple[float, float] = (math.nan, math.nan)
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def best_salary(self) -> float | None:
        """The base salary the participation rule set at ``best`` (None without the rule)."""
        rule = self.meta.get("participation")
        return None if rule is None else float(rule["base_salary"])


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
    """Search ``vary`` (path, low, high) for the best ``objective`` under ``constraints``.

    ``objective``: a metric name (maximised if in :data:`MAXIMISE`, else minimised), or
    a function of the SimulationResult to maximise (reported as ``custom``). ``data``
    (the client's KPI export) or ``population`` fixes the population every
    evaluation runs on, as in :func:`perfkit.analysis.sweep.sweep`. ``participation``: the salary
    follows the participation rule at every point. ``confidence``: the level at which
    a constraint must hold on a fresh seed (None: the point estimate decides).
    ``steps``: the client's step per path (default :func:`client_step`).
    """
    if not vary:
        raise ParameterError("optimize needs at least one --vary PATH LOW HIGH")
    for path, lo, hi in vary:
        if not lo < hi:
            raise ParameterError(f"--vary {path}: low {lo} must be below high {hi}")
    paths = [p for p, _, _ in vary]
    if participation and SALARY in paths:
        raise ParameterError(
            f"--vary {SALARY}: --participation sets the salary; vary something else"
        )
    steps = {p: float((steps or {}).get(p, client_step(p, lo, hi))) for p, lo, hi in vary}
    for p, step in steps.items():
        if not step > 0:
            raise ParameterError(f"--step {p}: expected a step above 0, got {step}")
    cons = [Constraint.parse(c) for c in constraints or []]
    custom = objective if callable(objective) else None
    objective = "custom" if custom else objective
    sign = -1.0 if custom or objective in MAXIMISE else 1.0
    pop, info = fixed_population(scenario, paths, data, population)
    spec = SimSpec.of(scenario, runs, seed, periods, pop)
    months = 3.0 if scenario.period == "quarter" else 1.0
    history: list[dict[str, Any]] = []
    cache: dict[tuple[float, ...], _Eval] = {}

    def measure(key: tuple[float, ...], salary: float | None = None) -> _Eval:
        """The point ``key``; with the rule, at its salary, or at ``salary`` when given."""
        if (key, salary) in cache:
            return cache[key, salary]
        point: Point = dict(zip(paths, key, strict=True))
        rule = None
        if salary is not None:
            result = simulate_point(spec, {**point, SALARY: salary})
            rule = rule_at(result, salary, months)
        elif participation:
            _, result, rule = participating(spec, point, months)
        else:
            result = simulate_point(spec, point)
        table = per_run_metrics(result)
        values = point_values(table)
        if custom is not None:
            values["custom"] = float(custom(result))
        _known(objective, values, cons)
        checks = [c.check(table[c.metric].to_numpy(float), confidence) for c in cons]
        penalty = sum(c.violation for c in checks)
        loss = sign * values[objective] + 1e3 * penalty * (abs(values[objective]) + 1.0)
        extra = {} if rule is None else {SALARY: rule.base_salary}
        history.append(
            {**point, **extra, objective: values[objective], "penalty": penalty, "loss": loss}
        )
        cache[key, salary] = _Eval(loss, values, table, checks, rule)
        return cache[key, salary]

    def loss(x: np.ndarray) -> float:
        return measure(tuple(round(float(v), 10) for v in np.atleast_1d(x))).loss

    bounds = [(lo, hi) for _, lo, hi in vary]
    if len(vary) == 1:
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
    # the best point evaluated is authoritative (an optimiser may stop next to it) …
    top = min(cache, key=lambda k: cache[k].loss)[0]
    # … then rounded to the client's steps: the best corner of the grid cell around it
    corners = itertools.product(
        *(_grid(x, steps[p], lo, hi) for x, (p, lo, hi) in zip(top, vary, strict=True))
    )
    key = min(corners, key=lambda k: measure(tuple(k)).loss)
    got = measure(tuple(key))
    if got.rule is not None:  # the salary, too, in whole yuan (up: agents still accept)
        got = measure(tuple(key), float(math.ceil(got.rule.base_salary - 1e-9)))
    best = dict(zip(paths, key, strict=True))
    chosen = {**best, **({} if got.rule is None else {SALARY: got.rule.base_salary})}
    best_scenario = spec.scenario_at(chosen)
    ci = (math.nan, math.nan)
    if objective in got.runs:
        _, lo_ci, hi_ci = mean_ci(got.runs[objective].to_numpy(float))
        ci = (float(lo_ci), float(hi_ci))
    checks = pd.DataFrame([vars(c) for c in got.checks], columns=list(Check.__dataclass_fields__))
    meta: dict[str, Any] = {"population": info}
    if got.rule is not None:
        meta["participation"] = got.rule.to_dict()
    robust = _robustness(best_scenario, objective, custom, cons, runs, seed, periods, pop,
                         robustness_seeds)  # fmt: skip
    return OptimizationResult(
        best, best_scenario, objective, float(got.values[objective]),
        bool(all(c.holds for c in got.checks)), pd.DataFrame(history), robust, meta,
        {p: float(v) for p, v in zip(paths, top, strict=True)}, steps, ci, checks,
    )  # fmt: skip


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
    scenario: Scenario,
    objective: str,
    custom: Callable[[Any], float] | None,
    cons: list[Constraint],
    runs: int,
    seed: int,
    periods: int | None,
    pop: Population | None,
    seeds: int,
) -> pd.DataFrame:
    """The best plan on ``seeds`` fresh seeds: the objective and, per constraint, its
    statistic and whether that seed's statistic meets the bound."""
    rows = []
    for k in range(1, seeds + 1):
        result = simulate_point(SimSpec.of(scenario, runs, seed + k, periods, pop), {})
        table = per_run_metrics(result)
        value = float(custom(result)) if custom else point_values(table)[objective]
        row: dict[str, Any] = {"seed": seed + k, objective: value}
        for c in cons:
            check = c.check(table[c.metric].to_numpy(float), None)
            row[c.text], row[f"{c.text} holds"] = check.value, check.holds
        rows.append(row)
    return pd.DataFrame(rows)


make_callable(__name__)
