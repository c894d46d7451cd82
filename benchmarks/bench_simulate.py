"""Benchmark the Monte Carlo simulation, behaviour included (prints; asserts nothing).

Cases (each in its own process, so peak memory is its own):

- 200 agents × 12 months × 20 runs      (target < 0.5 s: a live slider in a notebook)
- 1,000 agents × 12 months × 200 runs   (target < 10 s, peak memory < 4 GB)
- 10,000 agents × 12 months × 100 runs  (target < 90 s)

on a synthetic floor (teams of 20) under a scheme with a marginal commission ladder,
a QA deduction and non-cash rewards by score (pay private to each agent). A last case
prices a team plan (team weight, pool), 1,000 agents × 12 months × 200 runs, where
best responses price each agent's deviations against its teammates' fixed aggregates.

Also printed: agent-months per second; the speed-up over a plain per-agent Python
loop of the same model (the same functions called agent by agent and draw by draw,
on a small population); and the ratio to the floor, drawing the funnel's random
numbers once per agent-month-run, in wall-clock seconds and in the process's CPU
seconds (on a loaded machine the CPU ratio is the steadier one); and the Monte Carlo
alone (the same simulation run again with its solve kept: perfkit.simulate.solved)
against the same floor.

Run: ``.venv/bin/python benchmarks/bench_simulate.py [--case NAME]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd

from perfkit.model.behaviour import engine_pricer, solve
from perfkit.model.behaviour.respond import production_for
from perfkit.model.funnel import SHOCKS, Choice
from perfkit.model.population import synthetic
from perfkit.model.scale.memory import peak_resident
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels, simulate
from perfkit.simulate.solved import shared_solves

CASES = {
    "small": (200, 20, "private", 0.5),
    "medium": (1_000, 200, "private", 10.0),
    "large": (10_000, 100, "private", 90.0),
    "team": (1_000, 200, "team", None),
}
PLANS = {
    "private": {
        "pay": {"base_salary": 4000},
        "scorecard": [
            {"kpi": "revenue", "weight": 70, "target": 25000, "cap": "150%"},
            {"kpi": "qa_score", "weight": 30, "target": 85},
        ],
        "commission": {"base": "revenue", "mode": "marginal", "ladder": [[0, 0.02], [30000, 0.04]]},
        "deductions": {"qa_below": {"line": 70, "amount": 300}},
        "non_cash": [
            {
                "reward": "advanced_training",
                "to": {"min_score": 110},
                "value_to_agent": 800,
                "cost": 500,
            }
        ],
    },
    "team": {
        "pay": {"base_salary": 4000},
        "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
        "team": {
            "weight": 0.5,
            "pool": {"per_team_target": 480000, "amount": 8000, "split": "equal"},
        },
    },
}


def scenario(agents: int, plan: str):
    return parse_scenario(
        {
            "name": f"bench {plan}",
            "population": {
                "source": "synthetic",
                "agents": agents,
                "teams": max(1, agents // 20),
                "seed": 1,
            },
            **PLANS[plan],
        }
    )


def run_case(name: str) -> dict:
    agents, runs, plan, _ = CASES[name]
    sc = scenario(agents, plan)
    simulate(scenario(50, plan), runs=2, periods=1)  # warm-up: imports, caches
    with warnings.catch_warnings(), shared_solves():
        warnings.simplefilter("ignore")
        t, cpu = time.perf_counter(), time.process_time()
        res = simulate(sc, runs=runs, seed=1)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        # the Monte Carlo alone: the same simulation again, its solve kept from the first
        mc, mc_cpu = time.perf_counter(), time.process_time()
        simulate(sc, runs=runs, seed=1)
        mc, mc_cpu = time.perf_counter() - mc, time.process_time() - mc_cpu
    floor_cpu = time.process_time()
    floor = draw_floor(agents, runs, 12)
    floor_cpu = time.process_time() - floor_cpu
    return {
        "case": name,
        "agents": agents,
        "runs": runs,
        "plan": plan,
        "seconds": seconds,
        "phases": res.meta["seconds"],
        "iterations": res.meta["iterations"],
        "agent_months_per_s": agents * 12 * runs / seconds,
        "floor_seconds": floor,
        "cpu_seconds": cpu,
        "mc_seconds": mc,
        "mc_cpu_seconds": mc_cpu,
        "floor_cpu_seconds": floor_cpu,
        "peak_rss_gb": peak_resident() / 1024**3,  # VmHWM, not ru_maxrss (see peak_resident)
    }


def draw_floor(agents: int, runs: int, periods: int) -> float:
    """Seconds to draw the funnel's shocks (and the quit draw) once per agent-month-run."""
    t = time.perf_counter()
    for m in range(periods):
        rng = np.random.default_rng(np.random.SeedSequence(1, spawn_key=(3, m)))
        rng.standard_normal((len(SHOCKS), runs, agents))
        rng.random((runs, agents))
    return time.perf_counter() - t


