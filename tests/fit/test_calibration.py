"""Calibration given the plan in force: the model reproduces the export, and recovers known agents."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from perfkit.core.errors import ParameterError, ScenarioError
from perfkit.files.data import load_kpis
from perfkit.fit.calibration import calibrate, skill_reliability
from perfkit.fit.population_choice import from_scenario
from perfkit.model.funnel import quality_index
from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.simulate import simulate
from tests.conftest import DATA, SCENARIOS

EXPORT = DATA / "sample_kpis.csv"
MEANS = ("dials", "connected", "orders", "revenue")


# --------------------------------------------------------------------------- reproduction
@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return load_kpis(EXPORT)


# orders/revenue tolerance: 4% for the current plan (learning-curve drift, below); the
# volume-heavy plan in force still leaves simulated orders 6–7% above the export (an open
# gap between the calibration's solve of the export's months and the simulation's year)
@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "conversion"),
    [
        ("current_flat_commission", 0.04),
        ("volume_heavy", 0.075),
    ],
)
def test_simulating_the_plan_in_force_reproduces_the_exports_means(
    plan: str, conversion: float, export: pd.DataFrame
) -> None:
    scenario = load_scenario(SCENARIOS / f"{plan}.yaml")
    pop = calibrate(EXPORT, plan=scenario)
    report = pop.report
    assert report.converged and report.plan == scenario.name
    assert len(report.iterations) <= 4
    # the same agents under the same plan (no turnover: hires would change the floor)
    same = {"attrition": {"enabled": False}}
    agents = simulate(scenario, runs=40, seed=0, population=pop, settings=same).agents
    ratio = {k: agents[k].mean() / export[k].mean() for k in MEANS}
    at_face_value = simulate(
        scenario, runs=40, seed=0, population=calibrate(EXPORT), settings=same
    ).agents
    before = {k: at_face_value[k].mean() / export[k].mean() for k in MEANS}
    print(plan, "simulated ÷ export, given the plan:", {k: round(v, 3) for k, v in ratio.items()},
          "at effort 1:", {k: round(v, 3) for k, v in before.items()})  # fmt: skip
    # volumes within 3%; orders and revenue within 4%: the simulated floor starts from the
    # export's last month, a year further up the learning curve than the export's average
    # row (≈ +2% conversion), which the calibration does not undo
    for k in MEANS:
        assert ratio[k] == pytest.approx(
            1.0, abs=0.03 if k in ("dials", "connected") else conversion
        ), k
    # and the calibration closes most of the gap it left at effort 1
    assert abs(ratio["dials"] - 1) < 0.5 * abs(before["dials"] - 1)


def test_each_stand_in_reproduces_its_own_history(export: pd.DataFrame) -> None:
    """Baseline effort is matched so a stand-in's drawn motivation, under the plan in force,
    gives the volume its history shows: the first simulated month's dials per agent."""
    scenario = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    pop = calibrate(EXPORT, plan=scenario)
    a = simulate(scenario, runs=40, seed=0, periods=1, population=pop).agents
    sim = a[a["hire"] == 0].groupby("agent_id", observed=True)["dials"].mean()
    hist = export.groupby("agent_id")["dials"].mean().reindex(sim.index)
    ratio = sim / hist
    assert float(ratio.std()) < 0.03 and float(ratio.mean()) == pytest.approx(1.0, abs=0.015)


def test_the_scenario_names_the_plan_in_force(tmp_path: Path) -> None:
    raw = {
        "name": "new plan",
        "pay": {"base_salary": 3000},
        "commission": {"base": "revenue", "mode": "flat", "rate": 0.05},
        "population": {"source": str(EXPORT), "plan": "current.yaml"},
    }
    with pytest.raises(ScenarioError, match=r"population\.plan: 'current\.yaml' does not exist"):
        parse_scenario(raw, base_dir=tmp_path)
    current = "name: current\npay: {base_salary: 4000}\ncommission: {base: revenue, rate: 3%}\n"
    (tmp_path / "current.yaml").write_text(current, "utf-8")
    sc = parse_scenario(raw, base_dir=tmp_path)
    assert sc.population.plan == str(tmp_path / "current.yaml")
    pop = from_scenario(sc)
    assert pop.report.plan == "current"
    assert from_scenario(sc) is pop  # calibrated once per export, plan and settings


def test_a_scenario_without_a_stated_plan_is_its_own_plan_in_force() -> None:
    sc = parse_scenario(
        {
            "name": "piece rate",
            "pay": {"base_salary": 3000},
            "commission": {"base": "revenue", "mode": "flat", "rate": 0.06},
            "population": {"source": str(EXPORT)},
        }
    )
    assert from_scenario(sc).report.plan == "piece rate"


