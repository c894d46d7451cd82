"""Attrition sensitivity by maximum likelihood: recovery on quits drawn from the model itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.attrition import estimate_attrition, quits
from perfkit.scheme.population import Attrition, LogNormal
from perfkit.simulate.runs import quit_probability

OUTSIDE = LogNormal(mean=4300.0, cv=0.15)


def _export(sensitivity: float, n: int, months: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Agents with CE spread around the outside option, quitting by the model's own hazard."""
    rng = np.random.default_rng(seed)
    attr = Attrition(sensitivity=sensitivity)
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


def test_no_quits_keeps_the_prior():
    df = pd.DataFrame({"agent_id": ["a", "a"], "period": ["2025-01", "2025-02"]})
    est = estimate_attrition(df, np.full(2, 4500.0), OUTSIDE, Attrition())
    assert not est.identified and not est.rate_identified
    assert est.values == {"sensitivity": 8.0, "annual_rate": 0.35}
    assert "prior decides" in est.reason


def test_pay_unrelated_to_quitting_is_not_identified_as_sensitive():
    df, ce = _export(0.0, 1000, 12, seed=3)
    est = estimate_attrition(df, ce, OUTSIDE, Attrition())
    assert est.sensitivity_low == 0.0  # the data cannot reject "pay does not matter"
    assert not est.identified
