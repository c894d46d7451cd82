"""Benchmark: one designer refresh for every library plan, in seconds.

A refresh is what moving a control costs (perfkit.apps.designer.PlanDesigner.refresh):
the controls read into a scenario, the design simulated on the designer's team with the
fast settings, the headline set against the starting plan (simulated once, at the first
refresh, and not counted). Measured on the default team, 200 agents × 12 months × 20
runs, for every scenario in scenarios/, as the best of ``--repeats`` refreshes: CPU
seconds (the work; a shared machine stretches the wall clock, not the work) and wall
seconds, split into the solve and the rest (the Monte Carlo, its pay and the summary).
The chart a slider redraws is timed on its own (``figure``). Target (issue 20, item 3):
a refresh under 0.3 s for every plan, the quarterly plan included.

    python benchmarks/bench_designer.py [--repeats 3] [SCENARIO ...]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt

from perfkit.apps.designer import PlanDesigner

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.3


def best_refresh(designer: PlanDesigner, repeats: int) -> dict[str, float]:
    """The fastest of ``repeats`` refreshes: CPU and wall seconds, and the solve's share."""
    best: dict[str, float] = {}
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        preview = designer.refresh()
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        if not best or cpu < best["cpu"]:
            best = {
                "cpu": cpu,
                "wall": wall,
                "solve": getattr(preview, "solve_seconds", float("nan")),
            }
    return best


def figure_seconds(designer: PlanDesigner) -> float:
    """Wall seconds to draw the preview's four charts (what the widget shows after a refresh)."""
    started = time.perf_counter()
    plt.close(designer.figure())
    return time.perf_counter() - started


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    paths = [p.resolve() for p in args.scenarios] or sorted((ROOT / "scenarios").glob("*.yaml"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"200 agents × 12 months × 20 runs; best of {args.repeats}")  # fmt: skip
    print(f"{'plan':26} {'CPU s':>7} {'wall s':>7} {'solve s':>8} {'first s':>8} "
          f"{'figure s':>9}  < {TARGET} s")  # fmt: skip
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            designer = PlanDesigner(path)
            designer.refresh()  # the starting plan and the first design
            first = time.perf_counter() - started
            best = best_refresh(designer, args.repeats)
            fig = figure_seconds(designer)
        ok = "yes" if best["cpu"] < TARGET else "no"
        print(f"{path.stem:26} {best['cpu']:7.2f} {best['wall']:7.2f} {best['solve']:8.2f} "
              f"{first:8.2f} {fig:9.2f}  {ok}", flush=True)  # fmt: skip


if __name__ == "__main__":
    run()
