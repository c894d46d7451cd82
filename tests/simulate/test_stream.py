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


#: Plans the Monte Carlo's fused pay is checked on (each with the flat 3% commission).
PLANS = {
    "private": {"scorecard": [{"kpi": "revenue", "weight": 70, "target": 25000, "cap": 1.5},
                              {"kpi": "qa_score", "weight": 30, "target": 85}],
                "deductions": {"qa_below": {"line": 70, "amount": 300}},
                "non_cash": [{"reward": "training", "to": {"min_score": 110},
                              "value_to_agent": 800, "cost": 500}]},
    "team": {"team": {"weight": 0.5, "pool": {"per_team_target": 90000, "amount": 3000,
                                              "split": "by_revenue"}},
             "leader_override": {"role": "lead", "kpi": "revenue", "rate": 0.01}},
    "quarterly": {"scorecard": [{"kpi": "revenue", "weight": 100, "target": 25000}],
                  "bonuses": [{"type": "attainment", "kpi": "revenue", "cycle": "quarter",
                               "tiers": [[1.0, 4000], [1.3, 7000]]}]},
    "rank prize": {"bonuses": [{"type": "rank", "kpi": "revenue", "prizes": [800, 300],
                                "within": "team"}]},
    "hiring-heavy": {"pay": {"base_salary": 4000, "guarantee": {"amount": 5200,
                                                                "recoverable": True}},
                     "scorecard": [{"kpi": "revenue", "weight": 100,
                                    "target": {"split": "history"}}],
                     "bonuses": [{"type": "attainment", "kpi": "revenue", "amount": 900}],
                     "simulation": {"attrition": {"annual_rate": 0.9}}},
}  # fmt: skip


def on_kpi_tables(monkeypatch) -> None:
    """Price every chunk as before: its KPI table through compute_statements."""
    from dataclasses import replace

    real = stream_mod.reduce_part

    def priced_on_a_table(part, keep, shared):
        return real(part, keep, replace(shared, pricer=replace(shared.pricer, engine=None)))

    monkeypatch.setattr(stream_mod, "reduce_part", priced_on_a_table)


@pytest.mark.parametrize(
    "name",  # the quarterly plan's solve takes about 10 s
    [pytest.param(n, marks=pytest.mark.slow) if n == "quarterly" else n for n in PLANS],
)
def test_the_fused_pay_gives_the_bytes_of_the_kpi_table(name, monkeypatch):
    """Agents, runs, summary, workforce and levels are the same bytes whether the runs are
    paid on their arrays (perfkit.payout.grid_runs) or on a KPI table, hires included."""
    sc = plan(**PLANS[name])
    periods = 3 if name == "quarterly" else 6  # one quarter: its solve is the slow part
    fused = simulate(sc, runs=3, seed=5, periods=periods)
    sample = simulate(sc, runs=3, seed=5, periods=periods, agents_table=2)
    on_kpi_tables(monkeypatch)
    table = simulate(sc, runs=3, seed=5, periods=periods)
    assert fused.meta["coupling"] == table.meta["coupling"]
    for part in ("agents", "runs", "summary", "workforce", "levels"):
        pd.testing.assert_frame_equal(getattr(fused, part), getattr(table, part), check_exact=True)
    kept = table.agents[table.agents["run"].isin([0, 2])].reset_index(drop=True)
    pd.testing.assert_frame_equal(sample.agents, kept, check_exact=True)
    if name == "hiring-heavy":  # seats that changed hands twice, and many hires
        assert fused.agents["hire"].max() >= 2 and fused.runs["hires"].sum() >= 30
