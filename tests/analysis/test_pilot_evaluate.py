"""Pilot evaluation: pyfixest's numbers checked against an independent computation,
recovery of a known effect, a placebo, coverage over many draws, and bad pilots."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from perfkit.analysis.pilot import did as fe
from perfkit.analysis.pilot.assignment import Assignment, load_assignment, pilot_rows
from perfkit.analysis.pilot.evaluate import agent_panel, recommend
from perfkit.core.errors import PilotError
from tests.conftest import DATA, ROOT, SCENARIOS

spec = importlib.util.spec_from_file_location(
    "make_pilot_data", ROOT / "scripts/make_pilot_data.py"
)
make = importlib.util.module_from_spec(spec)
sys.modules["make_pilot_data"] = make
spec.loader.exec_module(make)


def small_panel(seed: int = 5) -> pd.DataFrame:
    """24 agents in 6 teams over 6 months, 3 rows dropped (unbalanced)."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {"agent_id": np.repeat(np.arange(24), 6), "period": np.tile(np.arange(6), 24)}
    )
    df["team"] = df["agent_id"] // 4
    df[fe.TREAT] = ((df["team"] < 3) & (df["period"] >= 3)).astype(float)
    team_shock = rng.normal(size=6)[df["team"]]
    df["y"] = rng.normal(size=len(df)) + 0.3 * df["team"] + 0.5 * df[fe.TREAT] + team_shock
    return df.drop(index=[5, 17, 30]).reset_index(drop=True)


def within(v: np.ndarray, df: pd.DataFrame) -> np.ndarray:
    """Residual of ``v`` on agent and month dummies (least squares): the within transform."""
    dummies = pd.get_dummies(df[["agent_id", "period"]].astype(str), drop_first=False)
    z = dummies.to_numpy(float)
    coef, *_ = np.linalg.lstsq(z, v, rcond=None)
    return v - z @ coef


def test_did_matches_a_hand_coded_within_estimator_and_crv1() -> None:
    df = small_panel()
    eff = fe.did(df, "y", "agent_id", reps=199)
    x = within(df[fe.TREAT].to_numpy(float), df)  # Frisch–Waugh–Lovell
    y = within(df["y"].to_numpy(float), df)
    beta = (x @ y) / (x @ x)
    u = y - beta * x
    meat = sum((x[df["team"] == g] @ u[df["team"] == g]) ** 2 for g in df["team"].unique())
    # CRV1 with pyfixest's default small-sample factor: G/(G-1) · (N-1)/(N-K), K = the
    # regressor + the month levels (agent effects are nested in team clusters: not counted)
    g, n, k = df["team"].nunique(), len(df), 1 + df["period"].nunique()
    se = np.sqrt(g / (g - 1) * (n - 1) / (n - k) * meat / (x @ x) ** 2)
    assert eff.estimate == pytest.approx(beta, abs=1e-6)
    assert eff.se == pytest.approx(se, abs=1e-6)
    t = stats.t.ppf(0.975, g - 1)  # t with G - 1 degrees of freedom
    assert eff.crv1_low == pytest.approx(beta - t * se, abs=1e-6)
    assert eff.crv1_high == pytest.approx(beta + t * se, abs=1e-6)
    assert eff.p_value == pytest.approx(2 * stats.t.sf(abs(beta / se), g - 1), abs=1e-6)
    assert eff.ci_method == "wild cluster bootstrap"  # 6 clusters: few
    assert eff.ci_low < eff.estimate < eff.ci_high


def test_did_reports_pyfixests_own_numbers() -> None:
    import pyfixest as pf

    df = small_panel(7)
    tidy = pf.feols("y ~ pilot_on | agent_id + period", df, vcov={"CRV1": "team"}).tidy()
    eff = fe.did(df, "y", "agent_id", reps=199)
    assert eff.estimate == tidy.at["pilot_on", "Estimate"]
    assert eff.se == tidy.at["pilot_on", "Std. Error"]


