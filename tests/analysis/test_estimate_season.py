"""The floor's season, trend and team-month noise from its export (known by construction).

- A season (and a trend over two years) is recovered from control teams and the months
  before a change, and a plan change's response is never read as a season.
- Without a season the shrunk factors stay near 1, and a year of data tests no trend.
- The team-month noise's sd and AR(1) ρ are recovered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.moments import cube, design, export_rows
from perfkit.analysis.estimate.season import estimate_season, team_month_noise

SEASON = 0.08 * np.sin(2 * np.pi * np.arange(12) / 12)  # log factor per calendar month


def _export(months: int, teams: int = 12, trend: float = 0.0, season: np.ndarray = SEASON,
            noise: float = 0.02, response: float = 1.3, seed: int = 0) -> pd.DataFrame:  # fmt: skip
    """One row per team and month; half the teams switch plan 6 months before the end and
    then sell ``response`` × more."""
    rng = np.random.default_rng(seed)
    labels = [str(p) for p in pd.period_range("2024-01", periods=months, freq="M")]
    change = months - 6
    rows = []
    for t in range(teams):
        level = rng.normal(0, 0.3)
        for m, label in enumerate(labels):
            switched = t < teams // 2 and m >= change
            y = level + season[m % 12] + trend * m + rng.normal(0, noise)
            y += np.log(response) if switched else 0.0
            rows.append({"agent_id": f"A{t}", "team": f"T{t:02d}", "period": label,
                         "plan": "new" if switched else "old", "revenue": 20000 * np.exp(y),
                         "orders": 10 * np.exp(y), "dials": 3000 * np.exp(y)})  # fmt: skip
    return pd.DataFrame(rows)


def _fit(df: pd.DataFrame):
    d = design(df)
    return estimate_season(cube(export_rows(df), d), d, d.months, seed=1), d


def test_season_and_trend_over_two_years_are_recovered_and_the_response_is_not_a_season():
    season, d = _fit(_export(24, trend=0.01))
    assert season.trend_tested and season.trend["revenue"] == pytest.approx(0.01, abs=0.002)
    assert abs(season.trend_t["revenue"]) > 1.96
    truth = SEASON - SEASON.mean()
    got = np.log([season.factors["revenue"][m] for m in range(1, 13)])
    assert np.abs(got - truth).max() < 0.02  # the +30% after the change is not in July–December
    low, high = season.ranges["revenue"][7]
    assert low <= np.exp(truth[6]) * 1.01 and high >= np.exp(truth[6]) * 0.99
    assert season.anchor == d.months[12]


def test_no_trend_is_kept_when_the_data_show_none():
    season, _ = _fit(_export(24, trend=0.0, seed=3))
    assert season.trend_tested and season.trend["revenue"] == 0.0
    assert "not significant: dropped" in season.reason


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_without_a_season_the_factors_shrink_to_one_and_a_year_tests_no_trend(seed: int):
    season, _ = _fit(_export(12, season=np.zeros(12), noise=0.05, seed=seed))
    factors = np.array(list(season.factors["revenue"].values()))
    assert season.shrink["revenue"] < 0.7  # noise alone: pulled most of the way to none
    assert np.abs(np.log(factors)).max() < 0.03  # within two of a month effect's s.e. (0.015)
    assert not season.trend_tested and "cannot be told from the season" in season.reason
    with_season, _ = _fit(_export(12, noise=0.05, seed=seed))
    assert with_season.shrink["revenue"] > 0.9  # a real season (±8%) is kept


def test_team_month_noise_sd_and_rho_are_recovered():
    rng = np.random.default_rng(4)
    teams, months, sd, rho = 60, 24, 0.05, 0.5
    e = np.empty((teams, months))
    e[:, 0] = rng.normal(0, sd, teams)
    for m in range(1, months):
        e[:, m] = rho * e[:, m - 1] + np.sqrt(1 - rho**2) * rng.normal(0, sd, teams)
    n = np.ones((1, teams, months))
    obs = {"n": n, **{k: np.exp(e)[None] * 100 for k in ("revenue", "orders", "dials")}}
    model = {
        "n": n,
        **{k: np.full((1, teams, months), 100.0) for k in ("revenue", "orders", "dials")},
    }
    got = team_month_noise(obs, model, {}, months=12)
    assert got["revenue"]["export_sd"] == pytest.approx(sd, rel=0.1)
    r = got["revenue"]["rho"]  # widened by a level calibrated on 12 months of it
    assert got["revenue"]["sd"] ** 2 == pytest.approx(
        got["revenue"]["export_sd"] ** 2 * (1 + (1 + r) / ((1 - r) * 12))
    )
    assert got["revenue"]["rho"] == pytest.approx(rho, abs=0.1)
