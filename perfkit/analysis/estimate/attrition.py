"""Attrition sensitivity from who left and when: maximum likelihood on the monthly quits.

The model (perfkit.simulate.runs.quit_probability): an agent quits in a month with a
probability logistic in the shortfall (outside option − CE) ÷ outside option, equal to
``annual_rate`` (compounded to a month) at par, with slope ``sensitivity``, between a
floor and a ceiling. In the export, an agent whose last row is before the export's
last month left in that month; every row before the last month is a month at risk.

Each row's CE is the agent's certainty equivalent under the plan in force for it (the
best-response solve of the estimate); the outside option is not observed, so the
quit probability is averaged over the prior's outside-option distribution (``NODES``
quantiles). The log-likelihood is maximised on a grid of (sensitivity, annual rate);
90% intervals are profile-likelihood intervals (2·ΔlogL ≤ 2.706, χ²₁).

What identifies it: differences in pay relative to the outside option, across agents
(abler agents earn more) and over time (a plan change moves CE), against differences in
quitting. It rests on the prior's outside options (their level trades off against the
annual rate; their spread against the sensitivity). A sensitivity whose interval
reaches the grid's ends (0 included: the data cannot reject "pay does not matter") is
not identified and the prior is kept, and the annual rate is then estimated given the
prior's sensitivity (the pair the scenario gets); nobody left → both priors kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.scheme.population import Attrition, LogNormal
from perfkit.simulate.runs import monthly_rate

SENSITIVITY = np.linspace(0.0, 30.0, 31)
NODES = 16
CHI2_90 = 2.706


def quits(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(at risk, quit) per row: rows before the export's last month; an agent's last row
    among them is its quit month."""
    period = df["period"].astype(str).to_numpy()
    last = period.max()
    agent_last = df.groupby("agent_id")["period"].transform("max").astype(str).to_numpy()
    at_risk = period < last
    return at_risk, at_risk & (period == agent_last)


def _hazard(ce: np.ndarray, outside: LogNormal, attr: Attrition, s: np.ndarray, a: np.ndarray):
    """Monthly quit probability per (sensitivity, rate) × row, averaged over outside options."""
    s2 = np.log1p(outside.cv**2)
    z = np.sqrt(2) * _erfinv(2 * (np.arange(NODES) + 0.5) / NODES - 1)
    o = outside.mean * np.exp(np.sqrt(s2) * z - s2 / 2)  # NODES
    gap = (o[:, None] - ce[None, :]) / o[:, None]  # NODES × rows
    floor = monthly_rate(attr.floor_annual_rate, 12)
    top = attr.max_monthly_rate
    base = 1 - (1 - a) ** (1 / 12)
    share = (base - floor) / (top - floor)
    shift = np.log(share / (1 - share))
    out = np.empty((s.size, a.size, ce.size))
    for k, sk in enumerate(s):  # one sensitivity at a time: A × NODES × rows in memory
        logit = sk * gap[None] + shift[:, None, None]
        out[k] = (floor + (top - floor) / (1 + np.exp(-logit))).mean(axis=1)
    return out  # S × A × rows


def _erfinv(y: np.ndarray) -> np.ndarray:
    from scipy.special import erfinv

    return erfinv(y)


@dataclass
class AttritionEstimate:
    prior_sensitivity: float
    prior_rate: float
    sensitivity: float
    sensitivity_low: float
    sensitivity_high: float
    annual_rate: float
    rate_low: float
    rate_high: float
    identified: bool
    rate_identified: bool
    reason: str
    quits: int
    months_at_risk: int

    @property
    def values(self) -> dict[str, float]:
        """What the scenario gets (the prior where not identified)."""
        return {
            "sensitivity": self.sensitivity if self.identified else self.prior_sensitivity,
            "annual_rate": self.annual_rate if self.rate_identified else self.prior_rate,
        }

    def to_dict(self) -> dict:
        return {"parameters": "simulation.attrition.sensitivity, .annual_rate", "level": 0.9,
                "values": self.values, **self.__dict__}  # fmt: skip


def _interval(grid: np.ndarray, profile: np.ndarray) -> tuple[float, float, bool]:
    inside = np.flatnonzero(2 * (profile.max() - profile) <= CHI2_90)
    lo, hi = grid[inside[0]], grid[inside[-1]]
    return float(lo), float(hi), bool(inside[0] > 0 and inside[-1] < grid.size - 1)


def estimate_attrition(
    df: pd.DataFrame, ce: np.ndarray, outside: LogNormal, attr: Attrition
) -> AttritionEstimate:
    """Maximum-likelihood sensitivity and annual rate at par (module docstring)."""
    at_risk, quit = quits(df)
    n_quit, n_risk = int(quit.sum()), int(at_risk.sum())
    prior = (attr.sensitivity, attr.annual_rate)
    if n_quit == 0 or n_risk == 0:
        why = "nobody left during the export" if n_risk else "the export has one month only"
        return AttritionEstimate(*prior, *(float("nan"),) * 3, *prior[1:], float("nan"),
                                 float("nan"), False, False, f"{why}: the prior decides",
                                 n_quit, n_risk)  # fmt: skip
    floor = attr.floor_annual_rate
    rates = np.linspace(floor + 0.02, min(0.9, 1 - (1 - attr.max_monthly_rate) ** 12 - 0.02), 40)
    h = np.clip(_hazard(ce[at_risk], outside, attr, SENSITIVITY, rates), 1e-9, 1 - 1e-9)
    q = quit[at_risk]
    loglik = (np.log(h) * q + np.log1p(-h) * ~q).sum(axis=2)  # S × A
    i, j = np.unravel_index(np.argmax(loglik), loglik.shape)
    s_lo, s_hi, s_ok = _interval(SENSITIVITY, loglik.max(axis=1))
    r_lo, r_hi, r_ok = _interval(rates, loglik.max(axis=0))
    s_hat, r_hat = float(SENSITIVITY[i]), float(rates[j])
    if not s_ok:  # the rate at par given the prior's sensitivity (the pair the scenario gets)
        k = int(np.argmin(np.abs(SENSITIVITY - attr.sensitivity)))
        r_hat = float(rates[int(np.argmax(loglik[k]))])
        r_lo, r_hi, r_ok = _interval(rates, loglik[k])
    if s_ok:
        reason = (
            f"{n_quit} quits in {n_risk} agent-months at risk: quitting falls with pay "
            "relative to the outside option (the prior's outside options assumed)"
        )
    else:
        reason = (
            f"{n_quit} quits in {n_risk} agent-months at risk do not pin the sensitivity "
            f"down (90% interval {s_lo:g}–{s_hi:g} reaches the search range "
            f"{SENSITIVITY[0]:g}–{SENSITIVITY[-1]:g}): the prior decides"
        )
    return AttritionEstimate(*prior, s_hat, s_lo, s_hi, r_hat, r_lo, r_hi, s_ok, r_ok, reason,
                             n_quit, n_risk)  # fmt: skip
