"""The non-cash rewards table of a report agrees with the simulated statements."""

from __future__ import annotations

import pytest

import perfkit.report_text as rt
from perfkit.compare import compare
from perfkit.scheme import load_scenario

from .conftest import SCENARIOS


@pytest.fixture(scope="module")
def comp():
    plans = [
        load_scenario(SCENARIOS / f"{n}.yaml")
        for n in ("current_flat_commission", "non_cash_rewards")
    ]
    return compare(plans, runs=3, seed=2, periods=3)


def test_one_row_per_reward_and_costs_that_add_up_to_what_profit_carries(comp):
    plan = comp.plans[1]
    rewards = comp.scenarios[plan].non_cash
    table = rt.non_cash_table(comp, plan)
    assert list(table["Reward"]) == [r.reward.replace("_", " ") for r in rewards]
    per_period = table["Agents per period"].astype(float)
    top = [i for i, r in enumerate(rewards) if r.to.top is not None]
    for i in top:  # a top-N reward goes to exactly N agents every period
        assert per_period[i] == pytest.approx(rewards[i].to.top)
    cost = sum(p * r.cost for p, r in zip(per_period, rewards, strict=True)) * 3  # 3 periods
    assert rt.non_cash_cost(comp, plan) == pytest.approx(cost, rel=0.01)  # table rounds to 0.1
    assert rt.non_cash_table(comp, comp.baseline) is None  # the baseline grants none
    assert "授予规则" in rt.non_cash_table(comp, plan, "zh").columns
