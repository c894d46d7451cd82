"""The refund rate read through the simulator's count model, so that a floor simulated
at it refunds what the export did.

The simulator draws a count of mean μ as (√μ + ½√φ·z)² − φ/4, rounded and floored at 0
(perfkit.model.counting). Where μ is small the floor lifts the mean above μ: +28% at
μ = 0.2, +7% at 0.43, under 0.3% from μ = 1. Refunds are such a count (≈ 0.4 a month for
an agent closing 9 orders at the default 5%), so refunds ÷ revenue pooled over an export
the simulator made reads the lift as a higher rate (≈ +7% on the bundled plan-change
design), and a floor simulated at that rate refunds more again. The rate here is the one
at which the count model's expected refunds over the export's own rows sum to the
export's: the estimator's panels reproduce the export's refunds, as they reproduce its
dials. It matters there because the refund rate prices the quality margin (refunds rise
as quality falls), which carries much of a ladder's response in dials (docs/estimation.md
§3).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm

from perfkit.model.funnel import REFUND_ELASTICITY
from perfkit.scheme.population import FunnelRates

#: Dispersion of the simulated refund count (perfkit.model.funnel: refunds are drawn at 1).
REFUND_DISPERSION = 1.0


def mean_count(mu: np.ndarray, dispersion: float) -> np.ndarray:
    """E[count] of the count model at mean ``mu``: Σ_k P(count ≥ k), where count ≥ k when
    (√μ + ½√φ·z)² ≥ k − ½ + φ/4 (the rounding), on either side of zero."""
    mu = np.maximum(np.asarray(mu, float), 0.0)
    top = float(mu.max(initial=0.0))
    k = np.arange(1, math.ceil(top + 8 * math.sqrt(top * dispersion) + 8 * dispersion) + 6)
    edge = np.sqrt(k - 0.5 + dispersion / 4)[:, None]
    root, half = np.sqrt(mu)[None, :], 0.5 * math.sqrt(dispersion)
    return (norm.cdf((root - edge) / half) + norm.cdf((-edge - root) / half)).sum(axis=0)


def count_rate(counts: np.ndarray, exposure: np.ndarray, dispersion: float,
               fallback: float) -> float:  # fmt: skip
    """The rate p whose expected counts Σ mean_count(p × exposure) equal Σ ``counts``."""
    total = float(np.sum(counts))
    if total <= 0 or float(np.sum(exposure)) <= 0:
        return fallback

    def gap(p: float) -> float:
        return float(mean_count(p * exposure, dispersion).sum()) - total

    if gap(1.0) < 0:
        return 1.0
    return float(brentq(gap, 1e-9, 1.0, xtol=1e-9))


def refund_rate(df: pd.DataFrame, log_q: np.ndarray | None, fallback: float) -> float:
    """The refund rate of the export's rows (refunds in money ÷ the row's average order
    value: a count of orders), each row's orders weighted by its quality's elasticity."""
    orders, revenue = df["orders"].to_numpy(float), df["revenue"].to_numpy(float)
    counts = np.divide(df["refunds"].to_numpy(float) * orders, revenue,
                       out=np.zeros(len(df)), where=revenue > 0)  # fmt: skip
    lq = np.zeros(len(df)) if log_q is None else np.asarray(log_q, float)
    exposure = orders * np.exp(REFUND_ELASTICITY * lq)
    return count_rate(counts, exposure, REFUND_DISPERSION, fallback)


def counted_rates(rates: FunnelRates, df: pd.DataFrame, log_q: np.ndarray | None) -> FunnelRates:
    """``rates`` (pooled from ``df``) with the refund rate read through the count model."""
    if "refunds" not in df or not (df["refunds"] > 0).any():
        return rates
    return rates.model_copy(update={"refund_rate": refund_rate(df, log_q, rates.refund_rate)})
