"""Benchmark: CPU and wall time of every report of a render batch, against a bare kernel.

Renders the reports ``perfkit render`` would (a briefing per scenario, then their
comparison) one after another in one shared batch cache (perfkit.core.cache), and prints
per report its CPU time (user + system, this process and the kernel it started) and
wall time, and both as a ratio to the reference measured in the same run: starting a
bare ``perfkit`` kernel, running ``pass`` and stopping it. CPU time is what to compare
on a loaded machine; wall time is what a consultant waits. Target (issue 20 item 7):
no report over 20 s, the library within 60 s on 2 cores.

The batch is prepared first as ``perfkit render`` does (every report's simulations on
``--jobs`` processes, perfkit.pages.report.prepare; ``--no-prepare``: each report
simulates its own, as before), so the reports' rows are then reading, plotting and
writing. The preparation's tasks are summed by kind (each plan's own simulation, the
sweeps' points, the ends and base runs of what decides the verdict) and by plan, in CPU
seconds of the worker that ran each, split into the floor's solve, the hires' solve and the
rest (the Monte Carlo, a calibration), with how many solves each made and read from the
batch's cache and how many were made twice (``--tasks``: every task, in the order started,
with its start in wall seconds; ``--prepare-only``: no report rendered). The reports run
one after another in one kept kernel, as ``perfkit render`` runs them on each of its threads
(perfkit.pages.report.kernels; ``--fresh-kernels``: a new kernel per report, as before);
a kept kernel's CPU is read from its process while it runs.

    python benchmarks/bench_report.py [--runs 30] [--periods 12] [--jobs 2] [--tasks]
                                      [--prepare-only] [--fresh-kernels] [SCENARIO ...]
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import psutil

from perfkit.core import cache
from perfkit.files.data import load_kpis
from perfkit.fit.population_choice import choose_population
from perfkit.pages.report.batch import RenderJob, render_one
from perfkit.pages.report.execute import ReportKernelManager
from perfkit.pages.report.kernels import Kernels, kept
from perfkit.pages.report.prepare import Prepared, prepare
from perfkit.scheme import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "current_flat_commission.yaml"
DATA = ROOT / "data" / "sample_kpis.csv"
NOTEBOOKS = ROOT / "notebooks"


def cpu_seconds(kernels: Kernels | None = None) -> float:
    """User + system time of this process, its finished children (kernels, workers) and
    the ``kernels`` still running."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    live = 0.0
    for kernel in kernels.all if kernels is not None else []:
        pid = getattr(getattr(kernel.km, "provisioner", None), "pid", None)
        try:
            times = psutil.Process(pid).cpu_times() if pid else None
        except psutil.NoSuchProcess:
            times = None
        live += times.user + times.system if times else 0.0
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + live


def measured(step: Callable[[], object], kernels: Kernels | None = None) -> tuple[float, float]:
    """CPU and wall seconds of ``step()``."""
    c0, w0 = cpu_seconds(kernels), time.perf_counter()
    step()
    return cpu_seconds(kernels) - c0, time.perf_counter() - w0


def breakdown(done: Prepared, every: bool) -> None:
    """The preparation's CPU seconds by kind of task and by plan, split into the floor's
    solve, the hires' solve and the rest (``every``: each task, in the order started), and
    how often each solve was made and read."""
    table = done.table()
    if every:
        print(table.to_string(index=False, float_format="{:.1f}".format))
    table["kind"] = table["what"].str.split(" ").str[0]
    columns = ["cpu", "solve", "hires", "rest", "made", "read"]
    for by in ("kind", "plan"):
        sums = table.groupby(by, sort=False)[columns].sum()
        sums.insert(0, "tasks", table.groupby(by, sort=False).size())
        print(sums.to_string(float_format="{:.1f}".format))
    made = collections.Counter((k, key) for t in done.timed for k, key, _, r in t.solved if not r)
    twice = sum(n - 1 for n in made.values() if n > 1)
    print(f"solves made {sum(made.values())} ({len(made)} distinct, {twice} made again), "
          f"read {int(table['read'].sum())}; prepare wall {done.seconds:.1f} s, "
          f"CPU {table['cpu'].sum():.1f} s in {done.tasks} tasks")  # fmt: skip


