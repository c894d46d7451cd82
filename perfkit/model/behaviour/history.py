"""History-based targets in a simulation: fixed at plan start, not ratcheted by simulated output.

Without this, ``split: history`` targets in a simulation would be each agent's own
*simulated* mean: a target that always equals output pays like flat pay. Instead the
payout engine reads a fixed history table (perfkit.payout.history):

- a population calibrated from a KPI export: the export itself (each agent's own
  history, as the back-test reads it);
- a synthetic population: one row per agent of expected KPIs for one period at the
  flat-pay choice (baseline effort, reference allocation, no help), at the tenure
  the simulation starts with: what the agent would have produced before the plan.

New hires, whom the history does not know, get the mean of the others' history. A
``ratchet`` on the target is then the only way targets follow simulated output.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.quarters import for_scenario
from perfkit.model.behaviour import Pricer, engine_pricer
from perfkit.model.behaviour.draws import stratified_normals
from perfkit.model.behaviour.pricer import EnginePay
from perfkit.model.funnel import OUTPUTS
from perfkit.model.population import Population
from perfkit.scheme.models import TargetRule

#: Draws the expected history is averaged over (stratified, so smooth and exact in mean).
HISTORY_DRAWS = 64


def uses_history(scenario: Any) -> bool:
    """Whether any plan of the scenario sets a target from history."""
    plans = [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]
    targets = [item.target for p in plans for item in p.scorecard]
    targets += [getattr(b, "target", None) for p in plans for b in p.bonuses]
    return any(isinstance(t, TargetRule) and t.split == "history" for t in targets)


def history_pricer(
    scenario: Any, history: pd.DataFrame | None, shift: dict[str, float] | None = None
) -> Pricer:
    """The payout engine for ``scenario``, its history-based targets read from ``history``
    (``shift``: added to a KPI's history, so its targets move: perfkit.model.behaviour.ratchet)."""
    from perfkit.payout import compute_statements

    base = engine_pricer(scenario)
    if history is None or not uses_history(scenario):
        return base
    past, _ = for_scenario(history, scenario)  # quarters, when the plan pays by quarter
    if shift:
        past = past.assign(**{k: past[k] + v for k, v in shift.items()})

    def pay(kpis: pd.DataFrame) -> pd.DataFrame:
        return compute_statements(kpis, scenario, past)

    smooth = base.smooth.reading(past) if base.smooth is not None else None
    return replace(base, pay=pay, smooth=smooth, engine=EnginePay(scenario, past))


def expected_history(pop: Population, production, label: str = "history") -> pd.DataFrame:
    """One row per agent: expected KPIs for one period at the flat-pay choice at plan start."""
    traits = {k: v for k, v in pop.traits.items() if k != "tenure"}
    traits["skill"] = pop.skill * pop.learning(pop.tenure)
    rng = np.random.default_rng(np.random.SeedSequence(0, spawn_key=(11,)))
    z = stratified_normals(production.shocks, HISTORY_DRAWS, 1, rng)[..., 0][..., None]
    kpis = production.kpis(traits, production.rest(traits), z, whole=False)
    cols: dict[str, Any] = {
        "agent_id": pop.agent_id,
        "team": pop.team,
        "period": label,
        "tenure_months": pop.tenure,
    }
    shape = (HISTORY_DRAWS, pop.n)
    cols.update({k: np.broadcast_to(kpis[k], shape).mean(axis=0) for k in OUTPUTS})
    return pd.DataFrame(cols)
