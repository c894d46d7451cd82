"""A synthetic KPI export with a plan change, made by perfkit's own simulator.

For parameter recovery, coverage studies and the bundled example
(``data/sample_kpis_plan_change.csv``): a synthetic population with known traits is
solved under the plan before and the plan after (perfkit.model.behaviour.respond); the
policy of the plan in force is spliced per agent and month (agents do not
anticipate the change, as the estimator assumes: perfkit.analysis.estimate.panel.splice,
the estimator's own), and one Monte Carlo run of perfkit.simulate.runs draws the KPIs,
quits and replacement hires, each hire choosing by its own solve under its seat's plan
in force (perfkit.analysis.estimate.panel.hires_solver). A pilot keeps
some teams on the old plan (a control group).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.estimate.panel import hires_solver, splice
from perfkit.core.errors import ParameterError
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.funnel import OUTPUTS
from perfkit.model.population import Population, synthetic
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels
from perfkit.simulate.runs import run_all


def plan_change_export(
    before: Any,
    after: Any,
    *,
    agents: int = 120,
    teams: int = 6,
    months: int = 12,
    change: int = 6,
    pilot_teams: list[str] | None = None,
    traits: dict[str, Any] | None = None,
    seed: int = 0,
    start: str = "2025-01",
    settings: Simulation | None = None,
    names: tuple[str, str] = ("before", "after"),
) -> tuple[pd.DataFrame, Population]:
    """A monthly KPI export (one row per agent-month, a ``plan`` column) and the true population.

    Months ``change`` onwards (0-based) are paid under ``after`` for every team, or for
    ``pilot_teams`` only (the others stay on ``before``). ``traits``: overrides of
    ``population.traits`` (the truth). ``names``: the plan column's values.
    """
    if not 1 <= change < months:
        raise ParameterError(f"change: expected a month between 1 and {months - 1}, got {change}")
    sim = settings or Simulation()
    pop = synthetic({"agents": agents, "teams": teams, "seed": seed, "traits": traits or {}})
    labels = period_labels(months, start)
    spec = SolveSpec(sim, labels, seed)
    plans = [(p, respond(pop, p, spec)) for p in (before, after)]
    on_new = np.ones(pop.n, bool) if pilot_teams is None else np.isin(pop.team, pilot_teams)
    switched = (np.arange(months)[:, None] >= change) & on_new[None, :]
    code = switched.astype(np.int64)
    policy = splice([response.policy for _, response in plans], code)
    production = plans[0][1].production
    own = hires_solver(pop, production, plans, code, spec)
    arrays = run_all(pop, production, policy, 1, seed, sim.attrition, sim.mentoring, 12, False,
                     sim.hiring, None, own)  # fmt: skip
    hire = arrays.hire[0]
    suffix = np.where(hire > 0, np.char.add("~", hire.astype(str)), "")
    ids = np.char.add(np.broadcast_to(pop.agent_id.astype(str), hire.shape), suffix)
    frame = {
        "agent_id": ids.ravel(),
        "team": np.broadcast_to(pop.team, (months, pop.n)).ravel(),
        "period": np.repeat(labels, pop.n),
        "tenure_months": arrays.tenure[0].ravel(),
        "plan": np.where(switched, names[1], names[0]).ravel(),
    }
    for k in OUTPUTS:
        v = arrays.kpis[k][0].ravel()
        frame[k] = np.round(v, 2) if k in ("revenue", "collected", "refunds") else np.round(v, 1)
    df = pd.DataFrame(frame)
    counts = ("dials", "connected", "orders", "intents", "effective_calls", "complaints")
    for k in counts:
        df[k] = np.round(df[k]).astype(int)
    df["connected"] = np.minimum(df["connected"], df["dials"])
    df["orders"] = np.minimum(df["orders"], df["connected"])
    df["tenure_months"] = df["tenure_months"].round(2)
    return df.sort_values(["agent_id", "period"], kind="stable", ignore_index=True), pop
