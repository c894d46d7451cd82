"""A report's appendix says which ratchet assumption the forecast made: whether agents
see the ratchet coming (``ratchet.anticipated``), in English and Chinese."""

from __future__ import annotations

import pytest

from perfkit.scheme import parse_scenario
from perfkit.words.report.settings import plan_settings_table


def ratcheted(anticipated: bool | None) -> object:
    target = {"split": "history"}
    if anticipated is not None:
        target["ratchet"] = {"every": "quarter", "share": 0.5, "anticipated": anticipated}
    return parse_scenario({
        "name": "ratcheted", "pay": {"base_salary": 4000},
        "scorecard": [{"kpi": "revenue", "weight": 100, "target": target}],
    })  # fmt: skip


def rules(scenario, lang: str) -> str:
    table = plan_settings_table(scenario, lang)
    return " ".join(table.iloc[:, 1].astype(str))


@pytest.mark.parametrize(
    ("anticipated", "en", "zh"),
    [(True, "agents see the ratchet on booked revenue coming: they hold back now", "预见到销售额目标的棘轮"),
     (False, "agents do not anticipate the ratchet on booked revenue", "不预判销售额目标的棘轮")],
)  # fmt: skip
def test_the_appendix_says_whether_agents_anticipate_the_ratchet(anticipated, en, zh) -> None:
    scenario = ratcheted(anticipated)
    assert en in rules(scenario, "en")
    assert zh in rules(scenario, "zh")
    other = "不预判" if anticipated else "预见到"
    assert other not in rules(scenario, "zh")


def test_no_ratchet_no_sentence() -> None:
    plain = ratcheted(None)
    assert "ratchet" not in rules(plain, "en")
    assert "棘轮" not in rules(plain, "zh")
