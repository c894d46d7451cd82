"""The choices the plan in force induced behind each row of a KPI export.

Every agent of the export (leavers included) is solved as one population over the
export's periods under the plan in force (perfkit.model.behaviour.solve on the funnel of
perfkit.simulate.production_for). Each row then gets its agent's solved effort,
quality and help in its period, read at the attainment so far that the agent's own
rows show where pay runs over a quarter, and the help its team's mentors gave that
month (lifting a mentee's conversion). Those are the factors perfkit.fit.calibration
.estimates divides out of the observed volumes.

Approximation: the solve holds the export's agents fixed over all its periods, so
under a plan whose pay depends on others (team pools, forced distribution) agents
who had not yet joined, or had left, still count in their team.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.core.quarters import quarter_of
from perfkit.fit.calibration.estimates import Choices
from perfkit.model.behaviour import Policy
from perfkit.model.behaviour.continuation import bracket
from perfkit.model.behaviour.respond import Response, SolveSpec, respond
from perfkit.model.funnel import DIMS, Choice, Funnel, assist_share, quality_index, team_help
from perfkit.model.population import Population
from perfkit.scheme.population import DataPopulation, FunnelRates, Simulation


@dataclass(frozen=True)
class Layout:
    """How the export's rows map onto the solved periods and agents."""

    labels: list[str]  # solved periods (the export's months, or their quarters)
    row_period: np.ndarray  # solved period of each row
    row_agent: np.ndarray  # agent code of each row (order of the calibrated agents)
    months: float  # months per solved period


def layout(df: pd.DataFrame, agents: pd.Index, quarterly: bool) -> Layout:
    """The solve layout: months, or their quarters when the plan in force pays by quarter."""
    period = df["period"].astype(str)
    if quarterly:
        period = period.map(quarter_of)
    codes, labels = pd.factorize(period, sort=True)
    return Layout(
        [str(v) for v in labels],
        codes.astype(np.int64),
        agents.get_indexer(df["agent_id"]).astype(np.int64),
        3.0 if quarterly else 1.0,
    )


def history_population(
    df: pd.DataFrame,
    est: pd.DataFrame,
    rates: FunnelRates,
    spec: DataPopulation,
    unobserved: dict[str, np.ndarray],
    lay: Layout,
) -> Population:
    """Every agent of the export at the first solved period, with the current estimates.

    Tenure is counted back from each agent's first row (negative for agents hired
    later: the learning curve then starts at its floor).
    """
    first = np.full(len(est), np.iinfo(np.int64).max)
    np.minimum.at(first, lay.row_agent, np.arange(len(df)))
    tenure = df["tenure_months"].to_numpy(float)[first] - lay.row_period[first] * lay.months
    traits = {"tenure": tenure}
    for k in ("skill", "capacity", "connect_rate", "order_value"):
        traits[k] = est[k].to_numpy(float)
    traits.update(unobserved)
    role = None
    if "role" in df:
        role = df.groupby("agent_id", sort=True)["role"].last().to_numpy(dtype=object)
    return Population(
        agent_id=np.asarray(est.index, dtype=object),
        team=est["team"].to_numpy(dtype=object),
        traits=traits,
        rates=rates,
        spec=spec.traits,
        source="history",
        role=role,
    )


def solve_history(
    pop: Population, plan, sim: Simulation, lay: Layout, history: pd.DataFrame, seed: int
) -> Response:
    """The agents' response over the export's periods under the plan in force."""
    return respond(pop, plan, SolveSpec(sim, lay.labels, seed, lay.months), history=history)


def _at_states(
    table: np.ndarray, states: np.ndarray, period: np.ndarray, agent: np.ndarray, luck: np.ndarray
) -> np.ndarray:
    """``table`` (periods × states × agents) read per row, linear in its attainment state."""
    if states.size == 1:
        return table[period, 0, agent]
    lo, hi, w = bracket(states, luck)
    return (1 - w) * table[period, lo, agent] + w * table[period, hi, agent]


