"""Benchmark: one scenario report, and the whole library with --jobs 1 vs --jobs 2.

Targets (issue 5): one report under 60 s; the library with 2 jobs at most 0.6× the
time with 1 job. Prints both figures and the ratio; renders into a temp directory.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from perfkit.apps.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
BASELINE = str(ROOT / "scenarios" / "current_flat_commission.yaml")
DATA = str(ROOT / "data" / "sample_kpis.csv")


def render(out: Path, scenarios: list[str], jobs: int) -> float:
    argv = [
        "render",
        *scenarios,
        "--baseline",
        BASELINE,
        "--data",
        DATA,
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    t0 = time.perf_counter()
    code = main(argv)
    if code != 0:
        sys.exit(f"render failed with exit code {code}")
    return time.perf_counter() - t0


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        one = render(tmp_path / "one", [str(ROOT / "scenarios" / "quality_first.yaml")], 1)
        serial = render(tmp_path / "serial", SCENARIOS, 1)
        parallel = render(tmp_path / "parallel", SCENARIOS, 2)
    n = len(SCENARIOS) + 1
    print(f"one scenario report: {one:.1f} s (target < 60 s)")
    print(
        f"library ({n} reports incl. comparison): --jobs 1 {serial:.1f} s, --jobs 2 {parallel:.1f} s"
    )
    print(f"ratio jobs 2 / jobs 1: {parallel / serial:.2f} (target ≤ 0.60)")


if __name__ == "__main__":
    run()
