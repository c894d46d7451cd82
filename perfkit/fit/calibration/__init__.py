"""Calibrate an agent population from a client's KPI export, given the plan in force.

What is estimated. Per agent: capacity (dials per month at effort 1), connect
rate, skill (conversion of an experienced agent, relative to the pooled rate) and
order value, each a ratio of totals over the agent's rows shrunk toward the pooled
value by its sampling noise (empirical Bayes, perfkit.fit.calibration.estimates); the
funnel rates are pooled over the export. Team and tenure come from the data; the
traits no export reveals (effort cost, baseline effort, risk aversion, the value of
non-cash rewards, helpfulness, outside option) are drawn from ``traits``.

Given the plan in force. The export was produced by agents who responded to the
plan they were paid under, so its volumes are capacity × *that* effort. With a
``plan`` (a scenario: ``population.plan``, else the scenario itself) the
calibration is a fixed point (perfkit.fit.calibration.fixed_point, .effort):

1. estimate the traits at a guess of each row's choices (first: effort 1, the
   reference allocation, no help);
2. solve the agents' best responses under the plan in force over the export's
   periods (perfkit.model.behaviour.solve on perfkit.simulate.production_for, priced by
   the payout engine), for agents of typical motivation; read each row's effort,
   quality and help (at the row's own attainment so far, under a quarter bonus)
   and the help its mentees received;
3. divide those out: capacity = Σ dials ÷ Σ effort × (1 − help) × volume share;
   skill = Σ orders ÷ Σ connects × learning × Q^γ × mentoring lift; pooled rates
   are taken back to the reference allocation (perfkit.model.funnel.pooled_rates);
4. repeat until the means the model implies at the solved choices match the
   export's dials and orders within ``TOLERANCE`` (1%), at most ``MAX_ITERATIONS``
   (6; otherwise the report says so and a warning is raised): each row's guess moves
   half way to its response (all the way from effort 1; log quality all the way), a
   row that flipped across its guess responding with the mean of its last two
   responses, and the floor's level is set to match the export's totals
   (perfkit.fit.calibration.update: agents who flip between two modes at a pay cliff
   are damped and mixed, never extrapolated);
5. give each stand-in its drawn motivation, with the baseline effort at which it
   works, under the plan in force, as its typical-motivation self did: every agent
   then reproduces its own history.

So simulating the plan in force on the calibrated population reproduces the
export's means. Without a plan, the export is taken at face value (effort 1).

Assumptions and limits.

- Capacity and motivation are not separately identified from one plan's history
  (dials = capacity × effort): an agent's idiosyncratic level of activity is
  attributed to capacity, motivation is the prior's, and baseline effort is not
  drawn but matched (step 5; its ``cv`` is unused). Where true motivation differs
  across agents, per-agent capacity ranks about as well as raw dials do (Spearman
  ≈ 0.74 → 0.79 on a synthetic export at the default spreads, against 0.99 for an
  oracle who knows each agent's effort); with known motivation it ranks 0.98.
- Skill is limited by sampling noise: an agent's orders over n months estimate
  skill with variance ≈ dispersion × skill ÷ expected orders, so no estimator
  correlates with the truth better than √reliability, reliability = var(true) ÷
  (var(true) + mean sampling variance) (:func:`skill_reliability`; ≈ 0.82 for a
  year at ~10 orders a month; the calibration reaches it).
- The plan in force's solve holds the export's agents fixed over its periods
  (leavers and later hires count in their team under team-coupled pay) and uses
  the simulation's settings: the calibration is as right as the behavioural model.
- A forward simulation starts from the export's last roster, a year more
  experienced than the export's average row: on the bundled export its orders run
  ≈ 2% above the export's by the learning curve alone.
- With ``simulation.production: textbook`` the export is taken at effort 1.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.cache import cached, fingerprint
from perfkit.core.errors import ParameterError, PerfkitWarning
from perfkit.core.quarters import first_month
from perfkit.fit.calibration.estimates import (
    CalibrationReport,
    Choices,
    base_rate,
    estimates,
    fit_table,
    prepared,
)
from perfkit.fit.calibration.fixed_point import MAX_ITERATIONS, given_plan
from perfkit.model.funnel import pooled_rates
from perfkit.model.population import Population, unobserved_traits, validated
from perfkit.scheme.population import DataPopulation, FunnelRates, LogNormal, Simulation

__all__ = ["CalibrationReport", "calibrate", "skill_reliability"]

#: Calibrations kept in memory (a sweep re-simulates the same population many times).
CACHE_SIZE = 8
_CACHE: OrderedDict[tuple, Population] = OrderedDict()


def _read(
    kpis: pd.DataFrame | str | Path, mapping: dict[str, str] | None
) -> tuple[pd.DataFrame, str]:
    if isinstance(kpis, pd.DataFrame):
        return kpis, str(kpis.attrs.get("source", "<KPI table>"))
    from perfkit.files.data import load_kpis

    return load_kpis(kpis, mapping), str(kpis)


def _plan(plan: Any) -> Any:
    """The plan in force as a Scenario (a scenario file is loaded), or a PlanHistory."""
    from perfkit.payout.in_force import PlanHistory
    from perfkit.scheme import Scenario, load_scenario

    if plan is None or isinstance(plan, Scenario | PlanHistory):
        return plan
    if isinstance(plan, str | Path):
        return load_scenario(plan)
    raise ParameterError(
        f"plan: expected the scenario in force during the export (a Scenario or a scenario "
        f"file), got {type(plan).__name__}"
    )


def _key(kpis: Any, spec: DataPopulation, mapping: Any, plan: Any, sim: Simulation) -> tuple | None:
    """Cache key of a calibration from a file (None: not cached)."""
    if not isinstance(kpis, str | Path) or not Path(kpis).is_file():
        return None
    stat = Path(kpis).stat()
    if plan is None:
        plan_key = None
    elif hasattr(plan, "plans"):  # a PlanHistory
        plan_key = plan.key()
    else:
        plan_key = (plan.source, plan.model_dump_json())
    return (str(Path(kpis).resolve()), stat.st_mtime_ns, stat.st_size, spec.model_dump_json(),
            repr(mapping), plan_key, sim.model_dump_json())  # fmt: skip


def _digest(df: pd.DataFrame, source: str, spec: DataPopulation, plan: Any, sim: Simulation) -> str:
    """Everything a calibration depends on, for the batch's shared cache (perfkit.core.cache)."""
    plan_key = plan.key() if hasattr(plan, "plans") else (getattr(plan, "source", None), plan)
    return fingerprint(df, source, spec, plan_key, sim)


