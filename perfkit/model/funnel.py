"""The telesales funnel: choices and shocks → one agent-period's KPI row.

dials → connects → effective conversations → intents → orders → revenue, with
talk minutes, refunds, cash collected, complaints, repeat customers, satisfaction,
QA and peer scores, mentoring credit: exactly the raw KPIs the payout engine prices.

Choices (:class:`Choice`): ``effort`` e (1 = the effort that fills capacity at the
reference allocation), ``quality`` a (share of own-sales effort spent on conversation
quality rather than volume) and ``help`` h (share of effort spent helping new hires).
Own-sales effort is e·(1 − h); volume ∝ e·(1 − h)·(1 − a); the quality index
Q = a ÷ a_ref raises effective-conversation share, intent and order rates (elasticity
γ = a_ref ÷ (1 − a_ref) in total, so revenue ∝ (1 − a)·a^γ peaks at a_ref), raises
satisfaction, QA and repurchases, and lowers complaints and refunds.

Randomness enters only through standard-normal shocks ``z`` (one per :data:`SHOCKS`
entry per agent-period-run), drawn once and transformed here: two plans with the
same seed see the same shocks and differ only through the choices they induce.
Counts use a square-root normal transform (X ≈ (√μ + √φ·z/2)² − φ/4, mean μ,
variance φ·μ), accurate for μ ≳ 1 and vectorised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfkit.model.counting import count as count  # where callers import it
from perfkit.model.counting import count_rate
from perfkit.model.mentoring import team_help as team_help  # where calibration imports it
from perfkit.model.stages import COLLECTED_NOISE as COLLECTED_NOISE  # the funnel's constants
from perfkit.model.stages import (
    COMPLAINT_ELASTICITY,
    EFFECTIVE_ELASTICITY,
    INTENT_ELASTICITY,
    MIN_QUALITY,
    ORDER_ELASTICITY,
    OUTPUTS,
    QA_PER_LOG_Q,
    REFUND_ELASTICITY,
    REPEAT_ELASTICITY,
    SATISFACTION_PER_LOG_Q,
    TALK_ELASTICITY,
    Stages,
    computed,
)
from perfkit.model.stages import TALK_NOISE as TALK_NOISE
from perfkit.scheme.population import Beta, FunnelRates, Mentoring

#: Dispersion of the refund count (the funnel draws refunds at 1: perfkit.model.stages).
REFUND_DISPERSION = 1.0

#: One standard-normal shock per entry, per agent-period-run, in this order.
SHOCKS = (
    "dials",
    "connected",
    "effective_calls",
    "talk",
    "intents",
    "orders",
    "order_value",
    "refunds",
    "collected",
    "complaints",
    "repeat",
    "satisfaction",
    "qa",
    "peer",
)
#: The three choices an agent makes, in Choice's field order.
DIMS = ("effort", "quality", "help")


@dataclass(frozen=True)
class Choice:
    """Effort, quality share and help share (arrays broadcastable to the rows)."""

    effort: np.ndarray
    quality: np.ndarray
    help: np.ndarray


def assist_share(help_received: np.ndarray, mentoring: Mentoring) -> np.ndarray:
    """Share of a mentee's orders closed with help: 1 − exp(−help ÷ scale)."""
    return -np.expm1(-np.maximum(help_received, 0.0) / mentoring.scale)


def quality_index(quality: np.ndarray, reference: float) -> np.ndarray:
    """Q = a ÷ a_ref (1 at the reference allocation)."""
    return np.maximum(quality, MIN_QUALITY) / reference


