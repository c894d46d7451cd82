"""Back-test per month in post: a one-month joiner is ranked on one month of pay."""

from __future__ import annotations

import pandas as pd
import pytest

from perfkit.analysis.backtest import backtest, months_in_post
from perfkit.scheme.loader import parse_scenario


def _plan(base: float, rate: str) -> object:
    return parse_scenario({"name": f"{base} + {rate}", "pay": {"base_salary": base},
                           "commission": {"base": "revenue", "mode": "flat", "rate": rate}})  # fmt: skip


def _export() -> pd.DataFrame:
    """V in post all year (revenue 10,000 a month); J joined in December (one month, no
    sale yet)."""
    rows = [{"agent_id": "V", "period": f"2025-{m:02d}", "revenue": 10_000.0} for m in range(1, 13)]
    rows.append({"agent_id": "J", "period": "2025-12", "revenue": 0.0})
    df = pd.DataFrame(rows).assign(team="T1", dials=500.0, connected=100.0, orders=5.0)
    return df


def test_months_in_post_and_the_per_month_ranking() -> None:
    """Current: 500 base + 5%; new: 300 base + 4%. V loses 200 + 100 = 300 a month (3,600
    over 12 months, −30%); J loses 200 in their one month (−40%). By relative change J
    would be "the floor's largest loss"; per month in post it is V, whose every month
    costs more.
    """
    bt = backtest(_plan(500, "5%"), _plan(300, "4%"), _export())
    per = bt.per_agent.set_index("agent_id")
    assert per.loc["V", "months"] == 12 and per.loc["J", "months"] == 1
    assert per.loc["V", "difference"] == pytest.approx(-3600)
    assert per.loc["V", "difference_per_month"] == pytest.approx(-300)
    assert per.loc["J", "difference_per_month"] == pytest.approx(-200)
    assert per.loc["J", "change"] < per.loc["V", "change"]  # the relative ranking: J first
    assert bt.movers(1, losers=True)["agent_id"].tolist() == ["V"]
    assert bt.movers(2, losers=True)["agent_id"].tolist() == ["V", "J"]
    assert bt.movers(1, losers=False).empty  # nobody gains


def test_a_quarter_row_counts_three_months() -> None:
    df = pd.DataFrame({"agent_id": ["A", "A", "B"], "period": ["2025-Q1", "2025-Q2", "2025-06"]})
    assert months_in_post(df).to_dict() == {"A": 6, "B": 1}
