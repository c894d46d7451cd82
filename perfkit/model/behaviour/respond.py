"""The one solve recipe: production model → the plan's pricer → the agents' policy.

Simulation, calibration and estimation all price a plan for a population through
:func:`respond`, so the model that fits a client's export is the model that forecasts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfkit.model.behaviour.history import expected_history, history_pricer, uses_history
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.pricing import PricingTable
from perfkit.model.behaviour.ratchet import DRAWS, anticipate, anticipated
from perfkit.model.behaviour.solve import Policy, month_states, solve
from perfkit.model.behaviour.textbook import TextbookProduction
from perfkit.model.funnel import Funnel
from perfkit.model.population import Population
from perfkit.scheme.population import Simulation


@dataclass(frozen=True)
class SolveSpec:
    """What a solve needs besides the population and the plan.

    ``settings``: the scenario's ``simulation:`` (behaviour, mentoring, production);
    ``periods``: the period labels solved for; ``months_per_period``: 3 for a plan paid
    by quarter; ``seed``: the solve's common random numbers.
    """

    settings: Simulation
    periods: list[str]
    seed: int = 0
    months_per_period: float = 1.0
    progress: bool = False


@dataclass(frozen=True)
class Response:
    """The agents' policy, with the production model and the pricer it was solved on."""

    policy: Policy
    production: Funnel | TextbookProduction
    pricer: Pricer


def production_for(settings: Simulation, pop: Population, months: float = 1.0):
    """The production model the settings ask for, with the population's funnel rates."""
    if settings.production == "textbook":
        return TextbookProduction(settings.textbook)
    b = settings.behaviour
    return Funnel(
        pop.rates, b.reference_quality, settings.mentoring, b.max_effort, b.max_help, months
    )


def plan_history(
    scenario: Any, pop: Population, production, history: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """What the plan's history-based targets read: ``history``, else the population's
    export, else (a synthetic population) its expected output at flat pay."""
    if history is None:
        history = pop.history
    if history is None and uses_history(scenario):
        history = expected_history(pop, production)
    return history


def plan_pricer(
    scenario: Any, pop: Population, production, history: pd.DataFrame | None = None
) -> Pricer:
    """The payout engine for ``scenario``, its history-based targets fixed at plan start
    (:func:`plan_history`)."""
    return history_pricer(scenario, plan_history(scenario, pop, production, history))


def respond(
    pop: Population,
    scenario: Any,
    spec: SolveSpec,
    *,
    pay: Pricer | None = None,
    history: pd.DataFrame | None = None,
    roles: np.ndarray | None = None,
    check: Callable[[Pricer], None] | None = None,
) -> Response:
    """How ``pop`` responds to ``scenario`` over ``spec.periods``.

    ``pay`` replaces the plan's payout engine (a test pay function); ``history``: see
    :func:`plan_pricer`; ``roles`` (default: the population's roles under the plan);
    ``check``: called with the pricer before the solve (a simulation's memory check).
    """
    sim = spec.settings
    production = production_for(sim, pop, spec.months_per_period)
    pricer = pay if pay is not None else plan_pricer(scenario, pop, production, history)
    if check is not None:
        check(pricer)
    roles = pop.roles_for(scenario) if roles is None else roles

    def solved(by: Pricer, fresh: np.ndarray | None = None) -> Policy:
        return solve(pop, production, by, sim.behaviour, spec.periods, seed=spec.seed,
                     mentoring=sim.mentoring, progress=spec.progress,
                     months_per_period=spec.months_per_period, roles=roles,
                     fresh=fresh)  # fmt: skip

    policy = solved(pricer)
    rules = anticipated(scenario) if pay is None and sim.behaviour.respond else []
    if rules:  # agents who see the ratchet coming hold back (perfkit.model.behaviour.ratchet)
        past = plan_history(scenario, pop, production, history)
        months = month_states(pop, spec.periods, sim.mentoring, spec.months_per_period)
        table = PricingTable(pop, production, pricer, spec.periods, months, DRAWS, 1,
                             spec.seed, roles)  # fmt: skip

        def shifted(kpi: str, step: float) -> Pricer:
            return history_pricer(scenario, past, {kpi: step})

        policy = anticipate(policy, table, shifted, solved, rules, spec.months_per_period)
    return Response(policy, production, pricer)
