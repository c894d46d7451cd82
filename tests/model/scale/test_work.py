"""The pre-run estimate's work model (perfkit.model.scale.work): its counts agree with the
solver's, and the estimate grows the way the work does.

The rows a solve prices are deterministic, so the estimate's rows are checked against the
rows actually priced (counted where every pricing call passes,
perfkit.model.behaviour.blocks.price_in_blocks), whatever the machine's load; its seconds
are those rows at measured seconds per row (benchmarks/bench_memory_estimate.py).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from perfkit.model.behaviour import blocks
from perfkit.model.behaviour.held import responding_floor
from perfkit.model.behaviour.solve import month_states
from perfkit.model.behaviour.tracking import changed, keep_solved
from perfkit.model.population import synthetic
from perfkit.model.scale import work as wk
from perfkit.model.scale.estimate import estimate
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Mentoring
from perfkit.simulate import seated
from perfkit.simulate.hiring import POOL

TEAM_PLAN = {
    "pay": {"base_salary": 4000},
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
    "team": {"weight": 0.5, "pool": {"per_team_target": 480000, "amount": 8000, "split": "equal"}},
}
PRIVATE_PLAN = {
    "pay": {"base_salary": 4000},
    "commission": {"base": "revenue", "mode": "marginal", "ladder": [[0, 0.02], [30000, 0.04]]},
}


def test_the_work_model_mirrors_the_solver_and_the_hiring_constants() -> None:
    from perfkit.model.behaviour import refine, tracking

    assert (wk.POOL, wk.SHARE, wk.MAX_ROUNDS) == (POOL, seated.SHARE, seated.MAX_ROUNDS)
    assert wk.CHANGE == tracking.CHANGE
    from perfkit.model.scale import estimate as est_mod

    assert est_mod.KEPT_POINTS == refine.SLOTS and est_mod.POINTS == refine.POINTS


@pytest.mark.parametrize("agents", [37, 200, 1000])
def test_tracked_agent_months_are_the_solvers(agents: int) -> None:
    """The agent-months a private plan's tracking months re-price, as the solver picks
    them (perfkit.model.behaviour.solve._Solver._pricings), month after month."""
    pop = synthetic(agents=agents, teams=max(1, agents // 20), seed=5)
    months = month_states(pop, [str(m) for m in range(12)], Mentoring())
    solved, want = (months[0].traits["skill"], months[0].mentor, months[0].mentee), 0
    for m in range(1, 12):
        idx = np.flatnonzero(changed(months[m], *solved))
        solved = keep_solved(solved, months[m], idx)
        want += idx.size
    assert 0 < want < agents * 11  # some agents settle, some keep learning
    assert wk.tracked_agents(pop, 12) == want


@pytest.mark.parametrize(("agents", "teams", "unit"), [(40, 2, "team"), (200, 10, "team"),
                         (3000, 150, "team"), (230, 7, "team"), (200, 10, "company")])  # fmt: skip
def test_seated_agents_are_the_floors_the_hires_solve_prices(agents, teams, unit) -> None:
    pop = synthetic(agents=agents, teams=teams, seed=2)
    want = sum(responding_floor(pop.team_code, s, unit).size for s in seated.seat_rounds(pop, POOL))
    assert wk.seated_agents(pop.team_code, unit) == want


def test_the_estimate_grows_with_agents_runs_and_months_and_team_plans_cost_more() -> None:
    base = estimate(1000, 12, 20)
    for bigger in (estimate(3000, 12, 20), estimate(1000, 12, 200), estimate(1000, 24, 20)):
        assert bigger.seconds > base.seconds and bigger.peak >= base.peak
    assert estimate(1000, 24, 20).rows > base.rows  # more months, more rows priced
    assert estimate(1000, 12, 200).rows == base.rows  # runs add Monte Carlo, not solving
    team = estimate(1000, 12, 20, "team", "team", copies=False)
    assert team.seconds > base.seconds and team.rows > base.rows
    quarterly = estimate(1000, 12, 20, states=11, cycle=3)
    assert quarterly.seconds > team.seconds


def _priced_rows(scenario) -> tuple[int, object]:
    """Rows the simulation's solves price (the floor's and the hires'), and its estimate."""
    import perfkit.simulate as sim_mod

    counted, seen = [0], []
    real_price, real_check = blocks.price_in_blocks, sim_mod.check

    def counting(table, m, window, luck, cands, path, plan):
        L, C, N = cands.effort.shape
        G = table.G if table.G > 1 and not table.fixed else 1
        counted[0] += L * (window[1] - window[0] + 1) * G * table.K * C * N
        return real_price(table, m, window, luck, cands, path, plan)

    blocks.price_in_blocks = counting
    sim_mod.check = lambda est, limits=None: seen.append(est) or real_check(est, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sim_mod.simulate(scenario, runs=2, seed=1, periods=12, agents_table=False)
    finally:
        blocks.price_in_blocks, sim_mod.check = real_price, real_check
    return counted[0], seen[0]


@pytest.mark.slow
@pytest.mark.parametrize("plan", ["private", "team"])
def test_the_rows_the_estimate_predicts_are_the_rows_priced_within_30_percent(plan) -> None:
    doc = {"name": plan, "population": {"source": "synthetic", "agents": 60, "teams": 3, "seed": 3}}
    sc = parse_scenario({**doc, **(TEAM_PLAN if plan == "team" else PRIVATE_PLAN)})
    rows, est = _priced_rows(sc)
    assert rows > 0
    assert 0.7 <= (est.rows + est.hire_rows) / rows <= 1.3, (est.rows, est.hire_rows, rows)


def test_a_plans_rules_are_counted_rule_by_rule() -> None:
    team = parse_scenario({"name": "t", **TEAM_PLAN})
    assert wk.plan_rules(team) == 3  # commission, team weight, team pool
    doc = {**PRIVATE_PLAN, "scorecard": [{"kpi": "revenue", "weight": 100, "target": 25000}],
           "deductions": {"qa_below": {"line": 70, "amount": 300}}}  # fmt: skip
    assert wk.plan_rules(parse_scenario({"name": "p", **doc})) == 3  # KPI, commission, deduction
    # a richer plan costs more per row, so takes longer at the same size
    fast = wk.work(1000, 12, 20, "team", 1, 1, 1, 4, 64, rules=3)
    slow = wk.work(1000, 12, 20, "team", 1, 1, 1, 4, 64, rules=9)
    assert slow.rows == fast.rows and slow.seconds > fast.seconds


def test_the_estimate_takes_milliseconds_at_ten_thousand_agents() -> None:
    """The work is counted, not simulated: cheap before every job (best of three, CPU)."""
    import time

    from perfkit.model.behaviour.pricer import engine_pricer
    from perfkit.model.scale.estimate import for_simulation
    from perfkit.scheme.population import BehaviourSettings

    doc = {"name": "t", "population": {"source": "synthetic", "agents": 10_000, "teams": 500}}
    sc = parse_scenario({**doc, **TEAM_PLAN})
    pop, pricer = synthetic(sc.population), engine_pricer(sc)
    spent = []
    for _ in range(3):
        t = time.process_time()
        est = for_simulation(pop, 12, 20, pricer, BehaviourSettings(), copies=False)
        spent.append(time.process_time() - t)
    assert est.rows > 0 and min(spent) < 0.05