def test_without_a_plan_the_export_is_taken_at_face_value() -> None:
    report = calibrate(EXPORT).report
    assert report.plan is None and report.iterations.empty
    assert (report.agents["effort"] == 1.0).all()
    with pytest.raises(ParameterError, match=r"plan: expected the scenario in force"):
        calibrate(EXPORT, plan=3)


# --------------------------------------------------------------------------- recovery
MOTIVATION = {
    "effort_cost": {"cv": 0.0},
    "baseline_effort": {"cv": 0.0},
    "risk_aversion": {"cv": 0.0},
    "helpfulness": {"sd": 0.0},
}


def _synthetic_export(traits: dict, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(export, truth, agents table): one run of known agents under the current plan."""
    truth = synthetic({"agents": 120, "teams": 6, "seed": seed, "traits": traits})
    plan = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    no_quits = {"attrition": {"enabled": False}}  # every agent observed for the whole year
    a = simulate(plan, runs=1, seed=1, population=truth, settings=no_quits).agents
    export = a[["agent_id", "team", "period", "tenure_months", *MEANS, "effective_calls",
                "intents", "refunds", "collected", "complaints", "repeat_customers"]]  # fmt: skip
    export = export.astype({"agent_id": str, "team": str, "period": str})
    return export, truth.to_frame().set_index("agent_id"), a


def _recovery(traits: dict, seed: int) -> dict[str, float]:
    export, truth, a = _synthetic_export(traits, seed)
    plan = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    out = {}
    for name, pop in (("face", calibrate(export, {"traits": traits})),
                      ("given", calibrate(export, {"traits": traits}, plan=plan))):  # fmt: skip
        est = pop.report.agents.set_index("agent_id")
        for k in ("capacity", "skill"):
            out[f"{name}_{k}"] = spearmanr(est[k], truth.loc[est.index, k]).statistic
        if name == "given":
            out["sqrt_reliability"] = float(np.sqrt(skill_reliability(pop.report)))
    # oracles: estimators that know each row's true choices
    volume = a["effort"] * (1 - a["help"]) * (1 - a["quality"]) / (1 - 0.3)
    lift = quality_index(a["quality"].to_numpy(), 0.3) ** (0.3 / 0.7)
    learn = 1 - 0.5 * np.exp(-a["tenure_months"].to_numpy() / 3)
    g = export.assign(volume=volume.to_numpy(), exposure=export["connected"] * learn * lift)
    g = g.groupby("agent_id")
    cap = g["dials"].sum() / g["volume"].sum()
    skill = g["orders"].sum() / g["exposure"].sum()
    out["oracle_capacity"] = spearmanr(cap, truth.loc[cap.index, "capacity"]).statistic
    out["oracle_skill"] = spearmanr(skill, truth.loc[skill.index, "skill"]).statistic
    dials = g["dials"].mean()
    out["dials_only_capacity"] = spearmanr(dials, truth.loc[dials.index, "capacity"]).statistic
    print({k: round(v, 3) for k, v in out.items()})
    return out


def test_known_agents_are_recovered_when_their_motivation_is_known() -> None:
    """Agents who respond to pay, with the motivation the calibration assumes: capacity ranks
    ≥ 0.95 (dividing out solved effort), skill at the sampling limit √reliability."""
    r = _recovery(MOTIVATION, seed=3)
    assert r["given_capacity"] >= 0.95
    assert r["given_capacity"] > r["face_capacity"] + 0.03
    limit = min(r["oracle_skill"], r["sqrt_reliability"])
    assert r["given_skill"] >= limit - 0.02
    assert r["sqrt_reliability"] == pytest.approx(r["oracle_skill"], abs=0.05)


def test_with_unknown_motivation_capacity_ranks_as_well_as_the_data_allow() -> None:
    """Drawn motivation (effort cost, baseline effort, risk aversion) the export cannot show:
    capacity is identified only up to each agent's effort, so it ranks about as well as
    dials do (the identification limit), a little better once effort's dependence on what
    the data show is divided out; skill stays at its sampling limit."""
    r = _recovery({}, seed=3)
    assert r["oracle_capacity"] >= 0.95  # the truth is there, with effort known
    assert r["given_capacity"] >= r["dials_only_capacity"] - 0.01
    assert r["given_skill"] >= min(r["oracle_skill"], r["sqrt_reliability"]) - 0.02
