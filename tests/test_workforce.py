"""A workforce that turns over: who leaves, who joins, and the annual attrition figure.

Economics the tests state:

- Annual attrition compounds the monthly rate: a constant m gives 1 − (1 − m)^12,
  not 12·m.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.risk import attrition_flag
from perfkit.scheme import parse_scenario
from perfkit.simulate import simulate
from perfkit.simulate.summary import annual_attrition

QUIET = {"behaviour": {"on_nonconvergence": "note"}}


def plan(name: str, population: dict, **keys) -> object:
    return parse_scenario({"name": name, "population": population, **keys})


# --------------------------------------------------------------------------- attrition
@pytest.mark.parametrize(("periods", "per_year"), [(12, 12), (6, 12), (4, 4)])
def test_annual_attrition_compounds_a_constant_rate(periods: int, per_year: int) -> None:
    m = 0.04
    rate = annual_attrition(np.full((3, periods), m), per_year)
    assert rate == pytest.approx(np.full(3, 1 - (1 - m) ** per_year))
    assert rate[0] < per_year * m


def test_attrition_at_par_is_the_annual_rate_not_twelve_monthly_rates() -> None:
    """CE = outside option for everyone (flat 4,000, outside option 4,000): every agent
    quits at the base monthly rate m = 1 − 0.65^(1/12); the year's figure is 35%."""
    at_par = plan(
        "at par",
        {"agents": 200, "teams": 10, "seed": 1,
         "traits": {"outside_option": {"mean": 4000, "cv": 0}}},
        pay={"base_salary": 4000},
    )  # fmt: skip
    settings = {**QUIET, "mentoring": {"boost": 0, "help_value": 0}}
    res = simulate(at_par, runs=24, seed=3, periods=12, settings=settings)
    assert res.policy.ce == pytest.approx(4000.0, abs=1.0)
    monthly = 1 - 0.65 ** (1 / 12)
    assert res.metric("attrition") == pytest.approx(0.35, abs=0.02)
    assert 12 * monthly == pytest.approx(0.424, abs=0.001)  # what the figure used to be
    assert res.agents["quit"].mean() == pytest.approx(monthly, rel=0.1)


@pytest.mark.parametrize(
    ("rate", "where", "zh", "triggered"),
    [
        (0.20, "below", "低于", False),
        (0.35, "inside", "区间内", False),
        (0.60, "above", "高于", True),
    ],
)
def test_attrition_flag_places_the_rate_against_the_range(rate, where, zh, triggered) -> None:
    flag = attrition_flag(rate)
    assert flag["message"] == (
        f"Annual attrition of {rate:.0%} is {where} the 25–50% range typical of telesales."
    )
    assert zh in flag["message_zh"] and f"{rate:.0%}" in flag["message_zh"]
    assert flag["triggered"] is triggered
