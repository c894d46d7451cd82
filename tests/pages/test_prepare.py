"""Preparing a batch of reports (perfkit.pages.report.prepare): the simulations run first,
on worker processes, are every solve the reports need, and the reports read the very
numbers they compute on their own.

Checked on two small plans: what the briefing and the comparison notebooks compute
(their comparison, sweep and what decides the verdict) is computed once fresh, outside
any batch, and once in a batch after :func:`prepare`, with the solver disabled: no
report solves anything the preparation did not, and every table is equal, bit for bit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
import yaml

from perfkit.analysis import reuse
from perfkit.analysis.compare import compare
from perfkit.analysis.decides import decides
from perfkit.analysis.sweep import sweep
from perfkit.core import cache
from perfkit.pages.report.batch import RenderJob
from perfkit.pages.report.prepare import _Queue, _tasks_of, _Waiting, prepare, tasks_for
from perfkit.scheme import load_scenario
from perfkit.simulate import solved
from perfkit.words import report as rt

pytestmark = pytest.mark.slow  # two small plans simulated twice, workers started

ROOT = Path(__file__).resolve().parents[2]
SMALL = {"runs": 4, "seed": 3, "periods": 3, "lang": "en", "data": "", "fill": {}}
POP = {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5}


def _plan(folder: Path, name: str, rate: float) -> Path:
    path = folder / f"{name}.yaml"
    raw = {"name": name, "population": POP, "pay": {"base_salary": 4000},
           "commission": {"base": "revenue", "mode": "flat", "rate": rate}}  # fmt: skip
    path.write_text(yaml.safe_dump(raw), "utf-8")
    return path


def _jobs(base: Path, plan: Path, out: Path) -> list[RenderJob]:
    """The jobs of ``perfkit render base plan``: the plan's briefing and the comparison."""
    common = {**SMALL, "baseline": str(base)}
    return [
        RenderJob(ROOT / "notebooks" / "scenario_report.py", {**common, "scenario": str(plan)},
                  out / "plan.html"),
        RenderJob(ROOT / "notebooks" / "plan_comparison.py",
                  {**common, "scenarios": [str(base), str(plan)]}, out / "comparison.html"),
    ]  # fmt: skip


def _notebook_numbers(base: Path, plan: Path) -> dict[str, pd.DataFrame]:
    """What the two notebooks compute (their calls, with SMALL's parameters)."""
    runs, seed, periods = SMALL["runs"], SMALL["seed"], SMALL["periods"]
    base_sc, plan_sc = load_scenario(base), load_scenario(plan)
    comp = compare([base_sc, plan_sc], 0, runs=runs, seed=seed, periods=periods,
                   max_runs=4 * runs)  # fmt: skip
    path, values, _ = rt.key_parameter(plan_sc)
    swept = sweep(plan_sc, [(path, values)], runs=runs, seed=seed, periods=periods, jobs=1,
                  population=comp.population, reference=rt.reference_row(plan_sc, path, values))  # fmt: skip
    decided = decides(comp, runs=min(runs, 20), seed=seed, periods=periods)
    return {"per_run": comp.per_run, "sweep": swept, "decides": decided.table()}


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("plans")
    return _plan(folder, "cheap", 0.03), _plan(folder, "rich", 0.12)


def test_tasks_cover_the_plans_the_sweep_and_the_ends(plans, tmp_path):
    tasks = tasks_for(_jobs(*plans, tmp_path))
    firsts = [t for t in tasks if t.first]
    assert sorted(t.plan for t in firsts) == ["cheap", "rich"]  # each plan's own run once
    points = [t for t in tasks if t.call.__name__ == "simulate_point"]
    assert len(points) == 4  # the sweep of the rich plan's rate: ½× to 1½×, but its own
    assert "sweep commission.rate=0.12" not in {t.what for t in points}  # value is its own run
    # what decides reads at the plans' values, min(runs, 20) runs: here the plans' own
    assert not [t for t in tasks if t.what == "base"]
    ends = [t for t in tasks if t.call.__name__ == "_end"]
    assert len(ends) == 2 * 2 * 4  # 2 plans × 2 ends × the 4 behavioural assumptions
    assert sum(t.solves for t in ends) == 2 * 2  # the effort cost's: the rest reuse the solve
    keys = [t.key for t in tasks if t.key is not None]
    assert len(keys) == len(set(keys)) == len(tasks) - 2 * 2  # no simulation twice
    decided = [t for t in tasks if t.what == "decided"]  # the briefing's and the comparison's
    assert len(decided) == 1 and set(decided[0].needs) == {"cheap", "rich"}  # are the same
    same, reads = _tasks_of(_jobs(*plans, tmp_path))
    assert [t.what for t in same] == [t.what for t in tasks]
    briefing = {same[i].what.split(" ")[0] for i in reads[0]}
    assert briefing == {"own", "sweep", "decided"} and len(reads[0]) == 2 + 4 + 1
    assert reads[1] == set(range(len(tasks))) - {i for i in reads[0] if "sweep" in same[i].what}


def test_a_report_is_ready_once_when_its_last_simulation_is_done():
    told: list[int] = []
    waiting = _Waiting([{0, 1}, {1}, set()], told.append)
    assert told == [2]  # it reads none: at once
    waiting.done(1)
    assert told == [2, 1]
    waiting.done(1)
    waiting.done(0)
    assert told == [2, 1, 0]


def test_the_monte_carlo_waits_for_its_plans_solve(plans, tmp_path):
    tasks = tasks_for(_jobs(*plans, tmp_path))
    queue = _Queue(tasks)
    started = [queue.next(running=True) for _ in range(len(tasks))]
    begun = [t for t in started if t is not None]
    assert [t.first for t in begun[:2]] == [True, True]  # the plans' own simulations first
    assert all(t.solves for t in begun)  # nothing that needs a solve not yet made
    assert len(begun) == sum(t.solves for t in tasks)
    queue.finished(begun[0], 1.0)  # one plan's own simulation done: its Monte Carlo may go
    assert (nxt := queue.next(running=True)) is not None and nxt.plan == begun[0].plan
    assert not nxt.solves  # before any longer solve: it completes a report sooner


def test_reports_read_the_numbers_they_would_compute(plans, tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV, raising=False)
    fresh = _notebook_numbers(*plans)  # no batch: every simulation solved here
    with cache.shared():
        told: list[int] = []
        done = prepare(_jobs(*plans, tmp_path), workers=2, progress=False, ready=told.append)
        assert sorted(told) == [0, 1]
        # the plans, the sweep, the ends, and the comparison's runs until decided (both
        # reports compare the same two plans: once)
        assert done.failed == [] and done.tasks == 2 + 4 + 16 + 1 == len(done.timed)
        # every simulating task computed a simulation of its own: none was run twice (these
        # plans are decided at their first runs: the comparison simulates no more)
        sims = list(Path(os.environ[cache.ENV]).glob("simulate-*.pickle"))
        assert len(sims) == done.tasks - 1

        def no_solve(*args, **kw):
            raise AssertionError("a report solved or simulated what the preparation did not")

        monkeypatch.setattr(solved, "respond", no_solve)
        monkeypatch.setattr(reuse, "simulate", no_solve)
        solved._BATCH.clear()  # nothing from this process: only the workers' solves
        batched = _notebook_numbers(*plans)
    for name, table in fresh.items():
        pd.testing.assert_frame_equal(batched[name], table, check_exact=True)
