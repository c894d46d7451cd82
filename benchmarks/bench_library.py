"""Benchmark: where `make report`'s simulation time goes, plan by plan.

`perfkit render` prepares a batch before any report starts (perfkit.pages.report.prepare):
every simulation its reports run is one task. This lists those tasks per plan (the plan's
own simulation, its sensitivity sweep's points, its ends for what decides the verdict)
and times each plan's own simulation on the bundled floor (the population calibrated
from data/sample_kpis.csv, 105 agents; 30 runs × 12 months, as `make report`), in CPU
seconds of this process (the work; on a shared machine the wall clock is longer by the
load) with the wall-clock split between the agents' solve and the rest (the Monte Carlo,
its pay, deal timing and the summary). A plan's other tasks solve again at other
settings (4 sweep points, 2 effort-cost ends: 7 solves a plan), so the solve's CPU × 7
is the plan's share of the batch.

    python benchmarks/bench_library.py [NAME ...]   # NAME: part of a scenario's file name
"""

from __future__ import annotations

import argparse
import collections
import os
import time
import warnings
from pathlib import Path

from bench_report import BASELINE, DATA, jobs

from perfkit.core import cache
from perfkit.files.data import load_kpis
from perfkit.fit.population_choice import choose_population
from perfkit.pages.report.prepare import tasks_for
from perfkit.scheme import load_scenario
from perfkit.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "agg")
    scenarios = sorted((ROOT / "scenarios").glob("*.yaml"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with cache.shared(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kpis = load_kpis(str(DATA), fill={}, drop_incomplete=False)
        kpis.attrs["source"] = str(DATA)  # as the command names it
        others = [p for p in scenarios if p != BASELINE]
        choose_population([load_scenario(p) for p in [BASELINE, *others]], data=kpis)
        started = time.perf_counter()
        tasks = tasks_for(jobs(scenarios, Path("/tmp/perfkit-bench-library"), 30, 12))
        print(f"{len(tasks)} tasks made in {time.perf_counter() - started:.1f} s")
        kinds = collections.Counter((t.plan, t.call.__name__) for t in tasks)
        print(f"{'plan':42} {'sweep':>5} {'ends':>4} {'CPU s':>6} {'solve':>6} {'rest':>6}")
        for task in (t for t in tasks if t.first):
            if args.names and not any(n in task.args[0]["scenario"].source for n in args.names):
                continue
            c0 = time.process_time()
            result = simulate(**task.args[0])
            cpu = time.process_time() - c0
            wall = result.meta["seconds"]
            print(f"{task.plan[:42]:42} {kinds[task.plan, 'simulate_point']:5} "
                  f"{kinds[task.plan, '_end']:4} {cpu:6.1f} {wall['solve']:6.1f} "
                  f"{wall['total'] - wall['solve']:6.1f}", flush=True)  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f}; solve and rest: wall seconds")


if __name__ == "__main__":
    run()
