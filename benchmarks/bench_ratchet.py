"""Benchmark an anticipated ratchet's solve against the myopic one (prints; asserts nothing).

A synthetic funnel floor of ``--agents`` agents (teams of 20), 12 months, a scorecard
and a ¥2,000 bonus at each agent's history target, ratcheted quarterly by half
(``anticipated`` false, then true: perfkit.model.behaviour.ratchet). Prints CPU and
wall seconds of each solve (after a warm-up solve) and the mean effort per quarter.
The machine is shared, so CPU seconds are the steadier number.

Run: ``.venv/bin/python benchmarks/bench_ratchet.py [--agents 60]``.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def plan(anticipated: bool):
    """The ratcheted plan, its agents anticipating the ratchet or not."""
    ratchet = {"every": "quarter", "share": 0.5, "anticipated": anticipated}
    target = {"split": "history", "stretch": 1.0, "ratchet": ratchet}
    return parse_scenario({
        "name": "ratcheted quota", "pay": {"base_salary": 3000},
        "scorecard": [{"kpi": "revenue", "weight": 100, "target": target}],
        "bonuses": [{"type": "attainment", "kpi": "revenue", "target": target, "at": 1.0,
                     "amount": 2000}],
    })  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=60)
    args = parser.parse_args()
    floor = synthetic(agents=args.agents, teams=max(1, args.agents // 20), seed=1)
    spec = SolveSpec(Simulation(), MONTHS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        respond(floor, plan(False), spec)  # warm-up: imports and first-call costs
        for anticipated in (False, True):
            wall, cpu = time.perf_counter(), time.process_time()
            policy = respond(floor, plan(anticipated), spec).policy
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            effort = policy.effort[:, policy.center].mean(axis=1)
            print(json.dumps({
                "agents": args.agents, "anticipated": anticipated,
                "cpu_seconds": round(cpu, 2), "seconds": round(wall, 2),
                "effort_by_quarter": [round(float(effort[q:q + 3].mean()), 3)
                                      for q in range(0, 12, 3)],
            }))  # fmt: skip


if __name__ == "__main__":
    main()
