"""A note's Chinese (``note_zh``): read beside a noted value or a block's note, kept apart
from the plan objects, shown on Chinese pages; every bundled scenario gives one."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from perfkit.scheme import json_schema, load_scenario, parse_scenario
from perfkit.words.report.appendix import scenario_parameters
from perfkit.words.report.settings import plan_settings_table
from tests.conftest import SCENARIOS

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def test_note_zh_beside_a_value_and_a_block(basic: dict[str, Any]) -> None:
    basic["pay"]["base_salary"] = {
        "value": 4200,
        "note": "2025 city survey",
        "note_zh": "2025 年城市调查",
    }
    basic["scorecard"][0] |= {"note": "finance target", "note_zh": "财务目标"}
    s = parse_scenario(basic)
    assert s.pay.base_salary == 4200
    assert s.notes == {"pay.base_salary": "2025 city survey", "scorecard[0]": "finance target"}
    assert s.notes_zh == {"pay.base_salary": "2025 年城市调查", "scorecard[0]": "财务目标"}
    assert s.notes_in("zh") == s.notes_zh and s.notes_in("en") == s.notes
    jsonschema.validate(basic, json_schema())  # editors accept it too


def test_a_note_without_chinese_is_shown_as_written(basic: dict[str, Any]) -> None:
    basic["pay"]["base_salary"] = {"value": 4200, "note": "2025 city survey"}
    assert parse_scenario(basic).notes_in("zh") == {"pay.base_salary": "2025 city survey"}


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_notes_read_in_chinese_on_chinese_pages(path) -> None:
    sc = load_scenario(path)
    assert set(sc.notes_zh) == set(sc.notes)  # every note has its Chinese
    tables = (plan_settings_table(sc, "zh"), scenario_parameters(sc, "zh"))
    shown = " ".join(" ".join(map(str, f.to_numpy().ravel())) for f in tables)
    for note in sc.notes.values():
        assert note not in shown
    assert not LATIN_WORD.search(" ".join(sc.notes_zh.values()))
    assert all(zh in shown for zh in sc.notes_zh.values())
