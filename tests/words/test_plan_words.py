"""The plan in words: every configured rule has a sentence, the numbers are the
scenario's, Chinese has no English but names, and what it says is what the engine does."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfkit.payout import compute_statements
from perfkit.payout.ladders import commission_on
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.text.numbers import decimals_for, level_pair, money, points, wan
from perfkit.words.plan import describe_plan, sentences, to_html, to_markdown
from perfkit.words.plan.earn_rules import priced
from tests.conftest import SCENARIOS

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))

RICH = {
    "name": "rich <b>plan</b>",
    "name_zh": "全规则方案",
    "pay": {
        "base_salary": 2500,
        "performance_pay": {"base": 1500, "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0}},
        "guarantee": {"amount": 3800, "recoverable": True},
    },
    "scorecard": [
        {"kpi": "revenue", "weight": 50, "target": {"goal": 600000, "per": "team",
                                                  "split": "history", "stretch": 1.1}},
        {"kpi": "connect_rate", "weight": 20, "target": 0.3, "floor": 0.5},
        {"kpi": "complaints", "weight": 30, "target": 2, "curve": "stepped",
         "steps": [[0.5, 60], [1, 100]]},
    ],
    "grades": {"method": "forced", "shares": {"S": 20, "A": 50, "B": 30}, "tie_rule": "generous"},
    "commission": {"base": "collected", "mode": "whole", "ladder": [[0, 0.02], [20000, 0.05]],
                   "gate": 5000, "accelerator": {"above": 40000, "multiplier": 1.5},
                   "cap": 3000, "refunds": "clawback"},
    "bonuses": [
        {"type": "attainment", "kpi": "connect_rate", "at": 1.1, "amount": 300},
        {"type": "rank", "prizes": [500, 200], "within": "team"},
    ],
    "team": {"weight": 0.3, "pool": {"target": 100000, "amount": 2000, "split": "equal"}},
    "collaboration": {"mentor_per_order": 80},
    "deductions": {"qa_below": {"line": 70, "amount": 250},
                   "complaints": {"per_complaint": 60},
                   "min_activity": {"kpi": "dials", "min": 3000, "amount": 150}},
    "non_cash": [{"reward": "<script>alert(1)</script>", "to": {"top": 3}, "value_to_agent": 400}],
    "segments": [{"name": "新人 <i>rookies</i>", "when": {"tenure_months_below": 3},
                  "plan": {"pay": {"base_salary": 3300}}}],
    "split_credit": {"shares": {"opener": 0.4, "closer": 0.6}},
    "leader_override": {"rate": 0.01},
}  # fmt: skip


def rich():
    return parse_scenario(RICH)


def text_of(scheme, lang):
    return " ".join(sentences(describe_plan(scheme, lang)))


# --------------------------------------------------------------------------- numbers
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿|万|%)?")


def numbers_in(text: str) -> set[float]:
    """Every number in the text, with 万/亿 and % applied (so 2.5万 is 25000, 4% is 0.04)."""
    out = set()
    for digits, unit in _NUM.findall(text):
        v = float(digits.replace(",", ""))
        v = v * {"亿": 1e8, "万": 1e4, "%": 0.01}.get(unit, 1)
        out.add(round(v, 9))
    return out


def scenario_values(s) -> set[float]:
    """The numbers a reader must find: amounts, targets, weights, rates, lines, prizes."""
    vals = [s.pay.base_salary]
    if s.pay.performance_pay:
        pp = s.pay.performance_pay
        vals += [pp.base, *pp.grade_coefficients.values()]
        vals += [pp.base * k for k in pp.grade_coefficients.values() if k]
    for item in s.scorecard:
        vals.append(item.weight / 100)
        if isinstance(item.target, float):
            vals.append(item.target)
    if s.grades is not None and s.grades.method == "bands":
        vals += list(s.grades.bands.values())
    elif s.grades is not None:
        vals += list(s.grades.shares.values())
    if s.commission:
        c = s.commission
        vals += [x for band in c.bands for x in band]
        vals += [c.cap] if c.cap else []
    for b in s.bonuses:
        vals += list(b.prizes) if b.type == "rank" else [v for t in b.tier_list for v in t]
    if s.team.weight:
        vals += [s.team.weight, 1 - s.team.weight]
    if s.team.pool:
        p = s.team.pool
        vals += [p.target, p.amount if p.amount is not None else p.rate]
    d = s.deductions
    for rule in (d.qa_below, d.complaints, d.min_activity):
        if rule is not None:
            vals += [v for k, v in rule.model_dump().items() if isinstance(v, int | float) and v]
    for r in s.non_cash:
        vals += [v for v in (r.value_to_agent, r.cost) if v]
    return {round(float(v), 9) for v in vals if v}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_number_of_the_scenario_is_in_the_words(path, lang):
    s = load_scenario(path)
    found = numbers_in(text_of(s, lang))
    missing = sorted(scenario_values(s) - found)
    assert not missing, f"{path.stem} [{lang}]: values not stated: {missing}"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_each_configured_rule_has_its_words(path):
    s = load_scenario(path)
    zh, en = text_of(s, "zh"), text_of(s, "en")
    keys = {sec.key for sec in describe_plan(s, "zh")}
    assert {"overview", "fixed", "guarantee", "cycle"} <= keys
    checks = [
        (s.scorecard, "考核得分", "score"),
        (s.grades, "绩效等级", "Grades"),
        (s.pay.performance_pay, "绩效工资", "Performance pay"),
        (s.commission, "提成", "Commission"),
        (s.commission and s.commission.mode == "marginal", "超额累进", "marginal ladder"),
        (s.commission and s.commission.mode == "whole", "全额累进", "whole-amount ladder"),
        (s.commission and s.commission.cap, "封顶", "capped"),
        (s.commission and s.commission.refunds == "clawback", "追回", "clawed back"),
        (any(b.type == "rank" for b in s.bonuses), "排名奖", "Rank prizes"),
        (any(b.type == "attainment" for b in s.bonuses), "达成奖", "Bonus on"),
        (s.team.weight, "团队权重", "Team weight"),
        (s.team.pool, "团队奖金池", "Team pool"),
        (s.collaboration.mentor_per_order, "带教", "mentor"),
        (s.deductions.qa_below, "质检扣款", "QA deduction"),
        (s.deductions.complaints, "投诉扣款", "Complaint deduction"),
        (s.deductions.min_activity, "最低工作量扣款", "Minimum activity"),
        (s.grades is not None and s.grades.method == "forced", "强制分布", "forced distribution"),
        (s.non_cash, "授予", "for"),
    ]
    for configured, zh_word, en_word in checks:
        if configured:
            assert zh_word in zh, f"{path.stem}: no '{zh_word}'"
            assert en_word in en, f"{path.stem}: no '{en_word}'"
        elif zh_word not in {"提成", "授予"}:
            assert zh_word not in zh, f"{path.stem}: '{zh_word}' for a rule it lacks"


def _allowed_names(s) -> set[str]:
    names = [s.name, *(g for g in (s.grades.names if s.grades else []))]
    names += [r.reward for r in s.non_cash] + [seg.name for seg in s.segments]
    if s.split_credit:
        names += list(s.split_credit.shares)
    if s.leader_override:
        names.append(s.leader_override.role)
    return {w for n in names for w in re.findall(r"[A-Za-z]+", n)}


@pytest.mark.parametrize("path", [*BUNDLED, None], ids=lambda p: p.stem if p else "rich")
def test_no_english_in_chinese_but_names(path):
    s = load_scenario(path) if path else rich()
    words = set(re.findall(r"[A-Za-z]+", text_of(s, "zh"))) - _allowed_names(s)
    assert not words, f"English in Chinese rules: {sorted(words)}"


def test_the_rich_plan_states_every_rule_in_both_languages():
    s = rich()
    keys = {sec.key for sec in describe_plan(s, "en")}
    assert keys == {"overview", "fixed", "scorecard", "grades", "commission", "bonuses", "team",
                    "collaboration", "deductions", "guarantee", "non_cash", "roles", "segments",
                    "cycle"}  # fmt: skip
    zh = text_of(s, "zh")
    for word in ("保底", "扣款", "历史业绩", "门槛", "加速", "按档计分",
                 "各团队内", "协作成交", "角色为 team_leader", "司龄不足3个月", "3,300元"):  # fmt: skip
        assert word in zh, word
    assert "60万元" in zh and "× 1.1" not in zh and "再乘以1.1" in zh


def test_guarantee_words_match_the_engine():
    """The words say deductions cannot take pay below the guarantee; the engine agrees,
    and without a guarantee deductions take pay below the base salary, as the words say."""
    raw = {"name": "g", "pay": {"base_salary": 3000, "guarantee": {"amount": 3000}},
           "deductions": {"qa_below": {"line": 80, "amount": 500}}}  # fmt: skip
    kpis = pd.DataFrame({"agent_id": ["a"], "team": ["t"], "period": ["2025-01"], "dials": [100],
                         "connected": [30], "orders": [1], "revenue": [1000.0],
                         "qa_score": [50.0]})  # fmt: skip
    with_g = parse_scenario(raw)
    assert "扣款不会使薪酬低于3,000元" in text_of(with_g, "zh")
    assert "cannot take pay below CNY 3,000" in text_of(with_g, "en")
    assert compute_statements(kpis, with_g)["total_pay"].iloc[0] == pytest.approx(3000)
    raw["pay"].pop("guarantee")
    without = parse_scenario(raw)
    assert "可能使当期薪酬低于基本工资" in text_of(without, "zh")
    assert compute_statements(kpis, without)["total_pay"].iloc[0] == pytest.approx(2500)


@pytest.mark.parametrize("mode", ["marginal", "whole"])
def test_ladder_examples_are_the_engines_pay(mode):
    s = load_scenario(
        SCENARIOS / f"{'marginal' if mode == 'marginal' else 'whole_amount'}_ladder.yaml"
    )
    c = s.commission
    starts, rates = zip(*c.bands, strict=True)
    for x in (19_999.0, 20_000.0, 30_000.0):
        engine = commission_on(np.array([x]), np.array(starts), np.array(rates), c.mode, cap=c.cap)
        assert priced(c, x) == pytest.approx(engine[0])
    en = text_of(s, "en")
    if mode == "marginal":  # 20,000 × 2% + 10,000 × 4% = 800
        assert "CNY 30,000 earns CNY 20,000 × 2% + CNY 10,000 × 4% = CNY 800" in en
    else:  # 19,999 × 2% = 399.98, then 20,000 × 4% = 800
        assert "at CNY 19,999 commission is CNY 399.98, at CNY 20,000 it is CNY 800" in en


def test_segment_words_name_the_plan_and_its_changes():
    zh = " ".join(next(x for x in describe_plan(rich(), "zh") if x.key == "segments").sentences)
    assert "新人 <i>rookies</i>" in zh and "司龄不足3个月" in zh and "3,300元" in zh
    own = describe_plan(rich(), "zh", segment="新人 <i>rookies</i>")
    assert "segments" not in {x.key for x in own}
    assert "每月3,300元" in " ".join(sentences(own))


def test_agent_targets_replace_the_rule():
    text = " ".join(sentences(describe_plan(rich(), "en", targets={"revenue": 31_250})))
    zh = " ".join(sentences(describe_plan(rich(), "zh", targets={"revenue": 31_250})))
    assert "销售额：权重50%，你的目标每月31,250元，最高120分。" in zh
    assert "Booked revenue: weight 50%, your target CNY 31,250 a month, at most 120 points." in text


def test_user_strings_are_escaped():
    secs = describe_plan(rich(), "en")
    page = to_html(secs)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>rookies</i>" not in page and "&lt;i&gt;rookies&lt;/i&gt;" in page
    md = to_markdown(secs)
    assert "<script>" not in md and "\\<script\\>" in md
    assert (
        to_markdown([type(secs[0])("x", "a_b*c", ["1 * 2 _x_"])])
        == "#### a\\_b\\*c\n\n- 1 \\* 2 \\_x\\_"
    )


# --------------------------------------------------------------------------- number formats
def test_wan_and_yi():
    assert wan(1_234_567) == "123.5万"
    assert wan(25_000) == "2.5万" and wan(4_000) == "4,000"
    assert wan(3.2e8) == "3.2亿" and wan(-56_000) == "-5.6万"
    assert wan(1_234_567, exact=True) == "1,234,567" and wan(450_000, exact=True) == "45万"
    assert money(1_234_567, "CNY", "zh") == "1,234,567元"  # paid or set: to the yuan
    assert money(1_234_567, "CNY", "en") == "CNY 1,234,567"


def test_points_are_percentage_points():
    assert points(0.186 - 0.154, "en") == "+3.2 pp"
    assert points(0.186 - 0.154, "zh") == "+3.2个百分点"
    assert points(-0.0003, "en") == "\u22120.03 pp"


@given(st.floats(0, 1), st.floats(0, 1))
def test_a_change_is_always_visible(a, b):
    before, after = level_pair(a, b)
    if abs(a - b) >= 1e-8:  # six decimals of a percentage
        assert before != after
    assert decimals_for(a, b) <= 6


def test_decimals_from_the_size_of_the_change():
    assert level_pair(0.0015, 0.00118) == ("0.15%", "0.12%")
    assert level_pair(0.00152, 0.00148) == ("0.152%", "0.148%")
    assert level_pair(0.154, 0.186) == ("15.4%", "18.6%")
