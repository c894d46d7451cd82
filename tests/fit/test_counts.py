"""The refund rate read through the simulator's count model (perfkit.fit.calibration.counts).

Closed form against the count model's own draws; then, on rows drawn by that model at a
known refund rate, the rate read back is the truth while refunds ÷ revenue is not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.fit.calibration.counts import count_rate, counted_rates, mean_count, refund_rate
from perfkit.model.counting import counted
from perfkit.scheme.population import FunnelRates

Z = np.random.default_rng(7).standard_normal(200_000)


@pytest.mark.parametrize("dispersion", [1.0, 1.4])
@pytest.mark.parametrize("mu", [0.05, 0.43, 1.0, 4.0, 15.0])
def test_the_mean_count_is_the_count_models_mean(mu: float, dispersion: float) -> None:
    drawn = counted(np.full(Z.size, mu), Z, dispersion, True).mean()
    se = counted(np.full(Z.size, mu), Z, dispersion, True).std() / np.sqrt(Z.size)
    assert mean_count(np.array([mu]), dispersion)[0] == pytest.approx(drawn, abs=4 * se)


def test_small_counts_are_lifted_by_the_floor_and_large_ones_are_not() -> None:
    lift = mean_count(np.array([0.2, 0.43, 1.0, 10.0]), 1.0) / [0.2, 0.43, 1.0, 10.0]
    assert lift[0] > 1.25 and 1.05 < lift[1] < 1.08 and abs(lift[2] - 1) < 0.003
    assert lift[3] == pytest.approx(1.0, abs=1e-6)


def _rows(rate: float, n: int = 40_000, seed: int = 3) -> pd.DataFrame:
    """Agent-months drawn by the count model: orders about 9 a month, refunds at ``rate``."""
    rng = np.random.default_rng(seed)
    orders = rng.poisson(9.0, n).astype(float)
    value = 2500.0 * rng.lognormal(0, 0.3, n)
    refunds = counted(orders * rate, rng.standard_normal(n), 1.0, True, orders)
    return pd.DataFrame({"orders": orders, "revenue": orders * value, "refunds": refunds * value})


def test_the_rate_read_back_is_the_rate_the_rows_were_drawn_at() -> None:
    df = _rows(0.05)
    naive = df["refunds"].sum() / df["revenue"].sum()
    assert naive > 0.052  # the floor's lift, read as a rate
    assert refund_rate(df, None, 0.05) == pytest.approx(0.05, rel=0.02)
    quality = np.full(len(df), 0.1)  # better calls: fewer refunds at the same rate
    assert refund_rate(df, quality, 0.05) > refund_rate(df, None, 0.05)


def test_no_refunds_keep_the_pooled_rate() -> None:
    df = _rows(0.05).assign(refunds=0.0)
    rates = FunnelRates(refund_rate=0.061)
    assert counted_rates(rates, df, None).refund_rate == 0.061
    assert count_rate(np.zeros(3), np.ones(3), 1.0, 0.07) == 0.07
