"""Funnel rates pooled over a KPI export, at the reference allocation (calibration).

Split from perfkit.model.funnel, whose elasticities it reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from perfkit.model.funnel import (
    COMPLAINT_ELASTICITY,
    EFFECTIVE_ELASTICITY,
    INTENT_ELASTICITY,
    ORDER_ELASTICITY,
    QA_PER_LOG_Q,
    REFUND_ELASTICITY,
    REPEAT_ELASTICITY,
    SATISFACTION_PER_LOG_Q,
    TALK_ELASTICITY,
)
from perfkit.scheme.population import Beta, FunnelRates


def pooled_rates(
    df: pd.DataFrame, default: FunnelRates, log_q: np.ndarray | None = None, gamma: float = 0.0
) -> FunnelRates:
    """Funnel rates pooled over a KPI export (``default`` where a column is all zero).

    Used by calibration: shares are ratios of column totals; score means and sds are
    the mean and the mean within-agent sd; count dispersion is the within-agent
    variance of orders ÷ their mean. ``log_q`` (per row, with the funnel's ``gamma``)
    is the log quality index the rows were produced at: every quality-dependent rate
    is then pooled at the reference allocation (each row's denominator × Q^elasticity,
    each score less its Q-shift), as the funnel takes it.
    """
    pool = _Pool(df, log_q)
    return default.model_copy(
        update={
            **_pooled_shares(pool, default, gamma),
            "satisfaction": pool.score(
                "satisfaction", default.satisfaction, SATISFACTION_PER_LOG_Q
            ),
            "qa_score": pool.score("qa_score", default.qa_score, QA_PER_LOG_Q),
            "peer_score": pool.score("peer_score", default.peer_score, 0.0),
            **_pooled_noise(df, default),
        }
    )


class _Pool:
    """Column totals of a KPI export, each row weighted at the reference allocation (its
    log quality index ``log_q`` times a rate's elasticity)."""

    def __init__(self, df: pd.DataFrame, log_q: np.ndarray | None) -> None:
        self.df, self.s = df, df.sum(numeric_only=True)
        self.lq = np.zeros(len(df)) if log_q is None else np.asarray(log_q, dtype=float)
        self.mean_lq = float(self.lq.mean()) if self.lq.size else 0.0

    def total(self, col: str, elasticity: float) -> float:
        return float((self.df[col].to_numpy(float) * np.exp(elasticity * self.lq)).sum())

    def share(
        self, num: str, den: str, fallback: float, ok: bool = True, elasticity: float = 0.0
    ) -> float:
        """Total ``num`` ÷ weighted total ``den`` (at most 1), else ``fallback``."""
        d = self.total(den, elasticity)
        return float(min(self.s[num] / d, 1.0)) if ok and self.s[num] > 0 and d > 0 else fallback

    def score(self, col: str, fallback: Any, per_log_q: float) -> Any:
        """A score's mean (less its quality shift) and mean within-agent sd."""
        df = self.df
        if col not in df or not (df[col] > 0).any():
            return fallback
        within = df.groupby("agent_id")[col].std(ddof=1).dropna()
        sd = float(within.mean()) if len(within) else fallback.sd
        mean = float(df[col].mean()) - per_log_q * self.mean_lq
        return fallback.model_copy(update={"mean": mean, "sd": sd})


def _pooled_shares(pool: _Pool, default: FunnelRates, gamma: float) -> dict[str, Any]:
    """The funnel's rates and shares, from connect rate to repeat customers."""
    df, s, share = pool.df, pool.s, pool.share
    g = df.groupby("agent_id")
    connect = share("connected", "dials", default.connect_rate.mean)
    spread = float(np.clip((g["connected"].sum() / g["dials"].sum()).std(ddof=1), 0.005, 0.1))
    talk = pool.total("effective_calls", TALK_ELASTICITY) if "effective_calls" in df else 0.0
    return {
        "connect_rate": Beta(mean=connect, sd=min(spread, 0.9 * (connect * (1 - connect)) ** 0.5)),
        "effective_share": share(
            "effective_calls",
            "connected",
            default.effective_share,
            elasticity=EFFECTIVE_ELASTICITY * gamma,
        ),
        "minutes_per_effective_call": (
            float(s["effective_talk_minutes"] / talk)
            if talk > 0 and s["effective_talk_minutes"] > 0
            else default.minutes_per_effective_call
        ),
        "intent_rate": share(
            "intents", "effective_calls", default.intent_rate, elasticity=INTENT_ELASTICITY * gamma
        ),
        "order_rate": share(
            "orders", "intents", default.order_rate, elasticity=ORDER_ELASTICITY * gamma
        ),
        "refund_rate": share(
            "refunds", "revenue", default.refund_rate, s["refunds"] > 0, REFUND_ELASTICITY
        ),
        "collected_share": (
            float(min(s["collected"] / (s["revenue"] - s["refunds"]), 1.0))
            if s["collected"] > 0 and s["revenue"] > s["refunds"]
            else default.collected_share
        ),
        "complaint_rate": share(
            "complaints", "connected", default.complaint_rate, elasticity=COMPLAINT_ELASTICITY
        ),
        "repeat_rate": share(
            "repeat_customers", "orders", default.repeat_rate, elasticity=REPEAT_ELASTICITY
        ),
    }


def _pooled_noise(df: pd.DataFrame, default: FunnelRates) -> dict[str, float]:
    """Dial noise (mean within-agent cv of dials) and count dispersion (within-agent
    variance of orders ÷ their mean)."""
    g = df.groupby("agent_id")
    dial_cv = (g["dials"].std(ddof=1) / g["dials"].mean()).dropna()
    orders_mean = g["orders"].transform("mean")
    disp = float(((df["orders"] - orders_mean) ** 2).sum() / max(orders_mean.sum(), 1e-9))
    return {
        "dial_noise": float(dial_cv.mean()) if len(dial_cv) else default.dial_noise,
        "count_dispersion": float(np.clip(disp, 1.0, 10.0)),
    }
