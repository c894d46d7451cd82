"""Per-agent trait estimates from a KPI export, given the choices behind each row.

The funnel's expected KPIs of agent i in history row t are

    dials     = capacity_i × volume_t
    connected = dials × connect_rate_i
    orders    = connected × base_rate × skill_i × learning_t × lift_t
    revenue   = orders × order_value_i

where ``volume_t`` (effort × (1 − help) × volume share) and ``lift_t`` (the quality
index Q^γ × the mentoring lift) carry the choices the plan in force induced; both
are 1 at effort 1 and the reference allocation (:meth:`Choices.ones`). Each rate is
a ratio of totals over the agent's rows, shrunk toward the pooled rate by its
sampling noise (empirical Bayes).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from perfkit.core.errors import ParameterError, PerfkitWarning
from perfkit.scheme.population import DataPopulation, FunnelRates

#: Optional KPI columns calibration treats as 0 when absent.
OPTIONAL_COUNTS = (
    "intents",
    "effective_calls",
    "effective_talk_minutes",
    "refunds",
    "collected",
    "complaints",
    "repeat_customers",
)
REQUIRED = ("agent_id", "period", "dials", "connected", "orders", "revenue")


@dataclass(frozen=True)
class Choices:
    """Per history row: volume factor, log quality index and orders-per-connect lift."""

    volume: np.ndarray
    log_q: np.ndarray
    lift: np.ndarray
    effort: np.ndarray

    @classmethod
    def ones(cls, n: int) -> Choices:
        """Effort 1 at the reference allocation, no help: the data taken at face value."""
        one = np.ones(n)
        return cls(one, np.zeros(n), one, one)


@dataclass(frozen=True)
class CalibrationReport:
    """How well the calibrated population reproduces the export.

    ``fit``: per KPI and level (``agent-period`` or ``agent`` means), R² and mean
    absolute error of the calibrated expected KPI (at the history's choices) vs the
    actual. ``agents``: per agent the months observed, raw and shrunk estimates, the
    shrinkage weights (1 = own history only, 0 = population mean only) and the mean
    effort the plan in force induced. ``plan``: the plan in force (None: effort 1
    assumed). ``iterations``: per fixed-point iteration, the ratio of the implied to
    the actual means of dials and orders, and the mean solved effort.
    """

    source: str
    fit: pd.DataFrame
    agents: pd.DataFrame
    rates: FunnelRates
    plan: str | None = None
    iterations: pd.DataFrame = field(default_factory=pd.DataFrame)
    converged: bool = True
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """A few lines for a log or a report appendix."""
        f = self.fit.set_index(["kpi", "level"])
        lines = [f"calibrated from {self.source}: {len(self.agents)} agents"]
        if self.plan is not None:
            effort = float(self.agents["effort"].mean())
            state = "converged" if self.converged else "NOT converged"
            lines.append(
                f"  given the plan in force '{self.plan}': mean effort {effort:.3f}, "
                f"{len(self.iterations)} iteration(s), {state}"
            )
        for kpi in ("dials", "orders", "revenue"):
            r = f.loc[(kpi, "agent")]
            lines.append(f"  {kpi}: R² {r.r2:.2f} (agent means), MAE {r.mae:,.1f}")
        w = self.agents["weight_skill"]
        lines.append(f"  skill shrinkage weight: median {w.median():.2f}, min {w.min():.2f}")
        return "\n".join(lines)


def shrink(
    total: np.ndarray, exposure: np.ndarray, noise: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical-Bayes rates total ÷ exposure shrunk toward the pooled rate.

    Each agent's raw rate has sampling variance ``noise`` × rate ÷ exposure (counts
    overdispersed by ``noise``); the between-agent variance τ² is the variance of the
    raw rates less the mean sampling variance (method of moments, floored at a small
    positive value). Weight = τ² ÷ (τ² + sampling variance). Returns (rate, weight, pooled).
    """
    exposure = np.maximum(exposure, 1e-9)
    pooled = float(total.sum() / exposure.sum())
    raw = total / exposure
    sampling = noise * max(pooled, 1e-12) / exposure
    tau2 = max(float(np.var(raw) - np.mean(sampling)), 1e-4 * pooled**2)
    weight = tau2 / (tau2 + sampling)
    return weight * raw + (1 - weight) * pooled, weight, pooled


def prepared(df: pd.DataFrame, spec: DataPopulation) -> pd.DataFrame:
    """The export with optional columns filled, the learning factor, sorted by agent and period."""
    missing = set(REQUIRED) - set(df.columns)
    if missing or df.empty:
        raise ParameterError(f"population.source: KPI table lacks {sorted(missing) or 'rows'}")
    df = df.copy()
    for col in OPTIONAL_COUNTS:
        if col not in df:
            df[col] = 0.0
    if "team" not in df:
        df["team"] = "T1"
    if "tenure_months" not in df or df.attrs.get("tenure_missing"):
        df["tenure_months"] = tenure_from_first_month(df, spec.traits.tenure_months)
    t = spec.traits
    tenure = np.maximum(df["tenure_months"].to_numpy(float), 0.0)
    df["_learn"] = 1.0 - t.learning_gap * np.exp(-tenure / t.learning_months)
    return df.sort_values(["agent_id", "period"], kind="stable").reset_index(drop=True)


#: The one line said when an export has no hire dates and no tenure.
TENURE_NOTE = (
    "the export has no hire_date (入职日期) or tenure column: tenure is counted from each "
    "agent's first month in the export; agents already there in its first month ({first}) "
    "are taken to have {prior:g} months' tenure then (population.traits.tenure_months)"
)


def tenure_from_first_month(df: pd.DataFrame, prior: float) -> np.ndarray:
    """Tenure in months at each row when the export gives none.

    Agents first seen in a later month joined then (tenure 0 in their first row); agents
    present in the export's first month get ``prior`` months then — the population's
    mean tenure (``population.traits.tenure_months``: 24, the steady state of 25–50%
    annual attrition), not 0: no hire date is not a new hire. Says so in a warning.
    """
    from perfkit.core.quarters import first_month

    label = df["period"].astype(str).map(first_month)
    month = pd.PeriodIndex(label, freq="M").asi8 if len(df) else np.zeros(0, np.int64)
    month = np.asarray(month, np.int64)
    start = pd.Series(month).groupby(df["agent_id"].to_numpy()).transform("min").to_numpy()
    first = month.min() if len(month) else 0
    tenure = (month - start).astype(float) + np.where(start == first, prior, 0.0)
    if len(df):
        warnings.warn(TENURE_NOTE.format(first=label.min(), prior=prior), PerfkitWarning, 3)
    return tenure


def base_rate(rates: FunnelRates) -> float:
    """Orders per connect of an average experienced agent at the reference allocation."""
    return rates.effective_share * rates.intent_rate * rates.order_rate


def estimates(df: pd.DataFrame, rates: FunnelRates, choices: Choices) -> pd.DataFrame:
    """Per agent (sorted by id): months, last team/tenure and shrunk capacity, connect
    rate, skill and order value, given the history's ``choices`` (see the module docstring)."""
    work = df[["agent_id", "period", "team", "tenure_months"]].assign(
        dials=df["dials"].to_numpy(float),
        connected=df["connected"].to_numpy(float),
        orders=df["orders"].to_numpy(float),
        revenue=df["revenue"].to_numpy(float),
        volume=choices.volume,
        effort=choices.effort,
        exposure=df["connected"].to_numpy(float) * df["_learn"].to_numpy(float) * choices.lift,
    )
    g = work.groupby("agent_id", sort=True)
    agg = g.agg(
        months=("period", "size"),
        last_period=("period", "last"),
        team=("team", "last"),
        tenure=("tenure_months", "last"),
        dials=("dials", "sum"),
        connected=("connected", "sum"),
        orders=("orders", "sum"),
        revenue=("revenue", "sum"),
        volume=("volume", "sum"),
        effort=("effort", "mean"),
        exposure=("exposure", "sum"),
    )
    months = agg["months"].to_numpy(float)
    dials, volume = agg["dials"].to_numpy(float), agg["volume"].to_numpy(float)
    within = g["dials"].var(ddof=1).dropna()
    noise = float(within.mean()) / max(dials.sum() / months.sum(), 1.0) if len(within) else 1.0
    out = agg[["months", "last_period", "team", "tenure", "effort"]].copy()
    out["capacity"], out["weight_capacity"], _ = shrink(dials, volume, noise)
    connected = agg["connected"].to_numpy(float)
    out["connect_rate"], out["weight_connect"], _ = shrink(connected, dials, 5.0)
    orders, exposure = agg["orders"].to_numpy(float), agg["exposure"].to_numpy(float)
    theta, out["weight_skill"], _ = shrink(orders, exposure, rates.count_dispersion)
    out["exposure"] = exposure
    out["skill_raw"] = orders / np.maximum(exposure, 1e-9) / base_rate(rates)
    out["skill"] = theta / base_rate(rates)
    # an agent's mean order value over n orders has variance cv² × value² ÷ n
    value_noise = rates.order_value_cv**2 * rates.order_value.mean
    revenue = agg["revenue"].to_numpy(float)
    out["order_value"], out["weight_order_value"], _ = shrink(
        revenue, np.maximum(orders, 1e-9), value_noise
    )
    return out


def expected_kpis(
    df: pd.DataFrame, est: pd.DataFrame, rates: FunnelRates, choices: Choices
) -> dict[str, np.ndarray]:
    """Each history row's expected dials, connects, orders and revenue under ``est``."""
    idx = est.index.get_indexer(df["agent_id"])
    dials = est["capacity"].to_numpy()[idx] * choices.volume
    connected = dials * est["connect_rate"].to_numpy()[idx]
    skill = est["skill"].to_numpy()[idx] * df["_learn"].to_numpy(float) * choices.lift
    orders = connected * base_rate(rates) * skill
    revenue = orders * est["order_value"].to_numpy()[idx]
    return {"dials": dials, "connected": connected, "orders": orders, "revenue": revenue}


def _r2_mae(actual: np.ndarray, expected: np.ndarray) -> tuple[float, float]:
    ss_tot = float(((actual - actual.mean()) ** 2).sum())
    ss_res = float(((actual - expected) ** 2).sum())
    return (1 - ss_res / ss_tot if ss_tot > 0 else float("nan")), float(
        np.abs(actual - expected).mean()
    )


def fit_table(
    df: pd.DataFrame, est: pd.DataFrame, rates: FunnelRates, choices: Choices
) -> pd.DataFrame:
    """R² and MAE of the calibrated expected KPIs vs the actual ones, per row and per agent."""
    idx = est.index.get_indexer(df["agent_id"])
    rows = []
    for kpi, e in expected_kpis(df, est, rates, choices).items():
        a = df[kpi].to_numpy(float)
        for level, act, exp in (
            ("agent-period", a, e),
            (
                "agent",
                np.bincount(idx, a) / np.bincount(idx),
                np.bincount(idx, e) / np.bincount(idx),
            ),
        ):
            r2, mae = _r2_mae(act, exp)
            rows.append({"kpi": kpi, "level": level, "r2": r2, "mae": mae, "mean": act.mean()})
    return pd.DataFrame(rows)
