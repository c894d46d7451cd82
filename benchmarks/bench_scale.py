"""Benchmark the largest floors: time, peak memory and time per agent-month-run (prints).

The plan is issue 13's team-coupled scheme (benchmarks/scenarios/scale_team.yaml:
base + grade-based performance pay, four scorecard KPIs, a marginal ladder on
collected cash, team weight 0.3 and a team pool split by score, teams of 20), on
synthetic floors of 1,000 / 3,000 / 10,000 / 30,000 agents × 12 months × 20 runs,
under a memory budget (``--memory``, default 8GB), streamed: every run's metrics, no agents
table (perfkit.simulate.stream), as the ``simulate`` command runs a large floor.

Each case runs in its own process, so its peak memory is its own: the peak resident
set (VmHWM in the child: perfkit.model.scale.memory.peak_resident; not ``ru_maxrss``,
which Linux carries over from the spawning process; tracemalloc would slow the run
several-fold). Time is given as wall-clock and as the child's CPU time
(user + system): on a shared machine the CPU time is the fairer measure of the work.
The table ends with each case's ratio to the 1,000-agent case per agent-month-run
(the goal: within 2× at 30,000) and whether it stayed within the budget.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--agents 1000 3000 10000] [--memory 8GB]``;
``--profile 3000`` writes the top entries of a cProfile of that case to
``benchmarks/profile_scale.txt``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PLAN = HERE / "scenarios" / "scale_team.yaml"
AGENTS = (1_000, 3_000, 10_000, 30_000)
MONTHS, RUNS = 12, 20


def scenario(agents: int):
    from perfkit.scheme import parse_scenario

    doc = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    doc["population"] = {"source": "synthetic", "agents": agents, "teams": max(1, agents // 20),
                         "seed": 7}  # fmt: skip
    return parse_scenario(doc)


def run_case(agents: int, runs: int, memory: str, profile: Path | None = None) -> dict:
    """One case in this process (the parent starts one child per case)."""
    from perfkit.model.scale.limits import use
    from perfkit.model.scale.memory import peak_resident
    from perfkit.simulate import simulate

    sc = scenario(agents)
    prof = cProfile.Profile() if profile else None
    cpu0 = cpu_seconds()
    t = time.perf_counter()
    with warnings.catch_warnings(), use(memory=memory):
        warnings.simplefilter("ignore")
        if prof:
            prof.enable()
        res = simulate(sc, runs=runs, seed=1, periods=MONTHS, progress=False, agents_table=False)
        if prof:
            prof.disable()
    seconds, cpu = time.perf_counter() - t, cpu_seconds() - cpu0
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(30)
        head = (f"# cProfile of bench_scale.py: {agents:,} agents × {MONTHS} months × {runs} runs, "
                f"--memory {memory}; {seconds:.0f} s wall, {cpu:.0f} s CPU; sorted by own time\n")  # fmt: skip
        profile.write_text(head + out.getvalue(), encoding="utf-8")
    return {
        "agents": agents,
        "runs": runs,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "phases": res.meta["seconds"],
        "iterations": res.meta["iterations"],
        "peak_gb": peak_resident() / 1024**3,
    }


def cpu_seconds() -> float:
    """This process's CPU time so far (user + system)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def table(results: list[dict], memory: str) -> str:
    """The printed table, with each case's ratio to the first (1,000-agent) case."""
    base = results[0]
    per = lambda r, k: r[k] / (r["agents"] * MONTHS * r["runs"]) * 1e6  # noqa: E731 - µs per agent-month-run
    lines = [
        f"agents × {MONTHS} months × runs | wall s | CPU s | peak GB (budget {memory}) | "
        "µs CPU / agent-month-run | ratio to 1k (CPU) | ratio to 1k (wall)",
        "---|---|---|---|---|---|---",
    ]
    for r in results:
        lines.append(
            f"{r['agents']:,} × {MONTHS} × {r['runs']} | {r['seconds']:.0f} | {r['cpu_seconds']:.0f} | "
            f"{r['peak_gb']:.2f} | {per(r, 'cpu_seconds'):.0f} | "
            f"{per(r, 'cpu_seconds') / per(base, 'cpu_seconds'):.2f}× | "
            f"{per(r, 'seconds') / per(base, 'seconds'):.2f}×"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, nargs="+", default=list(AGENTS))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--memory", default="8GB")
    parser.add_argument("--case", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, metavar="AGENTS")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.runs, args.memory)))
        return
    if args.profile:
        run_case(args.profile, args.runs, args.memory, HERE / "profile_scale.txt")
        print(f"wrote {HERE / 'profile_scale.txt'}")
        return
    results = []
    for n in args.agents:
        cmd = [sys.executable, __file__, "--case", str(n), "--runs", str(args.runs),
               "--memory", args.memory]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{n:,} agents: exit {out.returncode}: {out.stderr.strip()[-400:]}")
            continue
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    if results:
        print(table(results, args.memory))


if __name__ == "__main__":
    main()
