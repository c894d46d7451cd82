"""Pay chunks and solve blocks cut to the room the budget leaves (Limits.room_rows, solve_rows).

What must hold: a chunk planned for a budget, with a given amount already resident and a
given run size, keeps its predicted working set (rows × CHUNK_BYTES_PER_ROW) within the
budget whenever one run fits; a run that cannot fit is priced alone (never less); the
estimate counts the same chunk and refuses a job in which even one-run chunks cannot fit,
before any work. A solve's pricing blocks take a share of the room beside what is
resident, not a fixed quarter of the budget as if nothing else were held.
"""

from __future__ import annotations

import pytest

from perfkit.core.errors import TooLargeError
from perfkit.model.scale import estimate as est_mod
from perfkit.model.scale import limits as limits_mod
from perfkit.model.scale.limits import (
    BLOCK_SHARE,
    BYTES_PER_PRICING_ROW,
    CHUNK_BYTES_PER_ROW,
    MIN_BLOCK_ROWS,
    ROOM_SHARE,
    Limits,
)
from perfkit.simulate.stream import CHUNK_ROWS, chunk_runs

GB = 1024**3


@pytest.mark.parametrize(
    ("memory", "held", "agents", "runs"),
    [(0.8 * GB, 0.6 * GB, 10_000, 20), (0.6 * GB, 0.35 * GB, 5_000, 20),
     (8 * GB, 5.6 * GB, 100_000, 20), (8 * GB, 1 * GB, 1_000, 500), (16 * GB, 9 * GB, 3_000, 200)],
)  # fmt: skip
def test_a_chunk_plan_keeps_its_working_set_within_the_budget(memory, held, agents, runs):
    limits, per_run = Limits(int(memory)), agents * 12
    chunks = chunk_runs(runs, per_run, limits.room_rows(int(held)))
    assert [r for chunk in chunks for r in range(*chunk)] == list(range(runs))  # each run once
    biggest = max(r1 - r0 for r0, r1 in chunks) * per_run
    assert biggest <= CHUNK_ROWS
    assert held + biggest * CHUNK_BYTES_PER_ROW <= held + ROOM_SHARE * (memory - held) < memory


def test_the_chunk_follows_the_room_not_the_budget_alone():
    limits = Limits(8 * GB)
    # the same budget: the more is resident, the fewer rows a chunk may build
    assert limits.room_rows(2 * GB) > limits.room_rows(6 * GB) > limits.room_rows(7.9 * GB)
    assert limits.room_rows(6 * GB) == int(2 * GB * ROOM_SHARE) // CHUNK_BYTES_PER_ROW
    assert limits.room_rows(9 * GB) == 0
    # no room: one run per chunk, never none
    assert chunk_runs(3, 120_000, 0) == [(0, 1), (1, 2), (2, 3)]
    # a forced block size (tests, benchmarks) is kept
    assert Limits(8 * GB, rows=50).room_rows(6 * GB) == 50


def test_the_estimate_counts_the_chunk_it_will_run():
    limits = Limits(int(0.8 * GB))
    est = est_mod.estimate(2_000, 12, 20, "team", limits=limits, kept=0)
    arrays = 2_000 * (12 * 20 * est_mod.BYTES_PER_AGENT_MONTH_RUN + est_mod.SOLVED_BYTES_PER_AGENT)
    room = limits.room_rows(est_mod.BASE_BYTES + est.population + arrays)
    pay = min(room, 2_000 * 12 * 20) * est_mod.MC_CHUNK_BYTES_PER_ROW
    curves = min(room, est_mod.CURVE_POINTS * 2_000) * CHUNK_BYTES_PER_ROW
    assert est.monte_carlo == arrays + max(pay, curves)
    assert est.peak <= limits.memory


def test_a_job_whose_one_run_chunks_cannot_fit_is_refused_before_any_work():
    # 10,000 agents × 12 × 20 runs: the runs' arrays alone leave no room for a run's chunk
    limits = Limits(int(0.6 * GB))
    est = est_mod.estimate(10_000, 12, 20, "team", limits=limits, kept=0)
    assert limits.room_rows(est_mod.BASE_BYTES + est.population + est.monte_carlo) == 0
    with pytest.raises(TooLargeError, match="Monte Carlo") as err:
        est_mod.check(est, limits)
    assert "--runs" in str(err.value) or "not even one run" in str(err.value)


def test_solve_blocks_follow_the_room_left_not_a_quarter_of_the_budget(monkeypatch):
    limits = Limits(int(0.8 * GB))
    quarter = int(0.8 * GB * BLOCK_SHARE) // BYTES_PER_PRICING_ROW
    # nothing resident: a quarter of the budget at most, as the estimate's bound
    assert limits.solve_rows(0) == limits.budget_rows == quarter
    # 0.5 GB resident: a share of the 0.3 GB left, fewer rows than the quarter
    left = limits.solve_rows(int(0.5 * GB))
    assert left == int(0.3 * GB * ROOM_SHARE) // BYTES_PER_PRICING_ROW < quarter
    assert 0.5 * GB + left * BYTES_PER_PRICING_ROW < limits.memory
    # no room: the least block, never none
    assert limits.solve_rows(GB) == MIN_BLOCK_ROWS
    # a forced block size (tests, benchmarks) is kept
    assert Limits(GB, rows=50).solve_rows(GB) == 50
    # block_rows reads what the process holds live now: its resident set less the heap's
    # freed memory (a block reuses that first); the budget's bound where unknown
    monkeypatch.setattr(limits_mod, "resident", lambda: int(0.6 * GB))
    monkeypatch.setattr(limits_mod, "freed_bytes", lambda: int(0.1 * GB))
    assert limits.block_rows == left
    monkeypatch.setattr(limits_mod, "freed_bytes", lambda: int(0.7 * GB))
    assert limits.block_rows == quarter
    monkeypatch.setattr(limits_mod, "resident", lambda: None)
    assert limits.block_rows == quarter


def test_the_estimate_counts_the_whole_floor_beside_the_solve_blocks():
    # 10,000 agents × 12 × 2 runs of bench_scale's team plan under 0.6 GB peaked at 651 MB
    # in the solve (8 December 2026); estimated at 515 MB (−21%) without the smooth step's
    # assembled arrays (ASSEMBLED_ARRAYS), within 15% with them
    small = Limits(int(0.6 * GB))
    est = est_mod.estimate(10_000, 12, 2, "team", fine=64, limits=small, kept=0, copies=False)
    assert est.solve > est.monte_carlo
    assert abs(est.peak / (651 * 1024**2) - 1) < 0.15


def test_the_heap_reports_what_it_holds_freed():
    """glibc: freeing a large array that the heap keeps (keep_freed_memory) raises the
    freed bytes by about its size; elsewhere freed_bytes is 0."""
    np = pytest.importorskip("numpy")
    from perfkit.model.scale.heap import _mallinfo2, freed_bytes, keep_freed_memory

    if _mallinfo2() is None or not keep_freed_memory():
        assert freed_bytes() == 0
        return
    block = np.ones(64 * 1024**2 // 8)  # 64 MB from the heap, below the mmap threshold
    before = freed_bytes()
    del block
    assert freed_bytes() - before >= 60 * 1024**2
