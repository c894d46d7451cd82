"""The pre-run estimate of memory and time against the measured peak and time (prints).

Each case simulates one plan in its own process and reports the estimate perfkit prints
before the work (perfkit.model.scale.estimate), the measured peak resident set
(``ru_maxrss``), and the wall-clock and CPU time (user + system) of the simulation,
with the ratios estimate ÷ measured. The goal: within ±30% on every floor.

Run: ``.venv/bin/python benchmarks/bench_memory_estimate.py [--cases NAME:AGENTS:RUNS …]``
with NAME a scenario of ``scenarios/`` (``scale_team``: benchmarks/scenarios).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES = ("mature_individual:40:20", "mature_individual:1000:20", "scale_team:200:50",
         "scale_team:1000:20", "forced_distribution:300:20", "quarterly_quota_cliff:300:20")  # fmt: skip


def scenario(name: str, agents: int):
    from perfkit.scheme import parse_scenario

    path = HERE / "scenarios" / f"{name}.yaml"
    if not path.exists():
        path = HERE.parent / "scenarios" / f"{name}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["population"] = {"source": "synthetic", "agents": agents,
                         "teams": max(1, agents // 20), "seed": 7}  # fmt: skip
    return parse_scenario(doc)


def run_case(case: str, agents_table: bool) -> dict:
    """One case in this process: the estimate, then the measured peak and time."""
    from perfkit.model.scale import estimate as est_mod
    from perfkit.simulate import simulate

    name, agents, runs = case.split(":")
    seen = []
    real = est_mod.check
    est_mod.check = lambda est, limits=None: seen.append(est) or real(est, limits)
    import perfkit.simulate as sim_mod

    sim_mod.check = est_mod.check
    sc = scenario(name, int(agents))
    cpu0, t0 = _cpu(), time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        simulate(sc, runs=int(runs), seed=1, periods=12, agents_table=agents_table)
    est = seen[0]
    return {
        "case": case,
        "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
        "est_gb": est.peak / 1024**3,
        "wall": time.perf_counter() - t0,
        "cpu": _cpu() - cpu0,
        "est_s": est.seconds,
    }


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=list(CASES))
    parser.add_argument("--agents-table", action="store_true", help="keep every run's agents")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.agents_table)))
        return
    print(f"load average {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    print("case | est GB | peak GB | ratio | est s | CPU s | wall s | ratio to CPU")
    for case in args.cases:
        cmd = [sys.executable, __file__, "--case", case]
        cmd += ["--agents-table"] if args.agents_table else []
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{case}: exit {out.returncode}: {out.stderr.strip()[-400:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['case']} | {r['est_gb']:.2f} | {r['peak_gb']:.2f} | "
              f"{r['est_gb'] / r['peak_gb']:.2f} | {r['est_s']:.1f} | {r['cpu']:.1f} | "
              f"{r['wall']:.1f} | {r['est_s'] / r['cpu']:.2f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
