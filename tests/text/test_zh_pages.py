"""No English left on a Chinese page: the plan in words, the findings of a small
comparison and a plan letter, rendered in Chinese, hold no Latin-letter word outside the
allow-list (user-typed names are data, so the bundled scenarios' names are left out)."""

from __future__ import annotations

import re

import pytest

from perfkit.analysis.compare import compare
from perfkit.files.data import load_kpis
from perfkit.pages.letters import write_letters
from perfkit.scheme import load_scenario
from perfkit.words import findings
from perfkit.words.plan import describe_plan
from tests.conftest import DATA, SCENARIOS
from tests.text.test_catalogue import latin_words

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


def _without(text: str, names: list[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_the_plan_in_words_is_chinese(path) -> None:
    scenario = load_scenario(path)
    user = [scenario.name, *(s.name for s in scenario.segments)]
    for section in describe_plan(scenario, "zh"):
        assert not latin_words(section.title), section.title
        for sentence in section.sentences:
            assert not latin_words(_without(sentence, user)), sentence


def test_the_findings_are_chinese() -> None:
    plans = [
        load_scenario(SCENARIOS / f"{n}.yaml")
        for n in ("current_flat_commission", "whole_amount_ladder")
    ]
    comp = compare(plans, runs=2, seed=3, periods=2)
    names = list(comp.plans)
    plan = names[1]
    lines = [
        *findings.headline(comp, plan, "zh"),
        *findings.headline(comp, names[0], "zh"),
        *findings.ranking(comp, "zh"),
        *findings.recommendations(comp, plan, "zh"),
        *findings.risk_sentences(comp, plan, "zh"),
        *findings.side_effects(comp, plan, "zh"),
    ]
    assert lines and all(re.search(r"[\u4e00-\u9fff]", line) for line in lines)
    for line in lines:
        assert not latin_words(_without(line, names)), line
    table = findings.key_numbers(comp, plan, "zh")
    for cell in [*table.columns, *table.iloc[:, 0]]:
        assert not latin_words(cell), cell


def _page_text(page: str) -> str:
    """The text of an HTML page, without styles, scripts, images and code."""
    page = re.sub(r"<style.*?</style>|<script.*?</script>|<code>.*?</code>", "", page, flags=re.S)
    page = re.sub(r"data:image/[^\"')]+", "", page)
    return re.sub(r"<[^>]+>", " ", page)


def test_a_plan_letter_is_chinese(tmp_path) -> None:
    """Agent IDs (A0001) and team names (T6) are data; everything else is Chinese."""
    kpis = load_kpis(DATA / "sample_kpis.csv")
    scenario = load_scenario(SCENARIOS / "quarterly_quota_cliff.yaml")
    write_letters(scenario, kpis, tmp_path, "zh", ["A0001"], formats=("html",))
    text = _page_text((tmp_path / "letters" / "A0001.html").read_text("utf-8"))
    words = latin_words(_without(text, [scenario.name]))
    assert not {w for w in words if not re.fullmatch(r"[AT]\d+", w)}
