"""Every plan of a comparison on one population with common random numbers.

:func:`perfkit.analysis.compare.compare` simulates its plans through
:class:`PairedRuns`; a batch of reports asks :func:`on_one_floor` and :func:`first_runs`
for the same simulations before any report runs (perfkit.pages.report.prepare), so
they are computed once, in parallel, and every report reads them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.metrics import per_run_metrics
from perfkit.analysis.reuse import simulate_shared
from perfkit.core.precision import Decision, decide
from perfkit.fit.population_choice import Chosen, choose_population
from perfkit.model.population import Population
from perfkit.scheme import Scenario
from perfkit.simulate import SimulationResult
from perfkit.text import Lang, t


def on_one_floor(
    scenarios: list[Scenario],
    baseline: int | str = 0,
    data: pd.DataFrame | str | Path | None = None,
    population: Population | None = None,
) -> tuple[list[str], dict[str, Scenario], Chosen]:
    """The plans' names (the baseline's first), each name's scenario, and the population
    they all run on: what :func:`compare` simulates, known before it simulates."""
    plans, same_pop = _in_order(scenarios, baseline)
    chosen = choose_population(
        list(same_pop.values()), data=data, population=population, names=plans
    )
    return plans, same_pop, chosen


def first_runs(
    scenarios: dict[str, Scenario], population: Population | None, runs: int, seed: int,
    periods: int | None,
) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Per plan, the arguments of :func:`perfkit.analysis.reuse.simulate_shared` for
    :func:`compare`'s first ``runs`` runs (a batch of reports runs them first)."""
    return PairedRuns(scenarios, population, seed, periods, False).calls(runs)


def _in_order(
    scenarios: list[Scenario], baseline: int | str
) -> tuple[list[str], dict[str, Scenario]]:
    """The plans' unique names, the baseline's first, and each name's scenario."""
    names = _unique_names(scenarios)
    base_i = names.index(baseline) if isinstance(baseline, str) else int(baseline)
    order = [base_i] + [i for i in range(len(scenarios)) if i != base_i]
    return [names[i] for i in order], {names[i]: scenarios[i] for i in order}


@dataclass(frozen=True)
class PairedRuns:
    """Every plan simulated on one population with the same seed (common random numbers)."""

    scenarios: dict[str, Scenario]
    population: Population | None
    seed: int
    periods: int | None
    progress: bool

    def calls(self, runs: int) -> dict[str, dict[str, Any]]:
        """Per plan, the arguments of its simulation with ``runs`` runs."""
        season, unc = floor_forecast(self.scenarios)
        return {
            name: dict(
                scenario=sc, runs=runs, seed=self.seed, periods=self.periods,
                progress=self.progress, population=self.population, season=season,
                uncertainty=unc,
            )
            for name, sc in self.scenarios.items()
        }  # fmt: skip

    def simulate(self, runs: int) -> dict[str, SimulationResult]:
        # run once per batch of reports
        return {name: simulate_shared(**kw) for name, kw in self.calls(runs).items()}

    def until_decided(
        self, runs: int, budget: int
    ) -> tuple[dict[str, SimulationResult], pd.DataFrame, Decision | None]:
        """The results and per-run metrics (plan, run, metrics …) with ``runs`` runs,
        doubled (each time a fresh simulation of every plan) until the profit leader beats
        the runner-up in 90% of paired runs or the ``budget`` of runs is spent."""
        plans = list(self.scenarios)
        n = runs
        while True:
            results = self.simulate(n)
            per_run = pd.concat(
                [per_run_metrics(results[p]).assign(plan=p) for p in plans], ignore_index=True
            )
            draw = results[plans[0]].meta.get("forecast", {}).get("draw_of_run")
            decision = decide(per_run, plans, "profit", max_runs=budget,
                              draw=None if draw is None else np.asarray(draw))  # fmt: skip
            if decision is None or decision.clear or n >= budget:
                break
            n = min(2 * n, budget)
        metrics = [c for c in per_run.columns if c not in ("plan", "run")]
        return results, per_run[["plan", "run", *metrics]], decision


def floor_forecast(scenarios: dict[str, Scenario]) -> tuple[Any, Any]:
    """The floor's season and parameter draws, shared by every plan: those of the first
    scenario (the baseline first) that carries them (an estimated scenario does)."""
    season = next((s.season for s in scenarios.values() if s.season is not None), None)
    unc = next((s.uncertainty for s in scenarios.values() if s.uncertainty is not None), None)
    return season, unc


def _unique_names(scenarios: list[Scenario]) -> list[str]:
    """Each plan's name, unique: a plan that shares its name with another and was written
    by ``perfkit estimate`` (the plan with the behaviour estimated from an export) is
    "NAME (estimated)" / "NAME（估计）" (its file keeps the plan's name, which single-plan
    pages show); any other repeat gets " (2)", " (3)" ..."""
    count = Counter(s.name for s in scenarios)
    names: list[str] = []
    for s in scenarios:
        first = s.name
        if count[s.name] > 1 and _estimated(s):
            first = t("plan.estimated_name", _lang_of(s), name=s.name)
        name, k = first, 2
        while name in names:
            name, k = f"{first} ({k})", k + 1
        names.append(name)
    return names


def _estimated(scenario: Scenario) -> bool:
    """Whether ``perfkit estimate`` wrote the scenario (it notes the effort cost it set)."""
    return "perfkit estimate" in scenario.notes.get("population.traits.effort_cost.mean", "")


def _lang_of(scenario: Scenario) -> Lang:
    """The language the scenario's name is in: Chinese where it is its ``name_zh`` (a zh
    page's plans are localized, perfkit.words.plan.localized), else English."""
    return "zh" if scenario.name_zh and scenario.name == scenario.name_zh else "en"
