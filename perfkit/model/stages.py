"""The funnel's stages, each computed only where a KPI wanted needs it.

perfkit.model.funnel's :class:`~perfkit.model.funnel.Funnel` turns choices and shocks
into an agent-period's KPIs. A pricing call of the best-response solve reads a few of
them (the KPIs the plan's rules read, and revenue: perfkit.model.behaviour.needed), so
the funnel is computed as far as those need (:data:`NEEDS`) and no further. Skipping a
stage skips its transform only: the shocks are drawn as before, so every KPI computed is
the same to the bit. The elasticities to the quality index live here with the stages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from perfkit.core.kpis import RAW_KPIS
from perfkit.model.counting import clipped, counted

#: Raw KPI columns the funnel produces: every measured KPI of the catalogue.
OUTPUTS = tuple(RAW_KPIS)

# Elasticities to the quality index Q (assumptions, chosen for the signs the
# multitask literature and call-centre QA practice describe).
EFFECTIVE_ELASTICITY = 0.35  # × γ: effective-conversation share
INTENT_ELASTICITY = 0.35  # × γ: intents per effective conversation
ORDER_ELASTICITY = 0.30  # × γ: orders per intent (the three sum to 1: orders ∝ Q^γ)
TALK_ELASTICITY = 0.3  # minutes per effective conversation
COMPLAINT_ELASTICITY = -1.0  # rushed calls draw complaints
REFUND_ELASTICITY = -0.7  # pushed sales come back
REPEAT_ELASTICITY = 0.5
SATISFACTION_PER_LOG_Q = 0.3  # points on the 1–5 scale
QA_PER_LOG_Q = 8.0  # points on the 0–100 scale
TALK_NOISE = 0.1
COLLECTED_NOISE = 0.02
MIN_QUALITY = 0.02


#: What each KPI is computed from (KPIs not named here are computed from the choices and
#: shocks alone): a KPI wanted needs these computed too.
NEEDS = {
    "connected": "dials",
    "complaints": "connected",
    "effective_calls": "connected",
    "effective_talk_minutes": "effective_calls",
    "intents": "effective_calls",
    "orders": "intents",
    "repeat_customers": "orders",
    "assisted_orders": "orders",
    "revenue": "orders",
    "refunds": "revenue",
    "collected": "refunds",
}


def computed(only: Iterable[str] | None) -> frozenset[str]:
    """The KPIs the funnel computes to give ``only`` (None: every one): each KPI wanted and
    what it is computed from (:data:`NEEDS`)."""
    if only is None:
        return frozenset(OUTPUTS)
    out: set[str] = set()
    for kpi in only:
        while kpi is not None and kpi not in out:
            out.add(kpi)
            kpi = NEEDS.get(kpi)
    return frozenset(out)


class Stages:
    """The funnel's stages, for :class:`perfkit.model.funnel.Funnel` (its ``rates``,
    ``mentoring``, ``reference_quality``, ``gamma`` and ``months``)."""

    rates: Any
    mentoring: Any
    reference_quality: float
    months: float
    gamma: float

    def _counts(self, traits: dict[str, np.ndarray], choice: Any, z: np.ndarray,
                log_q: np.ndarray, skill: np.ndarray, rows: tuple[int, ...], whole: bool,
                need: frozenset[str]) -> dict[str, np.ndarray]:  # fmt: skip
        """The funnel's counts and amounts in ``need``, dials to repeat customers."""
        out: dict[str, np.ndarray] = {}
        if "dials" not in need:
            return out
        r, g = self.rates, self.gamma
        own = choice.effort * (1.0 - choice.help)
        volume = own * (1.0 - choice.quality) / (1.0 - self.reference_quality)
        sd = r.dial_noise
        dials = traits["capacity"] * self.months * volume * np.exp(sd * z[0] - 0.5 * sd * sd)
        out["dials"] = dials = np.rint(dials) if whole else dials
        if "connected" not in need:
            return out
        p_conn = traits["connect_rate"]
        mu = np.multiply(np.broadcast_to(dials, rows), p_conn)  # a fresh array of the rows
        out["connected"] = connected = counted(mu, z[1], 1.0 - p_conn, whole, dials)
        if "complaints" in need:
            p_cmp = r.complaint_rate * np.exp(COMPLAINT_ELASTICITY * log_q)
            out["complaints"] = counted(connected * p_cmp, z[9], 1.0, whole, connected)
        if "effective_calls" not in need:
            return out
        p_eff = np.minimum(r.effective_share * np.exp(EFFECTIVE_ELASTICITY * g * log_q), 0.95)
        out["effective_calls"] = effective = counted(connected * p_eff, z[2], 1.0 - p_eff, whole,
                                                     connected)  # fmt: skip
        if "effective_talk_minutes" in need:
            talk = effective * (r.minutes_per_effective_call * np.exp(TALK_ELASTICITY * log_q))
            talk *= np.exp(TALK_NOISE * z[3] - 0.5 * TALK_NOISE**2)
            out["effective_talk_minutes"] = talk
        if "intents" not in need:
            return out
        root_skill = np.sqrt(skill)
        phi = r.count_dispersion
        p_int = np.minimum(r.intent_rate * root_skill * np.exp(INTENT_ELASTICITY * g * log_q), 1.0)
        out["intents"] = intents = counted(effective * p_int, z[4], phi, whole, effective)
        if "orders" not in need:
            return out
        p_ord = np.minimum(r.order_rate * root_skill * np.exp(ORDER_ELASTICITY * g * log_q), 1.0)
        out["orders"] = orders = counted(intents * p_ord, z[5], phi, whole, intents)
        if "repeat_customers" in need:
            p_rep = np.minimum(r.repeat_rate * np.exp(REPEAT_ELASTICITY * log_q), 1.0)
            out["repeat_customers"] = counted(orders * p_rep, z[10], 1.0, whole, orders)
        if "revenue" in need:
            out.update(self._money(orders, traits["order_value"], z, log_q, whole, need))
        return out

    def _money(self, orders: np.ndarray, order_value: np.ndarray, z: np.ndarray,
               log_q: np.ndarray, whole: bool, need: frozenset[str]) -> dict[str, np.ndarray]:  # fmt: skip
        """Revenue, and refunds and cash collected where ``need`` holds them."""
        r = self.rates
        revenue = self._revenue(orders, order_value, z[6])
        if "refunds" not in need:
            return {"revenue": revenue}
        p_ref = np.minimum(r.refund_rate * np.exp(REFUND_ELASTICITY * log_q), 1.0)
        refunds = counted(orders * p_ref, z[7], 1.0, whole, orders)
        refunds *= np.divide(revenue, orders, out=np.zeros_like(revenue), where=orders > 0)
        if "collected" not in need:
            return {"revenue": revenue, "refunds": refunds}
        share = r.collected_share * np.exp(COLLECTED_NOISE * z[8] - 0.5 * COLLECTED_NOISE**2)
        collected = revenue - refunds
        collected *= np.minimum(share, 1.0)
        return {"revenue": revenue, "collected": collected, "refunds": refunds}

    def _revenue(self, orders: np.ndarray, order_value: np.ndarray, z: np.ndarray) -> np.ndarray:
        """orders × order value × a lognormal factor whose variance falls with the orders."""
        value_var = np.maximum(orders, 1.0)
        np.divide(self.rates.order_value_cv**2, value_var, out=value_var)
        np.log1p(value_var, out=value_var)
        factor = np.sqrt(value_var)
        factor *= z
        factor -= np.divide(value_var, 2, out=value_var)
        revenue = orders * order_value
        revenue *= np.exp(factor, out=factor)
        return revenue

    def _scores(
        self, log_q: np.ndarray, help_effort: np.ndarray, z: np.ndarray, need: frozenset[str]
    ) -> dict[str, np.ndarray]:
        """Satisfaction (1–5), QA and peer scores (0–100) in ``need``: a quality or help
        shift plus noise."""
        r, m = self.rates, self.mentoring
        out = {}
        if "satisfaction" in need:
            csat = r.satisfaction.mean + SATISFACTION_PER_LOG_Q * log_q + r.satisfaction.sd * z[11]
            out["satisfaction"] = clipped(csat, 1.0, 5.0)
        if "qa_score" in need:
            qa = r.qa_score.mean + QA_PER_LOG_Q * log_q + r.qa_score.sd * z[12]
            out["qa_score"] = clipped(qa, 0.0, 100.0)
        if "peer_score" in need:
            peer = r.peer_score.mean + m.peer_points * help_effort + r.peer_score.sd * z[13]
            out["peer_score"] = clipped(peer, 0.0, 100.0)
        return out
