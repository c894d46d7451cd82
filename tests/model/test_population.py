"""Agent populations: synthetic draws with documented defaults, and calibration from data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from perfkit.core.errors import ParameterError, ScenarioError
from perfkit.fit.calibration import calibrate
from perfkit.fit.population_choice import from_scenario
from perfkit.model.population import TRAITS, synthetic
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.scheme.population import Simulation, SyntheticPopulation, Traits
from tests.conftest import DATA, SCENARIOS


# --------------------------------------------------------------------------- synthetic
def test_synthetic_population_has_every_trait_and_balanced_teams() -> None:
    pop = synthetic(agents=120, teams=6, seed=7)
    assert pop.n == 120
    assert set(pop.traits) == set(TRAITS)
    assert len(set(pop.agent_id)) == 120
    sizes = pd.Series(pop.team).value_counts()
    assert sizes.min() == sizes.max() == 20
    frame = pop.to_frame()
    assert list(frame.columns[:2]) == ["agent_id", "team"]
    assert (frame[list(TRAITS)] >= 0).all().all()


def test_same_seed_same_population_other_seed_other_population() -> None:
    a, b, c = (
        synthetic(agents=50, seed=3),
        synthetic(agents=50, seed=3),
        synthetic(agents=50, seed=4),
    )
    assert all(np.array_equal(a.traits[k], b.traits[k]) for k in TRAITS)
    assert not np.array_equal(a.skill, c.skill)


def test_trait_distributions_match_their_documented_means_and_spreads() -> None:
    spec = Traits()
    pop = synthetic(agents=20000, teams=1000, seed=1)
    for name, dist in [
        ("skill", spec.skill),
        ("capacity", spec.capacity),
        ("effort_cost", spec.effort_cost),
    ]:
        x = pop.traits[name]
        assert x.mean() == pytest.approx(dist.mean, rel=0.02)
        assert x.std() / x.mean() == pytest.approx(dist.cv, rel=0.05)
    # agent output SD ≈ 15–25% of the mean (DESIGN.md §4) and connect rates within 8–40%
    assert 0.15 <= spec.skill.cv <= 0.25
    assert pop.connect_rate.min() >= 0.08 and pop.connect_rate.max() <= 0.40
    assert pop.helpfulness.min() >= 0 and pop.helpfulness.max() <= 1
    # steady-state tenure of 25–50% annual attrition: mean 2–4 years at most
    assert 12 <= pop.tenure.mean() <= 48


def test_zero_spread_gives_identical_agents() -> None:
    pop = synthetic(agents=10, teams=2, traits={"effort_cost": {"mean": 2.0, "cv": 0}})
    assert np.all(pop.effort_cost == 2.0)


def test_learning_curve_starts_at_one_minus_gap_and_approaches_one() -> None:
    pop = synthetic(agents=5, teams=1)
    gap = pop.spec.learning_gap
    assert pop.learning(np.array([0.0]))[0] == pytest.approx(1 - gap)
    assert pop.learning(np.array([60.0]))[0] == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agents": 0}, "population.agents"),
        ({"teams": 0}, "population.teams"),
        ({"agents": 3, "teams": 5}, "teams (5) exceed agents (3)"),
        ({"traits": {"skill": {"mean": 1.0, "cv": -0.1}}}, "population.traits.skill.cv"),
        ({"traits": {"effort_cost": {"mean": -5}}}, "population.traits.effort_cost.mean"),
        ({"traits": {"helpfulness": {"mean": 1.5}}}, "population.traits.helpfulness.mean"),
        ({"funnel": {"refund_rate": 1.2}}, "population.funnel.refund_rate"),
        ({"funnel": {"connect_rate": {"mean": -0.1}}}, "population.funnel.connect_rate.mean"),
        ({"colour": "blue"}, "population.colour"),
    ],
)
def test_bad_parameters_raise_a_parameter_error_naming_the_field(overrides, field) -> None:
    with pytest.raises(ParameterError, match=field.replace("(", r"\(").replace(")", r"\)")):
        synthetic(**overrides)


def test_population_settings_forbid_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        SyntheticPopulation(agents=10, skil=0.3)
    with pytest.raises(ValidationError):
        Simulation(behaviour={"dampin": 0.5})


def test_scenario_population_section_is_typed(basic) -> None:
    basic["population"] = {
        "source": "synthetic",
        "agents": 40,
        "teams": 4,
        "traits": {"skill": {"cv": 0.25}},
    }
    sc = parse_scenario(basic)
    assert sc.population.traits.skill.cv == 0.25
    pop = from_scenario(sc)
    assert pop.n == 40
    basic["population"] = {"source": "synthetic", "agents": 40, "skill_sd": 0.3}
    with pytest.raises(ScenarioError, match=r"population\.skill_sd"):
        parse_scenario(basic)


# --------------------------------------------------------------------------- calibration
@pytest.mark.parametrize("name", ["sample_kpis.csv", "sample_kpis_zh.csv"])
def test_calibration_works_on_both_sample_exports(name: str) -> None:
    pop = calibrate(DATA / name)
    raw = pd.read_csv(DATA / name)
    period_col = "month" if "month" in raw else "月份"
    id_col = "agent_id" if "agent_id" in raw else "工号"
    last = raw[period_col].max()
    assert pop.n == raw.loc[raw[period_col] == last, id_col].nunique()
    assert pop.start is not None and pop.start > last
    report = pop.report
    fit = report.fit.set_index(["kpi", "level"])
    for kpi in ("dials", "connected", "orders", "revenue"):
        assert fit.loc[(kpi, "agent"), "r2"] > 0.9
        assert fit.loc[(kpi, "agent-period"), "r2"] > 0.5
    weights = report.agents[["weight_skill", "weight_capacity", "weight_connect"]]
    assert ((weights >= 0) & (weights <= 1)).all().all()
    rates = report.rates
    assert 0.08 <= rates.connect_rate.mean <= 0.40
    assert 0 < rates.order_rate < 1 and 0 < rates.intent_rate < 1
    assert "R²" in report.summary()
    assert np.all(pop.skill > 0) and np.all(pop.capacity > 0)


def test_order_value_keeps_the_real_spread_between_agents() -> None:
    """An agent's mean order value over n orders has sampling variance cv² × value² ÷ n.
    Over-stating that variance shrank every agent to the pooled value (P10–P90 2,568–2,574
    against a per-agent spread of ~288 in the export); the spread net of sampling stays."""
    kpis = pd.read_csv(DATA / "sample_kpis.csv")
    per_agent = kpis.groupby("agent_id")[["revenue", "orders"]].sum()
    raw = per_agent["revenue"] / per_agent["orders"]
    pop = calibrate(DATA / "sample_kpis.csv")
    agents = pop.report.agents.set_index("agent_id")
    cal = agents["order_value"].reindex(raw.index).dropna()
    cv = pop.report.rates.order_value_cv
    sampling = float(np.mean(cv**2 * raw.mean() ** 2 / per_agent["orders"]))
    between = np.sqrt(max(raw.var() - sampling, 0.0))
    assert cal.std() == pytest.approx(between, rel=0.35)
    assert np.corrcoef(cal, raw.reindex(cal.index))[0, 1] > 0.95
    fit = pop.report.fit.set_index(["kpi", "level"])
    assert fit.loc[("revenue", "agent"), "r2"] > 0.98


def test_calibration_shrinks_short_histories_toward_the_mean() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for i in range(40):
        months = 1 if i < 5 else 12
        for m in range(months):
            connected = 1200
            rows.append(
                {
                    "agent_id": f"A{i:03d}",
                    "team": f"T{i % 4}",
                    "period": f"2025-{12 - m:02d}",
                    "tenure_months": 24.0,
                    "dials": 4500,
                    "connected": connected,
                    "orders": rng.poisson(10 if i >= 5 else 25),
                    "revenue": 25000.0,
                }
            )
    pop = calibrate(pd.DataFrame(rows))
    agents = pop.report.agents.set_index("agent_id")
    short, long_ = agents.iloc[:5], agents.iloc[5:]
    assert short["weight_skill"].max() < long_["weight_skill"].min()
    # a one-month star is pulled toward the mean more than a year of evidence would be
    assert (short["skill"] < short["skill_raw"]).all()


def test_calibration_reads_the_scenario_population(tmp_path) -> None:
    sc = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    pop = from_scenario(sc)
    assert pop.source.endswith("sample_kpis.csv")
    assert pop.report is not None


def test_calibration_from_a_table_missing_required_columns_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match=r"population\.source"):
        calibrate(pd.DataFrame({"agent_id": ["A"], "period": ["2025-01"], "dials": [1]}))
