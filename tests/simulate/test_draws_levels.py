"""Runs spread across parameter draws; level forecasts with a season and team-month noise.

What must hold: without draws, season or noise a simulation is what it was; with them,
the same scenario and seed give the same numbers; runs cover the draws evenly; each
run quits at its own draw's rate; the effort cost costs at most three solves; a season
multiplies the levels by exactly its factor and leaves pay and the per-run metrics
alone; the noise tops the runs' spread up to the stated sd with the stated ρ.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.scheme import parse_scenario
from perfkit.simulate import simulate
from perfkit.simulate.draws import BLOCKS, spread

FLOOR = {"source": "synthetic", "agents": 40, "teams": 4, "seed": 2}


def plan(**extra) -> object:
    return parse_scenario({"name": "flat 3%", "population": FLOOR, "pay": {"base_salary": 4000},
                           "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
                           **extra})  # fmt: skip


def _draws(n: int, cost_sd: float = 0.4) -> list[dict]:
    rng = np.random.default_rng(5)
    return [{"effort_cost": float(c), "annual_rate": float(a), "sensitivity": 8.0}
            for c, a in zip(5000 * np.exp(rng.normal(0, cost_sd, n)), rng.uniform(0.1, 0.5, n),
                            strict=True)]  # fmt: skip


def test_levels_without_season_or_noise_are_the_agents_sums() -> None:
    res = simulate(plan(), runs=6, seed=1, periods=3)
    sums = res.agents.groupby(["run", "period", "team"], observed=True)["revenue"].sum()
    lv = res.levels.set_index(["run", "period", "team"])["revenue"]
    assert np.allclose(lv.loc[sums.index].to_numpy(), sums.to_numpy())
    assert res.meta["forecast"]["draws"] == 0


def test_runs_spread_evenly_over_draws_at_most_three_solves_and_reproducible() -> None:
    sc = plan(uncertainty={"source": "test", "draws": _draws(10)})
    a = simulate(sc, runs=20, seed=3, periods=3)
    b = simulate(sc, runs=20, seed=3, periods=3)
    assert a.runs.equals(b.runs) and a.levels.equals(b.levels) and a.agents.equals(b.agents)
    draw = np.asarray(a.meta["forecast"]["draw_of_run"])
    assert np.array_equal(np.bincount(draw), np.full(10, 2))  # 20 runs, 10 draws: two each
    assert len(a.meta["forecast"]["effort_cost_scales"]) == BLOCKS
    assert list(a.runs["run"]) == list(range(20))
    assert any("10 joint draws" in n for n in a.notes)


def test_each_run_quits_at_its_own_draws_rate() -> None:
    draws = [{"annual_rate": 0.0001}, {"annual_rate": 0.8}]
    res = simulate(plan(uncertainty={"draws": draws}), runs=20, seed=1, periods=6)
    draw = np.asarray(res.meta["forecast"]["draw_of_run"])
    quits = res.runs["hires"].to_numpy()
    assert quits[draw == 0].max() <= 1 < quits[draw == 1].min()
    assert len(res.meta["forecast"]["effort_cost_scales"]) == 1  # no effort cost: one solve


def test_equal_effort_costs_take_one_solve() -> None:
    s = spread(type("U", (), {"draws": [{"effort_cost": 5000.0}] * 8})(), 16, 5000.0)
    assert len(s.blocks) == 1 and s.blocks[0].scale == pytest.approx(1.0)


def test_a_season_scales_levels_by_its_factor_and_leaves_pay_and_metrics_alone() -> None:
    plain = simulate(plan(), runs=8, seed=2, periods=3)
    season = simulate(plan(season={"revenue": {1: 0.8, 3: 1.25}, "dials": {2: 1.1}}), runs=8,
                      seed=2, periods=3)  # fmt: skip
    assert season.runs.equals(plain.runs) and season.agents.equals(plain.agents)
    ratio = (season.levels.set_index(["run", "period", "team"])
             / plain.levels.set_index(["run", "period", "team"]))  # fmt: skip
    by_month = ratio.groupby("period", observed=True).agg(["min", "max"])
    assert by_month.loc["2025-01", ("revenue", "min")] == pytest.approx(0.8)
    assert by_month.loc["2025-03", ("revenue", "max")] == pytest.approx(1.25)
    assert by_month.loc["2025-02", ("dials", "min")] == pytest.approx(1.1)
    assert by_month.loc["2025-02", ("orders", "max")] == pytest.approx(1.0)


def test_noise_tops_the_spread_up_to_its_sd_with_its_autocorrelation() -> None:
    sd, rho = 0.5, 0.6  # far above the runs' own spread, so the noise dominates
    res = simulate(plan(uncertainty={"noise": {"revenue": {"sd": sd, "rho": rho}}}), runs=200,
                   seed=4, periods=6)  # fmt: skip
    lv = res.levels.pivot_table(index=["run", "team"], columns="period", values="revenue",
                                observed=True)  # fmt: skip
    logs = np.log(lv.to_numpy())
    assert np.std(logs, axis=0).mean() == pytest.approx(sd, rel=0.08)
    dev = logs - logs.mean(axis=0)
    lag = np.mean([np.corrcoef(dev[:, m], dev[:, m + 1])[0, 1] for m in range(5)])
    assert lag == pytest.approx(rho, abs=0.08)
    # mean-preserving: the levels' mean stays the agents' within the noise's error
    plain = res.agents.groupby("period", observed=True)["revenue"].sum().sum() / 200
    assert lv.to_numpy().sum() / 200 == pytest.approx(plain, rel=0.04)
