"""Effort cost (responsiveness to incentives) from a plan change: simulated method of moments.

What identifies it. Under one plan, an agent's dials are capacity × effort and the
two cannot be told apart (perfkit.fit.calibration): the level of activity says nothing
about how strongly agents respond to pay. A *change* in incentives does. When an
agent's plan changes (for every team, or for pilot teams only), the capacity cancels
from the ratio of its dials after to before, and what is left is how far its effort
moved, which the behavioural model ties to the effort cost c in c/2·(e − e₀)²
(effort above its flat-pay level e₀ scales as 1/c).

The moment. Over the agents seen both before and after their plan changed,
y = log(Σ dials after ÷ Σ dials before) in the export, and m(c) the same ratio of the
dials the model implies: best responses solved under the plan in force for each row
(perfkit.fit.calibration.effort.plan_choices) for agents of typical motivation whose effort
cost has population mean c, with capacity and skill re-estimated at c (one fixed-point
step of the calibration: capacity = dials ÷ effort, so a calibration at the prior alone
biases ĉ toward the prior) and skill estimates spread to the true skills' variance
(constrained Bayes: shrunk estimates would make agents' positions on a ladder, and so
their responses, too alike). Tenure, learning and the roster are the export's. With
agents whose plan did not change (a control group), their y − m is the common time
effect and is subtracted (a difference in differences); without one, no time effect is
assumed. The ratio of sums, not the mean of per-agent ratios: it weighs agents by
volume as the firm does, and is less sensitive to how well the model reproduces the
low-volume tail. ĉ solves y − m(c) = 0 on a grid in log c (linear interpolation
between its points), searched outward from the prior: points are solved only until the
grid brackets the bootstrap interval.

Cost. One best-response solve per plan per grid point, with common random numbers
(the solver's draw set and the seed are the same at every c): ≈ 1 s per solve for
120 agents × 12 months.

Uncertainty. Agents are resampled with replacement (``BOOTSTRAP`` times; switchers
and controls separately); each resample's ĉ solves its own moment on the same grid.
The 90% interval is the 5th–95th percentile. The parameter is *identified* when
agents' plans changed and both ends of the interval lie inside the grid; otherwise
the prior is kept and the report says that the prior decides.

Limits. Agents do not anticipate the change; the population is calibrated once, at
the prior's effort cost; baseline effort e₀ stays at the prior (c is identified
relative to it); a common shock at the change date is confounded with the response
unless some teams stayed on the old plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.fit.calibration.effort import history_population, layout, plan_choices
from perfkit.fit.calibration.estimates import estimates
from perfkit.fit.calibration.fixed_point import typical_motivation
from perfkit.scheme.population import DataPopulation, FunnelRates, Simulation

#: Grid of the effort cost's mean, as multiples of the prior mean.
GRID = tuple(float(x) for x in np.exp(np.linspace(np.log(0.25), np.log(4.0), 11)))
BOOTSTRAP = 999
#: Solves per plan and grid point: the first at the prior's calibration, the next at
#: capacity and skill re-estimated from its choices (one fixed-point step of
#: perfkit.fit.calibration at that effort cost; a calibration at the prior alone biases ĉ
#: toward the prior, since capacity = dials ÷ effort).
CALIBRATION_STEPS = 2
#: Motivation of the simulated agents: "drawn" (the prior's draws, common random numbers)
#: or "typical" (everyone at the prior's typical motivation, as the calibration solves).
MOTIVATION = "typical"
#: Fewest months on the old plan before the change.
MIN_PRE = 2
LEVEL = 0.90


@dataclass(frozen=True)
class Design:
    """Who changed plan when: per agent (estimates' order) and per export row."""

    switcher: np.ndarray  # agent's plan changed
    valid: np.ndarray  # agent seen before and after (its own change, or the controls' date)
    post: np.ndarray  # row is after the agent's change point
    change: str | None  # first month of a changed plan (median over switchers)
    pre_months: int
    notes: tuple[str, ...] = ()

    @property
    def has_control(self) -> bool:
        return bool((self.valid & ~self.switcher).any())


def design(df: pd.DataFrame, agents: pd.Index, source: str = "<export>") -> Design:
    """The plan change behind the moment (``df``: the prepared export, agent-period order)."""
    code = agents.get_indexer(df["agent_id"])
    period = df["period"].astype(str).to_numpy()
    plan = df["plan"].astype(str).to_numpy() if "plan" in df else np.full(len(df), "")
    n = len(agents)
    first_plan = pd.Series(plan).groupby(code).transform("first").to_numpy()
    changed = plan != first_plan
    switcher = np.bincount(code, changed, n) > 0
    if not switcher.any():
        return Design(switcher, np.zeros(n, bool), np.zeros(len(df), bool), None, 0)
    starts = pd.Series(np.where(changed, period, "~")).groupby(code).min()
    own = starts.reindex(range(n)).to_numpy(dtype=object)
    change = str(pd.Series(own[switcher]).sort_values().iloc[int(switcher.sum()) // 2])
    point = np.where(switcher, own, change)
    post = period >= point[code]
    pre_months = int(pd.Series(period[~post]).nunique())
    months = sorted(set(period))
    if pre_months < MIN_PRE:
        before = ", ".join(months[: max(pre_months, 0)]) or "none"
        raise DataError(
            source,
            [
                f"column 'plan': the plan changes in {change}, leaving {pre_months} month(s) "
                f"before it ({before}); estimating the response needs at least {MIN_PRE} "
                "months on the old plan"
            ],
        )
    n_pre = np.bincount(code, ~post, n)
    n_post = np.bincount(code, post, n)
    valid = (n_pre > 0) & (n_post > 0)
    return Design(switcher, valid, post, change, pre_months)


def _volumes(df, est, rates, spec, drawn, plan, sim, means) -> np.ndarray:
    """Per grid mean effort cost × row: the volume factor of the plan in force's best response."""
    lay = layout(df, est.index, False)
    out = []
    prior = spec.traits.effort_cost.mean
    base = typical_motivation(spec.traits, drawn) if MOTIVATION == "typical" else drawn
    for c in means:
        traits = dict(base, effort_cost=base["effort_cost"] * (c / prior))
        at_c = spread(est)
        for _ in range(CALIBRATION_STEPS):  # capacity and skill re-estimated at this c
            pop = history_population(df, at_c, rates, spec, traits, lay)
            got, _ = plan_choices(df, est.index, pop, plan, sim, sim.seed)
            at_c = spread(estimates(df, rates, got))
        # expected dials: capacity re-estimated at these choices (each agent's total = its data's)
        out.append(at_c["capacity"].to_numpy(float)[lay.row_agent] * got.volume)
    return np.array(out)


def spread(est: pd.DataFrame) -> pd.DataFrame:
    """Skill estimates with the spread of the true skills (constrained Bayes, Louis 1984).

    Shrunk estimates w·raw + (1 − w)·pooled are the best guess of each agent but are less
    spread out than the agents are (their variance is the reliability × the true one). A
    response that depends on where agents sit on a ladder then comes out too uniform;
    pooled + √w·(raw − pooled) keeps the ordering with about the true variance.
    """
    w = est["weight_skill"].to_numpy(float)
    raw, shrunk = est["skill_raw"].to_numpy(float), est["skill"].to_numpy(float)
    inner = w < 0.999
    pooled = (
        float(np.median((shrunk[inner] - w[inner] * raw[inner]) / (1 - w[inner])))
        if inner.any()
        else float(shrunk.mean())
    )
    return est.assign(skill=np.maximum(pooled + np.sqrt(w) * (raw - pooled), 0.05 * pooled))


def _root(g: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of g (… × grid, increasing in x), the interpolated zero in x, and whether it
    lies inside the grid (else the nearer end)."""
    g = np.atleast_2d(g)
    inside = (g[:, 0] < 0) & (g[:, -1] > 0)
    k = np.clip(np.argmax(g > 0, axis=1), 1, g.shape[1] - 1)
    rows = np.arange(g.shape[0])
    g0, g1 = g[rows, k - 1], g[rows, k]
    w = np.clip(np.divide(-g0, g1 - g0, out=np.zeros_like(g0), where=g1 != g0), 0, 1)
    root = x[k - 1] + w * (x[k] - x[k - 1])
    root = np.where(inside, root, np.where(g[:, -1] <= 0, x[-1], x[0]))
    return root, inside


@dataclass
class Responsiveness:
    """The effort cost's estimate, interval and the evidence behind them."""

    prior: float
    estimate: float
    low: float
    high: float
    identified: bool
    reason: str
    switchers: int = 0
    controls: int = 0
    change: str | None = None
    observed_change: float = float("nan")  # mean log dials ratio, switchers less controls
    predicted_at_prior: float = float("nan")
    predicted_at_estimate: float = float("nan")
    grid: list[dict[str, float]] = field(default_factory=list)

    @property
    def value(self) -> float:
        """What the scenario gets: the estimate where identified, else the prior."""
        return self.estimate if self.identified else self.prior

    def to_dict(self) -> dict:
        keys = ("prior", "estimate", "low", "high", "identified", "reason", "switchers",
                "controls", "change", "observed_change", "predicted_at_prior",
                "predicted_at_estimate", "grid")  # fmt: skip
        return {"parameter": "population.traits.effort_cost.mean", "value": self.value,
                "level": LEVEL, **{k: getattr(self, k) for k in keys}}  # fmt: skip


def estimate_effort_cost(
    df: pd.DataFrame,
    est: pd.DataFrame,
    rates: FunnelRates,
    spec: DataPopulation,
    drawn: dict[str, np.ndarray],
    plan,
    sim: Simulation,
    *,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
    source: str = "<export>",
) -> Responsiveness:
    """Simulated-method-of-moments estimate of the effort cost's mean (module docstring)."""
    prior = float(spec.traits.effort_cost.mean)
    d = design(df, est.index, source)
    if not d.switcher.any():
        return Responsiveness(prior, prior, float("nan"), float("nan"), False,
                              "no agent's plan changed in the export: nothing varies the "
                              "incentive, so the response is not identified and the prior decides")  # fmt: skip
    code = est.index.get_indexer(df["agent_id"])
    n = len(est)
    dials = df["dials"].to_numpy(float)
    y_pre, y_post = np.bincount(code, dials * ~d.post, n), np.bincount(code, dials * d.post, n)
    sw, ct = d.valid & d.switcher, d.valid & ~d.switcher
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(11,)))

    def counts(m: int) -> np.ndarray:
        idx = rng.integers(0, m, (bootstrap, m))
        return np.stack([np.bincount(row, minlength=m) for row in idx]).astype(float)

    w_sw = np.vstack([np.ones(int(sw.sum())), counts(int(sw.sum()))])  # row 0: the data
    w_ct = np.vstack([np.ones(int(ct.sum())), counts(int(ct.sum()))]) if d.has_control else None

    def change(w: np.ndarray, pre: np.ndarray, post: np.ndarray, who: np.ndarray) -> np.ndarray:
        """log(Σ dials after ÷ Σ before) over the (re)sampled agents: draws × grid."""
        return np.log(w @ post[:, who].T) - np.log(w @ pre[:, who].T)

    grid = prior * np.asarray(GRID)
    start = int(np.argmin(np.abs(np.log(GRID))))
    lo_i, hi_i = start - 1, start + 1
    m_at: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    while True:
        for i in range(lo_i, hi_i + 1):  # solve the new grid points only
            if i not in m_at:
                rows = _volumes(df, est, rates, spec, drawn, plan, sim, grid[i : i + 1])[0]
                m_at[i] = (
                    np.bincount(code, rows * ~d.post, n),
                    np.bincount(code, rows * d.post, n),
                )
        m_pre = np.array([m_at[i][0] for i in range(lo_i, hi_i + 1)])
        m_post = np.array([m_at[i][1] for i in range(lo_i, hi_i + 1)])
        obs = change(w_sw, y_pre[None], y_post[None], sw)  # draws × 1
        mod = change(w_sw, m_pre, m_post, sw)  # draws × grid
        if w_ct is not None:
            obs = obs - change(w_ct, y_pre[None], y_post[None], ct)
            mod = mod - change(w_ct, m_pre, m_post, ct)
        pred = mod[0]
        peak = int(np.argmax(pred))  # below it, effort caps and responses shrink: dropped
        x = np.log(grid[lo_i + peak : hi_i + 1])
        g = (obs - mod)[:, peak:]
        roots, inside = _root(g, x)  # g: draws × grid, increasing in c
        lo, hi = np.quantile(roots[1:], [(1 - LEVEL) / 2, (1 + LEVEL) / 2])
        grow_lo = lo <= x[0] + 1e-9 and peak == 0 and lo_i > 0
        grow_hi = hi >= x[-1] - 1e-9 and hi_i < len(GRID) - 1
        if not (grow_lo or grow_hi):
            break
        lo_i, hi_i = lo_i - grow_lo, hi_i + grow_hi
    means = grid[lo_i + peak : hi_i + 1]
    pred = pred[peak:]
    est_c, low, high = float(np.exp(roots[0])), float(np.exp(lo)), float(np.exp(hi))
    at_edge = bool(lo <= x[0] + 1e-9 or hi >= x[-1] - 1e-9 or not inside[0])
    control = (
        f" against {int(ct.sum())} agents who stayed on their plan"
        if d.has_control
        else (" (no control group: a common shock in the same month would be read as a response)")
    )
    if at_edge:
        reason = (f"{int(sw.sum())} agents changed plan ({d.change}){control}, but the dials "
                  f"moved too little, or too noisily, to pin the effort cost down: its 90% "
                  f"interval reaches the search range ({means[0]:,.0f}–{means[-1]:,.0f}); "
                  "the prior decides")  # fmt: skip
    else:
        reason = (f"identified by the plan change in {d.change}: {int(sw.sum())} agents' dials "
                  f"before and after{control}")  # fmt: skip
    gap = obs[0, 0]
    grid = [{"effort_cost_mean": float(c), "moment": float(v), "predicted_change": float(q)}
            for c, v, q in zip(means, g[0], pred, strict=True)]  # fmt: skip
    return Responsiveness(
        prior,
        est_c,
        low,
        high,
        not at_edge,
        reason,
        int(sw.sum()),
        int(ct.sum()),
        d.change,
        float(gap),
        float(np.interp(np.log(prior), x, pred)),
        float(np.interp(roots[0], x, pred)),
        grid,
    )
