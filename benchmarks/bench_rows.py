"""Benchmark the cost of one candidate row: the funnel and the payout engine (prints).

Every candidate row a best-response solve prices goes through the funnel
(``Funnel.kpis``: 17 KPIs a row) and the payout engine (``pay_grid`` →
``priced_rows`` and the rule modules it calls). This prints, for the quarterly cliff
plan and the private and team plans of ``bench_simulate.py``, on 1,000 synthetic agents:

- ns per row of the funnel on a pricing-shaped table (states × draws × candidates ×
  agents, ``whole=False``) and of the engine on runs × 3 months × agents;
- ns per row of the engine's own reference, ``compute_statements`` on a DataFrame of
  the same rows (and the largest difference in total pay: 0 expected);
- the minor page faults of a funnel call (fresh row arrays: most of a row's cost);
- a floor measured in the same process: drawing each row's 14 standard-normal shocks
  (the issue's random-number floor, per row), and each cost as a multiple of it, which
  moves less with the machine's load than the seconds do.

Times are the process's CPU seconds (best of ``--repeat``), so a loaded machine
inflates them less than wall time. Run:
``.venv/bin/python benchmarks/bench_rows.py [--agents 1000] [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from bench_simulate import scenario as bench_scenario

from perfkit.model.behaviour.respond import production_for
from perfkit.model.funnel import SHOCKS, Choice
from perfkit.model.population import synthetic
from perfkit.payout import compute_statements
from perfkit.payout.grid import Layout, pay_grid
from perfkit.scheme import load_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels

QUARTERLY = Path(__file__).resolve().parents[1] / "scenarios" / "quarterly_quota_cliff.yaml"
#: Pricing-table shape of the funnel call: states, draws, candidates (agents last).
STATES, DRAWS, CANDIDATES = 5, 32, 3
#: Runs of the engine table (× 3 months × agents).
RUNS = 160


def best_cpu(fn, repeat: int) -> float:
    """Fewest CPU seconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return min(out)


def funnel_case(agents: int, seed: int = 1):
    """A funnel and the arguments of one pricing-shaped call on ``agents`` agents."""
    pop = synthetic(agents=agents, teams=max(1, agents // 20), seed=seed)
    funnel = production_for(Simulation(), pop)
    rng = np.random.default_rng(seed)
    shape = (STATES, 1, CANDIDATES, agents)
    choice = Choice(rng.uniform(0.6, 1.2, shape), rng.uniform(0.2, 0.6, shape),
                    rng.uniform(0.0, 0.2, shape))  # fmt: skip
    z = rng.standard_normal((len(SHOCKS), 1, DRAWS, 1, agents))
    return pop, funnel, (pop.traits, choice, z, 0.0)


def engine_case(plan: str, pop, funnel, agents: int, seed: int = 1):
    """(scenario, layout, raw KPIs as runs × 3 × agents, the same rows as a DataFrame)."""
    sc = load_scenario(QUARTERLY) if plan == "quarterly" else bench_scenario(agents, plan)
    labels = np.asarray(period_labels(3, None), dtype=object)
    rng = np.random.default_rng(seed)
    choice = Choice(rng.uniform(0.7, 1.1, (RUNS, 3, agents)), np.full(agents, 0.35), 0.0)
    z = rng.standard_normal((len(SHOCKS), RUNS, 3, agents))
    raw = funnel.kpis(pop.traits, choice, z, 0.0, whole=False)
    ids, teams = pd.factorize(pop.agent_id, sort=True), pd.factorize(pop.team, sort=True)
    layout = Layout(ids[0], np.asarray(ids[1]), teams[0], np.asarray(teams[1]), labels)
    frame = pd.DataFrame({
        "agent_id": np.tile(pop.agent_id, RUNS * 3), "team": np.tile(pop.team, RUNS * 3),
        "period": np.tile(np.repeat(labels, agents), RUNS), "run": np.repeat(np.arange(RUNS), 3 * agents),
        **{k: np.asarray(v, dtype=float).ravel() for k, v in raw.items()},
    })  # fmt: skip
    return sc, layout, raw, frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    pop, funnel, call = funnel_case(args.agents)
    n_funnel = funnel.kpis(*call, whole=False)["revenue"].size
    rng = np.random.default_rng(0)
    floor = best_cpu(lambda: rng.standard_normal((len(SHOCKS), n_funnel)), args.repeat * 3)
    floor = floor / n_funnel * 1e9
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t_funnel = best_cpu(lambda: funnel.kpis(*call, whole=False), args.repeat) / n_funnel * 1e9
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / args.repeat
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU seconds, best of {args.repeat}"
    )
    print(f"floor: drawing a row's {len(SHOCKS)} shocks {floor:.1f} ns/row")
    print(
        f"funnel.kpis  {n_funnel:>9,} rows  {t_funnel:7.1f} ns/row  = {t_funnel / floor:5.2f} × floor;"
        f" {faults:,.0f} page faults a call"
    )
    for plan in ("quarterly", "private", "team"):
        sc, layout, raw, frame = engine_case(plan, pop, funnel, args.agents)
        n = len(frame)
        paid = pay_grid(sc, layout, raw, None, None)
        stated = compute_statements(frame, sc)
        gap = float(np.max(np.abs(np.asarray(paid["total_pay"]) - stated["total_pay"].to_numpy())))
        t_grid = best_cpu(lambda: pay_grid(sc, layout, raw, None, None), args.repeat) / n * 1e9  # noqa: B023
        t_ref = best_cpu(lambda: compute_statements(frame, sc), max(2, args.repeat // 2)) / n * 1e9  # noqa: B023
        print(f"engine {plan:9s} {n:>9,} rows  {t_grid:7.1f} ns/row  = {t_grid / floor:5.2f} × floor;"
              f" compute_statements {t_ref:7.1f} ns/row; |Δ total pay| max {gap:.3g}")  # fmt: skip


if __name__ == "__main__":
    main()
