"""Benchmark the quarterly quota plan's solve and simulation (prints; asserts nothing).

The bundled quarterly cliff plan (``scenarios/quarterly_quota_cliff.yaml``: a quarter
bonus at 100% and 130% of the quarterly quota, over a 2% commission) on a synthetic
floor of 1,000 agents (teams of 20), 12 months (four quarters), ``--runs`` Monte Carlo
runs. Prints wall and CPU seconds of the whole simulation and of its phases, and the
attainment states the policy was solved on. The machine is shared, so CPU seconds are
the steadier number.

Run: ``.venv/bin/python benchmarks/bench_quarter.py [--agents 1000] [--runs 50]
[--states 0.6,0.8,1,1.2,1.4]`` (``--states``: a fixed list instead of the default, placed
from the plan; ``auto`` names the default).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario
from perfkit.simulate import simulate

PLAN = Path(__file__).resolve().parents[1] / "scenarios" / "quarterly_quota_cliff.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--states", default=None, help="auto, or a list: 0.6,0.8,1,1.2,1.4")
    args = parser.parse_args()
    plan = load_scenario(PLAN)
    floor = synthetic(agents=args.agents, teams=max(1, args.agents // 20), seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        simulate(plan, runs=2, periods=3, population=synthetic(agents=40, teams=2, seed=1))
        wall, cpu = time.perf_counter(), time.process_time()
        listed = args.states not in (None, "auto")
        states = [float(x) for x in args.states.split(",")] if listed else "auto"
        settings = {"behaviour": {"states": states}} if args.states else None
        res = simulate(plan, runs=args.runs, seed=1, population=floor, settings=settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({
        "agents": args.agents, "runs": args.runs, "states": args.states or "auto",
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "phases": {k: round(v, 2) for k, v in res.meta["seconds"].items()},
        "iterations": [int(i) for i in res.meta["iterations"]],
    }))  # fmt: skip


if __name__ == "__main__":
    main()
