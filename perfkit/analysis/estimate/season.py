"""The floor's season, trend and team-month noise, from its export.

Season. Per level KPI (revenue, orders, dials) and team × month, y = log(KPI per
agent-month) less the model's own log level for that team and month when a simulated
panel of the floor is given (it then carries tenure, quits and hires, so what is left
is the calendar); only cells no plan change touched enter — control teams, and every
team before its change (never the changing arm after it), so a response is never read
as a season. y = team effect + calendar-month effect (+ trend × month) + noise, by
least squares; the team bootstrap (teams resampled, the cluster) gives the intervals, and each effect's variance is the larger of the bootstrap's
(× G ÷ (G − 1)) and the residual variance ÷ its cells (a bootstrap of few teams understates).
The month effects are centred on the months the levels are calibrated on (a month
the data do not show gets 1) and shrunk towards none by the positive-part James–Stein
factor B = 1 − (k − 3)·s̄² ÷ Σ effect² (k months; s̄²: their mean bootstrap variance), so
a floor without a season gets factors near 1, not its months' noise; √(B·s̄²), the
normal model's posterior sd, says how uncertain a factor still is (forecasts draw it).

Trend. Only where a calendar month is seen twice (13 months or more): otherwise a
trend cannot be told from the season and none is fitted. Kept when its team-bootstrap
t statistic passes 1.96 (5%, two-sided); otherwise dropped, and the month effects are
refitted without it.

Team-month noise. Residuals of log(export ÷ model) per team × month after the month
effects (the season): their sd and lag-1 autocorrelation are the export's own AR(1)
team-month noise. A forecast's level bands are topped up to it — widened by the error of
a team's level calibrated on a window of such noise — where its own runs spread less
(perfkit.simulate.levels); the same residuals of the model's simulated runs
(``model_sd``) say how much of it the simulator already produces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from perfkit.analysis.estimate.moments import Design
from perfkit.scheme.forecast import LEVEL_KPIS
from perfkit.simulate.noise import MAX_RHO

BOOTSTRAP = 199
T_CRITICAL = 1.96
LEVEL = 0.90


@dataclass
class SeasonEstimate:
    """Per KPI: month factors (calendar month → factor) with 90% intervals; the trend
    (log growth per month) and its test; the team-month noise beyond the model's."""

    factors: dict[str, dict[int, float]]
    ranges: dict[str, dict[int, tuple[float, float]]]
    shrink: dict[str, float]
    trend: dict[str, float]
    trend_t: dict[str, float]
    trend_tested: bool
    anchor: str
    sd: dict[str, float]  # a month factor's posterior sd (log): √(shrink × its variance)
    months: list[str]  # the months the season was estimated from
    reason: str
    noise: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("factors", "shrink", "sd", "trend", "trend_t",
                "trend_tested", "anchor", "months", "reason", "noise")} | {
                "ranges": {k: {m: list(v) for m, v in r.items()} for k, r in self.ranges.items()}}  # fmt: skip