@dataclass(frozen=True)
class Funnel(Stages):
    """The funnel's constants: population rates, reference allocation, mentoring, bounds."""

    rates: FunnelRates
    reference_quality: float
    mentoring: Mentoring
    max_effort: float = 1.2
    max_help: float = 0.3
    months: float = 1.0  # months per period: volumes and effort cost scale with it

    shocks = len(SHOCKS)
    dims = ("effort", "quality", "help")

    def bounds(self, dim: str) -> tuple[float, float]:
        """Search range of each choice."""
        if dim == "effort":
            return 0.0, self.max_effort
        if dim == "quality":
            return 0.05, 0.9
        return 0.0, self.max_help

    def cap(self, traits: dict[str, np.ndarray]) -> np.ndarray | float:
        """Each agent's highest effort: ``max_effort`` × its ``effort_cap`` share (when the
        population has that trait; else ``max_effort`` for everyone)."""
        share = traits.get("effort_cap")
        return self.max_effort if share is None else self.max_effort * share

    def rest(self, traits: dict[str, np.ndarray]) -> Choice:
        """The flat-pay choice: baseline effort, reference allocation, no help."""
        e0 = np.minimum(traits["baseline_effort"], self.cap(traits))
        return Choice(e0, np.full(e0.shape, self.reference_quality), np.zeros(e0.shape))

    def historic(self, traits: dict[str, np.ndarray]) -> Choice:
        """Behaviour as in the data: effort 1 at the reference allocation, no help."""
        n = np.shape(traits["baseline_effort"])
        return Choice(np.ones(n), np.full(n, self.reference_quality), np.zeros(n))

    @property
    def mentoring_on(self) -> bool:
        return self.mentoring.boost > 0 or self.mentoring.help_value > 0

    @property
    def gamma(self) -> float:
        """Total elasticity of orders to Q, so that revenue peaks at the reference."""
        a = self.reference_quality
        return a / (1 - a)

    def kpis(
        self,
        traits: dict[str, np.ndarray],
        choice: Choice,
        z: np.ndarray,
        help_received: np.ndarray | float = 0.0,
        whole: bool = True,
        only: Iterable[str] | None = None,
    ) -> dict[str, np.ndarray]:
        """Raw KPI arrays for rows (shape of the broadcast of traits, choice and z[0]).

        ``traits`` holds per-row ``skill`` (after the learning curve), ``capacity``,
        ``connect_rate`` and ``order_value``. ``help_received`` is the help effort each
        mentee row gets (0 elsewhere): it lifts conversion and sets assisted_orders.
        ``collaboration_credit`` is left at 0 for the caller, who knows the teams.
        ``whole=False`` leaves counts unrounded (smooth in the choices, for pricing).
        ``only``: the KPIs wanted (None: every one); the others are neither computed
        (beyond what a wanted one is computed from: :data:`NEEDS`) nor returned. The
        shocks ``z`` are the same either way, so every KPI returned is the same to the bit.
        From the connects on, each array is as large as the rows and written in place.
        """
        if z.ndim == 1 and not any(map(np.ndim, (*traits.values(), *vars(choice).values()))):
            # one row of numbers: priced as a row of one, handed back as numbers
            one = self.kpis(traits, choice, z[:, None], help_received, whole, only)
            return {k: v[0] for k, v in one.items()}
        need = computed(only)
        log_q = np.log(quality_index(choice.quality, self.reference_quality))
        assist = assist_share(help_received, self.mentoring)
        skill = traits["skill"] * (1.0 + self.mentoring.boost * assist)
        rows = np.broadcast_shapes(*map(np.shape, (traits["capacity"], traits["connect_rate"],
                                   traits["order_value"], *vars(choice).values(), skill, assist)),
                                   z.shape[1:])  # fmt: skip
        out = self._counts(traits, choice, z, log_q, skill, rows, whole, need)
        out.update(self._scores(log_q, choice.effort * choice.help, z, need))
        if "assisted_orders" in need:
            assisted = out["orders"] * assist
            out["assisted_orders"] = np.rint(assisted, out=assisted) if whole else assisted
        if need & {"collaboration_credit", "shared_revenue"}:
            zero = np.zeros(rows)
            out["collaboration_credit"] = out["shared_revenue"] = zero
        return {k: out[k] for k in OUTPUTS if k in need and (only is None or k in only)}

    def expected_orders(
        self, traits: dict[str, np.ndarray], choice: Choice, help_received: np.ndarray | float = 0.0
    ) -> np.ndarray:
        """Mean orders without noise (for mentoring credit and attainment states)."""
        r, m = self.rates, self.mentoring
        log_q = np.log(quality_index(choice.quality, self.reference_quality))
        own = choice.effort * (1.0 - choice.help)
        volume = own * (1.0 - choice.quality) / (1.0 - self.reference_quality)
        skill = traits["skill"] * (1.0 + m.boost * assist_share(help_received, m))
        g = self.gamma
        p_eff = np.minimum(r.effective_share * np.exp(EFFECTIVE_ELASTICITY * g * log_q), 0.95)
        p_int = np.minimum(
            r.intent_rate * np.sqrt(skill) * np.exp(INTENT_ELASTICITY * g * log_q), 1.0
        )
        p_ord = np.minimum(
            r.order_rate * np.sqrt(skill) * np.exp(ORDER_ELASTICITY * g * log_q), 1.0
        )
        base = traits["capacity"] * self.months * volume * traits["connect_rate"]
        return base * p_eff * p_int * p_ord

    def cost(self, traits: dict[str, np.ndarray], choice: Choice) -> np.ndarray:
        """Effort cost per period net of the warm glow of helping (money).

        c/2·(e − e₀)² + c·κ/2·(e·h)² − helpfulness × help_value × e·h: effort away
        from the flat-pay level e₀ is costly, helping costs extra coordination κ and
        gives helpful agents a warm glow.
        """
        m = self.mentoring
        c = traits["effort_cost"]
        x = choice.effort * choice.help
        dev = choice.effort - traits["baseline_effort"]
        per_month = 0.5 * c * dev * dev + 0.5 * c * m.help_cost * x * x
        return self.months * (per_month - traits["helpfulness"] * m.help_value * x)


def pooled_rates(
    df: pd.DataFrame, default: FunnelRates, log_q: np.ndarray | None = None, gamma: float = 0.0
) -> FunnelRates:
    """Funnel rates pooled over a KPI export (``default`` where a column is all zero).

    Used by calibration: shares are ratios of column totals, but the refund rate is read
    through the count model (:func:`_refund_rate`: refunds are small counts); score means and sds are
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

    def share(self, num: str, den: str, fallback: float, elasticity: float = 0.0) -> float:
        """Total ``num`` ÷ weighted total ``den`` (at most 1), else ``fallback``."""
        d = self.total(den, elasticity)
        return float(min(self.s[num] / d, 1.0)) if self.s[num] > 0 and d > 0 else fallback

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
        "refund_rate": _refund_rate(pool, default.refund_rate),
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


def _refund_rate(pool: _Pool, fallback: float) -> float:
    """The refund rate at which the funnel's refund count over the export's rows (at each
    row's orders, weighted by its quality's elasticity) is expected to sum to the export's
    refunds (in money ÷ the row's average order value: a count of orders). Refunds ÷ revenue
    would read the count's floor (about +7% at 0.4 refunds a month) as a higher rate, and a
    forecast at it would refund more than the export (perfkit.model.counting.mean_count)."""
    df = pool.df
    orders, revenue = df["orders"].to_numpy(float), df["revenue"].to_numpy(float)
    counts = np.divide(df["refunds"].to_numpy(float) * orders, revenue,
                       out=np.zeros(len(df)), where=revenue > 0)  # fmt: skip
    exposure = orders * np.exp(REFUND_ELASTICITY * pool.lq)
    return count_rate(counts, exposure, REFUND_DISPERSION, fallback)


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
