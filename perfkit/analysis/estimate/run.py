"""``perfkit estimate``: response parameters from a client's export, into a scenario.

Steps: read the export and its plan history (perfkit.payout.in_force); estimate
attrition from who left when (perfkit.analysis.estimate.attrition) at the prior's effort
cost; estimate the effort cost by indirect inference, simulating the export's own floor
with that attrition (perfkit.analysis.estimate.responsiveness); re-estimate attrition at
the effort cost found. perfkit.analysis.estimate.write then writes

- ``<stem>_estimated.yaml``: the scenario with the estimates in
  ``population.traits.effort_cost`` and ``simulation.attrition``, each with a ``source:``
  note saying whether it was estimated, set at a boundary, or is the prior; its
  population calibrated from the export, so every later command uses them;
- ``estimates.json``: every estimate, interval, verdict, reason and statistic;
- ``estimates.md``: a short summary for the consultant.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.estimate.attrition import AttritionEstimate, estimate_attrition
from perfkit.analysis.estimate.forecast import ForecastParts, forecast_parts
from perfkit.analysis.estimate.panel import RUNS, at_cost, stratified
from perfkit.analysis.estimate.responsiveness import BOOTSTRAP, Responsiveness, estimate_effort_cost
from perfkit.analysis.estimate.timing import TimingEstimate, estimate_timing
from perfkit.payout.in_force import PlanHistory, plan_history
from perfkit.scheme.population import DataPopulation, Simulation


@dataclass
class Fit:
    """What ``perfkit estimate`` found, with the inputs it used."""

    scenario: Any
    source: str
    kpis: pd.DataFrame  # the export with its plan column
    plans: PlanHistory
    spec: DataPopulation
    sim: Simulation
    responsiveness: Responsiveness
    attrition: AttritionEstimate
    seconds: float
    notes: tuple[str, ...] = ()
    timing: TimingEstimate | None = None  # deal-timing share from bunching (estimate.timing)
    forecast: ForecastParts | None = None  # season, team-month noise, joint draws

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "data": self.source,
            "plans": self.plans.names,
            "agents": int(self.kpis["agent_id"].nunique()),
            "months": sorted(self.kpis["period"].astype(str).unique().tolist()),
            "effort_cost": clean(self.responsiveness.to_dict()),
            "attrition": clean(self.attrition.to_dict()),
            "timing": clean(self.timing.to_dict()) if self.timing else None,
            "notes": list(self.notes),
            "forecast": clean(self.forecast.to_dict()) if self.forecast else None,
            "seconds": round(self.seconds, 1),
        }

    @property
    def estimated(self) -> bool:
        """Whether anything was estimated from the export (not only priors kept)."""
        a = self.attrition
        return self.responsiveness.identified or a.identified or a.rate_identified


def scenario_and_export(
    scenario: Any, data: Any, mapping: Any = None
) -> tuple[Any, pd.DataFrame, str]:
    """The scenario (loaded when a path) and the export (loaded when a path), with the
    export's name for messages."""
    from perfkit.files.data import load_kpis
    from perfkit.scheme import load_scenario

    if isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    if isinstance(data, pd.DataFrame):
        return scenario, data, str(data.attrs.get("source", "<KPI table>"))
    return scenario, load_kpis(data, mapping), str(data)


