"""Findings: plain-language sentences filled from the comparison's own numbers.

Nothing in a client's executive summary may be hand-written: every figure in a
headline must be the comparison's figure, formatted, in English and in Chinese.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from perfkit.analysis.compare import Comparison, compare
from perfkit.scheme import load_scenario
from perfkit.text.numbers import forecast
from perfkit.words.findings import (
    headline,
    key_numbers,
    profit_gain_share,
    ranking,
    recommendations,
    risk_sentences,
    side_effects,
)
from tests.conftest import SCENARIOS

CJK = re.compile(r"[\u4e00-\u9fff]")
KEY_METRICS = (
    "revenue",
    "total_pay",
    "incentive_pay",
    "cost_of_sales",
    "profit",
    "motivation_index",
    "complaint_rate",
    "csat",
    "attrition",
    "pay_gini",
)


@pytest.fixture(scope="module")
def comp() -> Comparison:
    plans = [
        load_scenario(SCENARIOS / f"{n}.yaml")
        for n in ("current_flat_commission", "whole_amount_ladder")
    ]
    return compare(plans, runs=4, seed=2, periods=3)


@pytest.fixture(scope="module")
def plan(comp) -> str:
    return comp.plans[1]


def pct(x: float) -> str:
    return f"{x * 100:+.1f}%".replace("-", "\u2212")


def money(x: float, lang: str = "en") -> str:
    """A simulated amount as findings quote it: CNY 1.23M in English, 123.5万元 in Chinese."""
    return forecast(x, "CNY", lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_headline_quotes_the_summary_numbers(comp, plan, lang):
    text = " ".join(headline(comp, plan, lang))
    assert pct(comp.metric(plan, "revenue", "delta_pct")) in text
    assert pct(comp.metric(plan, "total_pay", "delta_pct")) in text
    assert money(comp.metric(plan, "profit", "delta"), lang) in text
    cos_base, cos_plan = (
        comp.metric(comp.baseline, "cost_of_sales"),
        comp.metric(plan, "cost_of_sales"),
    )
    pp = f"{(cos_plan - cos_base) * 100:+.1f}".replace("-", "\u2212")
    assert (f"{pp}个百分点" if lang == "zh" else f"{pp} pp") in text  # points, not relative %
    assert f"{comp.metric(plan, 'cost_of_sales') * 100:.1f}%" in text
    assert f"{comp.metric(comp.baseline, 'cost_of_sales') * 100:.1f}%" in text
    assert f"{comp.metric(plan, 'motivation_index'):.2f}" in text
    assert f"{comp.periods}" in text


def test_headline_direction_matches_the_sign(comp, plan):
    """The whole-amount ladder pays more than a flat 3%: the sentence must say 'up'."""
    pay = comp.metric(plan, "total_pay", "delta_pct")
    assert pay > 0.01
    en = headline(comp, plan, "en")[0]
    assert f"total pay up ({pct(pay)})" in en
    assert "薪酬总额上升" in headline(comp, plan, "zh")[0]


def test_baseline_headline_states_levels(comp):
    for lang in ("en", "zh"):
        text = " ".join(headline(comp, comp.baseline, lang))
        for stat in ("mean", "p10", "p90"):
            assert money(comp.metric(comp.baseline, "revenue", stat), lang) in text
        assert money(comp.metric(comp.baseline, "total_pay"), lang) in text


def test_english_and_chinese_are_both_produced(comp, plan):
    en, zh = headline(comp, plan, "en"), headline(comp, plan, "zh")
    assert en and zh
    assert len(en) == len(zh)
    assert all(not CJK.search(s.replace(plan, "").replace(comp.baseline, "")) for s in en)
    assert all(CJK.search(s) for s in zh)
    assert en != zh


def test_winners_sentence_counts_agents(comp, plan):
    sel = comp.bands[
        (comp.bands["plan"] == plan)
        & (comp.bands["view"] == "dynamic")
        & (comp.bands["segment_kind"] == "all")
    ].set_index("band")["agents"]
    text = " ".join(headline(comp, plan, "en"))
    assert (
        f"After agents respond (simulated): of {int(sel.sum())} agents, {int(sel.iloc[-1])} gain more than 5%"
        in text
    )
    assert f"{int(sel.iloc[0])} lose more than 5%" in text


def test_recommendations_for_a_plan_and_none_for_the_baseline(comp, plan):
    for lang in ("en", "zh"):
        assert recommendations(comp, plan, lang)
        assert recommendations(comp, comp.baseline, lang) == []
    assert all(CJK.search(s) for s in recommendations(comp, plan, "zh"))


def _shifted(comp, plan, gains, revenue_change=0.0):
    """``comp`` with the plan's per-run profit = baseline's + ``gains`` (same draws) and
    its revenue change set; the summary's profit delta follows."""
    pr = comp.per_run.copy()
    base = pr[pr["plan"] == comp.baseline].set_index("run")["profit"]
    mine = pr["plan"] == plan
    pr.loc[mine, "profit"] = pr.loc[mine, "run"].map(base).to_numpy() + gains
    sm = comp.summary.copy()
    at = (sm["plan"] == plan) & (sm["metric"] == "profit")
    sm.loc[at, "delta"] = float(pd.Series(gains).mean())
    at = (sm["plan"] == plan) & (sm["metric"] == "revenue")
    sm.loc[at, "delta_pct"] = revenue_change
    return dataclasses.replace(comp, per_run=pr, summary=sm)


