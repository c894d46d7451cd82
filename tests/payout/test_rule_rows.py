"""Rule arithmetic written with fewer row-sized temporaries: worked examples, and rules
whose rate is 0 read nothing (perfkit.payout.ladders, bonuses, scoring, team, adjustments)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from perfkit.payout import compute_statements
from perfkit.payout.bonuses import tier_amount
from perfkit.payout.ladders import commission_on, marginal
from perfkit.payout.scoring import weighted_score
from perfkit.payout.team import collaboration_pay
from perfkit.scheme import parse_scenario


def test_a_marginal_ladder_pays_each_slice_at_its_band_rate() -> None:
    base = np.array([-5.0, 10_000.0, 30_000.0, 50_000.0])
    starts, rates = np.array([0.0, 30_000.0]), np.array([0.02, 0.04])
    assert marginal(base, starts, rates).tolist() == pytest.approx([0.0, 200.0, 600.0, 1400.0])
    got = commission_on(base, starts, rates, "marginal", accelerator=(30_000.0, 2.0))
    assert got.tolist() == pytest.approx([0.0, 200.0, 600.0, 2200.0])  # 600 + 2 × 800
    assert base[0] == -5.0  # the caller's base is not clipped in place


def test_tiers_pay_the_highest_reached_and_nothing_below_or_for_nan() -> None:
    att = np.array([0.99, 1.0, 1.3 - 1e-10, 1.3, 2.0, np.nan])
    got = tier_amount(att, [(1.3, 7000.0), (1.0, 4000.0)])
    assert got.tolist() == [0.0, 4000.0, 7000.0, 7000.0, 7000.0, 0.0]


def test_weighted_score_is_the_weighted_mean_of_points() -> None:
    got = weighted_score([np.array([100.0, 50.0]), np.array([80.0, 0.0])], [70.0, 30.0])
    assert got.tolist() == pytest.approx([94.0, 35.0])


def test_a_zero_collaboration_rate_reads_nothing() -> None:
    credit, assisted = np.array([3.0, np.nan]), np.array([np.nan, 2.0])
    assert collaboration_pay(0.0, 0.0, credit, assisted).tolist() == [0.0, 0.0]
    assert collaboration_pay(50.0, 0.0, credit[:1], assisted[:1]).tolist() == [150.0]
    assert collaboration_pay(0.0, 20.0, credit[1:], assisted[1:]).tolist() == [40.0]


def test_a_blank_kpi_no_rule_reads_leaves_pay_a_number() -> None:
    """assisted_orders is blank (NaN) and no rule reads it: the engine warns and prices the
    row as usual (collaboration 0, not NaN)."""
    kpis = pd.DataFrame({"agent_id": ["A1", "A2"], "team": "T1", "period": "2025-01",
                         "dials": 100.0, "connected": 40.0, "orders": 5.0,
                         "revenue": [10_000.0, 20_000.0], "assisted_orders": [np.nan, 1.0]})  # fmt: skip
    sc = parse_scenario({"name": "flat", "pay": {"base_salary": 3000},
                         "commission": {"base": "revenue", "mode": "flat", "rate": 0.02}})  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = compute_statements(kpis, sc)
    assert out["collaboration"].tolist() == [0.0, 0.0]
    assert out["total_pay"].tolist() == pytest.approx([3200.0, 3400.0])
