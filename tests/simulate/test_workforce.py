"""A workforce that turns over: who leaves, who joins, and the annual attrition figure.

Economics the tests state:

- Sorting (Lazear 2000, AER): a plan that pays steeply for performance pays able
  agents more than weak ones, so weak agents leave and able applicants accept; after
  a year the floor is abler than under a flat salary with the same draws.
- A flat salary pays every skill alike, so it does not select on skill: its hires
  are on average as able as the applicant pool.
- Annual attrition compounds the monthly rate: a constant m gives 1 − (1 − m)^12,
  not 12·m.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.risk import attrition_flag
from perfkit.core.errors import ParameterError
from perfkit.fit.calibration import calibrate
from perfkit.model.population import draw_traits
from perfkit.scheme import parse_scenario
from perfkit.simulate import simulate
from perfkit.simulate.summary import annual_attrition
from tests.conftest import DATA

FLOOR = {"source": "synthetic", "agents": 120, "teams": 6, "seed": 4}
QUIET = {"behaviour": {"on_nonconvergence": "note"}}


def plan(name: str, population: dict | None = None, **keys) -> object:
    return parse_scenario({"name": name, "population": population or FLOOR, **keys})


FLAT = plan("flat salary", pay={"base_salary": 5200})
STEEP = plan(
    "steep commission",
    pay={"base_salary": 2000},
    commission={"base": "revenue", "mode": "flat", "rate": 0.12},
)


@pytest.fixture(scope="module")
def year() -> dict[str, object]:
    """Both plans over 12 months, same population and seed (common random numbers)."""
    return {p.name: simulate(p, runs=12, seed=5, periods=12, settings=QUIET) for p in (FLAT, STEEP)}


def hires(result) -> pd.DataFrame:
    """The rows of agents hired during the simulation."""
    return result.agents[result.agents["hire"] > 0]


# --------------------------------------------------------------------------- sorting
def test_steep_pay_for_performance_leaves_an_abler_floor_than_a_flat_salary(year) -> None:
    flat, steep = year["flat salary"], year["steep commission"]
    assert steep.metric("floor_skill") > flat.metric("floor_skill") + 0.01
    # paired by run: the same draws, so the gap is the plans' alone
    gap = steep.runs["floor_skill"] - flat.runs["floor_skill"]
    assert (gap > 0).mean() >= 0.9
    # hires are the channel: the steep plan recruits abler applicants
    assert hires(steep)["skill"].mean() > hires(flat)["skill"].mean() + 0.03


def test_a_flat_salary_hires_as_able_as_the_applicant_pool(year) -> None:
    flat = year["flat salary"]
    first = hires(flat).drop_duplicates(["run", "agent_id"])
    assert len(first) > 100
    assert first["skill"].mean() == pytest.approx(1.0, abs=0.05)  # traits.skill mean 1


def test_workforce_table_by_period_ends_in_the_summary_figures(year) -> None:
    steep = year["steep commission"]
    wf = steep.workforce
    assert list(wf.columns) == [
        "run", "period", "floor_skill", "new_hire_share", "mean_tenure", "quit_rate",
    ]  # fmt: skip
    assert len(wf) == 12 * 12
    last = wf[wf["period"] == wf["period"].cat.categories[-1]]
    for k in ("floor_skill", "new_hire_share", "mean_tenure"):
        assert steep.metric(k) == pytest.approx(last[k].mean())
    by_period = wf.groupby("period", observed=True)["floor_skill"].mean()
    assert by_period.iloc[-1] > by_period.iloc[0]  # the floor gets abler month by month
    assert 0 < steep.metric("new_hire_share") < 1


# --------------------------------------------------------------------------- hires
def test_hires_start_at_tenure_zero_with_their_own_traits(year) -> None:
    steep = year["steep commission"]
    h = hires(steep)
    first = h.drop_duplicates(["run", "agent_id"])
    assert (first["tenure_months"] == 0.0).all()
    seat = first["agent_id"].astype(str).str.split("~").str[0]
    seat_skill = steep.population.set_index("agent_id")["skill"].reindex(seat).to_numpy()
    assert (first["skill"].to_numpy() != seat_skill).mean() > 0.95  # not clones of the leaver


def test_same_seed_same_hires_other_seed_other_hires() -> None:
    small = plan("small", {"agents": 40, "teams": 4, "seed": 2}, pay={"base_salary": 3500},
                 commission={"base": "revenue", "mode": "flat", "rate": 0.05})  # fmt: skip
    cols = ["run", "period", "agent_id", "tenure_months", "hire", "skill"]
    a = simulate(small, runs=4, seed=9, periods=6, settings=QUIET)
    b = simulate(small, runs=4, seed=9, periods=6, settings=QUIET)
    pd.testing.assert_frame_equal(a.agents[cols], b.agents[cols])
    pd.testing.assert_frame_equal(a.workforce, b.workforce)
    c = simulate(small, runs=4, seed=10, periods=6, settings=QUIET)
    assert not np.array_equal(hires(a)["skill"].unique(), hires(c)["skill"].unique())


def test_two_plans_offer_a_vacancy_to_the_same_applicants() -> None:
    """Common random numbers: with acceptance blind to pay, the same seat vacated in the
    same month goes to the same applicant under both plans."""
    blind = {**QUIET, "hiring": {"sensitivity": 0}}
    a, b = (simulate(p, runs=6, seed=1, periods=6, settings=blind) for p in (FLAT, STEEP))
    new_a = hires(a).drop_duplicates(["run", "agent_id"])
    new_b = hires(b).drop_duplicates(["run", "agent_id"])
    seat = {
        name: df.assign(seat=df["agent_id"].astype(str).str.split("~").str[0])
        for name, df in (("a", new_a), ("b", new_b))
    }
    both = seat["a"].merge(seat["b"], on=["run", "period", "seat"], suffixes=("_a", "_b"))
    assert len(both) > 20
    assert np.array_equal(both["skill_a"], both["skill_b"])


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
    assert res.workforce["quit_rate"].mean() == pytest.approx(monthly, rel=0.1)


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


# --------------------------------------------------------------------------- inputs
def test_applicants_of_a_calibrated_floor_resemble_its_agents() -> None:
    pop = calibrate(DATA / "sample_kpis.csv")
    drawn = draw_traits(pop, np.random.default_rng(0), 20_000)
    for k in ("skill", "capacity", "order_value"):
        assert drawn[k].mean() == pytest.approx(pop.traits[k].mean(), rel=0.05), k
    assert set(drawn) == set(pop.traits) - {"tenure"}


@pytest.mark.parametrize(
    ("hiring", "field"),
    [({"candidates": 0}, "simulation.hiring.candidates"),
     ({"acceptance_at_par": 1.0}, "simulation.hiring.acceptance_at_par"),
     ({"skill_factor": -1}, "simulation.hiring.skill_factor"),
     ({"pool": 5}, "simulation.hiring.pool")],
)  # fmt: skip
def test_bad_hiring_settings_name_the_field(hiring: dict, field: str) -> None:
    with pytest.raises(ParameterError, match=field.replace(".", r"\.")):
        simulate(FLAT, runs=1, periods=1, settings={"hiring": hiring})
