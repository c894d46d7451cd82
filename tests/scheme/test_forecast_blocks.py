"""The scenario's season: and uncertainty: blocks (perfkit.scheme.forecast)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from perfkit.core.errors import ScenarioError
from perfkit.scheme import parse_scenario


def _plan(**extra: Any) -> dict[str, Any]:
    return {"name": "flat", "pay": {"base_salary": 4000},
            "commission": {"base": "revenue", "mode": "flat", "rate": 0.03}, **extra}  # fmt: skip


def test_a_season_keeps_month_factors_their_ranges_and_a_trend_from_its_anchor() -> None:
    s = parse_scenario(_plan(season={
        "source": "perfkit estimate", "anchor": "2025-06", "trend": {"revenue": 0.01},
        "revenue": {1: {"value": 0.9, "range": [0.8, 1.0]}, 12: 1.2}}))  # fmt: skip
    assert s.season.revenue == {1: 0.9, 12: 1.2}
    assert s.ranges == {"season.revenue.1": (0.8, 1.0)}
    assert s.season.factor("revenue", 1) == pytest.approx(0.9)
    assert s.season.factor("revenue", 7) == 1.0  # a month not listed
    assert s.season.factor("revenue", 12, 6) == pytest.approx(1.2 * math.exp(0.06))
    assert s.season.factor("dials", 1) == 1.0


@pytest.mark.parametrize(
    ("season", "message"),
    [
        ({"revenue": {13: 1.0}}, r"season\.revenue: month 13 is not a calendar month"),
        ({"orders": {2: 0.0}}, r"season\.orders\[2\]: .*greater than or equal to 0\.2"),
        ({"dials": {2: 9.0}}, r"season\.dials\[2\]: .*less than or equal to 5"),
        ({"trend": {"revenue": 0.01}}, r"season: a trend needs 'anchor'"),
        ({"trend": {"pay": 0.01}, "anchor": "2025-01"}, r"trend of 'pay': expected one of"),
        ({"revenu": {1: 1.0}}, r"season\.revenu"),
    ],
)
def test_a_bad_season_is_refused_with_the_field_named(season: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(_plan(season=season))


def test_uncertainty_keeps_joint_draws_and_noise() -> None:
    s = parse_scenario(_plan(uncertainty={
        "source": "bootstrap", "noise": {"dials": {"sd": 0.02, "rho": 0.5}},
        "draws": [{"effort_cost": 5000, "annual_rate": 0.3}, {"effort_cost": 6000, "annual_rate": 0.2}]}))  # fmt: skip
    assert [d["effort_cost"] for d in s.uncertainty.draws] == [5000, 6000]
    assert s.uncertainty.noise["dials"].rho == 0.5


@pytest.mark.parametrize(
    ("unc", "message"),
    [
        ({"draws": [{"effort": 1.0}]}, r"draw 0: unknown parameter 'effort'"),
        ({"draws": [{"effort_cost": 1.0}, {"annual_rate": 0.1}]}, r"draw 1 names other parameters"),
        ({"draws": [{"effort_cost": -1.0}]}, r"draw 0: effort_cost must be > 0"),
        ({"draws": [{"annual_rate": 1.5}]}, r"draw 0: annual_rate must lie in \[0, 1\)"),
        ({"noise": {"pay": {"sd": 0.1}}}, r"noise of 'pay': expected one of revenue"),
        ({"noise": {"dials": {"sd": 0.1, "rho": 1.0}}}, r"uncertainty\.noise\.dials\.rho"),
    ],
)
def test_bad_uncertainty_is_refused_with_the_field_named(unc: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(_plan(uncertainty=unc))