def test_event_study_reports_pyfixests_own_numbers() -> None:
    import pyfixest as pf

    df = small_panel(8).assign(rel_month=lambda d: np.where(d["team"] < 3, d["period"] - 3, -1))
    fit = pf.feols("y ~ i(rel_month, ref=-1) | agent_id + period", df, vcov={"CRV1": "team"})
    study = fe.event_study(df, "y", "agent_id").set_index("rel_month")
    for name, row in fit.tidy().iterrows():
        rel = int(str(name).split("::")[1])
        assert study.at[rel, "estimate"] == pytest.approx(row["Estimate"], abs=1e-9)
        assert study.at[rel, "se"] == pytest.approx(row["Std. Error"], abs=1e-9)
    assert study.at[-1, "estimate"] == 0.0


def test_wild_bootstrap_is_reproducible_with_a_seed() -> None:
    df = small_panel()
    a, b = (
        fe.did(df, "y", "agent_id", reps=299, seed=4),
        fe.did(df, "y", "agent_id", reps=299, seed=4),
    )
    assert (a.ci_low, a.ci_high, a.wild_p) == (b.ci_low, b.ci_high, b.wild_p)


@pytest.fixture(scope="module")
def plans():
    from perfkit.scheme import load_scenario

    return (
        load_scenario(SCENARIOS / "marginal_ladder.yaml"),
        load_scenario(SCENARIOS / "current_flat_commission.yaml"),
    )


_PANELS: dict[str, pd.DataFrame] = {}


def panel_of(name: str, plans) -> pd.DataFrame:
    """The bundled export's agent panel (priced once per module; callers must not mutate)."""
    from perfkit.files.data import load_kpis

    if name not in _PANELS:
        a = load_assignment(DATA / "pilot_assignment.csv")
        _PANELS[name] = agent_panel(load_kpis(DATA / name), a, *plans)
    return _PANELS[name].copy()


@pytest.mark.parametrize("outcome", ["revenue", "orders", "dials"])
def test_bundled_pilot_recovers_its_known_effect_and_the_placebo_covers_zero(outcome, plans):
    truth = make.EFFECT[outcome]
    eff = fe.did(panel_of("pilot_kpis.csv", plans), outcome, "agent_id", reps=999)
    assert eff.ci_low <= truth <= eff.ci_high
    assert eff.ci_low > 0  # and the effect is detected
    placebo = fe.did(panel_of("pilot_kpis_placebo.csv", plans), outcome, "agent_id", reps=999)
    assert placebo.ci_low <= 0 <= placebo.ci_high
    # the placebo differs from the real pilot by exactly the effect added to the data
    assert eff.estimate - placebo.estimate == pytest.approx(truth, rel=0.02)


def test_crv1_intervals_cover_the_true_effect_over_many_draws() -> None:
    """The generator with 40 fresh seeds: the 95% CRV1 interval covers 3,000 in ≥ 85%."""
    covered = 0
    for seed in range(100, 140):
        df = make.panel(seed)
        pilot = df["team"].drop_duplicates().sample(5, random_state=seed).tolist()
        e = make.export(df, pilot, 1.0)
        e[fe.TREAT] = (e["team"].isin(pilot) & (e["period"] >= make.START)).astype(float)
        eff = fe.did(e.assign(y=e["revenue"]), "y", "agent_id", cluster="team", reps=0)
        covered += eff.crv1_low <= make.EFFECT["revenue"] <= eff.crv1_high
    assert covered >= 34


def test_event_study_is_flat_before_and_shows_the_effect_after(plans) -> None:
    study = fe.event_study(panel_of("pilot_kpis.csv", plans), "revenue", "agent_id")
    assert study.loc[study["rel_month"] == -1, "estimate"].item() == 0.0
    before = study[study["rel_month"] < -1]
    after = study[study["rel_month"] >= 0]
    assert (before["ci_low"] <= 0).all() and (before["ci_high"] >= 0).all()
    assert after["estimate"].mean() > 1500


def test_pretrend_test_rejects_a_built_in_trend(plans) -> None:
    p = panel_of("pilot_kpis_placebo.csv", plans)
    flat = fe.pretrend(p, "revenue", "agent_id", reps=499)
    drift = p.assign(revenue=p["revenue"] + 600 * p["pilot_team"] * p["month_index"])
    trend = fe.pretrend(drift, "revenue", "agent_id", reps=499)
    assert flat["test_p"] > 0.10
    assert trend["test_p"] < 0.01
    assert trend["slope"] == pytest.approx(flat["slope"] + 600, rel=1e-9)


