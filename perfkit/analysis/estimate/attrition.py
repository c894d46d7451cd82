"""Attrition from who left and when: maximum likelihood on the monthly quits.

The model (perfkit.simulate.runs.quit_probability): an agent quits in a month with a
probability logistic in the shortfall (outside option − CE) ÷ outside option, equal to
``annual_rate`` (compounded to a month) at par, with slope ``sensitivity``, below a
ceiling (``max_monthly_rate``) and above ``floor_annual_rate`` (none by default).

Who quit. A month is at risk when the agent's team is seen in a later month; the agent
quit in it when that was its last row. An agent whose team's rows stop — a team held
out by ``validate-forecast --holdout-teams``, the export's end — is censored there, not
counted as a quit.

Each row's CE is the agent's certainty equivalent under the plan in force for it; the
outside option is not observed, so the quit probability is averaged over the prior's
outside-option distribution (``NODES`` quantiles). The log-likelihood is maximised on
a grid of (sensitivity, annual rate at par), the rate on a log scale from 0.1% a year;
90% intervals are profile-likelihood intervals (2·ΔlogL ≤ 2.706, χ²₁).

Nobody left: the rate is estimated near zero — the Jeffreys estimate, ½ quit in the
months at risk (+ 1) — with the one-sided 95% upper bound of the rule of three (3 ÷ the
months at risk, compounded to a year); the sensitivity keeps its prior (no quit says
nothing about how quitting moves with pay).

What identifies the sensitivity: differences in pay relative to the outside option,
across agents and over time, against differences in quitting. It rests on the prior's
outside options (their level trades off against the annual rate). A sensitivity whose
interval reaches the grid's ends (0 included: the data cannot reject "pay does not
matter") is not identified: the prior is kept and the rate is estimated given it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import erfinv

from perfkit.analysis.estimate.moments import quits
from perfkit.scheme.population import Attrition, LogNormal
from perfkit.simulate.runs import monthly_rate

SENSITIVITY = np.linspace(0.0, 30.0, 21)
#: Annual rates at par searched: 0.1% to 90% a year, log-spaced.
RATES = np.geomspace(0.001, 0.9, 40)
NODES = 12
CHI2_90 = 2.706
__all__ = ["AttritionEstimate", "estimate_attrition", "quits"]


def _hazard(ce: np.ndarray, outside: LogNormal, attr: Attrition, s: np.ndarray, a: np.ndarray):
    """Monthly quit probability per (sensitivity, rate) × row, averaged over outside options."""
    s2 = np.log1p(outside.cv**2)
    z = np.sqrt(2) * erfinv(2 * (np.arange(NODES) + 0.5) / NODES - 1)
    o = outside.mean * np.exp(np.sqrt(s2) * z - s2 / 2)  # NODES
    gap = (o[:, None] - ce[None, :]) / o[:, None]  # NODES × rows
    floor = monthly_rate(attr.floor_annual_rate, 12)
    top = attr.max_monthly_rate
    base = 1 - (1 - a) ** (1 / 12)
    share = np.clip((base - floor) / (top - floor), 1e-12, 1 - 1e-12)
    shift = np.log(share / (1 - share))
    out = np.empty((s.size, a.size, ce.size))
    for k, sk in enumerate(s):  # one sensitivity at a time: A × NODES × rows in memory
        logit = sk * gap[None] + shift[:, None, None]
        out[k] = (floor + (top - floor) / (1 + np.exp(-logit))).mean(axis=1)
    return out  # S × A × rows


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
    identified: bool  # the sensitivity
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
    """Profile-likelihood interval: where 2·(max − profile) crosses χ²₁(90%), linear between
    grid points; and whether both ends lie inside the grid."""
    dev = 2 * (profile.max() - profile) - CHI2_90  # ≤ 0 inside
    inside = np.flatnonzero(dev <= 0)
    i, j = int(inside[0]), int(inside[-1])

    def cross(a: int, b: int) -> float:  # a outside, b inside
        t = dev[a] / (dev[a] - dev[b])
        return float(grid[a] + t * (grid[b] - grid[a]))

    lo = cross(i - 1, i) if i > 0 else float(grid[0])
    hi = cross(j + 1, j) if j < grid.size - 1 else float(grid[-1])
    return lo, hi, bool(i > 0 and j < grid.size - 1)


def _peak(grid: np.ndarray, profile: np.ndarray) -> float:
    """The maximum of ``profile``: the vertex of the parabola through the best grid point and
    its neighbours (the grid point itself at an end)."""
    k = int(np.argmax(profile))
    if k == 0 or k == grid.size - 1:
        return float(grid[k])
    x, y = grid[k - 1 : k + 2], profile[k - 1 : k + 2]
    a, b, _ = np.polyfit(x - x[1], y, 2)
    return float(np.clip(x[1] - b / (2 * a), x[0], x[2])) if a < 0 else float(grid[k])


def _nobody_left(prior: tuple[float, float], n_risk: int) -> AttritionEstimate:
    """Near zero (Jeffreys), with the rule of three's 95% upper bound."""
    monthly = 0.5 / (n_risk + 1)
    upper = min(3.0 / n_risk, 1.0)
    rate, high = 1 - (1 - monthly) ** 12, 1 - (1 - upper) ** 12
    reason = (f"nobody left in {n_risk} agent-months at risk: annual attrition near zero "
              f"({rate:.2%}, ½ quit in the months at risk), at most {high:.1%} a year (95%, "
              "rule of three); how quitting moves with pay is not identified: its prior decides")  # fmt: skip
    return AttritionEstimate(*prior, float("nan"), float("nan"), float("nan"), rate, 0.0, high,
                             False, True, reason, 0, n_risk)  # fmt: skip