def calibrate(
    kpis: pd.DataFrame | str | Path,
    spec: DataPopulation | dict[str, Any] | None = None,
    mapping: dict[str, str] | None = None,
    *,
    plan: Any = None,
    settings: Simulation | dict | None = None,
) -> Population:
    """Population of the agents in the export's last period, calibrated from their history.

    ``plan``: the plan in force during the export (a Scenario or a scenario file;
    default ``spec.plan``); without one, the history is taken at effort 1 with the
    reference allocation. Where the export has a ``plan`` column, each row is
    explained under the plan it names (perfkit.payout.in_force; ``plan`` is then the
    default for rows naming none); a PlanHistory may also be passed. ``settings``: the simulation settings agents respond by.
    Agents who left before the last period inform the estimates but are not in the
    roster. See the module docstring for the method.
    """
    df, source = _read(kpis, mapping)
    if spec is None or isinstance(spec, dict):
        spec = validated(DataPopulation, {"source": source, **(spec or {})}, "population")
    plan = _plan(plan if plan is not None else spec.plan)
    df, plan = _with_plans(df, plan, source)
    sim = validated(Simulation, settings, "simulation")
    key = _key(kpis, spec, mapping, plan, sim)
    if key is not None and key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    pop = cached("calibrate", _digest(df, source, spec, plan, sim),
                 lambda: _calibrated(prepared(df, spec), source, spec, plan, sim))  # fmt: skip
    if key is not None:
        _CACHE[key] = pop
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return pop


def _with_plans(df: pd.DataFrame, plan: Any, source: str) -> tuple[pd.DataFrame, Any]:
    """The export and its plans: a PlanHistory where the export names plans per row (one
    plan throughout: that plan's Scenario)."""
    from perfkit.payout.in_force import PLAN, PlanHistory, has_plans, plan_history

    if isinstance(plan, PlanHistory):
        if PLAN not in df:
            raise ParameterError(f"{source}: a plan history needs the export's {PLAN!r} column")
        return df, plan
    if not has_plans(df):
        return df, plan
    df, history = plan_history(df, plan, source)
    return df, (history.single or history)


