"""Attrition sensitivity by maximum likelihood: recovery on quits drawn from the model itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.attrition import estimate_attrition, quits
from perfkit.scheme.population import Attrition, LogNormal
from perfkit.simulate.runs import quit_probability

OUTSIDE = LogNormal(mean=4300.0, cv=0.15)


def _export(
    sensitivity: float, n: int, months: int, seed: int, rate: float = 0.35
) -> tuple[pd.DataFrame, np.ndarray]:
    """Agents with CE spread around the outside option, quitting by the model's own hazard."""
    rng = np.random.default_rng(seed)
    attr = Attrition(sensitivity=sensitivity, annual_rate=rate)
    ce_agent = 4300 * np.exp(rng.normal(0, 0.25, n))
    s2 = np.log1p(OUTSIDE.cv**2)
    outside = OUTSIDE.mean * np.exp(np.sqrt(s2) * rng.standard_normal(n) - s2 / 2)
    rows, ce_rows = [], []
    for i in range(n):
        for m in range(months):
            rows.append((f"A{i}", f"2025-{m + 1:02d}"))
            ce_rows.append(ce_agent[i])
            if m < months - 1 and rng.random() < quit_probability(ce_agent[i], outside[i], attr):
                break
    df = pd.DataFrame(rows, columns=["agent_id", "period"])
    return df, np.array(ce_rows)


def test_quits_are_last_rows_before_the_last_month():
    df = pd.DataFrame({"agent_id": ["a", "a", "b", "b", "b"],
                       "period": ["2025-01", "2025-02", "2025-01", "2025-02", "2025-03"]})  # fmt: skip
    at_risk, quit = quits(df)
    assert at_risk.tolist() == [True, True, True, True, False]
    assert quit.tolist() == [False, True, False, False, False]


@pytest.mark.parametrize("truth", [5.0, 12.0])
def test_sensitivity_recovered_within_its_interval(truth):
    df, ce = _export(truth, 1500, 12, seed=int(truth))
    est = estimate_attrition(df, ce, OUTSIDE, Attrition())
    assert est.identified, est.reason
    assert est.sensitivity_low <= truth <= est.sensitivity_high
    assert est.sensitivity_high - est.sensitivity_low < 15


def test_nobody_left_is_near_zero_with_the_rule_of_three_bound():
    n, months = 100, 13  # 100 agents seen for 13 months: 1,200 agent-months at risk
    df = pd.DataFrame([(f"A{i}", f"2025-{m + 1:02d}" if m < 12 else "2026-01")
                       for i in range(n) for m in range(months)], columns=["agent_id", "period"])  # fmt: skip
    est = estimate_attrition(df, np.full(len(df), 4500.0), OUTSIDE, Attrition())
    assert est.months_at_risk == 1200 and est.quits == 0
    assert est.rate_identified and not est.identified  # the rate is measured; the slope is not
    assert est.values["annual_rate"] == pytest.approx(1 - (1 - 0.5 / 1201) ** 12)
    assert est.rate_high == pytest.approx(1 - (1 - 3 / 1200) ** 12)  # ≈ 3.0% a year
    assert est.values["sensitivity"] == 8.0 and "rule of three" in est.reason
    Attrition(annual_rate=est.values["annual_rate"])  # a scenario can take it


def test_a_low_rate_is_recovered_below_the_old_twelve_percent_floor():
    df, ce = _export(8.0, 1500, 12, seed=5, rate=0.05)
    est = estimate_attrition(df, ce, OUTSIDE, Attrition())
    assert est.rate_identified
    assert est.rate_low <= 0.05 <= est.rate_high and est.rate_high < 0.12


def test_the_model_has_no_attrition_floor_by_default():
    attr = Attrition()
    assert attr.floor_annual_rate == 0.0
    rich = quit_probability(np.array([20000.0]), np.array([4300.0]), attr)
    assert 1 - (1 - rich[0]) ** 12 < 0.01  # paid far above the outside option: hardly anyone leaves


def test_pay_unrelated_to_quitting_is_not_identified_as_sensitive():
    df, ce = _export(0.0, 1000, 12, seed=3)
    est = estimate_attrition(df, ce, OUTSIDE, Attrition())
    assert est.sensitivity_low == 0.0  # the data cannot reject "pay does not matter"
    assert not est.identified