def clean(x: Any) -> Any:
    """JSON-safe: NaN → None, NumPy scalars → Python."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [clean(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def spec_and_default(scenario: Any, source: str) -> tuple[DataPopulation, Any]:
    """The population spec to calibrate with, and the plan of rows that name none."""
    from perfkit.scheme import load_scenario

    pop = getattr(scenario, "population", None)
    if isinstance(pop, DataPopulation):
        spec = pop.model_copy(update={"source": source})
        return spec, (load_scenario(pop.plan) if pop.plan else scenario)
    traits = pop.traits.model_dump() if pop is not None else {}
    return DataPopulation.model_validate({"source": source, "traits": traits}), scenario


def row_ce(rows: pd.DataFrame, spec: DataPopulation, plans: Any, sim: Simulation, c: float):
    """Each row's monthly certainty equivalent under its plan, for an agent of typical
    motivation at mean effort cost ``c`` (one calibration step: traits estimated at the
    choices the plan induced)."""
    from perfkit.fit.calibration.effort import history_population, layout, plan_choices
    from perfkit.fit.calibration.estimates import Choices, estimates
    from perfkit.fit.calibration.fixed_point import typical_motivation
    from perfkit.model.funnel import pooled_rates
    from perfkit.scheme.population import FunnelRates

    spec = at_cost(spec, c)
    rates = pooled_rates(rows, FunnelRates())
    est = estimates(rows, rates, Choices.ones(len(rows)))
    traits = typical_motivation(spec.traits, stratified(spec, len(est), sim.seed))
    lay = layout(rows, est.index, False)
    pop = history_population(rows, est, rates, spec, traits, lay)
    got, production = plan_choices(rows, est.index, pop, plans, sim, sim.seed)
    rates = pooled_rates(rows, FunnelRates(), got.log_q, production.gamma)
    est = estimates(rows, rates, got)
    ce: list[np.ndarray] = []
    pop = history_population(rows, est, rates, spec, traits, lay)
    plan_choices(rows, est.index, pop, plans, sim, sim.seed, ce)
    return ce[0]


def _attrition(rows, spec, plans, sim, c: float) -> tuple[AttritionEstimate, np.ndarray]:
    ce = row_ce(rows, spec, plans, sim, c)
    return estimate_attrition(rows, ce, spec.traits.outside_option, sim.attrition), ce


def with_attrition(sim: Simulation, values: dict[str, float]) -> Simulation:
    """``sim`` with the attrition estimates written in."""
    attr = sim.attrition.model_copy(update={k: values[k] for k in ("sensitivity", "annual_rate")})
    return sim.model_copy(update={"attrition": attr})


def fit(
    scenario: Any,
    data: str | Path | pd.DataFrame,
    plan_map: str | Path | None = None,
    *,
    bootstrap: int = BOOTSTRAP,
    seed: int | None = None,
    mapping: dict[str, str] | None = None,
    plans: PlanHistory | None = None,
    runs: int = RUNS,
    calibrated: list[str] | None = None,
) -> Fit:
    """Estimate what the export identifies (module docstring).

    ``plans``: the export's plans, already resolved (its ``plan`` column names their keys);
    ``calibrated``: the months the forecast's levels will be calibrated on (the season is
    centred on them; default: all the export's).
    """
    import warnings

    from perfkit.fit.calibration.estimates import prepared
    from perfkit.model.population import validated

    t0 = time.perf_counter()
    scenario, kpis, source = scenario_and_export(scenario, data, mapping)
    sim = validated(Simulation, getattr(scenario, "simulation", None), "simulation")
    seed = sim.seed if seed is None else seed
    spec, default = spec_and_default(scenario, source)
    if plans is None:
        kpis, plans = plan_history(kpis, default, source, plan_map)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = prepared(kpis, spec)
    notes = tuple(str(w.message) for w in caught)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    prior = float(spec.traits.effort_cost.mean)
    first, ce = _attrition(rows, spec, plans, sim, prior)
    resp = estimate_effort_cost(rows, spec, plans, with_attrition(sim, first.values), seed=seed,
                                bootstrap=bootstrap, runs=runs, source=source)  # fmt: skip
    attr = first
    if resp.value != prior:
        attr, ce = _attrition(rows, spec, plans, sim, resp.value)
    timing = estimate_timing(kpis, plans, sim.timing, seed=seed)
    parts = forecast_parts(rows, spec, plans, with_attrition(sim, attr.values), resp, attr, ce,
                           seed=seed, source=source, calibrated=calibrated, runs=runs)  # fmt: skip
    return Fit(scenario, source, kpis, plans, spec, sim, resp, attr,
               time.perf_counter() - t0, notes, timing, parts)  # fmt: skip
