"""Parameter paths: the handle sweeps and optimisers use to change a scheme."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfkit.core.errors import PerfkitWarning, ScenarioError
from perfkit.scheme import parse_scenario
from perfkit.scheme.params import get_param, with_param


def test_get_and_set_simple_paths(basic: dict[str, Any]) -> None:
    s = parse_scenario(basic)
    assert get_param(s, "pay.base_salary") == 4000
    assert get_param(s, "commission.ladder[1].rate") == pytest.approx(0.04)
    assert get_param(s, "commission.ladder[1].from") == 30000
    s2 = with_param(s, "commission.ladder[1].rate", 0.05)
    assert s2.commission.bands[1] == (30000.0, 0.05)
    assert s.commission.bands[1] == (30000.0, 0.04)  # the original is untouched
    assert with_param(s, "grades.bands.S", 120).grades.bands["S"] == 120
    assert (
        with_param(
            s, "pay.performance_pay.grade_coefficients.A", 1.3
        ).pay.performance_pay.grade_coefficients["A"]
        == 1.3
    )


def test_scorecard_item_by_kpi_name(basic: dict[str, Any]) -> None:
    s = parse_scenario(basic)
    assert get_param(s, "scorecard.revenue.target") == 30000
    assert with_param(s, "scorecard.connect_rate.target", 0.3).scorecard[1].target == 0.3


@given(st.floats(min_value=1, max_value=99))
def test_changing_a_weight_rebalances_the_others(w: float) -> None:
    from tests.conftest import BASIC

    s = with_param(parse_scenario(BASIC), "scorecard.revenue.weight", w)
    weights = [item.weight for item in s.scorecard]
    assert weights[0] == pytest.approx(w)
    assert sum(weights) == pytest.approx(100)
    # the others keep their proportions (20:20 in BASIC)
    assert weights[1] == pytest.approx(weights[2])


@given(st.floats(min_value=0.01, max_value=99))
def test_changing_a_forced_share_keeps_the_total_and_the_others_proportions(share: float) -> None:
    from perfkit.scheme import load_scenario
    from tests.conftest import SCENARIOS

    s = load_scenario(SCENARIOS / "forced_distribution.yaml")  # S 10, A 20, B 50, C 15, D 5
    t = with_param(s, "grades.shares.S", share)  # 20 means 20%, as in the file; 0.2 too
    new = dict(t.grades.shares)
    assert new["S"] == pytest.approx(share / 100 if share > 1 else share)
    assert sum(new.values()) == pytest.approx(1)
    if new["S"] < 1:  # S at 100% leaves the others nothing to keep in proportion
        assert new["B"] / new["A"] == pytest.approx(50 / 20)


def test_bad_paths_and_values_are_clear(basic: dict[str, Any]) -> None:
    s = parse_scenario(basic)
    with pytest.raises(ScenarioError, match="no key 'bse_salary'"):
        with_param(s, "pay.bse_salary", 1)
    with pytest.raises(ScenarioError, match="no list item named 'dials'"):
        with_param(s, "scorecard.dials.weight", 10)
    with pytest.raises(ScenarioError, match="ladder"):
        with_param(s, "commission.ladder[1].from", 0)  # non-increasing ladder
    with pytest.raises(ScenarioError, match="between 0 and 100"):
        with_param(s, "scorecard.revenue.weight", 100)


def test_a_path_into_a_left_out_section_reads_and_sets_its_default() -> None:
    """No ``simulation:`` or ``population:`` means their defaults: a path into one reads
    the default and sets a value with the rest of the section at its defaults."""
    sc = parse_scenario({"name": "bare", "pay": {"base_salary": 4000}})
    assert sc.simulation is None and sc.population is None
    assert get_param(sc, "simulation.attrition.hiring_cost") == 3000.0
    assert get_param(sc, "population.traits.effort_cost.mean") == 5000.0
    moved = with_param(sc, "simulation.timing.share", 0.02)
    assert moved.simulation.timing.share == 0.02 and moved.simulation.margin_rate == 0.5
    assert moved.population is None  # only the section the path enters is written out
    cost = with_param(sc, "population.traits.effort_cost.mean", 2500)
    assert cost.population.traits.effort_cost.mean == 2500
    assert cost.population.traits.effort_cost.cv == 0.3 and cost.simulation is None
    with pytest.raises(ScenarioError, match="no key 'margin'"):
        get_param(sc, "simulation.margin")


def test_quiet_leaves_out_the_plans_own_warnings(basic: dict[str, Any]) -> None:
    """An empty grade table warns on loading; ``quiet`` does not say it again."""
    import warnings

    with pytest.warns(PerfkitWarning, match="grades.bands is empty"):
        s = parse_scenario({**basic, "grades": {**basic["grades"], "bands": {}}})
    with warnings.catch_warnings(record=True) as loud:
        warnings.simplefilter("always")
        with_param(s, "pay.base_salary", 150)
    with warnings.catch_warnings(record=True) as quiet:
        warnings.simplefilter("always")
        with_param(s, "pay.base_salary", 150, quiet=True)
    assert [str(w.message) for w in loud] and not quiet