def estimate_attrition(
    df: pd.DataFrame, ce: np.ndarray, outside: LogNormal, attr: Attrition
) -> AttritionEstimate:
    """Maximum-likelihood sensitivity and annual rate at par (module docstring)."""
    at_risk, quit = quits(df)
    n_quit, n_risk = int(quit.sum()), int(at_risk.sum())
    prior = (attr.sensitivity, attr.annual_rate)
    if n_risk == 0:
        return AttritionEstimate(*prior, *(float("nan"),) * 3, prior[1], float("nan"),
                                 float("nan"), False, False, "the export has one month only: "
                                 "the prior decides", 0, 0)  # fmt: skip
    if n_quit == 0:
        return _nobody_left(prior, n_risk)
    top = 1 - (1 - attr.max_monthly_rate) ** 12
    rates = RATES[(attr.floor_annual_rate < RATES) & (top > RATES)]
    h = np.clip(_hazard(ce[at_risk], outside, attr, SENSITIVITY, rates), 1e-12, 1 - 1e-9)
    q = quit[at_risk]
    loglik = (np.log(h) * q + np.log1p(-h) * ~q).sum(axis=2)  # S × A
    s_lo, s_hi, s_ok = _interval(SENSITIVITY, loglik.max(axis=1))
    r_lo, r_hi, _ = _interval(rates, loglik.max(axis=0))
    s_hat, r_hat = _peak(SENSITIVITY, loglik.max(axis=1)), _peak(rates, loglik.max(axis=0))
    if not s_ok:  # the rate at par given the prior's sensitivity (the pair the scenario gets)
        k = int(np.argmin(np.abs(SENSITIVITY - attr.sensitivity)))
        r_hat = _peak(rates, loglik[k])
        r_lo, r_hi, _ = _interval(rates, loglik[k])
    head = f"{n_quit} quits in {n_risk} agent-months at risk"
    if s_ok:
        reason = (f"{head}: quitting falls with pay relative to the outside option (the "
                  "prior's outside options assumed)")  # fmt: skip
    else:
        reason = (f"{head} do not pin down how quitting moves with pay (90% interval "
                  f"{s_lo:.1f}–{s_hi:.1f} reaches the search range {SENSITIVITY[0]:g}–"
                  f"{SENSITIVITY[-1]:g}): the prior decides the sensitivity; the annual rate "
                  "is estimated given it")  # fmt: skip
    return AttritionEstimate(*prior, s_hat, s_lo, s_hi, r_hat, r_lo, r_hi, s_ok, True, reason,
                             n_quit, n_risk)  # fmt: skip


def attrition_draws(df: pd.DataFrame, ce: np.ndarray, outside: LogNormal, attr: Attrition,
                    est: AttritionEstimate, teams: list[str], weights: np.ndarray,
                    seed: int = 0) -> dict[str, np.ndarray]:  # fmt: skip
    """Team-bootstrap draws of what the scenario gets (``est.values``), one per row of
    ``weights`` (draws × ``teams``: how often each team is drawn), the same resamples as
    the effort cost's so the two are joint: each draw maximises the likelihood with the
    teams so weighted (the sensitivity only where identified, the rate given it). Nobody
    left: the rate from the Jeffreys posterior Beta(½, months at risk + ½)."""
    n = weights.shape[0]
    values = est.values
    out = {k: np.full(n, v, float) for k, v in values.items()}
    at_risk, quit = quits(df)
    if not est.rate_identified or at_risk.sum() == 0:
        return out
    if est.quits == 0:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(31,)))
        monthly = rng.beta(0.5, est.months_at_risk + 0.5, n)
        out["annual_rate"] = 1 - (1 - monthly) ** 12
        return out
    top = 1 - (1 - attr.max_monthly_rate) ** 12
    rates = RATES[(attr.floor_annual_rate < RATES) & (top > RATES)]
    sens = SENSITIVITY if est.identified else np.array([values["sensitivity"]])
    h = np.clip(_hazard(ce[at_risk], outside, attr, sens, rates), 1e-12, 1 - 1e-9)
    q = quit[at_risk]
    ll = np.log(h) * q + np.log1p(-h) * ~q  # S × A × rows
    team = pd.Index(teams).get_indexer(df["team"].astype(str)[at_risk])
    onehot = np.eye(len(teams))[team]  # rows × teams
    by_team = ll @ onehot  # S × A × teams
    total = np.einsum("sat,bt->bsa", by_team, weights)  # draws × S × A
    best_s = total.max(axis=2).argmax(axis=1)
    profile = total[np.arange(n), best_s]  # draws × A
    out["annual_rate"] = np.array([_peak(rates, p) for p in profile])
    if est.identified:
        out["sensitivity"] = np.array([_peak(SENSITIVITY, p) for p in total.max(axis=2)])
    return out
