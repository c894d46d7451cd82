"""Panels simulated over the export's own agents, months, teams and plan assignment.

The estimator's model is the forecast's model: at a candidate mean effort cost c,

1. the *seats* are the export's agents of its first month, with their teams and
   tenure; capacity, connect rate, skill and order value are estimated from their own
   rows given the choices the plan in force induced at c (``STEPS`` steps of the
   calibration's fixed point, perfkit.fit.calibration: capacity = dials ÷ effort;
   skill spread to the true skills' variance, constrained Bayes; the funnel rates pooled
   from the export, its refund rate read through the simulator's count model,
   perfkit.model.funnel.pooled_rates); the traits no export shows are drawn from the
   scenario's ``population.traits`` — the heterogeneous population the simulator runs —
   with the effort cost's draws scaled to mean c;
2. every agent's best responses are solved under each plan over the export's months
   (perfkit.model.behaviour.respond, the one solve recipe) and spliced per team and
   month by the plan in force (agents do not anticipate a change);
3. ``runs`` Monte Carlo runs of perfkit.simulate.runs draw the KPIs, the quits
   (simulation.attrition) and the replacement hires (simulation.hiring, tenure 0 on
   the learning curve), as a forecast does: each hire chooses by its own solve under
   the plan its seat is paid by (:func:`hires_solver`);
4. perfkit.analysis.estimate.moments computes the same statistics as on the export.

Replicas. Which seat draws which unobserved traits, and the solver's own draw set,
shift the whole floor's modelled response a little (on 200 agents by about 2% of a
commission raise's response). Each panel is therefore the mean of ``REPLICAS``
independent replicas (own trait draws, solve seed and runs); their spread measures
that noise, which the estimator adds to its intervals.

Common random numbers: the drawn traits (effort cost and baseline effort at stratified
quantiles), the solve's draw sets and the runs' shocks depend only on the seed and the
replica, never on c, so the statistics move smoothly with c.

Each seat reproduces its own history at every c: the level of activity is matched;
what c changes is how far effort moves when the plan does. Not simulated: deal timing
(moving deals across period ends), so bunching statistics are reported as a fit
check, not used to estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from perfkit.analysis.estimate.moments import Design, arm_statistics, combine, cube
from perfkit.analysis.estimate.season import model_noise
from perfkit.core.errors import DataError, ParameterError
from perfkit.fit.calibration.effort import history_population, layout, plan_choices
from perfkit.fit.calibration.estimates import Choices, estimates
from perfkit.model.behaviour import Policy
from perfkit.model.behaviour.respond import Response, SolveSpec
from perfkit.model.funnel import OUTPUTS, pooled_rates
from perfkit.model.population import Population, unobserved_traits
from perfkit.scheme.population import DataPopulation, FunnelRates, Simulation
from perfkit.simulate.hiring import Roster
from perfkit.simulate.newcomers import Spliced, own_solver, spliced_solver
from perfkit.simulate.runs import run_all
from perfkit.simulate.solved import hires_key, hires_once

#: Calibration steps at each effort cost (capacity and skill re-estimated at its choices).
STEPS = 3
#: Monte Carlo runs per replica, and replicas per panel.
RUNS = 20
REPLICAS = 2
#: Traits drawn at stratified quantiles (the ones the response scales with).
STRATIFIED = ("effort_cost", "baseline_effort")


@dataclass(frozen=True)
class PanelSpec:
    """What every panel shares, whatever the effort cost (common random numbers)."""

    rows: pd.DataFrame  # the seats' rows of the export (prepared)
    est0: pd.DataFrame  # the seats' estimates at effort 1
    rates: FunnelRates
    spec: DataPopulation
    drawn: list[dict[str, np.ndarray]]  # per replica: unobservable traits at the prior
    plans: Any  # a PlanHistory or one Scenario
    sim: Simulation
    design: Design
    seed: int
    runs: int = RUNS

    @property
    def prior(self) -> float:
        return float(self.spec.traits.effort_cost.mean)


@dataclass(frozen=True)
class Panel:
    """The statistics of ``runs`` panels simulated at one mean effort cost."""

    effort_cost: float
    stats: dict[str, np.ndarray]  # per replica × run
    level: float  # simulated ÷ export dials per agent-month, before any change
    expected: dict[str, np.ndarray]  # the statistics' sums per team, mean over runs (1 × …)
    pairing: dict[str, float]  # variance of the response moments from who draws which traits
    noise: dict[str, tuple[float, float]] = field(default_factory=dict)  # team-month, per KPI

    def mean(self) -> dict[str, float]:
        return {k: float(np.mean(v)) for k, v in self.stats.items()}

    def between(self) -> dict[str, float]:
        """Per statistic, the variance between replicas' means (the model's own noise)."""
        return {k: float(v.mean(axis=1).var(ddof=1)) if v.shape[0] > 1 else 0.0
                for k, v in self.stats.items()}  # fmt: skip


def pairing_variance(arrays, post: np.ndarray) -> dict[str, float]:
    """Variance of each response moment from which seat draws which unobserved traits.

    The moment is about a volume-weighted mean of the seats' own responses; were the
    traits dealt to the seats again, it would move by about √(Σ w² (r − r̄)²) ÷ Σ w
    (w: a seat's level before, r: its log change; first holders only, mean over runs).
    """
    from perfkit.analysis.estimate.moments import KPIS

    own = arrays.hire == 0  # run × month × seat
    out = {}
    for k in KPIS:
        x = arrays.kpis[k]
        sides = []
        for side in (~post, post):  # post: month × seat
            mask = own & side[None]
            sides.append((x * mask).sum(axis=(0, 1)) / np.maximum(mask.sum(axis=(0, 1)), 1))
        w, after = sides
        ok = (w > 0) & (after > 0)
        r = np.log(after[ok] / w[ok])
        w = w[ok]
        mean = float((w * r).sum() / w.sum()) if w.size else 0.0
        out[f"did_{k}"] = float((w**2 * (r - mean) ** 2).sum() / w.sum() ** 2) if w.size else 0.0
    return out


def stratified(spec: DataPopulation, n: int, seed: int) -> dict[str, np.ndarray]:
    """Unobservable traits for ``n`` seats: effort cost and baseline effort at the
    lognormal's quantiles (i + ½) ÷ n in a seeded random order, the others drawn."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(19,)))
    out = unobserved_traits(rng, spec.traits, n)
    for name in STRATIFIED:
        dist = getattr(spec.traits, name)
        s2 = np.log1p(dist.cv**2)
        z = norm.ppf((rng.permutation(n) + 0.5) / n)
        out[name] = dist.mean * np.exp(np.sqrt(s2) * z - s2 / 2)
    return out


def panel_spec(
    rows: pd.DataFrame, spec, plans, sim, d: Design, seed: int, runs: int = RUNS,
    replicas: int = REPLICAS,
) -> PanelSpec:  # fmt: skip
    """The seats (agents of the export's first month) and everything panels share."""
    if any(getattr(p, "period", "month") == "quarter" for p in _plans(plans)):
        raise ParameterError(
            "estimating the response needs plans paid by the month (period: month); a plan "
            "paid by the quarter cannot be simulated over the export's months yet"
        )
    first = rows["period"].astype(str).min()
    seats = rows.loc[rows["period"].astype(str) == first, "agent_id"].unique()
    mine = rows.loc[rows["agent_id"].isin(seats)].reset_index(drop=True)
    mine.attrs.update(rows.attrs)
    paid = set(mine["plan"].astype(str)) if "plan" in mine else {""}
    missing = sorted(set(d.plan.ravel()) - paid)
    if missing:
        raise DataError(str(rows.attrs.get("source", "<export>")), [
            f"plan {', '.join(map(repr, missing))}: paid only to agents who joined after the "
            f"export's first month ({first}); the estimate simulates the agents of that month "
            "and needs some of them paid under every plan"])  # fmt: skip
    rates = pooled_rates(mine, FunnelRates())
    est0 = estimates(mine, rates, Choices.ones(len(mine)))
    drawn = [stratified(spec, len(est0), seed + 7919 * k) for k in range(replicas)]
    return PanelSpec(mine, est0, rates, spec, drawn, plans, sim, d, seed, runs)


def _plans(plans: Any) -> list[Any]:
    return list(getattr(plans, "plans", {"": plans}).values())


def spread(est: pd.DataFrame) -> pd.DataFrame:
    """Skill estimates with the spread of the true skills (constrained Bayes, Louis 1984).

    Shrunk estimates w·raw + (1 − w)·pooled are the best guess of each agent but are
    less spread out than the agents are; a response that depends on where agents sit
    on a ladder would come out too uniform. pooled + √w·(raw − pooled) keeps the
    ordering with about the true variance.
    """
    w = est["weight_skill"].to_numpy(float)
    raw, shrunk = est["skill_raw"].to_numpy(float), est["skill"].to_numpy(float)
    inner = w < 0.999
    pooled = (
        float(np.median((shrunk[inner] - w[inner] * raw[inner]) / (1 - w[inner])))
        if inner.any()
        else float(shrunk.mean())
    )
    return est.assign(skill=np.maximum(pooled + np.sqrt(w) * (raw - pooled), 0.05 * pooled))


def at_cost(spec: DataPopulation, c: float) -> DataPopulation:
    """``spec`` with the effort cost's mean set to ``c``."""
    t = spec.traits
    cost = t.effort_cost.model_copy(update={"mean": float(c)})
    return spec.model_copy(update={"traits": t.model_copy(update={"effort_cost": cost})})


def seats_at(ps: PanelSpec, c: float, k: int = 0) -> tuple[Population, dict[str, Response], Any]:
    """The seats calibrated at mean effort cost ``c``, and each plan's response for them
    (replica ``k``: its own trait draws and solve seed)."""
    spec = at_cost(ps.spec, c)
    drawn = ps.drawn[k]
    traits = dict(drawn, effort_cost=drawn["effort_cost"] * (c / ps.prior))
    lay = layout(ps.rows, ps.est0.index, False)
    est, rates = spread(ps.est0), ps.rates
    for step in range(STEPS):
        pop = history_population(ps.rows, est, rates, spec, traits, lay)
        responses: dict[str, Response] = {}
        got, production = plan_choices(ps.rows, est.index, pop, ps.plans, ps.sim,
                                       ps.seed + 7919 * k, responses=responses)  # fmt: skip
        if step + 1 < STEPS:
            rates = pooled_rates(ps.rows, FunnelRates(), got.log_q, production.gamma)
            est = spread(estimates(ps.rows, rates, got))
    return pop, responses, production


def splice(policies: list[Policy], code: np.ndarray) -> Policy:
    """One policy taking, per period × agent, the policy of plan ``code`` (periods × agents)."""
    base = policies[0]
    if any(p.effort.shape != base.effort.shape for p in policies):
        raise ParameterError("plans before and after the change must have the same pay period")
    pick: dict[str, np.ndarray] = {}
    for name in ("effort", "quality", "help"):
        stack = np.stack([getattr(p, name) for p in policies])  # K × P × S × N
        pick[name] = np.take_along_axis(stack, code[None, :, None, :], axis=0)[0]
    for name in ("ce", "revenue"):
        stack = np.stack([getattr(p, name) for p in policies])  # K × P × N
        pick[name] = np.take_along_axis(stack, code[None], axis=0)[0]
    stateful = np.stack([p.stateful for p in policies])
    used = np.stack([(code == k).any(axis=1) for k in range(len(policies))])
    pick["stateful"] = (stateful & used).any(axis=0)
    return replace(base, **pick)


def plan_of(plans: Any, key: str) -> Any:
    """The scenario of plan ``key`` (``plans``: a PlanHistory, or one Scenario for all)."""
    return plans.plans[key] if hasattr(plans, "plans") else plans


def hires_solver(pop: Population, production, plans: list[tuple[Any, Response]],
                 code: np.ndarray, spec: SolveSpec,
                 history: pd.DataFrame | None = None) -> Callable[[Roster], Spliced]:  # fmt: skip
    """The replacement hires' own solve under each spliced plan (scenario, response) for
    seats paid by plan ``code`` (period × seat): the applicant pool solved as hires by
    the recipe and cache a simulation uses (perfkit.simulate.newcomers, .solved), so a
    hire plays its seat's plan, switching with it. ``history``: what the plans' targets
    were read from, when not the population's own (the export)."""
    parts = []
    for scenario, response in plans:
        roles = pop.roles_for(scenario)
        own = own_solver(pop, production, response.pricer, response.policy, spec.settings,
                         spec.seed, spec.months_per_period, roles)  # fmt: skip
        key = hires_key(pop, scenario, spec, roles, spec.settings.hiring, spec.seed, 1.0, history)
        parts.append(hires_once(key, own))
    return spliced_solver(parts, code)


def seat_plans(ps: PanelSpec, pop: Population) -> tuple[list[str], np.ndarray]:
    """The plan keys and each seat's plan code per month (its team's plan in force)."""
    d = ps.design
    keys = list(dict.fromkeys(d.plan.ravel()))
    team = pd.Index(d.teams).get_indexer(pop.team.astype(str))
    code = np.vectorize(keys.index)(d.plan[team].T) if keys else np.zeros((0, pop.n), int)
    return keys, np.asarray(code, np.int64)


def simulate_panel(ps: PanelSpec, c: float) -> Panel:
    """Statistics of ``ps.runs`` panels of every replica at mean effort cost ``c``."""
    parts = [_replica(ps, c, k) for k in range(len(ps.drawn))]
    names = parts[0][0].keys()
    stats = {n: np.stack([p[0][n] for p in parts]) for n in names}  # replica × run
    expected = {n: np.mean([p[1][n] for p in parts], axis=0) for n in parts[0][1]}
    pairing = {n: float(np.mean([p[3][n] for p in parts])) for n in parts[0][3]}
    noise = {n: tuple(np.mean([p[4][n] for p in parts], axis=0)) for n in parts[0][4]}
    return Panel(float(c), stats, float(np.mean([p[2] for p in parts])), expected, pairing, noise)


def _replica(ps: PanelSpec, c: float, k: int) -> tuple[dict, dict, float, dict, dict]:
    """One replica's statistics per run, its expected cube, level check, pairing noise and
    team-month noise (perfkit.analysis.estimate.season.model_noise)."""
    pop, responses, production = seats_at(ps, c, k)
    return panel_runs(ps, pop, responses, production, ps.seed + 7919 * k)


def panel_runs(
    ps: PanelSpec, pop: Population, responses: dict[str, Response], production, seed: int
) -> tuple[dict, dict, float, dict, dict]:
    """What :func:`_replica` returns, for seats ``pop`` and each plan's response to them
    (any population of the seats: the estimator's calibrated one, or a known truth)."""
    keys, code = seat_plans(ps, pop)
    policy = splice([responses[key].policy for key in keys], code)
    sim = ps.sim
    plans = [(plan_of(ps.plans, key), responses[key]) for key in keys]
    own = hires_solver(pop, production, plans, code, SolveSpec(sim, list(policy.periods), seed),
                       ps.rows)  # fmt: skip
    arrays = run_all(pop, production, policy, ps.runs, seed, sim.attrition, sim.mentoring, 12,
                     False, sim.hiring, None, own)  # fmt: skip
    R, P, N = arrays.shape
    months = ps.design.months
    frame = {
        "run": np.repeat(np.arange(R), P * N),
        "agent_id": (arrays.hire.astype(np.int64) * N + np.arange(N)).ravel(),
        "team": np.tile(np.broadcast_to(pop.team.astype(str), (P, N)).ravel(), R),
        "period": np.tile(np.repeat(np.asarray(months), N), R),
        "plan": np.tile(np.asarray(keys, dtype=object)[code].ravel(), R),
        "quit": arrays.quit.ravel(),
        "at_risk": np.broadcast_to(np.arange(P)[None, :, None] < P - 1, (R, P, N)).ravel(),
    }
    frame.update({key: arrays.kpis[key].ravel() for key in OUTPUTS})
    sums = cube(pd.DataFrame(frame), ps.design)
    stats = combine(arm_statistics(sums, ps.design), ps.design)
    expected = {key: v.mean(axis=0, keepdims=True) for key, v in sums.items()}
    pre = ~ps.design.post.any(axis=0) if ps.design.switcher.any() else np.ones(P, bool)
    data = ps.rows.loc[ps.rows["period"].astype(str).isin(np.asarray(months)[pre]), "dials"]
    level = float(arrays.kpis["dials"][:, pre].mean() / max(float(data.mean()), 1e-9))
    team = pd.Index(ps.design.teams).get_indexer(pop.team.astype(str))
    post = ps.design.post[team].T  # month × seat
    noise = model_noise(sums, expected)
    return stats, expected, level, pairing_variance(arrays, post), noise
