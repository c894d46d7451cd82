"""Benchmark: a 50-point sweep of a 500-agent × 12-month × 50-run scenario, serial vs parallel.

Prints both wall times, the speed-up on this machine's cores, and checks the two
tables are identical (same seed → same numbers, in parallel too).
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd

from perfkit.analysis.sweep import sweep
from perfkit.scheme import parse_scenario

SCENARIO = {
    "name": "bench: scorecard + marginal ladder",
    "population": {"source": "synthetic", "agents": 500, "teams": 10, "seed": 3},
    "pay": {
        "base_salary": 3800,
        "performance_pay": {
            "base": 1000,
            "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.7, "D": 0},
        },
    },
    "scorecard": [
        {"kpi": "revenue", "weight": 60, "target": 25000, "cap": 1.5},
        {"kpi": "qa_score", "weight": 20, "target": 85},
        {"kpi": "complaint_rate", "weight": 20, "target": 0.0015},
    ],
    "grades": {"method": "bands", "bands": {"S": 115, "A": 100, "B": 85, "C": 65}},
    "commission": {
        "base": "revenue",
        "mode": "marginal",
        "ladder": [[0, 0.015], [25000, 0.03], [50000, 0.045]],
    },
}


def main() -> None:
    scenario = parse_scenario(SCENARIO, source="bench_sweep")
    values = list(np.round(np.linspace(0.01, 0.06, 50), 5))
    params = [("commission.ladder[1].rate", values)]
    kw = {"runs": 50, "seed": 0, "periods": 12}
    t0 = time.perf_counter()
    serial = sweep(scenario, params, jobs=1, **kw)
    t_serial = time.perf_counter() - t0
    cores = os.cpu_count() or 1
    t0 = time.perf_counter()
    parallel = sweep(scenario, params, jobs=cores, **kw)
    t_parallel = time.perf_counter() - t0
    pd.testing.assert_frame_equal(serial, parallel)
    points = len(values)
    print(f"sweep: {points} points × 500 agents × 12 months × 50 runs")
    print(f"serial:   {t_serial:7.1f} s  ({t_serial / points:.2f} s per point)")
    print(f"parallel: {t_parallel:7.1f} s  on {cores} cores")
    print(f"speed-up: {t_serial / t_parallel:.2f}×  (ideal {cores}×); results identical: yes")


if __name__ == "__main__":
    main()
