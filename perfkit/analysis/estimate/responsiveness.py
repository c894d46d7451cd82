"""Effort cost (responsiveness to incentives) by indirect inference from a plan change.

What identifies it. Under one plan an agent's dials are capacity × effort and the two
cannot be told apart (perfkit.fit.calibration): the level of activity says nothing about
how strongly agents respond to pay. A *change* in incentives does: how far each agent's
activity moves when its plan changes, against the teams whose plan did not (a
difference in differences; before/after when every team changed).

Indirect inference (Gouriéroux, Monfort & Renault 1993). The same statistics
(perfkit.analysis.estimate.moments, one function) are computed on the export and on
panels the forecast's own simulator produces over the export's agents, months, teams
and plan assignment at a candidate mean effort cost c (perfkit.analysis.estimate.panel:
heterogeneous agents, tenure and learning, quits and hires, the one solve recipe).
ĉ minimises Σ_k w_k (observed_k − simulated_k(c))² over the response statistics
(within-agent change of log dials, orders and revenue; the month-in-quarter profile
under a quarter-cycle bonus), with w_k = 1 ÷ (the statistic's bootstrap variance + the
simulation's): a diagonal weighting, which keeps the noisy statistics (orders,
revenue) from swamping the precise one (dials) without inverting an ill-estimated
covariance matrix. Simulated statistics are interpolated linearly in log c between
grid points (steps of ×√2, searched outward from the prior until the interval is
bracketed, from ⅛ to 16 × the prior); common random numbers make them smooth in c.

Uncertainty. Teams are the cluster: the export's statistics are bootstrapped by team
(each arm within itself; the residuals export − model are resampled, so what the model
reproduces team by team adds no noise), with the small-sample factor √(G ÷ (G − 1));
where the model's own runs of this floor spread more (few teams; quits and hires make
the statistic heavy-tailed on a small floor), their spread is the data's noise instead.
Each draw adds the simulation's noise — one run's deviation ÷ √runs, and the model's
own floor-wide noise (which agent draws which unobserved traits, the solver's draw set:
their covariance between the panel's replicas, × (1 + 1 ÷ replicas): once for the
model's mean, once for the floor itself, whose response carries the same kind of
deviation; conservative where the team bootstrap already sees part of it) — and is
re-minimised. The 90% interval is the 5th–95th percentile of the draws' ĉ.

Honest verdicts. *Estimated*: the minimum lies inside the range the model can reach.
*Misspecified*: the observed response lies outside what the model can produce at any
effort cost (larger than its largest response, or smaller than at 16 × the prior), and
95% of the draws with it: the effort cost is set at the boundary nearest the data —
never the prior — and the one-sided bound is reported. (Beyond the reach but within
the noise, the boundary is the estimate, with a one-sided interval.) *Not identified*: the interval spans the whole range (the
plan change moves activity too little against its noise): the prior is kept.
Where effort is cheap, agents already work near the effort cap and the modelled
response shrinks as c falls further: the search keeps the branch above that peak.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from perfkit.analysis.estimate.moments import (
    RESPONSE,
    Design,
    arm_statistics,
    bootstrap,
    combine,
    cube,
    design,
    export_rows,
)
from perfkit.analysis.estimate.moments import bootstrap as mo_bootstrap
from perfkit.analysis.estimate.panel import REPLICAS, RUNS, Panel, panel_spec, simulate_panel

#: Grid step in log effort cost (× √2) and the grid's ends in steps from the prior (⅛, 16×).
STEP = math.log(2) / 2
LIMITS = (-6, 8)
BOOTSTRAP = 999
LEVEL = 0.90
FINE = 241
PRIMARY = "did_dials"


@dataclass
class Responsiveness:
    """The effort cost's estimate, interval, verdict and the evidence behind them."""

    prior: float
    estimate: float
    low: float
    high: float
    status: str  # estimated | misspecified | not identified | no change
    reason: str
    bound: str = ""
    switchers: int = 0  # teams whose plan changed
    controls: int = 0  # teams that stayed on their plan
    change: str | None = None
    open_low: bool = False
    open_high: bool = False
    moments: list[dict] = field(default_factory=list)
    grid: list[dict] = field(default_factory=list)
    draws: np.ndarray | None = None  # ĉ of the team-bootstrap draws (team_bootstrap's order)
    panel: Panel | None = None  # the floor simulated at the grid point nearest ĉ

    @property
    def identified(self) -> bool:
        return self.status == "estimated"

    @property
    def value(self) -> float:
        """What the scenario gets: the estimate, the boundary nearest the data, or the prior."""
        return self.estimate if self.status in ("estimated", "misspecified") else self.prior

    def interval(self) -> str:
        """The 90% interval in words (one-sided where the range is open)."""
        if not math.isfinite(self.low):
            return "—"
        if self.open_low and self.open_high:
            return "the whole range searched"
        if self.open_low:
            return f"at most {self.high:,.0f}"
        if self.open_high:
            return f"at least {self.low:,.0f}"
        return f"{self.low:,.0f}–{self.high:,.0f}"

    def to_dict(self) -> dict:
        keys = ("prior", "estimate", "low", "high", "status", "identified", "reason", "bound",
                "switchers", "controls", "change", "open_low", "open_high", "moments", "grid")  # fmt: skip
        return {"parameter": "population.traits.effort_cost.mean", "value": self.value,
                "level": LEVEL, "interval": self.interval(),
                **{k: getattr(self, k) for k in keys}}  # fmt: skip


