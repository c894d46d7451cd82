"""Precision to decide: paired runs until a winner is clear, CIs, robust and rounded optima.

Common random numbers make run k of two plans share its shocks, so a plan that
costs the same floor more salary loses to the original in *every* paired run and
compare stops at once; two identical plans never separate, and the budget is spent.
A constraint found on one seed must still hold on a fresh one; a participation rule
sets the salary so the mean certainty equivalent meets the outside option; and with
that rule the textbook's best linear rate b* = 1 / (1 + r·c·σ²) (Holmström–Milgrom)
maximises the firm's profit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.compare import compare
from perfkit.analysis.constraints import Constraint
from perfkit.analysis.optimize import client_step, optimize
from perfkit.analysis.participation import TOLERANCE, participating
from perfkit.analysis.sweep import SimSpec, sweep
from perfkit.core.errors import ParameterError
from perfkit.core.precision import decide, mean_ci, versus_best
from perfkit.scheme import load_scenario, parse_scenario
from tests.analysis.test_optimize import TEXTBOOK
from tests.conftest import SCENARIOS

PERIODS = 2


def small(name: str, **pay) -> object:
    """A library plan on a small synthetic floor (fast)."""
    raw = load_scenario(SCENARIOS / f"{name}.yaml").model_dump(mode="json", exclude_none=True)
    raw["population"] = {"source": "synthetic", "agents": 16, "teams": 2, "seed": 3}
    raw["simulation"] = {"behaviour": {"on_nonconvergence": "note"}}
    raw["pay"] = {**raw.get("pay", {}), **pay}
    if pay:
        raw["name"] = f"{raw['name']} + salary"
    return parse_scenario(raw, source=str(SCENARIOS / f"{name}.yaml"))


def test_a_clear_difference_stops_at_the_first_batch():
    """500 more salary per agent-period costs profit in every paired run."""
    cheap, dear = (
        small("current_flat_commission"),
        small("current_flat_commission", base_salary=4500),
    )
    comp = compare([cheap, dear], runs=4, seed=1, periods=PERIODS, max_runs=32)
    d = comp.decision
    assert d is not None and d.clear and d.win_share >= 0.9
    assert d.leader == comp.plans[0] and d.runs == 4 == comp.per_run["run"].nunique()
    assert d.max_runs == 32 and d.mean_diff > 0
    assert d.ci_low > 0


def test_identical_plans_are_within_noise_after_the_whole_budget():
    plan = small("marginal_ladder")
    comp = compare([plan, plan], runs=3, seed=2, periods=PERIODS, max_runs=7)
    d = comp.decision
    assert d.status == "within_noise" and not d.clear
    assert d.runs == 7 == comp.per_run["run"].nunique()  # 3 → 6 → 7: the budget
    assert d.win_share == 0.0 and d.mean_diff == 0.0


def test_same_seed_same_decision_and_tables():
    plans = [small("current_flat_commission"), small("marginal_ladder")]
    a = compare(plans, runs=3, seed=4, periods=PERIODS, max_runs=12)
    b = compare(plans, runs=3, seed=4, periods=PERIODS, max_runs=12)
    assert a.decision == b.decision
    pd.testing.assert_frame_equal(a.summary, b.summary, check_exact=True)
    # the result is exactly a plain comparison with as many runs
    plain = compare(plans, runs=a.decision.runs, seed=4, periods=PERIODS)
    pd.testing.assert_frame_equal(a.per_run, plain.per_run, check_exact=True)


def test_summary_ci_brackets_the_mean_and_baseline_delta_ci_is_zero():
    comp = compare(
        [small("current_flat_commission"), small("marginal_ladder")], runs=5, seed=0,
        periods=PERIODS,
    )  # fmt: skip
    s = comp.summary.dropna(subset=["ci_low"])
    assert (s["ci_low"] <= s["mean"]).all() and (s["mean"] <= s["ci_high"]).all()
    base = s[s["plan"] == comp.baseline]
    assert (base["delta_low"] == 0).all() and (base["delta_high"] == 0).all()
    other = s[(s["plan"] != comp.baseline) & (s["metric"] == "profit")].iloc[0]
    assert other["delta_low"] <= other["delta"] <= other["delta_high"]


def test_bad_budget_is_a_parameter_error():
    with pytest.raises(ParameterError, match=r"max_runs: expected a whole number ≥ runs \(5\)"):
        compare([small("marginal_ladder")], runs=5, max_runs=3)


def test_ci_shrinks_as_one_over_root_n():
    rng = np.random.default_rng(0)
    widths = {}
    for n in (100, 400, 1600):
        _, lo, hi = mean_ci(rng.normal(10.0, 2.0, size=(n, 1)))
        widths[n] = float(hi[0] - lo[0])
    assert widths[400] / widths[100] == pytest.approx(0.5, abs=0.08)
    assert widths[1600] / widths[400] == pytest.approx(0.5, abs=0.08)
    assert widths[1600] == pytest.approx(2 * 1.96 * 2.0 / 40, rel=0.1)


def test_decide_and_versus_best_on_known_runs():
    runs = pd.DataFrame(
        {"plan": ["A"] * 4 + ["B"] * 4, "run": list(range(4)) * 2,
         "profit": [10.0, 20, 30, 40, 11, 19, 32, 43]}
    )  # fmt: skip
    d = decide(runs, ["A", "B"])
    assert (d.leader, d.runner_up, d.win_share, d.status) == ("B", "A", 0.75, "within_noise")
    tables = [pd.DataFrame({"profit": v}) for v in ([1.0, 2, 3], [5.0, 6, 7], [5.1, 5.9, 7.2])]
    best, tied = versus_best(tables, "profit")
    assert best == 2 and list(tied) == [False, True, True]


def test_sweep_reports_cis_and_paired_differences_tighter_than_levels():
    plan = small("marginal_ladder")
    rate = "commission.ladder[1].rate"
    table = sweep(plan, [(rate, [0.02, 0.04, 0.08])], runs=6, seed=1, periods=PERIODS, jobs=1,
                  reference=1)  # fmt: skip
    assert table.attrs["reference"] == 1
    assert table.loc[1, "profit:diff"] == 0.0
    level = table["profit:ci_high"] - table["profit:ci_low"]
    paired = table["profit:diff_high"] - table["profit:diff_low"]
    assert (paired[[0, 2]] < level[[0, 2]]).all()  # common random numbers at work
    assert table["profit:best"].sum() == 1 and table.loc[table["profit:best"], "profit:tied"].all()
    assert (table["profit:ci_low"] <= table["profit"]).all()


@pytest.mark.parametrize(
    "text",
    ["cost_of_sales:p0 <= 0.1", "cost_of_sales:p100 <= 0.1", "cost_of_sales:q90 <= 0.1",
     "cost_of_sales <= lots", "cost_of_sales == 0.1", "cost_of_sales:p90 <= 1.2.3"],
)  # fmt: skip
def test_bad_constraints_name_what_was_expected(text):
    with pytest.raises(
        ParameterError, match=r"--constraint .*expected 'metric\[:stat\] <= number'"
    ):
        Constraint.parse(text)


def test_percentile_constraints_parse():
    c = Constraint.parse("cost_of_sales:p90 <= 0.18")
    assert (c.metric, c.stat, c.op, c.bound) == ("cost_of_sales", "p90", "<=", 0.18)
    assert c.text == "cost_of_sales:p90 <= 0.18"
    runs = np.linspace(0.1, 0.2, 11)  # p90 = 0.19
    assert not c.check(runs, None).holds
    assert Constraint.parse("cost_of_sales:p50 <= 0.18").check(runs, None).holds


NOISY = {**TEXTBOOK, "pay": {"base_salary": 20.0}}  # cost of sales = rate + salary ÷ revenue


def test_optimum_is_rounded_and_holds_on_a_fresh_seed():
    scenario = parse_scenario(NOISY)
    kw = dict(objective="revenue", constraints=["cost_of_sales:p90 <= 0.45"], runs=20,
              periods=1, maxiter=20, robustness_seeds=2)  # fmt: skip
    res = optimize(scenario, [("commission.rate", 0.02, 1.0)], seed=3, **kw)
    rate = res.best["commission.rate"]
    assert res.steps["commission.rate"] == 0.001
    assert round(rate / 0.001) * 0.001 == pytest.approx(rate, abs=1e-12)
    assert res.feasible and res.checks["holds"].all()
    check = res.checks.iloc[0]
    assert check["ci_low"] <= check["value"] <= check["ci_high"] and check["robust"] <= 0.45
    assert res.robustness["cost_of_sales:p90 <= 0.45 holds"].all()  # fresh seeds
    naive = optimize(scenario, [("commission.rate", 0.02, 1.0)], seed=3, confidence=None, **kw)
    assert rate < naive.best["commission.rate"]  # the margin for a fresh seed costs some rate


def test_client_steps():
    assert client_step("commission.ladder[1].rate", 0.01, 0.2) == 0.001
    assert client_step("pay.base_salary", 2000, 6000) == 1.0
    assert client_step("team.weight", 0.2, 0.8) == 0.001


def participation_scenario() -> object:
    raw = {**TEXTBOOK, "population": {**TEXTBOOK["population"]}}
    raw["population"]["traits"] = {
        **TEXTBOOK["population"]["traits"], "outside_option": {"mean": 150.0, "cv": 0.2}
    }  # fmt: skip
    raw["simulation"] = {**TEXTBOOK["simulation"], "margin_rate": 1.0}
    return parse_scenario(raw)


def test_participation_salary_meets_the_outside_option():
    spec = SimSpec.of(participation_scenario(), runs=2, seed=0, periods=1)
    point, result, rule = participating(spec, {"commission.rate": 0.4}, 1.0)
    assert abs(rule.mean_ce - rule.outside_option) <= TOLERANCE
    assert rule.outside_option == pytest.approx(result.population["outside_option"].mean())
    assert point["pay.base_salary"] == rule.base_salary > 0


def test_participation_recovers_the_best_linear_rate_on_profit():
    # profit is flat near b*, so the rate found moves with the noise: 1,600 one-period runs
    # put it within 1% of b* on seeds 0, 1, 2, 3 and 5 (100 runs: within 5%)
    res = optimize(
        participation_scenario(), [("commission.rate", 0.05, 0.95)], objective="profit",
        runs=1600, seed=0, periods=1, maxiter=20, robustness_seeds=1, participation=True,
    )  # fmt: skip
    assert res.best["commission.rate"] == pytest.approx(1 / (1 + 2.0 * 1.0 * 1.0), rel=0.03)
    rule = res.meta["participation"]
    assert rule["base_salary"] == float(int(rule["base_salary"]))  # whole yuan
    assert 0 <= rule["mean_ce"] - rule["outside_option"] <= TOLERANCE + 1
    with pytest.raises(ParameterError, match="--participation sets the salary"):
        optimize(participation_scenario(), [("pay.base_salary", 0, 10)], participation=True)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--constraint", "cost_of_sales:p101 <= 0.19"], "--constraint 'cost_of_sales:p101"),
        (["--step", "commission.ladder[1].rate", "fine"], "--step: 'fine' is not a number"),
        (["--participation", "--vary", "pay.base_salary", "1000", "5000"], "--participation"),
    ],
)
def test_cli_optimize_bad_options_exit_2(capsys, tmp_path, argv, expected):
    from perfkit.apps.cli import main

    base = ["optimize", str(SCENARIOS / "marginal_ladder.yaml"), "--out", str(tmp_path)]
    code = main([*base, "--vary", "commission.ladder[1].rate", "0.02", "0.1", *argv])
    err = capsys.readouterr().err
    assert code == 2 and expected in err and "Traceback" not in err


def test_cli_compare_max_runs_below_runs_exits_2(capsys, tmp_path):
    from perfkit.apps.cli import main

    plan = str(SCENARIOS / "marginal_ladder.yaml")
    code = main(["compare", plan, plan, "--runs", "5", "--max-runs", "3", "--out", str(tmp_path)])
    assert code == 2 and "--max-runs 3: expected at least --runs (5)" in capsys.readouterr().err
