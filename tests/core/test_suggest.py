""" "Did you mean" for a value outside a fixed set: the nearest by spelling, and the
scenario's enums (the CLI's are in tests/apps/test_cli_typed.py)."""

from __future__ import annotations

import pytest

from perfkit.core.errors import ScenarioError
from perfkit.core.suggest import did_you_mean, nearest
from perfkit.scheme import parse_scenario


def test_nearest_by_spelling_or_none():
    assert nearest("marginl", ("flat", "marginal", "whole")) == "marginal"
    assert nearest(" WHOLE ", ("flat", "marginal", "whole")) == "whole"
    assert nearest("banana", ("flat", "marginal", "whole")) is None
    assert did_you_mean("agent_meen", ("agent_mean", "team_mean", "zero")) == (
        "; did you mean 'agent_mean'?"
    )
    assert did_you_mean("xyz", ("agent_mean",)) == ""


def test_a_scenario_enum_suggests_the_valid_value():
    raw = {"name": "x", "pay": {"base_salary": 4000},
           "commission": {"base": "revenue", "mode": "marginl", "ladder": [[0, 0.02], [30000, 0.04]]}}  # fmt: skip
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw)
    (path, msg), *_ = info.value.problems
    assert path == "commission.mode" and msg.endswith("did you mean 'marginal'?")