@dataclass
class _Fit:
    """One pass of the search over the grid points solved so far."""

    x: np.ndarray  # log c of the grid points on the branch searched
    sim: np.ndarray  # moments × points: simulated means
    point: float  # log ĉ
    draws: np.ndarray  # log ĉ of the bootstrap draws
    peaked: bool  # a point below the response's peak was dropped
    se: dict[str, float]


def _used(obs: dict[str, float]) -> list[str]:
    return [k for k in obs if k in RESPONSE or k.startswith("quarter_end")]


def _argmin(s: np.ndarray, w: np.ndarray, x: np.ndarray, sim: np.ndarray) -> np.ndarray:
    """Per row of ``s`` (draws × moments), the log c minimising the weighted distance."""
    fine = np.linspace(x[0], x[-1], FINE) if x.size > 1 else x
    m = np.stack([np.interp(fine, x, row) for row in sim], axis=1)  # fine × moments
    j = (((s[:, None, :] - m[None]) ** 2) * w).sum(axis=2)
    return fine[np.argmin(j, axis=1)]


def _model_noise(panels: dict[int, Panel], names: list[str]) -> np.ndarray:
    """Covariance (moments × moments) of the model's own floor-wide noise: the replicas'
    means about their panel's mean, pooled over the grid points, with each variance at
    least the pairing variance (perfkit.analysis.estimate.panel.pairing_variance, which
    two or three replicas estimate poorly)."""
    devs = []
    for p in panels.values():
        means = np.stack([p.stats[k].mean(axis=1) for k in names], axis=1)  # replica × moment
        if means.shape[0] > 1:
            k = means.shape[0]
            devs.append((means - means.mean(axis=0)) * np.sqrt(k / (k - 1)))
    cov = np.zeros((len(names), len(names)))
    if devs:
        d = np.concatenate(devs)
        cov = d.T @ d / d.shape[0]
    pairing = np.array([np.mean([p.pairing.get(k, 0.0) for p in panels.values()]) for k in names])
    extra = np.maximum(pairing - np.diag(cov), 0.0)
    return cov + np.diag(extra)


def _draws(obs_cube, d, panel: Panel, names, n, seed, noise: np.ndarray) -> np.ndarray:
    """Draws (draws × moments) of the observed statistics about their values.

    The data's own noise, per statistic, is the larger of two measures: the team
    bootstrap of the residuals (cluster-robust, but crude with few teams and blind to what
    moves the whole floor at once), and the model's own spread between simulated runs of
    this floor (months' luck, who quits when, who is hired: heavy-tailed on a small floor).
    Added to it: the simulated mean's noise (one run's deviation ÷ √runs) and the model's
    floor-wide noise (``noise``, the covariance between replicas), counted for the model's
    mean (÷ replicas) and once for the floor, whose response carries the same kind of
    deviation.
    """
    got = bootstrap(obs_cube, d, n, seed, panel.expected)
    obs = combine(arm_statistics(obs_cube, d), d)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(23,)))
    count = next(iter(panel.stats.values())).size
    pick, other = rng.integers(0, count, n), rng.integers(0, count, n)
    out = []
    for k in names:
        runs = (panel.stats[k] - panel.stats[k].mean(axis=1, keepdims=True)).ravel()
        team = got[k] - float(obs[k][0])
        data = runs[pick] if runs.var() > team.var() else team
        out.append(float(obs[k][0]) + data + runs[other] / np.sqrt(count))
    replicas = next(iter(panel.stats.values())).shape[0]
    cov = noise * (1 + 1 / replicas)
    return np.stack(out, 1) + rng.multivariate_normal(np.zeros(len(names)), cov, n, method="eigh")