def python_loop(agents: int = 10, runs: int = 10, periods: int = 12) -> float:
    """Agent-months per second of a plain per-agent loop of the same model.

    Best responses are solved agent by agent (a one-agent population each), and each
    agent-month-run draws its shocks and runs the funnel on its own; pay is then
    priced in one engine call (as generous to the loop as it can be).
    """
    sc = scenario(agents, "private")
    sim = Simulation()
    pop = synthetic(sc.population)
    labels = period_labels(periods, None)
    production = production_for(sim, pop)
    pricer = engine_pricer(sc)
    rng = np.random.default_rng(0)
    rows = []
    t = time.perf_counter()
    for i in range(pop.n):
        one = type(pop)(pop.agent_id[[i]], pop.team[[i]], {k: v[[i]] for k, v in pop.traits.items()},
                        pop.rates, pop.spec)  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            policy = solve(
                one, production, pricer, sim.behaviour, labels, seed=0, mentoring=sim.mentoring
            )
        for r in range(runs):
            for m in range(periods):
                traits = {k: v[0] for k, v in one.traits.items()}
                traits["skill"] = (
                    traits["skill"] * one.learning(np.array([traits["tenure"] + m]))[0]
                )
                c = Choice(
                    policy.effort[m, policy.center, 0], policy.quality[m, policy.center, 0], 0.0
                )
                z = rng.standard_normal(len(SHOCKS))
                k = production.kpis(traits, c, z)
                rows.append({"agent_id": one.agent_id[0], "team": one.team[0], "period": labels[m],
                             "run": r, **{key: float(v) for key, v in k.items()}})  # fmt: skip
    pricer(pd.DataFrame(rows))
    return agents * periods * runs / (time.perf_counter() - t)


def report(r: dict, target: float | None) -> None:
    verdict = (
        ""
        if target is None
        else f" (target < {target:.1f} s: {'met' if r['seconds'] < target else 'MISSED'})"
    )
    print(
        f"== {r['case']}: {r['agents']:,} agents × 12 months × {r['runs']} runs, {r['plan']} plan"
    )
    print(
        f"   time {r['seconds']:.2f} s{verdict}; phases {json.dumps({k: round(v, 2) for k, v in r['phases'].items()})}"
    )
    print(f"   best-response iterations per month {r['iterations']}")
    print(
        f"   {r['agent_months_per_s']:,.0f} agent-months/s; peak memory (VmHWM) {r['peak_rss_gb']:.2f} GB"
    )
    print(
        f"   floor (drawing the shocks) {r['floor_seconds']:.2f} s → {r['seconds'] / r['floor_seconds']:.1f}× the floor"
    )
    print(
        f"   CPU (one process, whatever the load) {r['cpu_seconds']:.2f} s, floor "
        f"{r['floor_cpu_seconds']:.2f} s → {r['cpu_seconds'] / r['floor_cpu_seconds']:.1f}× the floor"
    )
    print(
        f"   Monte Carlo alone (solve kept): {r['mc_seconds']:.2f} s → "
        f"{r['mc_seconds'] / r['floor_seconds']:.1f}× the floor; CPU {r['mc_cpu_seconds']:.2f} s → "
        f"{r['mc_cpu_seconds'] / r['floor_cpu_seconds']:.1f}× the floor"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=[*CASES, "loop"])
    args = parser.parse_args()
    if args.case == "loop":
        print(json.dumps({"loop_agent_months_per_s": python_loop()}))
        return
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    results = {}
    for name in CASES:
        out = subprocess.run(
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True
        )
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
        report(results[name], CASES[name][3])
    out = subprocess.run(
        [sys.executable, __file__, "--case", "loop"], capture_output=True, text=True, check=True
    )
    loop = json.loads(out.stdout.strip().splitlines()[-1])["loop_agent_months_per_s"]
    fast = results["medium"]["agent_months_per_s"]
    print(f"== plain per-agent Python loop of the same model: {loop:,.0f} agent-months/s")
    print(f"   vectorised (1,000 agents) is {fast / loop:,.0f}× faster (target ≥ 50×)")


if __name__ == "__main__":
    main()