def log_levels(c: dict[str, np.ndarray], kpi: str) -> np.ndarray:
    """runs × teams × months of log(KPI per agent-month) (NaN without rows)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.log(c[kpi] / c["n"])
    return np.where(np.isfinite(y), y, np.nan)


def _design_matrix(d: Design, keep: np.ndarray, trend: bool) -> tuple[np.ndarray, list[int]]:
    """Columns: one per team, one per calendar month seen (but the first), the trend."""
    T = keep.shape[0]
    cal = np.array([pd.Period(m, freq="M").month for m in d.months])
    seen = sorted({int(m) for m in cal[keep.any(axis=0)]})
    t_idx, m_idx = np.nonzero(keep)
    cols = [np.eye(T)[t_idx]]
    cols.append((cal[m_idx][:, None] == np.array(seen[1:])[None, :]).astype(float))
    if trend:
        cols.append(m_idx[:, None].astype(float))
    return np.concatenate(cols, axis=1), seen


def _fit(y: np.ndarray, keep: np.ndarray, d: Design, trend: bool, w: np.ndarray | None = None):
    """Least squares of the kept cells; month effects (first = 0) and the trend."""
    X, seen = _design_matrix(d, keep, trend)
    v = y[keep]
    wt = np.ones(v.size) if w is None else w[np.nonzero(keep)[0]]
    sq = np.sqrt(wt)
    beta = np.linalg.lstsq(X * sq[:, None], v * sq, rcond=None)[0]
    T = keep.shape[0]
    effects = np.concatenate([[0.0], beta[T : T + len(seen) - 1]])
    return (
        effects,
        (float(beta[-1]) if trend else 0.0),
        seen,
        _ols_variance(X, v, beta, seen, d, keep),
    )


def _ols_variance(X, v, beta, seen: list[int], d: Design, keep: np.ndarray) -> np.ndarray:
    """Per month effect, the residual variance ÷ its cells (the bootstrap of few teams
    understates it; the larger of the two is used)."""
    resid = v - X @ beta
    sigma2 = float(resid @ resid) / max(v.size - np.linalg.matrix_rank(X), 1)
    cal = np.array([pd.Period(m, freq="M").month for m in d.months])[np.nonzero(keep)[1]]
    return np.array([sigma2 / max(int((cal == m).sum()), 1) for m in seen])


def _effects(y, keep, d, trend, teams_w):
    point = _fit(y, keep, d, trend)
    boot = [_fit(y, keep, d, trend, w) for w in teams_w]
    return point, np.array([b[0] for b in boot]), np.array([b[1] for b in boot])


def _calibrated_share(d: Design, seen: list[int], calibrated: list[str]) -> np.ndarray:
    cal = [pd.Period(m, freq="M").month for m in calibrated]
    return np.array([cal.count(m) for m in seen], float)


def estimate_season(obs: dict[str, np.ndarray], d: Design, calibrated: list[str], seed: int = 0,
                    model: dict[str, np.ndarray] | None = None) -> SeasonEstimate:  # fmt: skip
    """Month factors and trend per level KPI from the export's cube ``obs`` (module
    docstring); ``calibrated``: the months the forecast's levels are calibrated on;
    ``model``: the model's expected cube of the same floor (1 × teams × months)."""
    keep0 = ~d.switcher[:, None] | ~d.post if d.switcher.any() else np.ones(d.post.shape, bool)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(29,)))
    T = len(d.teams)
    teams_w = [
        np.bincount(rng.integers(0, T, T), minlength=T).astype(float) for _ in range(BOOTSTRAP)
    ]
    cal = np.array([pd.Period(m, freq="M").month for m in d.months])
    out = {k: {} for k in ("factors", "ranges", "shrink", "sd", "trend", "trend_t")}
    used: set[str] = set()
    tested = False
    for kpi in LEVEL_KPIS:
        y = log_levels(obs, kpi)[0]
        if model is not None:
            y = y - log_levels(model, kpi)[0]
        keep = keep0 & np.isfinite(y)
        used |= {d.months[j] for j in np.flatnonzero(keep.any(axis=0))}
        repeated = len(set(cal[keep.any(axis=0)])) < int(keep.any(axis=0).sum())
        tested = tested or repeated
        (eff, beta, seen, ols), boot, boot_b = _effects(
            np.nan_to_num(y), keep, d, repeated, teams_w
        )
        t_stat = beta / max(float(np.std(boot_b)), 1e-12) if repeated else 0.0
        if repeated and abs(t_stat) < T_CRITICAL:
            (eff, beta, seen, ols), boot, boot_b = _effects(
                np.nan_to_num(y), keep, d, False, teams_w
            )
        share = _calibrated_share(d, seen, calibrated)
        centre = float((eff * share).sum() / share.sum()) if share.sum() else float(eff.mean())
        eff, boot = eff - centre, boot - (boot * share).sum(1, keepdims=True) / max(share.sum(), 1)
        var = np.maximum(boot.var(axis=0) * T / max(T - 1, 1), ols)  # small-sample factor
        k = len(seen)
        b = max(0.0, 1 - (k - 3) * var.mean() / max(float((eff**2).sum()), 1e-12)) if k > 3 else 0.0
        lo, hi = np.quantile(boot, [(1 - LEVEL) / 2, (1 + LEVEL) / 2], axis=0)
        out["factors"][kpi] = {m: float(np.exp(b * e)) for m, e in zip(seen, eff, strict=True)}
        out["ranges"][kpi] = {m: (float(np.exp(min(l_, b * e))), float(np.exp(max(h_, b * e))))
                              for m, e, l_, h_ in zip(seen, eff, lo, hi, strict=True)}  # fmt: skip
        out["shrink"][kpi] = b
        out["sd"][kpi] = float(np.sqrt(b * var.mean()))  # the empirical-Bayes posterior sd
        kept = repeated and abs(t_stat) >= T_CRITICAL
        out["trend"][kpi] = beta if kept else 0.0
        out["trend_t"][kpi] = float(t_stat)
    anchor = sorted(calibrated)[len(calibrated) // 2]
    return SeasonEstimate(**out, trend_tested=tested, anchor=anchor, months=sorted(used),
                          reason=_reason(out, tested, sorted(used), d))  # fmt: skip


def _reason(out: dict, tested: bool, months: list[str], d: Design) -> str:
    where = ("control teams, and every team before its plan change" if d.has_control else
             "every team before its plan change" if d.switcher.any() else "every team")  # fmt: skip
    span = f"{months[0]} to {months[-1]}" if months else "no months"
    shrink = ", ".join(f"{k} {v:.2f}" for k, v in out["shrink"].items())
    if not tested:
        trend = "no calendar month is seen twice, so a trend cannot be told from the season: none fitted"
    else:
        trend = "trend t statistics " + ", ".join(
            f"{k} {v:+.1f}" + (" (kept)" if out["trend"][k] else " (not significant: dropped)")
            for k, v in out["trend_t"].items()
        )
    return (f"calendar-month effects from {where} ({span}), relative to the model's own path; "
            f"shrunk towards none (James–Stein factors {shrink}); {trend}")  # fmt: skip


def _var_cov(y: np.ndarray) -> tuple[float, float]:
    """Residual variance and lag-1 autocovariance of a teams × months panel of log(export
    ÷ model) after the month effects (the season), pooled over teams. Team effects are
    kept: the model reproduces each team's own history, so how far a team's level drifts
    from it is part of what a forecast misses."""
    g = y.shape[0]
    resid = y - np.nanmean(y, axis=0, keepdims=True)
    var = float(np.nanmean(resid**2)) * g / max(g - 1, 1)
    a, b = resid[:, 1:], resid[:, :-1]
    ok = np.isfinite(a) & np.isfinite(b)
    return var, float((a[ok] * b[ok]).sum() / max(float((b[ok] ** 2).sum()), 1e-12)) * var


def team_month_noise(obs: dict[str, np.ndarray], model: dict[str, np.ndarray],
                     model_noise: dict[str, tuple[float, float]], months: int = 12
                     ) -> dict[str, dict[str, float]]:  # fmt: skip
    """Per KPI: the export's own team-month noise about the model's path (module
    docstring): ``export_sd`` and ``rho`` of its AR(1); ``sd``, what a forecast's level
    bands are topped up to (perfkit.simulate.levels): the export's sd widened by the
    error of a team's level calibrated on ``months`` months of that noise, σ²·(1 + ρ) ÷
    ((1 − ρ)·months) (the long-run variance of their mean); ``model_sd``, the model's own."""
    out = {}
    for kpi in LEVEL_KPIS:
        var, cov = _var_cov(log_levels(obs, kpi)[0] - log_levels(model, kpi)[0])
        rho = float(np.clip(cov / var, 0.0, MAX_RHO)) if var > 0 else 0.0
        level = var * (1 + rho) / ((1 - rho) * max(months, 1))
        m_var = model_noise.get(kpi, (0.0, 0.0))[0]
        out[kpi] = {"sd": math.sqrt(var + level), "rho": rho, "export_sd": math.sqrt(var),
                    "model_sd": math.sqrt(max(m_var, 0.0))}  # fmt: skip
    return out


def model_noise(runs_cube: dict[str, np.ndarray], expected: dict[str, np.ndarray]) -> dict:
    """Per KPI: the model's own team-month residual variance and lag-1 autocovariance
    (the mean over simulated runs, with the export's two-way fixed effects)."""
    out = {}
    for kpi in LEVEL_KPIS:
        y = log_levels(runs_cube, kpi) - log_levels(expected, kpi)
        pairs = [_var_cov(y[r]) for r in range(y.shape[0])]
        out[kpi] = (float(np.mean([p[0] for p in pairs])), float(np.mean([p[1] for p in pairs])))
    return out