def _effects(**ci: tuple[float, float]) -> pd.DataFrame:
    rows = {"profit": (1.0, 2.0), "complaints": (-1.0, 1.0), "attrition": (-1.0, 1.0)} | ci
    return pd.DataFrame(
        [{"outcome": o, "ci_low": lo, "ci_high": hi} for o, (lo, hi) in rows.items()]
    )


def _trend(p: float = 0.5) -> pd.DataFrame:
    return pd.DataFrame({"outcome": ["revenue", "profit"], "test_p": [p, p]})


def test_recommendation_rule() -> None:
    assert recommend(_effects(), _trend())["decision"] == "roll_out"
    assert recommend(_effects(profit=(-3.0, -1.0)), _trend())["decision"] == "stop"
    assert recommend(_effects(profit=(-1.0, 2.0)), _trend())["decision"] == "adjust"
    worse = recommend(_effects(complaints=(0.1, 0.5)), _trend())
    assert worse["decision"] == "adjust" and "worse:complaints" in worse["reasons"]
    drift = recommend(_effects(), _trend(0.05))
    assert drift["decision"] == "adjust" and "pretrend:revenue" in drift["reasons"]


# ---- bad pilots ------------------------------------------------------------------------


BASE = {"current_flat_commission.yaml"}


def _kpis() -> pd.DataFrame:
    from perfkit.files.data import load_kpis

    return load_kpis(DATA / "pilot_kpis.csv")


def _assignment(**kw) -> Assignment:
    a = load_assignment(DATA / "pilot_assignment.csv")
    return Assignment(**(a.__dict__ | kw))


def test_assignment_naming_unknown_teams_is_refused() -> None:
    a = _assignment(pilot=["T01", "T99"])
    with pytest.raises(PilotError, match=r"'T99' not in .*pilot_kpis.csv"):
        pilot_rows(_kpis(), a, {"marginal_ladder.yaml"}, BASE)


def test_fewer_than_two_pre_periods_is_refused() -> None:
    with pytest.raises(PilotError, match=r"1 month.* before .*2025-02.*at least 2 pre-periods"):
        pilot_rows(_kpis(), _assignment(start="2025-02"), {"marginal_ladder.yaml"}, BASE)


def test_all_teams_treated_is_refused() -> None:
    k = _kpis()
    k["plan"] = np.where(
        k["period"] >= "2025-09", "marginal_ladder.yaml", "current_flat_commission.yaml"
    )
    with pytest.raises(PilotError, match="all teams treated"):
        pilot_rows(
            k, load_assignment(DATA / "pilot_assignment.csv"), {"marginal_ladder.yaml"}, BASE
        )


def test_no_control_group_is_refused(tmp_path) -> None:
    a = pd.read_csv(DATA / "pilot_assignment.csv", encoding="utf-8-sig").assign(arm="pilot")
    a.to_csv(tmp_path / "a.csv", index=False)
    with pytest.raises(PilotError, match="no control group"):
        load_assignment(tmp_path / "a.csv")


def test_plan_column_decides_the_rows_under_the_pilot() -> None:
    k = _kpis()
    on = pilot_rows(
        k, load_assignment(DATA / "pilot_assignment.csv"), {"marginal_ladder.yaml"}, BASE
    )
    assert np.array_equal(on, (k["plan"] == "marginal_ladder.yaml").to_numpy())


def test_plan_column_naming_an_unknown_plan_is_refused() -> None:
    k = _kpis()
    k.loc[3, "plan"] = "bonus_2024.yaml"
    with pytest.raises(PilotError, match=r"column 'plan' names 'bonus_2024.yaml'"):
        pilot_rows(
            k, load_assignment(DATA / "pilot_assignment.csv"), {"marginal_ladder.yaml"}, BASE
        )


def test_assignment_written_as_text_reads_back(tmp_path) -> None:
    from perfkit.files.outputs import save_table

    a = pd.read_csv(DATA / "pilot_assignment.csv", encoding="utf-8-sig")
    a.loc[0, "team"] = "=HYPERLINK(1)"
    save_table(a, tmp_path / "a.csv")
    assert "'=HYPERLINK(1)" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert load_assignment(tmp_path / "a.csv").pilot[0] == "=HYPERLINK(1)"