def test_recommendation_weighs_the_gain_against_noise_and_harm(comp, plan):
    """The verdict: pilot on a clear gain; inconclusive on a gain within the noise;
    not as is when profit falls or when the gain comes with lost revenue."""
    runs = int((comp.per_run["plan"] == plan).sum())
    assert runs == 4 and side_effects(comp, plan) == []  # a plan without harms
    clear = _shifted(comp, plan, [5000.0, 100.0, 2000.0, 800.0])
    assert profit_gain_share(clear, plan) == 1.0
    assert recommendations(clear, plan, "en")[0].startswith("Pilot this plan")
    noisy = _shifted(comp, plan, [9000.0, -4000.0, 3000.0, -2000.0])  # mean +1,500
    assert profit_gain_share(noisy, plan) == 0.5
    assert recommendations(noisy, plan, "en")[0].startswith("Inconclusive")
    assert recommendations(noisy, plan, "zh")[0].startswith("结论不确定")
    worse = _shifted(comp, plan, [-100.0] * runs)
    assert recommendations(worse, plan, "en")[0].startswith(
        "Do not adopt as is: profit after pay does not improve"
    )
    harmful = _shifted(comp, plan, [5000.0] * runs, revenue_change=-0.177)
    first = recommendations(harmful, plan, "en")[0]
    assert first.startswith("Do not adopt as is: profit after pay rises, but revenue falls 17.7%")
    assert "销售额下降 17.7%" in recommendations(harmful, plan, "zh")[0]


def test_risk_sentences_are_the_triggered_flags(comp, plan):
    flags = comp.flags[(comp.flags["plan"] == plan) & comp.flags["triggered"]]
    assert risk_sentences(comp, plan, "en") == list(flags["message"])
    assert risk_sentences(comp, plan, "zh") == list(flags["message_zh"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_key_numbers_has_one_row_per_available_metric(comp, plan, lang):
    table = key_numbers(comp, plan, lang)
    available = [m for m in KEY_METRICS if m in set(comp.summary["metric"])]
    assert len(available) == len(KEY_METRICS)
    assert len(table) == len(available)
    assert table.iloc[:, 0].is_unique
    change = "变化" if lang == "zh" else "Change"
    rev = table.iloc[0]
    assert rev[change] == pct(comp.metric(plan, "revenue", "delta_pct"))
    cos = table.iloc[3]  # a rate: its change is in percentage points
    step = (comp.metric(plan, "cost_of_sales") - comp.metric(comp.baseline, "cost_of_sales")) * 100
    assert cos[change] == f"{step:+.1f}".replace("-", "\u2212") + (
        "个百分点" if lang == "zh" else " pp"
    )


def test_key_numbers_skips_a_missing_metric(comp, plan):
    fewer = dataclasses.replace(
        comp, summary=comp.summary[comp.summary["metric"] != "csat"].reset_index(drop=True)
    )
    full, short = key_numbers(comp, plan), key_numbers(fewer, plan)
    assert len(short) == len(full) - 1
    assert "Customer satisfaction" in set(full["Metric"])
    assert "Customer satisfaction" not in set(short["Metric"])
    assert isinstance(short, pd.DataFrame)


def test_no_budget_claim_without_a_budget(comp, plan):
    assert comp.scenarios[plan].budget is None
    assert comp.metric(plan, "profit", "delta") > 0  # the 'Pilot this plan' branch
    text = " ".join(recommendations(comp, plan, "en")).lower()
    assert "budget" not in text


def test_ranking_names_the_profit_leader_and_its_verdict(comp, plan):
    best = max(comp.plans, key=lambda p: comp.metric(p, "profit"))
    text = ranking(comp, "en")[0]
    if best == comp.baseline:
        assert "still ranks first" in text
    else:
        assert text.startswith("Ranked by profit after pay: ")
        assert f"The leader, '{best}', makes {money(comp.metric(best, 'profit'))}" in text
        assert recommendations(comp, best, "en")[0] in text
    assert "按扣薪后毛利排序" in ranking(comp, "zh")[0] or "仍是基准方案" in ranking(comp, "zh")[0]


def test_a_profit_fall_reads_as_a_fall(comp, plan):
    worse = _shifted(comp, plan, [-1000.0] * 4)
    text = headline(worse, plan, "en")[0]
    assert "gross profit after pay falls by CNY 1,000" in text
    assert "扣薪后毛利减少 1,000元" in headline(worse, plan, "zh")[0]
