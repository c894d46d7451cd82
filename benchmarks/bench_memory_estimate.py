"""The pre-run estimate of memory and time against the measured peak and time (prints).

Each case simulates one plan in its own process (one at a time, so the machine's other
work, not this one, is the load) and reports the estimate perfkit prints before the work
(perfkit.model.scale.estimate), the measured peak resident set (VmHWM) and the
process's CPU time (user + system) by phase:

- ``solve``: the floor's best-response solve;
- ``hires``: the applicant pool solved as hires (on a coupled plan a seated solve of the
  floor: perfkit.simulate.seated);
- ``mc``: the Monte Carlo, its pay and reductions (the rest of the simulation);

with the KPI rows the solves priced (states × draws × candidates × cycle periods ×
agents, counted in perfkit.model.behaviour.blocks.price_in_blocks) against the rows the
estimate predicts, and the ratios estimate ÷ measured. The goal: within ±30% on every
floor.

Cases are ``PLAN:AGENTS:RUNS`` with PLAN ``private`` or ``team`` (the plans of
``bench_simulate.py``) or a scenario of ``scenarios/`` or ``benchmarks/scenarios``
(``quarterly`` is ``quarterly_quota_cliff``), on a synthetic floor in teams of 20.
The default grid: 200 / 1,000 / 3,000 agents × private / team / quarterly × 20 / 200
runs, and the issue's team plan (``scale_team``).

Run: ``.venv/bin/python benchmarks/bench_memory_estimate.py [--cases PLAN:AGENTS:RUNS …]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
GRID = [
    f"{plan}:{agents}:{runs}"
    for agents in (200, 1000, 3000)
    for plan in ("private", "team", "quarterly")
    for runs in (20, 200)
]
CASES = (*GRID, "scale_team:1000:20")
ALIASES = {"quarterly": "quarterly_quota_cliff"}


def scenario(name: str, agents: int):
    """The case's plan on a synthetic floor of ``agents`` agents in teams of 20 (0: the
    scenario's own floor, e.g. the bundled export's)."""
    from perfkit.scheme import load_scenario, parse_scenario

    population = {"source": "synthetic", "agents": agents, "teams": max(1, agents // 20), "seed": 7}
    if name in ("private", "team"):
        sys.path.insert(0, str(HERE))
        from bench_simulate import PLANS

        return parse_scenario({"name": f"bench {name}", "population": population, **PLANS[name]})
    name = ALIASES.get(name, name)
    path = HERE / "scenarios" / f"{name}.yaml"
    if not path.exists():
        path = HERE.parent / "scenarios" / f"{name}.yaml"
    if agents == 0:
        return load_scenario(path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["population"] = population
    return parse_scenario(doc)


class Meter:
    """CPU seconds and KPI rows priced by phase (solve, hires, mc)."""

    def __init__(self) -> None:
        self.phase, self.cpu, self.rows, self.by_draws = "mc", {}, {}, {}

    def within(self, phase: str, fn):
        def timed(*args, **kw):
            before, t = self.phase, _cpu()
            self.phase = phase
            try:
                return fn(*args, **kw)
            finally:
                self.cpu[phase] = self.cpu.get(phase, 0.0) + _cpu() - t
                self.phase = before

        return timed

    def counting(self, fn):
        def counted(table, m, window, luck, cands, path, plan):
            L, C, N = cands.effort.shape
            w = window[1] - window[0] + 1
            G = table.G if table.G > 1 and not table.fixed else 1
            n = int(L * w * G * table.K * C * N)
            self.rows[self.phase] = self.rows.get(self.phase, 0) + n
            key = f"{self.phase} K={table.K}"
            self.by_draws[key] = self.by_draws.get(key, 0) + n
            return fn(table, m, window, luck, cands, path, plan)

        return counted


def run_case(case: str, agents_table: bool) -> dict:
    """One case in this process: the estimate, then the measured peak, CPU and rows."""
    import perfkit.simulate as sim_mod
    from perfkit.model.behaviour import blocks
    from perfkit.model.scale import estimate as est_mod
    from perfkit.model.scale.memory import peak_resident

    name, agents, runs = case.split(":")
    seen, meter = [], Meter()
    real = est_mod.check
    sim_mod.check = lambda est, limits=None: seen.append(est) or real(est, limits)
    blocks.price_in_blocks = meter.counting(blocks.price_in_blocks)
    sim_mod.respond_once = meter.within("solve", sim_mod.respond_once)
    own = sim_mod.own_solver
    sim_mod.own_solver = lambda *a, **kw: meter.within("hires", own(*a, **kw))
    sc = scenario(name, int(agents))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pop = floor(sc)  # a calibrated floor is fitted before, not timed
        cpu0, t0 = _cpu(), time.perf_counter()
        sim_mod.simulate(sc, runs=int(runs), seed=1, periods=12, agents_table=agents_table,
                         population=pop)  # fmt: skip
    cpu = _cpu() - cpu0
    est = seen[0]
    return {
        "case": case,
        "peak_gb": peak_resident() / 1024**3,  # VmHWM, not ru_maxrss (see peak_resident)
        "est_gb": est.peak / 1024**3,
        "wall": time.perf_counter() - t0,
        "cpu": cpu,
        "solve": meter.cpu.get("solve", 0.0),
        "hires": meter.cpu.get("hires", 0.0),
        "mc": cpu - meter.cpu.get("solve", 0.0) - meter.cpu.get("hires", 0.0),
        "rows": meter.rows.get("solve", 0),
        "hire_rows": meter.rows.get("hires", 0),
        "est_s": est.seconds,
        "est_rows": int(getattr(est, "rows", 0)),
        "est_hire_rows": int(getattr(est, "hire_rows", 0)),
        "load": os.getloadavg()[0],
        "by_draws": meter.by_draws,
    }


def floor(sc):
    """The scenario's population (a KPI export's calibrated once, before timing)."""
    from perfkit.fit.population_choice import from_scenario
    from perfkit.scheme.population import Simulation

    return from_scenario(sc, sc.simulation or Simulation())


def estimate_of(case: str):
    """The estimate perfkit would print for ``case``, without simulating it."""
    from perfkit.model.behaviour.pricer import engine_pricer, fixed_aggregates
    from perfkit.model.scale.estimate import for_simulation
    from perfkit.scheme.population import Simulation

    name, agents, runs = case.split(":")
    sc = scenario(name, int(agents))
    sim = sc.simulation or Simulation()
    pop = floor(sc)
    pricer = engine_pricer(sc)
    return for_simulation(pop, 12, int(runs), pricer, sim.behaviour, 0,
                          not fixed_aggregates(pricer), sim.attrition.enabled)  # fmt: skip


def against(path: str) -> None:
    """Today's estimates against the measurements in ``path`` (JSON lines of this script),
    without simulating again: the estimate changes, the work measured does not. ``was``:
    the estimate the measured run printed."""
    print("case | est GB (was) | peak GB | ratio (was) | est s (was) | CPU s | ratio (was) | "
          "est M rows | M rows | ratio | ms")  # fmt: skip
    for text in Path(path).read_text(encoding="utf-8").splitlines():
        r = json.loads(text)
        t = time.process_time()
        est = estimate_of(r["case"])
        ms = (time.process_time() - t) * 1e3
        gb, rows, got = (
            est.peak / 1024**3,
            (est.rows + est.hire_rows) / 1e6,
            (r["rows"] + r["hire_rows"]) / 1e6,
        )
        print(f"{r['case']} | {gb:.2f} ({r['est_gb']:.2f}) | {r['peak_gb']:.2f} | "
              f"{gb / r['peak_gb']:.2f} ({r['est_gb'] / r['peak_gb']:.2f}) | "
              f"{est.seconds:.1f} ({r['est_s']:.1f}) | {r['cpu']:.1f} | "
              f"{est.seconds / r['cpu']:.2f} ({r['est_s'] / r['cpu']:.2f}) | {rows:.1f} | {got:.1f} | "
              f"{rows / got:.2f} | {ms:.0f}")  # fmt: skip


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def line(r: dict) -> str:
    """One row of the printed table."""
    rows = f"{r['rows'] / 1e6:.1f}+{r['hire_rows'] / 1e6:.1f}"
    est_rows = f"{r['est_rows'] / 1e6:.1f}+{r['est_hire_rows'] / 1e6:.1f}"
    return (
        f"{r['case']} | {r['est_gb']:.2f} | {r['peak_gb']:.2f} | {r['est_gb'] / r['peak_gb']:.2f} | "
        f"{r['est_s']:.1f} | {r['cpu']:.1f} ({r['solve']:.1f}/{r['hires']:.1f}/{r['mc']:.1f}) | "
        f"{r['est_s'] / r['cpu']:.2f} | {est_rows} | {rows} | {r['load']:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=list(CASES))
    parser.add_argument("--agents-table", action="store_true", help="keep every run's agents")
    parser.add_argument("--json", help="append each case's numbers to this file (JSON lines)")
    parser.add_argument("--against", help="today's estimates against this --json file")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.against:
        against(args.against)
        return
    if args.case:
        print(json.dumps(run_case(args.case, args.agents_table)))
        return
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("case | est GB | peak GB | ratio | est s | CPU s (solve/hires/MC) | ratio | "
          "est M rows (solve+hires) | M rows | load")  # fmt: skip
    for case in args.cases:
        cmd = [sys.executable, __file__, "--case", case]
        cmd += ["--agents-table"] if args.agents_table else []
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{case}: exit {out.returncode}: {out.stderr.strip()[-400:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        if args.json:
            with open(args.json, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(r) + "\n")
        print(line(r), flush=True)


if __name__ == "__main__":
    main()
