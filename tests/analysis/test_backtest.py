"""Back-testing (shadow pay) through the Python API: sums, bands and summaries add up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.backtest import backtest, statement_summary
from perfkit.analysis.winners import BANDS, change_band, pay_change
from perfkit.core.errors import ParameterError
from perfkit.files.data import load_kpis
from perfkit.payout import compute_statements
from perfkit.scheme import load_scenario
from perfkit.scheme.loader import parse_scenario
from tests.conftest import DATA, SCENARIOS

CURRENT = SCENARIOS / "current_flat_commission.yaml"
PAIRS = [
    ("current_flat_commission.yaml", "marginal_ladder.yaml"),
    ("current_flat_commission.yaml", "mature_individual.yaml"),
    ("forced_distribution.yaml", "quality_first.yaml"),
]


@pytest.fixture(scope="module")
def kpis_zh() -> pd.DataFrame:
    return load_kpis(DATA / "sample_kpis_zh.csv")


@pytest.fixture(scope="module")
def kpis_en() -> pd.DataFrame:
    return load_kpis(DATA / "sample_kpis.csv")


def _flat(rate: str, name: str = "flat") -> object:
    return parse_scenario(
        {
            "name": name,
            "pay": {"base_salary": 4000},
            "commission": {"base": "revenue", "mode": "flat", "rate": rate, "refunds": "net"},
        }
    )


@pytest.mark.parametrize(("cur", "new"), PAIRS)
def test_per_agent_pay_is_the_sum_of_each_agents_statements(
    kpis_zh: pd.DataFrame, cur: str, new: str
) -> None:
    current, proposed = load_scenario(SCENARIOS / cur), load_scenario(SCENARIOS / new)
    bt = backtest(current, proposed, kpis_zh)
    per = bt.per_agent.set_index("agent_id")
    for col, scenario in (("current_pay", current), ("new_pay", proposed)):
        expected = compute_statements(kpis_zh, scenario).groupby("agent_id")["total_pay"].sum()
        assert sorted(per.index) == sorted(expected.index)
        np.testing.assert_allclose(per[col].reindex(expected.index), expected, rtol=1e-12)
    np.testing.assert_allclose(per["difference"], per["new_pay"] - per["current_pay"])


@pytest.mark.parametrize(("cur", "new"), PAIRS)
def test_change_and_band_follow_perfkit_winners(kpis_zh: pd.DataFrame, cur: str, new: str) -> None:
    bt = backtest(load_scenario(SCENARIOS / cur), load_scenario(SCENARIOS / new), kpis_zh)
    per = bt.per_agent
    expected = pay_change(per["current_pay"], per["new_pay"])
    np.testing.assert_allclose(per["change"], expected)
    # the relative change by hand, for agents paid something under the current plan
    paid = per["current_pay"] != 0
    by_hand = (per["new_pay"] - per["current_pay"]) / per["current_pay"].abs()
    np.testing.assert_allclose(per.loc[paid, "change"], by_hand[paid])
    assert list(per["band"].astype(str)) == list(change_band(expected).astype(str))
    assert per["change"].is_monotonic_increasing  # sorted biggest loss first


@pytest.mark.parametrize(("cur", "new"), PAIRS)
def test_bands_count_every_agent_once(kpis_zh: pd.DataFrame, cur: str, new: str) -> None:
    bt = backtest(load_scenario(SCENARIOS / cur), load_scenario(SCENARIOS / new), kpis_zh)
    assert list(bt.bands.index) == list(BANDS)
    assert int(bt.bands.sum()) == kpis_zh["agent_id"].nunique() == len(bt.per_agent)
    counted = bt.per_agent["band"].astype(str).value_counts()
    for band in BANDS:
        assert bt.bands[band] == counted.get(band, 0)


def test_an_agent_who_changed_team_is_one_agent(kpis_zh: pd.DataFrame) -> None:
    kpis = kpis_zh.copy()
    moved = (kpis["agent_id"] == "A0001") & (kpis["period"] >= "2025-04")
    assert moved.any() and (kpis.loc[moved, "team"] != "T9").all()
    kpis.loc[moved, "team"] = "T9"
    bt = backtest(load_scenario(CURRENT), load_scenario(SCENARIOS / "mature_individual.yaml"), kpis)
    assert len(bt.per_agent) == kpis["agent_id"].nunique()
    assert int(bt.bands.sum()) == kpis["agent_id"].nunique()
    row = bt.per_agent.set_index("agent_id").loc["A0001"]
    assert row["team"] == "T9"  # the team of the latest period
    assert row["current_pay"] == pytest.approx(
        bt.current.loc[bt.current["agent_id"] == "A0001", "total_pay"].sum()
    )


def test_identical_schemes_put_every_agent_in_the_no_change_band(kpis_en: pd.DataFrame) -> None:
    bt = backtest(load_scenario(CURRENT), load_scenario(CURRENT), kpis_en)
    assert bt.bands["±0.1%"] == kpis_en["agent_id"].nunique()
    assert int(bt.bands.drop("±0.1%").sum()) == 0
    assert (bt.per_agent["change"] == 0).all()


def test_raising_the_flat_rate_makes_every_seller_a_winner(kpis_zh: pd.DataFrame) -> None:
    bt = backtest(_flat("3%"), _flat("5%"), kpis_zh)
    per = bt.per_agent.set_index("agent_id")
    net = (kpis_zh["revenue"] - kpis_zh["refunds"]).clip(lower=0)
    net_by_agent = net.groupby(kpis_zh["agent_id"]).sum().reindex(per.index)
    sellers = net_by_agent > 0
    assert sellers.sum() > 0.9 * len(per)  # the check is not vacuous
    # every extra yuan of net revenue pays two fen more: the difference is exactly linear
    np.testing.assert_allclose(per["difference"], 0.02 * net_by_agent, rtol=1e-9, atol=1e-6)
    assert (per.loc[sellers, "change"] > 0).all()
    assert (per.loc[~sellers, "difference"].abs() < 1e-9).all()
    winners = per.loc[sellers, "band"].astype(str)
    assert winners.isin(["+0.1…+5%", "> +5%"]).all()
    losers = bt.bands["≤ −5%"] + bt.bands["−5…−0.1%"]
    assert losers == 0


def test_schemes_in_different_currencies_cannot_be_compared(kpis_zh: pd.DataFrame) -> None:
    usd = parse_scenario(
        {"name": "usd plan", "currency": "USD", "pay": {"base_salary": 600}},
    )
    with pytest.raises(ParameterError, match=r"CNY.*USD"):
        backtest(_flat("3%"), usd, kpis_zh)


@pytest.mark.parametrize(
    "name", ["mature_individual.yaml", "forced_distribution.yaml", "marginal_ladder.yaml"]
)
def test_statement_summary_headlines(kpis_en: pd.DataFrame, name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    st = compute_statements(kpis_en, scenario)
    order = scenario.grades.names if scenario.grades else None
    s = statement_summary(st, kpis_en, order)

    total, revenue = st["total_pay"].sum(), kpis_en["revenue"].sum()
    assert s["total_pay"] == pytest.approx(total)
    assert s["revenue"] == pytest.approx(revenue)
    assert s["cost_of_sales"] == pytest.approx(total / revenue)
    assert s["pay_per_order"] == pytest.approx(total / kpis_en["orders"].sum())
    assert s["incentive_pay"] == pytest.approx(total - st["base_salary"].sum())
    assert s["agents"] == kpis_en["agent_id"].nunique()
    assert s["periods"] == kpis_en["period"].nunique()
    assert s["agent_periods"] == len(kpis_en)
    assert s["components"]["total_pay"] == pytest.approx(total)

    mix = s["grade_mix"]
    if scenario.grades is None:
        assert mix == {}
        return
    assert sum(mix.values()) == pytest.approx(1.0)
    graded = st.loc[st["grade"] != "", "grade"]
    for grade, share in mix.items():
        assert share == pytest.approx((graded == grade).mean())
    names = list(scenario.grades.names)
    assert list(mix) == [g for g in names if g in mix]  # best grade first, as the scheme lists
    assert len(mix) >= 3  # the sample grades agents into several grades


def test_statement_summary_puts_unknown_grades_after_the_schemes() -> None:
    st = pd.DataFrame(
        {
            "agent_id": ["a", "b", "c", "d"],
            "period": ["2025-01"] * 4,
            "grade": ["B", "Z", "A", ""],
            "total_pay": [10.0, 20.0, 30.0, 40.0],
            "base_salary": [5.0, 5.0, 5.0, 5.0],
        }
    ).assign(**{c: 0.0 for c in ("performance_pay", "commission", "bonus", "team_bonus")})
    st = st.assign(
        **{c: 0.0 for c in ("collaboration", "deductions", "clawback", "guarantee_topup")}
    )
    kpis = pd.DataFrame({"revenue": [100.0, 0.0, 100.0, 0.0], "orders": [1, 0, 1, 0]})
    s = statement_summary(st, kpis, ["A", "B", "C"])
    assert list(s["grade_mix"]) == ["A", "B", "Z"]  # ungraded rows ("") are left out
    assert s["grade_mix"]["A"] == pytest.approx(1 / 3)
    assert s["cost_of_sales"] == pytest.approx(100.0 / 200.0)
    assert s["incentive_pay"] == pytest.approx(80.0)


def test_statement_summary_without_revenue_is_not_a_number() -> None:
    st = pd.DataFrame(
        {"agent_id": ["a"], "period": ["2025-01"], "grade": [""], "total_pay": [4000.0]}
    ).assign(**{c: 0.0 for c in ("base_salary", "performance_pay", "commission", "bonus")})
    st = st.assign(
        **{
            c: 0.0
            for c in ("team_bonus", "collaboration", "deductions", "clawback", "guarantee_topup")
        }
    )
    s = statement_summary(st, pd.DataFrame({"revenue": [0.0], "orders": [0]}))
    assert np.isnan(s["cost_of_sales"]) and np.isnan(s["pay_per_order"])
    assert s["grade_mix"] == {}
