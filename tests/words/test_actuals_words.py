"""The report's "plan in force against what happened" words (perfkit.words.report.actuals)."""

from __future__ import annotations

import pytest

from perfkit.analysis.actuals import Actuals, InForce, Measure
from perfkit.text import t
from perfkit.words.report import actuals as words

LAST = [f"2025-{m:02d}" for m in range(7, 13)]
MODEL = [f"2026-{m:02d}" for m in range(7, 13)]


def _check(pay: float, attrition: float, column: str | None = None) -> Actuals:
    measures = [
        Measure("revenue", 26_600, 25_900, 24_850, 27_040),
        Measure("total_pay", pay, 4_736, 4_703, 4_772),
        Measure("cost_of_sales", pay / 26_600, 0.183, 0.176, 0.189),
        Measure("attrition", attrition, 0.231, 0.187, 0.295),
        Measure("trend", 0.006, 0.0005, -0.02, 0.016),
    ]
    force = InForce("current_flat_commission", None, "population_plan", "2025-12")
    return Actuals(force, LAST, MODEL, 110, column, 30, measures)


def test_agreement_is_said_in_one_sentence():
    a = _check(4_760, 0.25)
    assert not a.differing
    for lang in ("en", "zh"):
        assert words.findings(a, "CNY", lang) == t("actuals.agree_all", lang, n=6)
    rows = words.table(a, "CNY", "en")
    assert list(rows.iloc[:, 0]) == [t(f"actuals.measure.{m.name}", "en") for m in a.measures]
    assert set(rows[t("actuals.col.verdict", "en")]) == {"agrees"}


def test_each_difference_is_said_with_both_numbers_and_what_to_check():
    a = _check(5_760, 0.108, column="应发工资")  # payroll paid 1,000 more; few quits
    assert [m.name for m in a.differing] == ["total_pay", "cost_of_sales", "attrition"]
    en = words.findings(a, "CNY", "en")
    assert "Pay per agent-month: CNY 5,760 in the export, 22% above the model's CNY 4,740" in en
    assert "check the scenario's pay rules" in en  # the pay column is what was paid
    assert "Attrition (quits per year): 10.8% in the export, 12.3 pp below the model's 23.1%" in en
    zh = words.findings(a, "CNY", "zh")
    assert "人均月薪酬：实际为 5,760元，比模型预测的 4,740元" in zh and "高 22%" in zh
    assert "低 12.3个百分点" in zh
    table = words.table(a, "CNY", "zh")
    assert list(table[t("actuals.col.verdict", "zh")]) == [
        "一致",
        "不一致",
        "不一致",
        "不一致",
        "一致",
    ]
    assert list(table[t("actuals.col.gap", "zh")])[3] == "\u221212.3个百分点"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_intro_says_how_the_plan_in_force_was_recognised_and_what_is_compared(lang):
    priced = words.intro(_check(4_760, 0.25), lang)
    assert priced.startswith(f"### {t('actuals.heading', lang)}\n\n")
    assert t("actuals.how.population_plan", lang) in priced
    assert "2025-07" in priced and "2026-12" in priced and t("actuals.pay.priced", lang) in priced
    paid = words.intro(_check(4_760, 0.25, column="应发工资"), lang)
    assert t("actuals.pay.paid", lang, column="应发工资") in paid
