"""Pilot design: stratified randomisation, power by simulation against closed forms,
the design on the bundled export, the one-page plan, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from perfkit.analysis.pilot import power as pw
from perfkit.analysis.pilot.randomise import assign, draws, pilot_places, strata
from perfkit.core.errors import PilotError
from tests.conftest import DATA, SCENARIOS


def profile(g: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "team": [f"T{i:02d}" for i in range(g)],
            "agents": rng.integers(5, 30, g).astype(float),
            "revenue_per_agent": rng.normal(25000, 3000, g),
        }
    )


@settings(max_examples=60, deadline=None)
@given(g=st.integers(2, 20), data=st.data())
def test_every_stratum_keeps_a_control_and_the_pilot_has_k_teams(g, data) -> None:
    k = data.draw(st.integers(1, g - 1))
    prof = profile(g, data.draw(st.integers(0, 10_000)))
    s = strata(prof, k)
    places = pilot_places(s, k)
    assert places.sum() == k
    sizes = np.bincount(s)
    assert (sizes >= 2).all()  # min(k, G - k) blocks: each has a pilot and a control place
    assert ((places >= 1) & (places <= sizes - 1)).all()
    a = assign(prof, k, seed=3)
    assert (a["arm"] == "pilot").sum() == k
    for stratum, grp in a.groupby("stratum"):
        assert (grp["arm"] == "pilot").sum() == places[stratum - 1]


def test_same_seed_same_assignment_and_randomisation_is_uniform_within_strata() -> None:
    prof = profile(8)
    assert assign(prof, 4, 9).equals(assign(prof, 4, 9))
    flags = draws(prof, 4, 20_000, seed=1)
    # 4 strata of 2 teams: every team pilots half the time
    assert np.allclose(flags.mean(axis=0), 0.5, atol=0.015)
    assert (flags.sum(axis=1) == 4).all()


def test_strata_follow_size_band_then_revenue_per_agent() -> None:
    prof = pd.DataFrame(
        {"team": list("ABCD"), "agents": [10.0, 10.0, 30.0, 30.0],
         "revenue_per_agent": [1.0, 2.0, 3.0, 4.0]}
    )  # fmt: skip
    s = strata(prof, 2)
    assert s[0] == s[1] and s[2] == s[3] and s[0] != s[2]  # small teams together, large together


@pytest.mark.parametrize("k", [0, 4])
def test_a_pilot_needs_a_pilot_and_a_control_team(k) -> None:
    with pytest.raises(PilotError, match="at least one team stays on the current plan"):
        strata(profile(4), k)


def test_noise_model_recovers_sigma_and_rho() -> None:
    truth = pw.NoiseModel(sigma=np.linspace(1.0, 3.0, 40), rho=0.4)
    y = truth.draw(1, 400, np.random.default_rng(0))[0] + np.arange(400) * 0.1
    fit = pw.noise_model(y)
    assert fit.rho == pytest.approx(0.4, abs=0.03)
    assert np.allclose(fit.sigma, truth.sigma, rtol=0.12)


def test_power_matches_the_closed_form_with_independent_noise() -> None:
    """iid noise, equal weights, fixed assignment: sd(DiD) = σ √((1/pre + 1/post)(1/k + 1/(G-k)))
    and MDE = (z₀.₉₇₅ + z₀.₈) sd."""
    g, k, pre, post, sigma = 10, 3, 8, 4, 2.0
    noise = pw.NoiseModel(sigma=np.full(g, sigma), rho=0.0)
    pilot = np.zeros((40_000, g), dtype=bool)
    pilot[:, :k] = True
    null = pw.null_estimates(noise, pilot, np.ones(g), pre, post, seed=2)
    sd = sigma * np.sqrt((1 / pre + 1 / post) * (1 / k + 1 / (g - k)))
    assert np.std(null) == pytest.approx(sd, rel=0.02)
    assert pw.power_at(null, 0.0)[0] == pytest.approx(0.05, abs=0.003)
    closed = (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) * sd
    assert pw.mde(null) == pytest.approx(closed, rel=0.03)
    assert pw.power_at(null, pw.mde(null))[0] == pytest.approx(0.8, abs=0.01)


def test_autocorrelation_raises_the_mde() -> None:
    pilot = np.zeros((20_000, 8), dtype=bool)
    pilot[:, :4] = True
    mdes = [
        pw.mde(pw.null_estimates(pw.NoiseModel(np.ones(8), rho), pilot, np.ones(8), 6, 3, 0))
        for rho in (0.0, 0.5)
    ]
    assert mdes[1] > 1.2 * mdes[0]


@pytest.fixture(scope="module")
def design():
    from perfkit.analysis.pilot.design import design_pilot
    from perfkit.files.data import load_kpis
    from perfkit.scheme import load_scenario

    scenario = load_scenario(SCENARIOS / "marginal_ladder.yaml")
    baseline = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    kpis = load_kpis(DATA / "pilot_kpis_before.csv")
    return design_pilot(scenario, baseline, kpis, months=(2, 4), seed=5, reps=800, runs=3)


def test_design_on_the_bundled_history(design) -> None:
    c, p = design.choice, design.power
    assert c["start"] == "2025-09" and c["months"] in (2, 4)
    assert (design.assignment["arm"] == "pilot").sum() == c["teams"]
    assert set(p["teams"]) == set(range(1, 10)) and set(p["outcome"]) == {"revenue", "profit"}
    for (_o, _k), grp in p.groupby(["outcome", "teams"]):
        mde = grp.sort_values("months")["mde"].to_numpy()
        assert mde[1] < mde[0]  # a longer pilot detects smaller effects
    chosen = p[
        (p["teams"] == c["teams"]) & (p["months"] == c["months"]) & (p["outcome"] == "profit")
    ]
    assert (chosen["power_at_forecast"] >= 0.8).all() == c["detectable"]
    assert 2 <= c["teams"] <= 8
    # the forecast is the simulator's: the marginal ladder raises revenue on this floor
    f = design.forecast
    assert (f.loc[f["outcome"] == "revenue", "effect"] > 0).all()


def test_design_is_reproducible(design) -> None:
    from perfkit.analysis.pilot.design import design_pilot
    from perfkit.files.data import load_kpis
    from perfkit.scheme import load_scenario

    again = design_pilot(
        load_scenario(SCENARIOS / "marginal_ladder.yaml"),
        load_scenario(SCENARIOS / "current_flat_commission.yaml"),
        load_kpis(DATA / "pilot_kpis_before.csv"), months=(2, 4), seed=5, reps=800, runs=3,
    )  # fmt: skip
    pd.testing.assert_frame_equal(again.power, design.power)
    pd.testing.assert_frame_equal(again.assignment, design.assignment)


def test_plan_page_escapes_what_users_typed(design) -> None:
    from dataclasses import replace

    from perfkit.pages.pilot.page import plan_page

    typed = {"scenario": "<script>x</script>", "scenario_zh": "<script>x</script>"}
    evil = replace(design, meta=design.meta | typed)
    for lang in ("en", "zh"):
        html = plan_page(evil, lang)
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "data:image/png;base64," in html
    assert "试点方案" in plan_page(design, "zh")


def test_one_month_of_history_is_refused() -> None:
    from perfkit.analysis.pilot.design import design_pilot
    from perfkit.files.data import load_kpis
    from perfkit.scheme import load_scenario

    k = load_kpis(DATA / "pilot_kpis_before.csv")
    k = k[k["period"] == "2025-01"]
    k.attrs["source"] = "one_month.csv"
    sc = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    with pytest.raises(PilotError, match=r"one_month.csv: 1 month of history.*at least 2"):
        design_pilot(sc, sc, k)


def test_plan_prints_on_one_a4_page_in_both_languages(design, tmp_path) -> None:
    import re

    from perfkit.pages.pilot.write import write_design
    from perfkit.pages.report.pdf import find_chromium

    if find_chromium() is None:
        pytest.skip("no headless Chromium")
    files = write_design(design, tmp_path)
    for lang in ("en", "zh"):
        assert f"pilot_plan_{lang}.pdf" in files
        pdf = (tmp_path / f"pilot_plan_{lang}.pdf").read_bytes()
        assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
