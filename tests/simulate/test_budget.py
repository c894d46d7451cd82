"""The Monte Carlo within its memory budget (perfkit.simulate.stream.room_rows).

What must hold: the deal timing's pay curves, priced in chunks of grid points cut to the
room the budget leaves, are the same bytes as in one piece (each grid point is a run of
its own, so a coupled plan's teams stay whole within it); so are a solve's pricing blocks
cut to the room left beside the resident set; and a floor simulated under a small budget
peaks within it (a child process's VmHWM).
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import perfkit.simulate as simulate_mod
from perfkit.model.behaviour import blocks as blocks_mod
from perfkit.model.scale import limits as limits_mod
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.simulate import simulate
from perfkit.simulate import stream as stream_mod
from perfkit.simulate import timing as timing_mod
from tests.conftest import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
TEAM = {"name": "team pool", "population": {"source": "synthetic", "agents": 40, "teams": 4,
                                            "seed": 2},
        "pay": {"base_salary": 4000},
        "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
        "team": {"weight": 0.5, "pool": {"per_team_target": 90000, "amount": 3000,
                                         "split": "by_revenue"}}}  # fmt: skip


def _simulated(scenario, monkeypatch, chunks: list[tuple[int, int]] | None):
    """Simulate with fresh pay curves; ``chunks``: cut every chunk to one run or grid point
    and record the curves' chunks."""
    timing_mod._LAST_CURVES.clear()
    with warnings.catch_warnings(), monkeypatch.context() as mp:
        warnings.simplefilter("ignore")
        if chunks is not None:
            real = stream_mod.chunk_runs
            mp.setattr(stream_mod, "CHUNK_ROWS", 1)
            mp.setattr(simulate_mod, "chunk_runs", lambda *a: chunks.extend(real(*a)) or real(*a))
        return simulate(scenario, runs=3, seed=5, periods=4, settings={"timing": {"share": 0.2}})


@pytest.mark.parametrize("scenario", [load_scenario(SCENARIOS / "whole_amount_ladder.yaml"),
                                      parse_scenario(TEAM)], ids=["ladder", "team pool"])  # fmt: skip
def test_pay_curves_priced_a_grid_point_at_a_time_change_no_number(scenario, monkeypatch):
    whole = _simulated(scenario, monkeypatch, None)
    chunks: list[tuple[int, int]] = []
    cut = _simulated(scenario, monkeypatch, chunks)
    assert len(chunks) >= timing_mod.GRID.size and all(g1 - g0 == 1 for g0, g1 in chunks)
    assert whole.meta["deal_timing"] == cut.meta["deal_timing"]
    assert whole.meta["deal_timing"]["pulled"] + whole.meta["deal_timing"]["held"] > 0
    pd.testing.assert_frame_equal(whole.runs, cut.runs, check_exact=True)
    pd.testing.assert_frame_equal(whole.agents, cut.agents, check_exact=True)


def test_solve_blocks_cut_to_the_room_left_change_no_number(monkeypatch):
    """The team plan solved with no room left (every pricing call cut into blocks of the
    least size, made small here) gives the same bytes as solved in one piece."""
    scenario = parse_scenario(TEAM)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = simulate(scenario, runs=2, seed=5, periods=3)
        cuts, real = [], blocks_mod.plan_blocks
        with monkeypatch.context() as mp:
            mp.setattr(limits_mod, "MIN_BLOCK_ROWS", 500)
            mp.setattr(limits_mod, "resident", lambda: limits_mod.current().memory)  # full
            mp.setattr(limits_mod, "freed_bytes", lambda: 0)  # none of it free to reuse
            mp.setattr(blocks_mod, "plan_blocks", lambda *a: cuts.append(real(*a)) or cuts[-1])
            cut = simulate(scenario, runs=2, seed=5, periods=3)
    assert max(len(c) for c in cuts) > 1  # the calls were cut
    pd.testing.assert_frame_equal(whole.runs, cut.runs, check_exact=True)
    pd.testing.assert_frame_equal(whole.agents, cut.agents, check_exact=True)


CHILD = """
import json, sys, warnings
sys.path[:0] = ["benchmarks"]
from bench_scale import scenario
from perfkit.model.scale.limits import use
from perfkit.simulate import simulate
with warnings.catch_warnings(), use(memory=sys.argv[1]):
    warnings.simplefilter("ignore")
    simulate(scenario(int(sys.argv[2])), runs=int(sys.argv[3]), seed=1, periods=12,
             agents_table=False)
# VmHWM: this process's own high-water mark. ru_maxrss would not do: Linux carries the
# parent's peak across exec, and a pytest worker that spawns this child may hold more.
from perfkit.model.scale.memory import peak_resident
print(json.dumps(peak_resident()))
"""


@pytest.mark.slow
def test_a_3000_agent_floor_peaks_within_a_small_budget():
    """bench_scale's team plan, 3,000 agents × 12 × 30 runs under 600 MB (measured 7 December
    2026: 516 MB; 533 MB before the pay chunks and curves were cut to the room left)."""
    budget = 600 * 1024**2
    out = subprocess.run([sys.executable, "-c", CHILD, str(budget), "3000", "30"], cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=900)  # fmt: skip
    peak = json.loads(out.stdout.strip().splitlines()[-1])
    assert peak <= budget, f"peak {peak / 1024**2:.0f} MB over the 600 MB budget"