def bare_kernel() -> None:
    """Start the ``perfkit`` kernel, run ``pass``, stop it: a report's fixed cost."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="perfkit", stderr=subprocess.DEVNULL)
    try:
        client.execute_interactive("pass", timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


def jobs(scenarios: list[Path], out: Path, runs: int, periods: int) -> list[RenderJob]:
    """The jobs of ``perfkit render SCENARIOS --baseline … --data …`` (perfkit.apps.cli.report)."""
    common = {"baseline": str(BASELINE), "data": str(DATA), "runs": runs, "seed": 0,
              "periods": periods, "lang": "en", "fill": {}, "drop_incomplete": False}  # fmt: skip
    briefings = [
        RenderJob(
            NOTEBOOKS / "scenario_report.py",
            {**common, "scenario": str(p), "out_dir": str(out / "data" / p.stem)},
            out / f"{p.stem}.html",
        )
        for p in scenarios
    ]
    names = [str(BASELINE)] + [str(p) for p in scenarios if p != BASELINE]
    comparison = RenderJob(
        NOTEBOOKS / "plan_comparison.py",
        {**common, "scenarios": names, "out_dir": str(out / "data" / "comparison")},
        out / "comparison.html",
    )
    return [*briefings, comparison] if len(scenarios) > 1 else briefings


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2, help="processes that prepare the batch")
    parser.add_argument("--no-prepare", action="store_true")
    parser.add_argument("--tasks", action="store_true", help="every task's CPU time")
    parser.add_argument("--prepare-only", action="store_true", help="no report rendered")
    parser.add_argument("--fresh-kernels", action="store_true", help="a new kernel per report")
    args = parser.parse_args()
    scenarios = [p.resolve() for p in args.scenarios] or sorted((ROOT / "scenarios").glob("*.yaml"))
    os.environ.setdefault("MPLBACKEND", "agg")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ref_cpu, ref_wall = measured(bare_kernel)
    print(f"reference, bare kernel start and stop: CPU {ref_cpu:.2f} s, wall {ref_wall:.2f} s")
    rows, total = [], (0.0, 0.0)
    kernels = nullcontext(None) if args.fresh_kernels else kept(ReportKernelManager)
    with tempfile.TemporaryDirectory() as tmp, cache.shared(), kernels as kernels:
        kpis = load_kpis(str(DATA), fill={}, drop_incomplete=False)  # as the notebooks

        def calibrate() -> None:  # as the command does before the first kernel starts
            choose_population([load_scenario(BASELINE)], data=kpis)

        rows.append(("(batch) calibration", *measured(calibrate)))
        batch = jobs(scenarios, Path(tmp), args.runs, args.periods)
        if not args.no_prepare:
            done: list[Prepared] = []
            rows.append((f"(batch) prepare, {args.jobs} proc.",
                         *measured(lambda: done.append(prepare(batch, args.jobs, False)))))  # fmt: skip
            print(f"prepare: {done[0].tasks} tasks, load average {os.getloadavg()[0]:.1f}")
            breakdown(done[0], args.tasks)
        for job in [] if args.prepare_only else batch:
            outcome: list = []
            cpu, wall = measured(
                lambda job=job, into=outcome: into.append(render_one(job, kernels)), kernels
            )
            rows.append((job.name + ("" if outcome[0].ok else " FAILED"), cpu, wall))
    for name, cpu, wall in rows:
        total = (total[0] + cpu, total[1] + wall)
        print(f"{name:28} CPU {cpu:6.1f} s ({cpu / ref_cpu:5.1f}× ref)  "
              f"wall {wall:6.1f} s ({wall / ref_wall:5.1f}× ref)")  # fmt: skip
    print(f"{'all, one at a time':28} CPU {total[0]:6.1f} s  wall {total[1]:6.1f} s "
          f"(2 cores ideal: {total[0] / 2:.1f} s); load average {os.getloadavg()[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    run()