def _luck(df: pd.DataFrame, lay: Layout, policy: Policy, n: int) -> np.ndarray:
    """Each row's attainment so far in its pay cycle: actual ÷ expected revenue (1 at start)."""
    P = len(lay.labels)
    actual = np.zeros((P, n))
    np.add.at(actual, (lay.row_period, lay.row_agent), df["revenue"].to_numpy(float))
    before = np.cumsum(actual, axis=0) - actual  # revenue in earlier periods
    expected = np.cumsum(policy.revenue, axis=0) - policy.revenue
    start = policy.cycle_start[lay.row_period]
    got = before[lay.row_period, lay.row_agent] - before[start, lay.row_agent]
    due = expected[lay.row_period, lay.row_agent] - expected[start, lay.row_agent]
    return np.divide(got, due, out=np.ones(len(df)), where=due > 0)


def row_choices(
    df: pd.DataFrame, lay: Layout, pop: Population, policy: Policy, production: Funnel
) -> Choices:
    """Each row's volume factor, log quality index and orders-per-connect lift."""
    luck = np.where(policy.stateful[lay.row_period], _luck(df, lay, policy, pop.n), 1.0)
    pick = {
        d: _at_states(getattr(policy, d), policy.states, lay.row_period, lay.row_agent, luck)
        for d in DIMS
    }
    m = production.mentoring
    tenure = df["tenure_months"].to_numpy(float)
    mentor, mentee = tenure >= m.mentor_months, tenure < m.mentee_months
    choice = Choice(pick["effort"], pick["quality"], np.where(mentor, pick["help"], 0.0))
    month, _ = pd.factorize(df["period"].astype(str))
    n_teams = len(pop.team_names)
    key = month.astype(np.int64) * n_teams + pop.team_code[lay.row_agent]
    received = team_help(key, (int(month.max()) + 1) * n_teams, choice, mentor, mentee).received
    a_ref = production.reference_quality
    volume = choice.effort * (1 - choice.help) * (1 - choice.quality) / (1 - a_ref)
    log_q = np.log(quality_index(choice.quality, a_ref))
    lift = np.exp(production.gamma * log_q) * (1 + m.boost * assist_share(received, m))
    return Choices(volume, log_q, lift, choice.effort)


def plan_choices(
    df: pd.DataFrame,
    agents: pd.Index,
    pop: Population,
    plan,
    sim: Simulation,
    seed: int,
    ce: list | None = None,
    responses: dict | None = None,
) -> tuple[Choices, Funnel]:
    """Each row's choices under the plan in force for it.

    ``plan``: one Scenario for every row, or a PlanHistory (perfkit.payout.in_force):
    then every agent is solved under each plan and each row takes its choices from the
    solve of its own plan (agents do not anticipate a plan change; under team-coupled
    pay, teammates on another plan count as on this one). Each plan is solved over all
    the export's months, as if in force throughout (a solve started mid-way settles
    mentors' help elsewhere: the solver is path-dependent there). ``ce``: a list that
    receives each row's monthly certainty equivalent on the expected path (one array);
    ``responses``: a dict that receives each plan's solved response by its key (its policy
    and the pricer it was solved on: the estimator's panels solve their hires on it).
    """
    from perfkit.payout.in_force import PlanHistory

    plans = plan.masks(df) if isinstance(plan, PlanHistory) else [("", plan, None)]
    out: dict[str, np.ndarray] | None = None
    production = None
    ce_rows = np.zeros(len(df))
    for key, scenario, mask in plans:
        lay = layout(df, agents, scenario.period == "quarter")
        response = solve_history(pop, scenario, sim, lay, df, seed)
        policy, production = response.policy, response.production
        if responses is not None:
            responses[key] = response
        if mask is None:
            if ce is not None:
                ce.append(policy.ce[lay.row_period, lay.row_agent] / lay.months)
            return row_choices(df, lay, pop, policy, production), production
        got = row_choices(df, lay, pop, policy, production)
        ce_rows[mask] = (policy.ce[lay.row_period, lay.row_agent] / lay.months)[mask]
        if out is None:
            out = {k: np.array(getattr(got, k)) for k in ("volume", "log_q", "lift", "effort")}
        for k in out:
            out[k][mask] = getattr(got, k)[mask]
    assert out is not None and production is not None
    if ce is not None:
        ce.append(ce_rows)
    return Choices(**out), production
