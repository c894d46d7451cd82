"""A plan compared with itself as ``perfkit estimate`` wrote it: the two share the plan's
name (issue 19 item 10: the estimated file keeps it), so the comparison shows the
estimated one as "NAME (estimated)" / "NAME（估计）", never "NAME (2)"."""

from __future__ import annotations

from perfkit.analysis.paired import _in_order
from perfkit.scheme import parse_scenario
from perfkit.words.plan import localized

PLAN = {"name": "Current plan", "name_zh": "现行方案", "pay": {"base_salary": 4000},
        "commission": {"base": "revenue", "mode": "flat", "rate": 0.03}}  # fmt: skip
NOTE = "estimated by perfkit estimate 2026-12-07 from kpis.csv: 7,071 (90% interval 4,000–9,000)"


def estimated(note: str = NOTE):
    """The plan as perfkit estimate writes it: same name, the effort cost noted."""
    cost = {"value": 7071.0, "source": note}
    return parse_scenario({**PLAN, "population": {"traits": {"effort_cost": {"mean": cost}}}})


def test_the_estimated_plan_is_named_for_what_it_is_in_either_order():
    plan = parse_scenario(PLAN)
    assert _in_order([plan, estimated()], 0)[0] == ["Current plan", "Current plan (estimated)"]
    assert _in_order([estimated(), plan], 1)[0] == ["Current plan", "Current plan (estimated)"]


def test_in_chinese_the_qualifier_is_chinese():
    zh = [localized(s, "zh") for s in (parse_scenario(PLAN), estimated())]
    assert _in_order(zh, 0)[0] == ["现行方案", "现行方案（估计）"]


def test_alone_or_beside_another_plan_the_estimated_plan_keeps_its_name():
    other = parse_scenario({**PLAN, "name": "Ladder", "name_zh": "阶梯"})
    assert _in_order([other, estimated()], 0)[0] == ["Ladder", "Current plan"]


def test_other_repeats_are_numbered():
    plan = parse_scenario(PLAN)
    consultant = estimated("client P&L 2025")  # a value a consultant noted: not an estimate
    assert _in_order([plan, consultant], 0)[0] == ["Current plan", "Current plan (2)"]
    assert _in_order([plan, estimated(), estimated()], 0)[0] == [
        "Current plan", "Current plan (estimated)", "Current plan (estimated) (2)",
    ]  # fmt: skip
