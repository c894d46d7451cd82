"""Level forecasts per run × period × team: the season and the export's own noise.

The simulator forecasts the floor's KPIs month by month; a client's history also
moves with the calendar (a season, a trend) and with shocks common to a team in a
month (a campaign, a product glitch, sickness), which agent-level luck does not
produce. :func:`levels` sums revenue, orders and dials per run, period and team and
applies, when the scenario carries them,

- ``season:`` the calendar month's factor (and the trend from its anchor month), the
  same for every plan: it scales levels, never pay or behaviour, so the per-run
  metrics and every lift between plans stay as they are; with its ``sd`` each run
  draws the factors (the season's own estimation error, common to the teams);
- ``uncertainty.noise:`` per KPI the export's own team-month noise in logs (sd, and ρ
  of an AR(1)). Where the runs of a team-month spread less than that sd (in logs),
  stationary AR(1) noise with ρ tops them up to it: sd_extra² = sd² − the runs'
  variance. Drawn from the seed alone (common random numbers: every plan sees the same
  shocks), one innovation per team-month shared by the KPIs, mean-preserving
  (× exp(e − sd_extra² ÷ 2)).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from perfkit.scheme.forecast import LEVEL_KPIS
from perfkit.simulate.noise import NoiseModel


def month_factors(season: Any, kpi: str, periods: list[str], u: np.ndarray | None = None
                  ) -> np.ndarray:  # fmt: skip
    """The season's factor of ``kpi`` per period label (a quarter: its months' mean); with
    standard normal ``u`` (runs × 12 calendar months), per run, each month's factor drawn
    with the season's ``sd`` (mean-preserving)."""
    if season is None:
        return np.ones(len(periods))
    anchor = pd.Period(season.anchor, freq="M") if season.anchor else None
    sd = season.sd.get(kpi, 0.0)
    listed = np.log(list(getattr(season, kpi, {}).values()) or [1.0])
    unseen = np.sqrt(sd**2 + listed.var())  # a month not listed: the factors' spread too
    out = []
    for label in periods:
        q = pd.Period(label, freq="Q" if "Q" in label else "M")
        months = pd.period_range(q.asfreq("M", "s"), q.asfreq("M", "e"), freq="M")
        f = np.array([season.factor(kpi, m.month, (m - anchor).n if anchor else 0.0)
                      for m in months])  # fmt: skip
        if u is not None and sd > 0:
            s = np.array([sd if m.month in getattr(season, kpi) else unseen for m in months])
            f = f * np.exp(u[:, [m.month - 1 for m in months]] * s - s**2 / 2)
        out.append(f.mean(axis=-1))
    return np.stack(out, axis=-1) if u is not None and sd > 0 else np.asarray(out, float)


def levels(totals: np.ndarray, teams: list[str], periods: list[str], season: Any = None,
           noise: dict[str, Any] | None = None, seed: int = 0) -> pd.DataFrame:  # fmt: skip
    """Revenue, orders and dials per run × period × team (module docstring), from their
    sums ``totals`` (LEVEL_KPIS × runs × periods × teams: perfkit.simulate.stream)."""
    _, R, P, T = totals.shape
    z = None
    if noise:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
        z = rng.standard_normal((R, T, P))
    u = None
    if season is not None and any(season.sd.values()):
        u = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(11,))).standard_normal(
            (R, 12)
        )
    cols: dict[str, Any] = {
        "run": np.repeat(np.arange(R), P * T),
        "period": pd.Categorical(np.tile(np.repeat(periods, T), R), categories=periods),
        "team": pd.Categorical(np.tile(teams, R * P), categories=teams),
    }
    for kpi, total in zip(LEVEL_KPIS, totals, strict=True):
        f = month_factors(season, kpi, periods, u)
        total = total * (f[:, :, None] if f.ndim == 2 else f[None, :, None])
        spec = (noise or {}).get(kpi)
        if spec is not None and z is not None and spec.sd > 0:
            total = total * _top_up(total, spec.sd, spec.rho, z)
        cols[kpi] = total.ravel()
    return pd.DataFrame(cols)


def _top_up(total: np.ndarray, sd: float, rho: float, z: np.ndarray) -> np.ndarray:
    """Multipliers (runs × periods × teams) raising each team-month's spread over runs
    to ``sd`` in logs with AR(1) noise (innovations ``z``: runs × teams × periods)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.nanvar(np.log(np.where(total > 0, total, np.nan)), axis=0, ddof=1)
    extra = np.sqrt(np.maximum(sd**2 - np.nan_to_num(own), 0.0))  # periods × teams
    e = NoiseModel(np.ones(z.shape[1]), rho).shape(z).transpose(0, 2, 1) * extra[None]
    return np.exp(e - extra[None] ** 2 / 2)
