"""Sensitivity sweeps: monotone economics, identical results serial / parallel / Dask.

Every point of a sweep is a pure function of (scenario, parameter values, runs,
seed), so the way points are farmed out (one process, a local pool, a Dask
cluster) must not change a single number. Economics: raising the rate of the
middle band of a marginal ladder raises pay on that band directly *and* lifts
effort (a stronger marginal incentive), so pay cannot fall as the rate rises.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import perfkit.analysis.sweep as sweep_mod
from perfkit.analysis.sweep import grid, sweep, tornado
from perfkit.core.errors import ScenarioError
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.scheme.params import get_param
from perfkit.simulate import simulate
from tests.conftest import SCENARIOS

RUNS, SEED, PERIODS = 3, 5, 3
RATE = "commission.ladder[1].rate"
RATES = [0.02, 0.04, 0.08]


@pytest.fixture(scope="module")
def marginal():
    return load_scenario(SCENARIOS / "marginal_ladder.yaml")


@pytest.fixture(scope="module")
def serial(marginal) -> pd.DataFrame:
    return sweep(marginal, [(RATE, RATES)], runs=RUNS, seed=SEED, periods=PERIODS, jobs=1)


def test_sweep_table_has_one_row_per_value_with_stats(serial):
    assert list(serial[RATE]) == RATES
    for metric in ("revenue", "total_pay", "profit"):
        assert {metric, f"{metric}:p10", f"{metric}:p50", f"{metric}:p90"} <= set(serial.columns)
        assert (serial[f"{metric}:p10"] <= serial[f"{metric}:p90"]).all()


def test_pay_rises_with_the_middle_band_rate(serial):
    """A higher 20k–40k rate pays more on that band and draws more effort: pay is non-decreasing."""
    pay = serial["total_pay"].to_numpy()
    incentive = serial["incentive_pay"].to_numpy()
    assert (pay[1:] >= pay[:-1]).all()
    assert (incentive[1:] >= incentive[:-1]).all()
    # and the effect is real, not a flat line: 2% → 8% on the middle band
    assert incentive[-1] > incentive[0] * 1.2


def test_sweep_point_equals_a_direct_simulation(marginal, serial):
    """Row 1 (the scenario's own 4%) is the plain simulation with the same seed."""
    assert get_param(marginal, RATE) == pytest.approx(0.04)
    direct = simulate(marginal, runs=RUNS, seed=SEED, periods=PERIODS).summary.set_index("metric")
    assert serial.loc[1, "total_pay"] == direct.loc["total_pay", "mean"]
    assert serial.loc[1, "revenue:p90"] == direct.loc["revenue", "p90"]


def test_jobs_do_not_change_results(marginal, serial):
    parallel = sweep(marginal, [(RATE, RATES)], runs=RUNS, seed=SEED, periods=PERIODS, jobs=2)
    pd.testing.assert_frame_equal(serial, parallel, check_exact=True)


@pytest.mark.slow
def test_dask_cluster_gives_the_serial_result(marginal, serial):
    distributed = pytest.importorskip("dask.distributed")
    with (
        warnings.catch_warnings(),
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
    ):
        warnings.simplefilter("ignore", DeprecationWarning)
        on_dask = sweep(
            marginal,
            [(RATE, RATES)],
            runs=RUNS,
            seed=SEED,
            periods=PERIODS,
            dask=cluster.scheduler_address,
        )
    pd.testing.assert_frame_equal(serial, on_dask, check_exact=True)


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("commission.ladder[7].rate", [0.03]),  # no such band
        ("commission.nope", [1]),  # no such key
        ("pay.base_salary.amount", [1]),  # below a plain value
        (RATE, [0.03, -0.5]),  # a valid path, but the second value is invalid
        ("commission.ladder[1].from", [50000]),  # band starts would not increase
    ],
)
def test_bad_parameter_fails_fast_before_simulating(marginal, monkeypatch, path, values):
    def boom(*args, **kwargs):
        raise AssertionError("simulated before validating the sweep")

    monkeypatch.setattr(sweep_mod, "run_point_tables", boom)
    monkeypatch.setattr(sweep_mod, "evaluate_runs", boom)
    with pytest.raises(ScenarioError):
        sweep(marginal, [(path, values)], runs=1, seed=0, periods=1, jobs=1)


def test_tornado_base_is_the_base_scenario_metric(marginal):
    ranges = {"pay.base_salary": (3000, 5000), "commission.cap": (3000, 9000)}
    table, base = tornado(
        marginal, ranges, metric="total_pay", runs=2, seed=SEED, periods=2, jobs=1
    )
    result = simulate(marginal, runs=2, seed=SEED, periods=2)
    assert base == result.summary.set_index("metric").loc["total_pay", "mean"]
    assert list(table["param"]) == list(ranges)
    salary = table.set_index("param").loc["pay.base_salary"]
    # base salary 3,000 vs 5,000 moves total pay by 2,000 per seat and period
    assert salary["low"] < base < salary["high"]
    seats = len(result.population)
    assert salary["high"] - salary["low"] == pytest.approx(2000 * seats * 2, rel=0.05)


def small(scenario, agents: int = 24, teams: int = 3):
    """The same plan on a small synthetic floor (fast), quiet about convergence."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    raw["population"] = {"source": "synthetic", "agents": agents, "teams": teams, "seed": 1}
    raw["simulation"] = {"behaviour": {"on_nonconvergence": "note"}}
    return parse_scenario(raw, source=scenario.source)


def test_grid_pivots_a_two_parameter_sweep():
    team = small(load_scenario(SCENARIOS / "expansion_team.yaml"))
    weights, revenue = [0.2, 0.6], [30, 60]
    table = sweep(
        team,
        [("team.weight", weights), ("scorecard.revenue.weight", revenue)],
        runs=2,
        seed=SEED,
        periods=2,
        jobs=1,
    )
    assert len(table) == 4
    g = grid(table, "team.weight", "scorecard.revenue.weight", "profit")
    assert list(g.index) == weights
    assert list(g.columns) == revenue
    for _, row in table.iterrows():
        assert g.loc[row["team.weight"], row["scorecard.revenue.weight"]] == row["profit"]
    # the grid is not constant: the parameters matter
    assert g.to_numpy().std() > 0


def test_tornado_bad_value_fails_before_simulating(marginal, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("simulated before validating the tornado points")

    monkeypatch.setattr(sweep_mod, "evaluate_runs", boom)
    with pytest.raises(ScenarioError):
        tornado(marginal, {RATE: (0.03, -1.0)}, runs=1, seed=0, periods=1, jobs=1)