def _fit(obs, obs_cube, d: Design, panels: dict[int, Panel], prior, names, n, seed) -> _Fit:
    idx = sorted(panels)
    x = np.log(prior) + STEP * np.asarray(idx, float)
    sim = np.array([[panels[i].mean()[k] for i in idx] for k in names])
    p = names.index(PRIMARY) if PRIMARY in names else 0
    sign = 1.0 if sim[p, idx.index(0)] >= 0 else -1.0
    peak = int(np.argmax(sign * sim[p]))
    x, sim = x[peak:], sim[:, peak:]
    s0 = np.array([obs[k] for k in names])
    noise = _model_noise(panels, names)
    first = _draws(obs_cube, d, panels[0], names, n, seed, noise)
    w = 1.0 / np.maximum(first.var(axis=0), 1e-12)
    point = float(_argmin(s0[None], w, x, sim)[0])
    near = idx[peak + int(np.argmin(np.abs(x - point)))]
    draws = _argmin(_draws(obs_cube, d, panels[near], names, n, seed, noise), w, x, sim)
    se = dict(zip(names, np.sqrt(first.var(axis=0)), strict=True))
    return _Fit(x, sim, point, draws, peak > 0, se)


def _search(obs, obs_cube, d, ps, names, bootstrap_n, seed) -> tuple[_Fit, dict[int, Panel]]:
    """Solve grid points outward from the prior until the interval is bracketed."""
    prior = ps.prior
    panels: dict[int, Panel] = {}
    lo, hi = -1, 1
    tail = (1 - LEVEL) / 2
    while True:
        for i in range(lo, hi + 1):
            if i not in panels:
                panels[i] = simulate_panel(ps, prior * math.exp(STEP * i))
        fit = _fit(obs, obs_cube, d, panels, prior, names, bootstrap_n, seed)
        eps = 1e-9
        at_lo = fit.point <= fit.x[0] + eps or np.mean(fit.draws <= fit.x[0] + eps) > tail
        at_hi = fit.point >= fit.x[-1] - eps or np.mean(fit.draws >= fit.x[-1] - eps) > tail
        grow_lo = bool(at_lo and not fit.peaked and lo > LIMITS[0])
        grow_hi = bool(at_hi and hi < LIMITS[1])
        if not (grow_lo or grow_hi):
            return fit, panels
        lo, hi = lo - grow_lo, hi + grow_hi


def estimate_effort_cost(
    rows: pd.DataFrame,
    spec,
    plans,
    sim,
    *,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
    runs: int = RUNS,
    replicas: int = REPLICAS,
    source: str = "<export>",
) -> Responsiveness:
    """Indirect-inference estimate of the effort cost's mean (module docstring).

    ``rows``: the prepared export (perfkit.fit.calibration.estimates.prepared) with its
    ``plan`` column; ``spec``: the population spec (its effort cost is the prior);
    ``plans``: the export's PlanHistory; ``sim``: the simulation settings.
    """
    prior = float(spec.traits.effort_cost.mean)
    d = design(rows, plans, source)
    if not d.switcher.any():
        return Responsiveness(prior, prior, math.nan, math.nan, "no change",
                              "no team's plan changed in the export: nothing varies the "
                              "incentive, so the response is not identified and the prior decides")  # fmt: skip
    obs_cube = cube(export_rows(rows), d)
    obs = {k: float(v[0]) for k, v in combine(arm_statistics(obs_cube, d), d).items()}
    names = _used(obs)
    ps = panel_spec(rows, spec, plans, sim, d, seed, runs, replicas)
    fit, panels = _search(obs, obs_cube, d, ps, names, bootstrap, seed)
    plain = mo_bootstrap(obs_cube, d, 199, seed)  # the checks' standard errors
    fit.se.update({k: float(np.std(v)) for k, v in plain.items() if k not in fit.se})
    return _verdict(obs, names, fit, panels, d, prior)