def _unobserved(spec: DataPopulation, roster: np.ndarray) -> dict[str, np.ndarray]:
    """Unobservable traits for every agent: the roster's drawn first (seeded by ``spec.seed``)."""
    rng = np.random.default_rng(np.random.SeedSequence(spec.seed))
    mine = unobserved_traits(rng, spec.traits, int(roster.sum()))
    others = unobserved_traits(rng, spec.traits, int((~roster).sum()))
    out = {}
    for k, v in mine.items():
        out[k] = np.empty(roster.size)
        out[k][roster], out[k][~roster] = v, others[k]
    return out


def _calibrated(
    df: pd.DataFrame, source: str, spec: DataPopulation, plan: Any, sim: Simulation
) -> Population:
    rates = pooled_rates(df, FunnelRates())
    choices = Choices.ones(len(df))
    est = estimates(df, rates, choices)
    roster = (est["last_period"] == df["period"].max()).to_numpy()
    unobserved = _unobserved(spec, roster)
    iterations, converged, notes = pd.DataFrame(), True, []
    if plan is not None and sim.production == "textbook":
        notes.append("textbook production: the export is taken at effort 1")
    elif plan is not None:
        est, rates, choices, iterations, converged, unobserved = given_plan(
            df, est, rates, spec, unobserved, plan, sim
        )
        if not converged:
            notes.append(
                f"calibration given '{plan.name}' did not converge in {MAX_ITERATIONS} "
                f"iterations: implied ÷ actual dials {iterations['dials_ratio'].iloc[-1]:.3f}, "
                f"orders {iterations['orders_ratio'].iloc[-1]:.3f}"
            )
            warnings.warn(f"{source}: {notes[-1]}", PerfkitWarning, stacklevel=3)
    fit = fit_table(df, est, rates, choices)
    est.insert(3, "in_roster", roster)
    traits = {"tenure": est["tenure"].to_numpy(float)[roster] + 1.0}
    for k in ("skill", "capacity", "connect_rate", "order_value"):
        traits[k] = est[k].to_numpy(float)[roster]
    traits.update({k: v[roster] for k, v in unobserved.items()})
    role = None
    if "role" in df:
        role = df.groupby("agent_id", sort=True)["role"].last().to_numpy(dtype=object)[roster]
    aov = est["order_value"].to_numpy(float)
    value = LogNormal(mean=float(aov.mean()), cv=float(aov.std() / aov.mean()))
    rates = rates.model_copy(update={"order_value": value})
    plan_name = None if plan is None else plan.name
    report = CalibrationReport(source, fit, est.reset_index(), rates, plan_name, iterations,
                               converged, tuple(notes))  # fmt: skip
    return Population(
        agent_id=np.asarray(est.index[roster], dtype=object),
        team=est["team"].to_numpy(dtype=object)[roster],
        traits=traits,
        rates=rates,
        spec=spec.traits,
        source=source,
        start=_next_period(str(df["period"].max())),
        report=report,
        role=role,
        history=df.drop(columns=["_learn"]),
    )


def _next_period(label: str) -> str | None:
    """The month after a label like 2025-12 or 2025-Q4 (None if it is neither)."""
    quarter = first_month(label) != label
    try:
        p = pd.Period(first_month(label), freq="M") + (3 if quarter else 1)
    except (ValueError, TypeError):
        return None
    return f"{p.year:04d}-{p.month:02d}"


def skill_reliability(report: CalibrationReport) -> float:
    """Reliability of the per-agent skill estimates: var(true) ÷ (var(true) + sampling var).

    An agent's raw skill (orders ÷ exposure ÷ base rate) has sampling variance
    dispersion × skill ÷ (exposure × base rate), orders being overdispersed relative
    to Poisson; var(true) is the variance of the raw estimates less the mean sampling
    variance. √reliability bounds any estimator's correlation with the true skill.
    """
    a, r = report.agents, report.rates
    raw, exposure = a["skill_raw"].to_numpy(float), a["exposure"].to_numpy(float)
    pooled = float((raw * exposure).sum() / exposure.sum())
    sampling = r.count_dispersion * pooled / (np.maximum(exposure, 1e-9) * base_rate(r))
    var_true = max(float(np.var(raw) - np.mean(sampling)), 0.0)
    return var_true / (var_true + float(np.mean(sampling)))
