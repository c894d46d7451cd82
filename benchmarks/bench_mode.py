"""Benchmark the solver's mode choice (issue 21): prints figures, asserts nothing.

Three symptoms of picking an agent's mode (effort × quality × help) on few draws:

1. **Mode jumps over a capacity scan.** The bundled export taken at face value, every
   agent's capacity scaled by 0.70…1.00 in 1% steps, one month solved under the
   volume-heavy plan: how many agents' volume factor e·(1 − h)·(1 − a) ÷ (1 − a_ref)
   jumps by more than 0.05 between neighbouring steps at least once, and how often.
2. **The convex side of a cliff.** Textbook (y = 100 + e + z, cost e²/2, risk neutral),
   pay 4·1[y ≥ 101] − 0.73·y: theory B·φ(e − 1) = e + 0.73 gives e = 0.85.
3. **The quarter's give-up edge.** The textbook quarter of tests/model/test_quarter_loop.py
   (bonus 6 at 3 × target, σ = 0.5, states auto): whether the solve settles everywhere.

``--cpu``: solve CPU seconds of three library plans (the export's 105 agents at face value,
12 months); ``--scenarios``: mean effort, pay cost and revenue of every bundled scenario
(its own population, 1 run, seed 0), to compare before and after a change of the solver.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_mode.py [--steps 31] [--no-scan]
[--cpu] [--scenarios]``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm

from perfkit.fit.calibration import calibrate
from perfkit.model.behaviour import Pricer
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "data" / "sample_kpis.csv"
QUARTER = ["2025-01", "2025-02", "2025-03"]


def risk_neutral(agents: int):
    traits = {"effort_cost": {"mean": 1.0, "cv": 0}, "risk_aversion": {"mean": 1e-9, "cv": 0}}
    return synthetic(agents=agents, teams=1, seed=1, traits=traits)


def capacity_scan(steps: int) -> None:
    plan = load_scenario(ROOT / "scenarios" / "volume_heavy.yaml")
    pop = calibrate(EXPORT)
    sim = Simulation()
    a_ref = sim.behaviour.reference_quality
    base = pop.traits["capacity"].copy()
    volumes, cpu = [], time.process_time()
    for f in np.linspace(0.70, 1.00, steps):
        pop.traits["capacity"] = base * f
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pol = respond(pop, plan, SolveSpec(sim, ["2025-01"])).policy
        c = pol.center
        e, q, h = pol.effort[0, c], pol.quality[0, c], pol.help[0, c]
        volumes.append(e * (1 - h) * (1 - q) / (1 - a_ref))
    pop.traits["capacity"] = base
    v = np.array(volumes)  # steps × agents
    jumps = np.abs(np.diff(v, axis=0)) > 0.05
    print(f"capacity scan ×0.70–×1.00, {steps} steps, {pop.n} agents "
          f"({time.process_time() - cpu:.1f} s CPU)")  # fmt: skip
    print(f"  agents with a volume jump > 0.05: {int(jumps.any(axis=0).sum())} of {pop.n}")
    print(f"  jumps in all: {int(jumps.sum())}; most by one agent: {int(jumps.sum(0).max())}")
    print(f"  mean volume: {v.mean():.4f}; mean |step| {np.abs(np.diff(v, axis=0)).mean():.4f}")


def convex_side() -> None:
    bonus, q, slope = 4.0, 1.0, 0.73
    theory = brentq(lambda e: bonus * norm.pdf(e - q) - e - slope, 0.0, q)
    sim = Simulation(production="textbook",
                     textbook={"noise_sd": 1.0, "offset": 100.0, "max_effort": 3.0},
                     behaviour={"ce_tolerance": 0.0})  # fmt: skip
    pay = Pricer(lambda k: pd.DataFrame(
        {"total_pay": bonus * (k["revenue"] >= 100 + q) - slope * k["revenue"]}))  # fmt: skip
    for samples in (64, 256):
        s = sim.model_copy(update={"behaviour": sim.behaviour.model_copy(
            update={"refine_samples": samples})})  # fmt: skip
        pol = respond(risk_neutral(6), parse_scenario({"name": "cliff"}),
                      SolveSpec(s, ["2025-01"]), pay=pay).policy  # fmt: skip
        e = pol.effort[0, pol.center]
        print(f"convex side of a cliff (refine_samples {samples}): effort {e.mean():.3f} "
              f"(spread {np.ptp(e):.3f}) vs theory {theory:.3f}")  # fmt: skip


def give_up_edge() -> None:
    bonus, quota = 6.0, 3.0

    def pay(k: pd.DataFrame) -> pd.DataFrame:
        total = k.groupby(["run", "agent_id"], observed=True)["revenue"].transform("sum")
        last = k["period"].astype(str).str.endswith("-03")
        return pd.DataFrame({"total_pay": np.where(last & (total >= quota), bonus, 0.0)})

    sim = Simulation(production="textbook",
                     textbook={"noise_sd": 0.5, "offset": 0.0, "max_effort": 3.0},
                     attrition={"enabled": False},
                     behaviour={"ce_tolerance": 0.0, "states": "auto"})  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pol = respond(risk_neutral(10), parse_scenario({"name": "quarter"}),
                      SolveSpec(sim, QUARTER), pay=Pricer(pay, cycle=3)).policy  # fmt: skip
    print(f"quarter give-up edge: converged by period {pol.converged.tolist()}, "
          f"iterations {pol.iterations.tolist()}, warnings {len(caught)}")  # fmt: skip
    for note in pol.notes:
        print("  note:", note[:160])
    print("  month-3 effort by state:", np.round(pol.effort[2, :, 0], 3).tolist())


def solve_cpu() -> None:
    pop, sim = calibrate(EXPORT), Simulation()
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    for name in ("current_flat_commission", "volume_heavy", "quarterly_quota_cliff"):
        plan = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        cpu, wall = time.process_time(), time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            respond(pop, plan, SolveSpec(sim, months))
        print(f"solve {name}: {time.process_time() - cpu:.1f} s CPU, "
              f"{time.perf_counter() - wall:.1f} s wall")  # fmt: skip


def scenarios() -> None:
    print("| scenario | mean effort | pay cost / agent-month | revenue / agent-month |")
    print("|---|---|---|---|")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = simulate(load_scenario(path), runs=1, seed=0).agents
        print(f"| {path.stem} | {a['effort'].mean():.4f} | {a['total_pay'].mean():,.1f} | "
              f"{a['revenue'].mean():,.1f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=31)
    parser.add_argument("--no-scan", action="store_true")
    parser.add_argument("--cpu", action="store_true")
    parser.add_argument("--scenarios", action="store_true")
    args = parser.parse_args()
    if args.cpu or args.scenarios:
        if args.cpu:
            solve_cpu()
        if args.scenarios:
            scenarios()
        return
    convex_side()
    give_up_edge()
    if not args.no_scan:
        capacity_scan(args.steps)


if __name__ == "__main__":
    main()
