"""Page 1's executive summary: the ranking, the recommendation with how sure it is, the
three numbers that matter and what they rest on, every figure the comparison's own."""

from __future__ import annotations

import pytest

from perfkit.analysis.compare import Comparison, compare
from perfkit.scheme import load_scenario
from perfkit.text import t
from perfkit.text.numbers import forecast
from perfkit.words import page_one
from perfkit.words.escape import md_text
from perfkit.words.findings import recommendations
from perfkit.words.report.decides import assumptions_sentence
from tests.conftest import SCENARIOS

NAMES = ("current_flat_commission", "marginal_ladder", "whole_amount_ladder")


@pytest.fixture(scope="module")
def comp() -> Comparison:
    return compare(
        [load_scenario(SCENARIOS / f"{n}.yaml") for n in NAMES], runs=4, seed=2, periods=3
    )


@pytest.fixture(scope="module")
def alone() -> Comparison:
    return compare([load_scenario(SCENARIOS / f"{NAMES[0]}.yaml")], runs=3, seed=2, periods=2)


def test_recommended_is_the_alternative_with_most_profit(comp, alone):
    best = page_one.recommended(comp)
    assert best != comp.baseline
    assert all(comp.metric(best, "profit") >= comp.metric(p, "profit") for p in comp.plans[1:])
    assert page_one.recommended(alone) == alone.baseline


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ranking_lists_every_plan_by_profit(comp, lang):
    text = page_one.summary_lines(comp, None, lang)
    order = sorted(comp.plans, key=lambda p: comp.metric(p, "profit"), reverse=True)
    places = [text.index(f"{i}. {md_text(p)}") for i, p in enumerate(order, 1)]
    assert places == sorted(places)  # first, second, third in that order
    for p in comp.plans:
        assert forecast(comp.metric(p, "profit"), "CNY", lang) in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_recommendation_and_grounds(comp, lang):
    text = page_one.summary_lines(comp, None, lang)
    lines = text.splitlines()
    assert len(lines) == 4  # ranking, recommendation, how sure, what it rests on
    best = page_one.recommended(comp)
    assert md_text(recommendations(comp, best, lang)[0]) in lines[1]
    assert assumptions_sentence(comp, lang) in lines[3]
    assert t("report.heading.decides", lang) not in text  # no decides run: no pointer to it


def test_three_numbers_are_the_paired_changes(comp):
    lead, table = page_one.three_numbers(comp, "en")
    best = page_one.recommended(comp)
    assert md_text(best) in lead and md_text(comp.baseline) in lead
    assert list(table.iloc[:, 0]) == ["Gross profit after pay", "Total pay", "Revenue"]
    for row, metric in zip(table.itertuples(index=False), page_one.THREE, strict=True):
        delta = comp.metric(best, metric, "delta")
        sign = "+" if delta > 0 else "−"
        assert row[3] == sign + forecast(abs(delta), "CNY")
        low, high = comp.metric(best, metric, "delta_low"), comp.metric(best, metric, "delta_high")
        assert low <= delta <= high
        assert forecast(abs(low), "CNY") in row[4] and forecast(abs(high), "CNY") in row[4]
        assert row[1] == forecast(comp.metric(comp.baseline, metric), "CNY")


def test_a_plan_alone_gets_its_levels_and_range(alone):
    text = page_one.summary_lines(alone, None, "en")
    assert text.count("\n- ") == 0 and "What it rests on" in text  # no ranking to give
    lead, table = page_one.three_numbers(alone, "en")
    assert "P10–P90" in lead and list(table.columns)[-1] == "P10–P90"
    p10 = forecast(alone.metric(alone.baseline, "profit", "p10"), "CNY")
    assert p10 in table.iloc[0, -1]
