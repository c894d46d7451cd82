"""The calibration's fixed point: traits at the effort the plan in force induced.

Capacity and motivation are not separately identified from one plan's history (an
agent's dials are capacity × effort), so the calibration normalises: **an agent's
idiosyncratic level of activity is capacity**. The fixed point is solved for
agents of typical motivation (:func:`typical_motivation`), whose effort differs
only through what the data show (capacity, skill, order value, connect rate,
tenure); then each stand-in's drawn motivation gets the baseline effort at which,
under the plan in force, it works as that typical agent did
(:func:`matched_motivation`), so it reproduces its own history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.fit.calibration.effort import (
    Layout,
    history_population,
    layout,
    plan_choices,
)
from perfkit.fit.calibration.estimates import Choices, estimates, expected_kpis
from perfkit.fit.calibration.update import Totals, mixed_response, next_guess
from perfkit.model.funnel import pooled_rates
from perfkit.scheme.population import DataPopulation, FunnelRates, Simulation, Traits

#: Most fixed-point iterations, and the match of implied to actual means that ends them.
MAX_ITERATIONS = 6
TOLERANCE = 0.01
#: Passes matching each stand-in's baseline effort (the second corrects for pay that is not
#: linear in effort, where effort moves less than one for one with baseline effort).
MATCH_PASSES = 2


def typical_motivation(traits: Traits, drawn: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every agent at the prior's typical motivation (other unobservables as drawn).

    Effort cost at its harmonic mean mean ÷ (1 + cv²), so that the typical response
    (∝ 1 ÷ cost) is the population's mean response; the others at their means (effort
    is about linear in them).
    """
    n = next(iter(drawn.values())).size
    c = traits.effort_cost
    return dict(
        drawn,
        effort_cost=np.full(n, c.mean / (1 + c.cv**2)),
        baseline_effort=np.full(n, traits.baseline_effort.mean),
        risk_aversion=np.full(n, traits.risk_aversion.mean),
        noncash_value=np.full(n, traits.noncash_value.mean),
        helpfulness=np.full(n, traits.helpfulness.mean),
    )


def given_plan(
    df: pd.DataFrame,
    est: pd.DataFrame,
    rates: FunnelRates,
    spec: DataPopulation,
    drawn: dict[str, np.ndarray],
    plan,
    sim: Simulation,
) -> tuple[pd.DataFrame, FunnelRates, Choices, pd.DataFrame, bool, dict[str, np.ndarray]]:
    """Iterate estimates ↔ best responses (perfkit.fit.calibration docstring).

    Returns (estimates, rates, choices, iterations table, converged, unobservable traits
    with matched baseline effort).
    """
    plans = getattr(plan, "plans", {"": plan}).values()  # one plan, or a PlanHistory's
    lay = layout(df, est.index, all(p.period == "quarter" for p in plans))
    typical = typical_motivation(spec.traits, drawn)
    rows: list[dict[str, float]] = []
    guess = Choices.ones(len(df))
    totals = Totals.of(df, lay.row_agent, len(est))
    last = None  # the last iteration's guess and solved choices
    for it in range(1, MAX_ITERATIONS + 1):
        pop = history_population(df, est, rates, spec, typical, lay)
        raw, production = plan_choices(df, est.index, pop, plan, sim, sim.seed)
        solved, last = mixed_response(guess, raw, last), (guess, raw)
        implied = expected_kpis(df, est, rates, solved)
        ratio = {k: float(implied[k].sum() / max(df[k].sum(), 1e-9)) for k in ("dials", "orders")}
        converged = max(abs(v - 1) for v in ratio.values()) <= TOLERANCE
        rows.append({"iteration": it, **{f"{k}_ratio": v for k, v in ratio.items()},
                     "mean_effort": float(solved.effort.mean())})  # fmt: skip
        if converged or it == MAX_ITERATIONS:
            break  # est, at the choices they induce (solved), reproduces the export's means
        guess = next_guess(it, guess, solved, totals)
        rates = pooled_rates(df, FunnelRates(), guess.log_q, production.gamma)
        est = estimates(df, rates, guess)
    est = est.assign(effort=np.bincount(lay.row_agent, solved.effort) / np.bincount(lay.row_agent))
    matched = matched_motivation(df, est, rates, spec, drawn, solved, lay, plan, sim)
    return est, rates, solved, pd.DataFrame(rows), converged, matched


def matched_motivation(
    df: pd.DataFrame,
    est: pd.DataFrame,
    rates: FunnelRates,
    spec: DataPopulation,
    drawn: dict[str, np.ndarray],
    target: Choices,
    lay: Layout,
    plan,
    sim: Simulation,
) -> dict[str, np.ndarray]:
    """``drawn`` with each agent's baseline effort shifted so that, under the plan in force,
    their volume over their rows equals ``target``'s (the typical agent's)."""
    out = dict(drawn)
    goal = np.bincount(lay.row_agent, target.volume, len(est))
    top = sim.behaviour.max_effort
    for _ in range(MATCH_PASSES):
        pop = history_population(df, est, rates, spec, out, lay)
        got, _ = plan_choices(df, est.index, pop, plan, sim, sim.seed)
        volume = np.bincount(lay.row_agent, got.volume, len(est))
        effort = np.bincount(lay.row_agent, got.effort, len(est)) / np.bincount(lay.row_agent)
        shift = effort * (np.divide(goal, volume, out=np.ones(len(est)), where=volume > 0) - 1)
        out["baseline_effort"] = np.clip(out["baseline_effort"] + shift, 0.05 * top, top)
    return out
