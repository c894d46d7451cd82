"""Simulations shared by the reports of one batch (perfkit.core.cache).

Every briefing report compares its plan with the same baseline on the same population
and seed, its sensitivity sweep simulates the plan again at its own value, and the
comparison report simulates every plan again: inside a batch, each of these
simulations is run once and read by the other reports.
"""

from __future__ import annotations

from typing import Any

from perfkit.core.cache import cached, fingerprint
from perfkit.scheme import Scenario
from perfkit.simulate import SimulationResult, simulate


def simulation_key(
    scenario: Scenario, *, runs: int, seed: int, periods: int | None, population: Any = None,
    season: Any = None, uncertainty: Any = None, **_: Any,
) -> str:  # fmt: skip
    """The batch's key of a simulation (:func:`simulate_shared`'s arguments; ``progress``
    and the like ignored): two simulations with the same key give the same numbers."""
    # the scenario by its fields: its file name, notes and ranges do not change its runs
    return fingerprint(scenario, runs, seed, periods, population, season, uncertainty)


def simulate_shared(
    scenario: Scenario,
    *,
    runs: int,
    seed: int,
    periods: int | None,
    population: Any = None,
    progress: bool = False,
    season: Any = None,
    uncertainty: Any = None,
) -> SimulationResult:
    """:func:`perfkit.simulate.simulate`, or the same simulation already run in this batch."""
    key = simulation_key(scenario, runs=runs, seed=seed, periods=periods, population=population,
                         season=season, uncertainty=uncertainty)  # fmt: skip

    def run() -> SimulationResult:
        return simulate(
            scenario, runs=runs, seed=seed, periods=periods, progress=progress,
            population=population, season=season, uncertainty=uncertainty,
        )  # fmt: skip

    return cached("simulate", key, run)
