"""The non-cash rewards table of a report agrees with the simulated statements."""

from __future__ import annotations

import pytest

import perfkit.words.report as rt
from perfkit.analysis.compare import compare
from perfkit.scheme import load_scenario
from tests.conftest import SCENARIOS


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


def test_solver_notes_read_in_plain_words_in_both_languages():
    note = (
        "period 2026-04: 12 agent(s) at a pay cliff or rank boundary kept flipping "
        "(could gain up to 1.36e+03); their choices are the damped average"
    )
    en, zh = rt.note_text(note, "CNY", "en"), rt.note_text(note, "CNY", "zh")
    assert en.startswith("2026-04: 12 agents at a pay cliff or rank boundary had no stable")
    assert "CNY 1,360" in en and "1.36e+03" not in en  # a simulated gain: 3 figures
    assert zh.startswith("2026-04：12 名员工") and "1,360元" in zh  # money in the language
    assert rt.note_text("something new", "CNY", "zh") == "something new"  # shown as written


def test_notes_name_their_plan(comp):
    notes = rt.simulation_notes(comp, "en")
    expected = sum(len(comp.results[p].notes) for p in comp.plans)
    assert len(notes) == expected
    assert all(n.startswith("**") for n in notes)


def test_the_non_convergence_report_is_recognised():
    from types import SimpleNamespace

    import numpy as np

    from perfkit.model.behaviour.unsettled import unsettled_message

    pop = SimpleNamespace(agent_id=np.array(["A1", "A2"]), team=np.array(["T1", "T2"]))
    s = SimpleNamespace(max_iterations=30, damping=0.5)
    moving = np.array([[True, False]])
    msg = unsettled_message([("2025-03", moving, np.array([0.2, 0]), np.array([850.0, 0]))], pop, s)
    zh = rt.note_text(msg, "CNY", "zh")
    assert zh != msg and "1 个期间（2025-03）中有 1 名员工" in zh and "850元" in zh