def _verdict(obs, names, fit: _Fit, panels, d: Design, prior: float) -> Responsiveness:
    """Estimated, misspecified or not identified (module docstring), in words."""
    eps = 1e-9
    tail = (1 - LEVEL) / 2
    lo, hi = np.quantile(fit.draws, [tail, 1 - tail])
    at_floor = fit.point <= fit.x[0] + eps
    at_top = fit.point >= fit.x[-1] - eps
    top_limit = fit.x[-1] >= np.log(prior) + STEP * LIMITS[1] - eps
    open_lo = bool(lo <= fit.x[0] + eps)
    open_hi = bool(hi >= fit.x[-1] - eps and top_limit)
    p = names.index(PRIMARY) if PRIMARY in names else 0
    c = math.exp
    teams = f"{int(d.switcher.sum())} of {len(d.teams)} teams changed plan in {d.change}"
    control = (" against the teams that stayed on their plan" if d.has_control else
               " (no control group: a common shock in the same month would be read as a response)")  # fmt: skip
    seen, most = obs[names[p]], fit.sim[p, 0]
    beyond_low, beyond_top = at_floor and abs(seen) > abs(most), at_top and top_limit
    edge = ""
    if beyond_low or beyond_top:
        edge = "; the observed response lies at the edge of what the model can produce, within its noise"
    if beyond_low and hi <= fit.x[0] + eps:  # ≥ 95% of the draws beyond the model's reach
        status = "misspecified"
        reason = (f"{teams}{control}; the observed response ({names[p]} {seen:+.1%}) is larger "
                  "than the model can produce: the model is misspecified here (its largest "
                  f"response is {most:+.1%}, at an effort cost of {c(fit.x[0]):,.0f}); the effort "
                  "cost is set at that boundary, the one nearest the data")  # fmt: skip
        bound = f"effort cost at most {c(hi):,.0f} (95% one-sided)"
    elif beyond_top and lo >= fit.x[-1] - eps:
        status = "misspecified"
        reason = (f"{teams}{control}; the observed response ({names[p]} {seen:+.1%}) is smaller "
                  "than the model can produce: the model is misspecified here (even at an effort "
                  f"cost of {c(fit.x[-1]):,.0f} it gives {fit.sim[p, -1]:+.1%}); the effort cost "
                  "is set at that boundary, the one nearest the data")  # fmt: skip
        bound = f"effort cost at least {c(lo):,.0f} (95% one-sided)"
    elif open_lo and open_hi:
        status = "not identified"
        reason = (f"{teams}{control}, but its 90% interval spans the whole range searched "
                  f"({c(fit.x[0]):,.0f}–{c(fit.x[-1]):,.0f}): the change moved activity too "
                  "little against its noise; the prior decides")  # fmt: skip
        bound = ""
    else:
        status, bound = "estimated", ""
        reason = f"estimated from the plan change: {teams}{control}{edge}"
        if fit.peaked and open_lo:  # the response peaks here: lower costs fit the data too
            lo = np.log(prior) + STEP * min(panels)
            bound = f"effort cost at most {c(hi):,.0f} (95% one-sided)"
            reason += (f"; below {c(fit.x[0]):,.0f} the response falls again (agents reach "
                       "their effort caps), so the data set no lower bound: " + bound)  # fmt: skip
    table = _moments(obs, names, fit, panels)
    grid = [{"effort_cost_mean": float(c(x)), **{k: float(fit.sim[i, j]) for i, k in enumerate(names)}}
            for j, x in enumerate(fit.x)]  # fmt: skip
    near = min(panels, key=lambda i: abs(math.log(panels[i].effort_cost) - fit.point))
    return Responsiveness(prior, float(c(fit.point)), float(c(lo)), float(c(hi)), status,
                          reason, bound, int(d.switcher.sum()), int((~d.switcher).sum()),
                          d.change, open_lo, open_hi, table, grid, np.exp(fit.draws),
                          panels[near])  # fmt: skip


def _moments(obs, names, fit: _Fit, panels: dict[int, Panel]) -> list[dict]:
    """Observed against simulated at the estimate, for every statistic."""
    near = min(panels, key=lambda i: abs(math.log(panels[i].effort_cost) - fit.point))
    at = panels[near].mean()
    rows = []
    for k, v in obs.items():
        used = k in names
        sim = float(np.interp(fit.point, fit.x, fit.sim[names.index(k)])) if used else at.get(k)
        rows.append({"statistic": k, "observed": v, "se": fit.se.get(k), "simulated": sim,
                     "used": used})  # fmt: skip
    return rows
