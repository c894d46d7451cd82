"""The scenario language: valid files load, invalid ones say exactly what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from perfkit.core.errors import PerfkitError, ScenarioError
from perfkit.scheme import json_schema, load_scenario, parse_scenario


def _problems(raw: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw, source="s.yaml")
    assert isinstance(info.value, PerfkitError)
    return info.value.problems


def test_valid_scenario_parses_with_percentages_and_defaults(basic: dict[str, Any]) -> None:
    s = parse_scenario(basic)
    assert s.scorecard[0].cap == pytest.approx(1.5)
    assert s.scorecard[2].direction == "lower"  # complaint_rate defaults to lower-is-better
    assert s.scorecard[1].direction == "higher"
    assert s.commission.bands == [(0.0, 0.02), (30000.0, 0.04)]
    assert s.grades.names == ["S", "A", "B", "C", "D"]


def test_value_with_note_is_unwrapped_and_note_kept(basic: dict[str, Any]) -> None:
    basic["pay"]["base_salary"] = {"value": 4200, "note": "2025 city survey"}
    s = parse_scenario(basic)
    assert s.pay.base_salary == 4200
    assert s.notes == {"pay.base_salary": "2025 city survey"}


def test_a_noted_value_keeps_its_range(basic: dict[str, Any]) -> None:
    basic["simulation"] = {
        "margin_rate": {"value": "45%", "source": "client CFO, 2025", "range": [0.35, 0.55]}
    }
    s = parse_scenario(basic)
    assert s.simulation.margin_rate == pytest.approx(0.45)
    assert s.ranges == {"simulation.margin_rate": (0.35, 0.55)}
    assert s.notes == {"simulation.margin_rate": "client CFO, 2025"}


@pytest.mark.parametrize("bad", [[0.5, 0.4], [0.1], "0.1-0.2", [0.1, float("nan")], [True, 1]])
def test_a_range_that_is_not_low_high_is_refused(basic: dict[str, Any], bad: Any) -> None:
    basic["pay"]["base_salary"] = {"value": 4000, "range": bad}
    with pytest.raises(ScenarioError, match=r"pay\.base_salary: range .* expected two finite"):
        parse_scenario(basic)


def test_unknown_key_suggests_the_right_one(basic: dict[str, Any]) -> None:
    basic["scorecard"][0]["wieght"] = basic["scorecard"][0].pop("weight")
    problems = dict(_problems(basic))
    assert "did you mean 'weight'" in problems["scorecard[0].wieght"]
    assert "missing" in problems["scorecard[0].weight"]


def test_unknown_kpi_suggests_a_kpi(basic: dict[str, Any]) -> None:
    basic["scorecard"][1]["kpi"] = "conect_rate"
    ((path, msg),) = _problems(basic)
    assert path == "scorecard[1].kpi"
    assert "did you mean 'connect_rate'" in msg


def test_weights_must_total_100(basic: dict[str, Any]) -> None:
    basic["scorecard"][0]["weight"] = 50
    ((_path, msg),) = _problems(basic)
    assert "total 90" in msg and "expected 100" in msg


def test_non_monotone_ladder_is_rejected(basic: dict[str, Any]) -> None:
    basic["commission"]["ladder"] = [[0, 0.02], [30000, 0.04], [20000, 0.05]]
    ((path, msg),) = _problems(basic)
    assert path == "commission"
    assert "strictly increasing" in msg and "ladder" in msg


def test_ladder_must_start_at_zero(basic: dict[str, Any]) -> None:
    basic["commission"]["ladder"] = [[1000, 0.02]]
    ((_path, msg),) = _problems(basic)
    assert "start at 0" in msg


def test_overlapping_grade_bands_are_rejected(basic: dict[str, Any]) -> None:
    basic["grades"]["bands"] = {"S": 110, "A": 115, "B": 80, "C": 60}
    ((path, msg),) = _problems(basic)
    assert path == "grades" and "strictly decreasing" in msg


def test_negative_amount_is_rejected(basic: dict[str, Any]) -> None:
    basic["pay"]["base_salary"] = -100
    ((path, msg),) = _problems(basic)
    assert path == "pay.base_salary" and "greater than or equal to 0" in msg


def test_forced_shares_must_total_100_percent(basic: dict[str, Any]) -> None:
    basic["grades"] = {"method": "forced", "shares": {"S": 20, "A": 30, "B": 30, "C": 10, "D": 5}}
    ((path, msg),) = _problems(basic)
    assert path == "grades" and "95.0%" in msg and "expected 100%" in msg


def test_forced_shares_accept_points_fractions_and_percent(basic: dict[str, Any]) -> None:
    for shares in (
        {"S": 20, "A": 30, "B": 30, "C": 15, "D": 5},
        {"S": 0.2, "A": 0.3, "B": 0.3, "C": 0.15, "D": 0.05},
        {"S": "20%", "A": "30%", "B": "30%", "C": "15%", "D": "5%"},
    ):
        basic["grades"] = {"method": "forced", "shares": shares}
        assert parse_scenario(basic).grades.shares["C"] == pytest.approx(0.15)


def test_missing_grade_coefficient_is_named(basic: dict[str, Any]) -> None:
    del basic["pay"]["performance_pay"]["grade_coefficients"]["D"]
    ((_path, msg),) = _problems(basic)
    assert "grade(s) D" in msg


def test_segment_plan_errors_carry_the_segment_path(basic: dict[str, Any]) -> None:
    basic["segments"] = [
        {"name": "trainee", "when": {"tenure_months_below": 3}, "plan": {"pay": {"base_salry": 1}}}
    ]
    ((path, msg),) = _problems(basic)
    assert path == "segments[0].plan.pay.base_salry" and "did you mean 'base_salary'" in msg


def test_segment_plan_merges_over_main_plan(basic: dict[str, Any]) -> None:
    basic["segments"] = [
        {
            "name": "trainee",
            "when": {"tenure_months_below": 3},
            "plan": {"pay": {"base_salary": 3500}},
        }
    ]
    s = parse_scenario(basic)
    trainee = s.plan_for("trainee")
    assert trainee.pay.base_salary == 3500
    assert trainee.pay.performance_pay == s.pay.performance_pay  # untouched keys kept
    assert s.main_plan.pay.base_salary == 4000


def test_segment_alternative_keys_replace_the_main_plans(basic: dict[str, Any]) -> None:
    basic["commission"] = {"base": "collected", "mode": "flat", "rate": "2%"}
    basic["grades"] = {"method": "bands", "bands": {"S": 110, "A": 100}, "below": "B"}
    basic["segments"] = [
        {
            "name": "veteran",
            "when": {"tenure_months_at_least": 12},
            "plan": {
                "commission": {"mode": "marginal", "ladder": [[0, 0.02], [30000, 0.05]]},
                "grades": {"method": "forced", "shares": {"S": 20, "A": 30, "B": 50}},
            },
        }
    ]
    s = parse_scenario(basic)
    vet = s.plan_for("veteran")
    assert vet.commission.mode == "marginal" and vet.commission.rate is None
    assert vet.commission.base == "collected"  # keys the segment does not state are kept
    assert vet.grades.method == "forced"
    assert s.main_plan.commission.rate == pytest.approx(0.02)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"missing\.yaml: invalid scenario"):
        load_scenario(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npay: [1, 2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"not valid YAML at line \d+"):
        load_scenario(bad)


def test_data_population_path_is_relative_to_the_scenario(tmp_path: Path, basic: dict) -> None:
    basic["population"] = {"source": "kpis.csv"}
    f = tmp_path / "sub" / "s.yaml"
    f.parent.mkdir()
    f.write_text(yaml.safe_dump(basic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (f.parent / "kpis.csv").write_text("agent_id,period,dials,connected,orders,revenue\n")
    s = load_scenario(f)
    assert Path(s.population.source) == (tmp_path / "sub" / "kpis.csv").resolve()
    assert s.source == str(f)


def test_json_schema_accepts_a_valid_file_and_rejects_unknown_keys(basic: dict) -> None:
    schema = json_schema()
    jsonschema.validate(basic, schema)
    basic["pay"]["bonus_salary"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(basic, schema)


def test_json_schema_accepts_noted_numbers(basic: dict) -> None:
    basic["pay"]["base_salary"] = {"value": 4200, "note": "survey"}
    jsonschema.validate(basic, json_schema())
    basic["pay"]["base_salary"] = {"value": 4200, "nte": "survey"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(basic, json_schema())


# --------------------------------------------------------------------------- file-level checks
def _problem(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


def test_a_key_given_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: a\npay: {base_salary: 4000}\nname: b\n", encoding="utf-8")
    assert "line 3, column 1: key 'name' is given twice" in _problem(path)


def test_a_gbk_scenario_reads_like_utf8(tmp_path: Path) -> None:
    text = "# 现行方案：底薪加提成\nname: 现行方案\npay: {base_salary: 4000}\n"
    path = tmp_path / "gbk.yaml"
    path.write_bytes(text.encode("gbk"))
    assert load_scenario(path).name == "现行方案"
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\x00\x01\x02name")
    assert "not a text file" in _problem(binary)


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan", "1e400"])
def test_numbers_must_be_finite(basic: dict[str, Any], number: str) -> None:
    basic["pay"]["base_salary"] = yaml.safe_load(number) if number != "1e400" else float("inf")
    with pytest.raises(ScenarioError, match=r"pay\.base_salary"):
        parse_scenario(basic)


def test_non_cash_grant_names_a_known_grade(basic: dict[str, Any]) -> None:
    basic["grades"] = {"method": "bands", "bands": {"S": 110, "A": 100}, "below": "B"}
    basic["non_cash"] = [{"reward": "honour", "to": {"grade": ["S", "Z"]}}]
    with pytest.raises(ScenarioError, match=r"non_cash\[0\]\.to\.grade: unknown grade\(s\) Z"):
        parse_scenario(basic)


def test_an_empty_segment_rule_is_refused(basic: dict[str, Any]) -> None:
    basic["segments"] = [{"name": "all", "when": {}, "plan": {"pay": {"base_salary": 1}}}]
    with pytest.raises(ScenarioError, match=r"segments\[0\]\.when: .*at least one of role"):
        parse_scenario(basic)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("synthetc", "did you mean 'synthetic'? 'synthetc' does not exist"),
        ("missing.csv", "'missing.csv' does not exist"),
        (".", "'.' is a folder"),
    ],
)
def test_population_source_must_be_a_file(tmp_path: Path, source: str, expected: str) -> None:
    path = tmp_path / "pop.yaml"
    path.write_text(
        yaml.safe_dump({"name": "p", "population": {"source": source}}), encoding="utf-8"
    )
    msg = _problem(path)
    assert "population.source" in msg and expected in msg


def test_a_misspelt_key_beside_a_noted_value_is_named(basic: dict[str, Any]) -> None:
    basic["pay"]["base_salary"] = {"value": 4000, "nte": "2025 payroll"}
    with pytest.raises(ScenarioError, match=r"pay\.base_salary: unknown key 'nte' beside 'value'"):
        parse_scenario(basic)


def test_percentages_are_read_wherever_a_number_goes(basic: dict[str, Any]) -> None:
    basic["simulation"] = {"attrition": {"annual_rate": "35%"}, "margin_rate": "45%"}
    s = parse_scenario(basic)
    assert s.simulation.attrition.annual_rate == pytest.approx(0.35)
    assert s.simulation.margin_rate == pytest.approx(0.45)
    basic["name"] = "100%"  # text stays text
    assert parse_scenario(basic).name == "100%"


def test_rules_across_fields_name_the_field(basic: dict[str, Any]) -> None:
    basic["scorecard"][0]["weight"] = 10
    with pytest.raises(ScenarioError) as info:
        parse_scenario(basic)
    assert info.value.problems[0][0] == "scorecard"
    assert info.value.problems[0][1].startswith("weights total")
    basic["scorecard"][0]["weight"] = 60
    coefficients = basic["pay"]["performance_pay"]["grade_coefficients"]
    coefficients["X"] = coefficients.pop("B")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(basic)
    path, msg = info.value.problems[0]
    assert path == "pay.performance_pay.grade_coefficients"
    assert "no coefficient for grade(s) B; unknown grade(s) X" in msg
