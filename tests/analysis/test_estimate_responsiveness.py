"""Effort cost by indirect inference: recovery of a known truth, honest verdicts, the prior
only when nothing varies, and the scenario written with what was estimated."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from perfkit.analysis.estimate.responsiveness import LIMITS, STEP
from perfkit.analysis.estimate.run import fit
from perfkit.analysis.estimate.synthetic import plan_change_export
from perfkit.scheme import load_scenario
from tests.conftest import DATA, SCENARIOS

CURRENT = SCENARIOS / "current_flat_commission.yaml"
SAMPLE = DATA / "sample_kpis_plan_change.csv"
TRUTH = 7000.0  # the prior is 5,000


def _flat(folder: Path, rate: str) -> Path:
    """The current plan with another flat commission rate, as a scenario file."""
    raw = yaml.safe_load(CURRENT.read_text(encoding="utf-8"))
    raw.pop("population", None)
    raw["commission"]["rate"] = rate
    raw["name"] = f"flat {rate}"
    path = folder / f"flat_{rate.rstrip('%')}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _export(folder: Path, agents: int, teams: int, seed: int, scale_after: float = 1.0):
    """A synthetic export: flat 3% until June, flat 6% from July, effort cost mean TRUTH.
    ``scale_after`` multiplies every KPI after the change (a response the model cannot make)."""
    before, after = _flat(folder, "3%"), _flat(folder, "6%")
    df, _ = plan_change_export(
        load_scenario(before), load_scenario(after), agents=agents, teams=teams, seed=seed,
        traits={"effort_cost": {"mean": TRUTH, "cv": 0.3}}, names=(str(before), str(after)),
    )  # fmt: skip
    post = df["period"] >= "2025-07"
    for k in ("dials", "connected", "orders", "revenue", "collected"):
        df[k] = df[k].astype(float)
        df.loc[post, k] = np.round(df.loc[post, k] * scale_after, 2)
    df.attrs["source"] = str(folder / "export.csv")
    return load_scenario(before), df


@pytest.fixture(scope="module")
def raise_rate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raise")
    scenario, df = _export(folder, agents=80, teams=4, seed=3)
    return fit(scenario, df, bootstrap=299, seed=3)


def test_a_commission_raise_recovers_the_true_effort_cost(raise_rate):
    r = raise_rate.responsiveness
    assert r.status == "estimated", r.reason
    assert r.low <= TRUTH <= r.high, (r.low, r.high)
    assert r.high / r.low < 1.6  # an interval that says something
    assert abs(math.log(r.estimate / TRUTH)) < 0.2
    assert abs(math.log(r.estimate / r.prior)) > abs(math.log(TRUTH / r.estimate))  # not the prior
    used = {m["statistic"]: m for m in r.moments if m["used"]}
    assert set(used) == {"did_dials", "did_orders", "did_revenue"}
    assert abs(used["did_dials"]["observed"] - used["did_dials"]["simulated"]) < 0.02


@pytest.mark.slow
def test_a_response_larger_than_the_model_can_make_is_misspecified_not_the_prior(tmp_path):
    scenario, df = _export(tmp_path, agents=40, teams=4, seed=5, scale_after=1.5)
    r = fit(scenario, df, bootstrap=199, seed=5).responsiveness
    assert r.status == "misspecified"
    assert "larger than the model can produce: the model is misspecified here" in r.reason
    assert r.value == r.estimate < r.prior  # the boundary nearest the data, not the prior
    assert r.bound.startswith("effort cost at most")


@pytest.mark.slow
def test_a_response_smaller_than_the_model_can_make_is_misspecified_at_the_top(tmp_path):
    scenario, df = _export(tmp_path, agents=40, teams=4, seed=6, scale_after=0.8)
    r = fit(scenario, df, bootstrap=199, seed=6).responsiveness
    assert r.status == "misspecified"
    assert "smaller than the model can produce" in r.reason
    assert r.value == pytest.approx(r.prior * math.exp(STEP * LIMITS[1]))
    assert r.bound.startswith("effort cost at least")


@pytest.fixture(scope="module")
def bundled():
    return fit(CURRENT, SAMPLE, bootstrap=299)


def test_the_bundled_plan_change_interval_covers_the_truth(bundled):
    truth = json.loads((DATA / "sample_kpis_plan_change.truth.json").read_text())
    c = truth["traits"]["effort_cost"]["mean"]
    r = bundled.responsiveness
    assert r.switchers == 6 and r.controls == 0 and r.change == "2025-07"
    assert r.status in ("estimated", "not identified"), r.reason
    assert r.low <= c <= r.high, (r.low, r.high)


def test_no_plan_change_keeps_the_prior():
    res = fit(CURRENT, DATA / "sample_kpis.csv", bootstrap=99).responsiveness
    assert res.status == "no change" and not res.identified
    assert res.value == res.prior == 5000.0
    assert "prior decides" in res.reason


def test_estimates_are_written_into_a_scenario_every_command_can_load(raise_rate, tmp_path):
    from perfkit.analysis.estimate.write import write

    paths = write(raise_rate, tmp_path)
    sc = load_scenario(paths["scenario"])
    r = raise_rate.responsiveness
    assert sc.population.traits.effort_cost.mean == pytest.approx(r.value, abs=0.1)
    # the plan keeps its name (charts and tables show it); the file's first line says what it holds
    assert sc.name == raise_rate.scenario.name and "estimated" not in sc.name
    text = paths["scenario"].read_text(encoding="utf-8")
    assert "(estimated from export.csv)" in text.splitlines()[0]
    assert "estimated by perfkit estimate" in text
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["effort_cost"]["status"] == "estimated"
    assert data["effort_cost"]["value"] == pytest.approx(r.estimate)
    summary = paths["summary"].read_text(encoding="utf-8")
    assert "**estimated**" in summary and "did\\_dials" in summary


def test_the_scenario_carries_intervals_a_season_and_joint_draws(raise_rate, tmp_path):
    from perfkit.analysis.estimate.write import write

    sc = load_scenario(write(raise_rate, tmp_path)["scenario"])
    r = raise_rate.responsiveness
    low, high = sc.ranges["population.traits.effort_cost.mean"]
    assert low == pytest.approx(r.low, rel=1e-2) and high == pytest.approx(r.high, rel=1e-2)
    assert "simulation.attrition.annual_rate" in sc.ranges
    draws = sc.uncertainty.draws
    assert len(draws) == 30 and set(draws[0]) == {"effort_cost", "annual_rate", "sensitivity"}
    costs = sorted(d["effort_cost"] for d in draws)
    assert costs[0] <= r.estimate <= costs[-1]  # the draws straddle the estimate …
    assert low * 0.8 <= costs[1] and costs[-2] <= high * 1.25  # … within about its interval
    # a synthetic floor has no season: the shrunk factors stay within their own uncertainty
    assert sc.season is not None and "every team before its plan change" in sc.season.source
    assert "control teams" not in sc.season.source  # every team changed: no control group
    sd = sc.season.sd["revenue"]
    assert sd > 0 and all(abs(math.log(f)) <= 2.5 * sd for f in sc.season.revenue.values())
    assert set(sc.uncertainty.noise) == {"revenue", "orders", "dials"}


def test_a_scenario_with_nothing_estimated_is_not_labelled_estimated(tmp_path):
    from perfkit.analysis.estimate.write import write

    res = fit(CURRENT, DATA / "sample_kpis.csv", bootstrap=99)
    paths = write(res, tmp_path)
    text = paths["scenario"].read_text(encoding="utf-8")
    estimated = res.estimated
    assert ("(estimated from sample_kpis.csv)" in text) is estimated
    assert "prior (perfkit estimate" in text  # the effort cost: nothing varied the incentive
    # a flat plan has no pay edge: the deal-timing share stays the prior, and says so
    sc = load_scenario(paths["scenario"])
    assert sc.notes["simulation.timing.share"].startswith("prior (perfkit estimate")
    assert (
        json.loads(paths["json"].read_text(encoding="utf-8"))["timing"]["status"]
        == "not identified"
    )
    draws = sc.uncertainty.draws
    assert draws and "effort_cost" not in draws[0]  # no plan change: no effort-cost draws
