"""The Monte Carlo priced and reduced chunk by chunk (perfkit.simulate.stream).

What must hold: the per-run metrics, the summary, the floor's composition and the
levels are the same bytes whether every run's agents table is kept and priced in one
piece or the runs are streamed in one-run chunks keeping none; they equal the metrics
computed from the whole agents table the way the simulation did before it streamed; a
sample keeps exactly the sampled runs' rows; spread parameter draws (several solved
blocks of runs) stream the same way. (Pay is priced run by run, so a private plan
shows it as well as a coupled one and costs a fraction of the time.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.scheme import parse_scenario
from perfkit.simulate import kept_runs, simulate
from perfkit.simulate import stream as stream_mod
from perfkit.simulate.summary import per_run, summarise

FLOOR = {"source": "synthetic", "agents": 40, "teams": 4, "seed": 2}


def plan(**extra) -> object:
    return parse_scenario({"name": "flat 3%", "population": FLOOR, "pay": {"base_salary": 4000},
                           "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
                           **extra})  # fmt: skip


@pytest.fixture(scope="module")
def whole():
    """Every run's agents kept, all runs priced in one chunk."""
    return simulate(plan(), runs=6, seed=4, periods=3)


@pytest.fixture
def one_run_chunks(monkeypatch):
    """Every chunk of the Monte Carlo holds one run (the solve's blocks as they were)."""
    monkeypatch.setattr(stream_mod, "CHUNK_ROWS", 1)


@pytest.fixture(scope="module")
def streamed():
    """One run per chunk, no agents kept."""
    chunks = []
    real = stream_mod.reduce_part
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stream_mod, "CHUNK_ROWS", 1)
        mp.setattr(stream_mod, "reduce_part", lambda *a: chunks.append(1) or real(*a))
        result = simulate(plan(), runs=6, seed=4, periods=3, agents_table=False)
    assert len(chunks) == 6
    return result


def test_streaming_changes_no_number(whole, streamed):
    pd.testing.assert_frame_equal(whole.runs, streamed.runs, check_exact=True)
    pd.testing.assert_frame_equal(whole.summary, streamed.summary, check_exact=True)
    pd.testing.assert_frame_equal(whole.workforce, streamed.workforce, check_exact=True)
    pd.testing.assert_frame_equal(whole.levels, streamed.levels, check_exact=True)
    assert streamed.agents.empty and len(whole.agents) == 6 * 3 * 40
    assert whole.meta["agents_table"] == "every run" and streamed.meta["agents_table"] == []


def test_the_metrics_are_those_of_the_whole_agents_table(whole):
    """Recomputed from the kept table as the simulation did before it streamed."""
    a = whole.agents
    cols = {c: a[c].to_numpy() for c in a.columns if a[c].dtype.kind in "fiub"}
    cols["rest_effort"] = np.broadcast_to(whole.policy.rest_effort, (6, 3, 40)).ravel()
    codes = a["agent_id"].cat.codes.to_numpy()
    margin = whole.meta["settings"]["margin_rate"]
    hiring = whole.meta["settings"]["attrition"]["hiring_cost"]
    before = per_run(cols, 6, margin, hiring, 12, codes, len(a["agent_id"].cat.categories), 3)
    pd.testing.assert_frame_equal(whole.runs.drop(columns="pay_performance_corr"), before,
                                  check_exact=True)  # fmt: skip
    pd.testing.assert_frame_equal(whole.summary, summarise(before), check_exact=True)
    corr = np.corrcoef(a.loc[a["run"] == 2, "total_pay"], a.loc[a["run"] == 2, "revenue"])[0, 1]
    assert whole.runs["pay_performance_corr"][2] == pytest.approx(corr, rel=1e-12)


def test_a_sample_keeps_exactly_its_runs(whole, one_run_chunks):
    some = simulate(plan(), runs=6, seed=4, periods=3, agents_table=2)
    assert some.meta["agents_table"] == [0, 5]
    expected = whole.agents[whole.agents["run"].isin([0, 5])].reset_index(drop=True)
    pd.testing.assert_frame_equal(some.agents, expected, check_exact=True)
    pd.testing.assert_frame_equal(some.summary, whole.summary, check_exact=True)


def test_parameter_draws_stream_block_by_block(monkeypatch):
    draws = [{"effort_cost": c, "annual_rate": 0.3, "sensitivity": 8.0} for c in (3000, 9000)]
    sc = plan(uncertainty={"draws": draws})
    full = simulate(sc, runs=4, seed=1, periods=2)
    monkeypatch.setattr(stream_mod, "CHUNK_ROWS", 1)
    part = simulate(sc, runs=4, seed=1, periods=2, agents_table=1)
    assert len(full.meta["forecast"]["effort_cost_scales"]) == 2
    pd.testing.assert_frame_equal(full.runs, part.runs, check_exact=True)
    pd.testing.assert_frame_equal(full.levels, part.levels, check_exact=True)
    assert part.agents["run"].unique().tolist() == [0]


@pytest.mark.parametrize(("asked", "runs", "kept"), [(True, 5, [0, 1, 2, 3, 4]), (False, 5, []),
                         (3, 200, [0, 100, 199]), (20, 8, list(range(8))), (1, 9, [0])])  # fmt: skip
def test_kept_runs_are_spread_evenly(asked, runs, kept):
    assert kept_runs(asked, runs).tolist() == kept
