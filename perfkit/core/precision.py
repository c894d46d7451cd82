"""Precision of Monte Carlo estimates: confidence intervals and paired decisions.

Runs are independent draws of the same simulated year, so a metric's mean over runs
has a t confidence interval that shrinks as 1/√runs. Run k of two plans (or two
sweep points) shares its shocks (common random numbers: the shocks depend on the
seed and the run, never on the plan), so the per-run *difference* between them is
far less noisy than either level: decisions are made on paired differences.

A plan *clearly* beats another when it wins in at least :data:`CLEAR_SHARE` of the
paired runs; it is *ahead on average* when only the 95% CI of the mean paired
difference excludes zero; otherwise the two are *within noise*.

Parameter draws. When the runs are spread across draws of estimated parameters
(perfkit.simulate.draws: run r takes draw k), a clear lead must also hold across the
draws: the leader's mean paired difference over each draw's runs is ahead in at least
:data:`CLEAR_SHARE` of the draws. A lead clear run by run but not across the draws
*depends on the parameters*. Without draws a clear lead covers Monte Carlo luck only.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

#: Confidence level of every interval reported.
LEVEL = 0.95
#: A paired gain counts as clear when it holds in at least this share of runs.
CLEAR_SHARE = 0.9
#: Metrics that are better when larger; every other metric is better when smaller.
MAXIMISE = frozenset(
    {
        "profit",
        "revenue",
        "net_revenue",
        "orders",
        "motivation_index",
        "mean_effort",
        "csat",
        "qa_score",
        "pay_performance_corr",
    }
)

Status = Literal["clear", "depends_on_parameters", "ahead_on_average", "within_noise"]


def mean_ci(values: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over axis 0 and its two-sided t confidence interval (NaN with fewer than 2 runs)."""
    x = np.asarray(values, dtype=float)
    n = np.sum(np.isfinite(x), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a metric undefined in every run
        mean = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0, ddof=1) if x.shape[0] > 1 else np.full(mean.shape, np.nan)
        half = stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
    half = np.where(n > 1, half, np.nan)
    return mean, mean - half, mean + half


def stat_se(values: np.ndarray, stat: str) -> float:
    """Standard error of a statistic of runs: the mean (sd/√n) or a percentile ``pNN``
    (normal theory: sd·√(q(1−q)) ÷ φ(z_q) ÷ √n)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size < 2:
        return float("nan")
    se = float(np.std(x, ddof=1) / np.sqrt(x.size))
    if stat == "mean":
        return se
    q = percentile_of(stat)
    return se * float(np.sqrt(q * (1 - q)) / stats.norm.pdf(stats.norm.ppf(q)))


def percentile_of(stat: str) -> float:
    """``p90`` → 0.9; ``mean`` → 0.5 is not a percentile (ValueError)."""
    if not (stat.startswith("p") and stat[1:].isdigit() and 0 < int(stat[1:]) < 100):
        raise ValueError(f"not a percentile: {stat}")
    return int(stat[1:]) / 100


def statistic(values: np.ndarray, stat: str) -> float:
    """The mean or a percentile ``pNN`` of the finite runs."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return float("nan")
    return float(x.mean() if stat == "mean" else np.quantile(x, percentile_of(stat)))


def fresh_seed_margin(values: np.ndarray, stat: str, level: float = LEVEL) -> float:
    """How far the statistic may move on a fresh seed with as many runs: the one-sided
    ``level`` prediction margin z·√2·SE (this estimate's error plus the fresh one's)."""
    return float(stats.norm.ppf(level) * np.sqrt(2.0) * stat_se(values, stat))


def paired_ci(
    values: np.ndarray, reference: np.ndarray, level: float = LEVEL
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean paired difference ``values − reference`` (run by run, axis 0) and its CI."""
    return mean_ci(np.asarray(values, float) - np.asarray(reference, float), level)


@dataclass(frozen=True)
class Decision:
    """Whether the leader beats the runner-up on ``metric``, run by run on the same draws."""

    metric: str
    leader: str
    runner_up: str
    win_share: float  # share of paired runs where the leader's metric is strictly better
    mean_diff: float  # mean of leader − runner-up over runs
    ci_low: float
    ci_high: float
    runs: int  # paired runs used
    max_runs: int  # the budget
    status: Status
    draws: int = 0  # parameter draws the runs were spread across (0: none)
    draw_share: float | None = None  # share of those draws where the leader is ahead

    @property
    def clear(self) -> bool:
        return self.status == "clear"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def decide(
    per_run: pd.DataFrame,
    plans: Sequence[str],
    metric: str = "profit",
    max_runs: int | None = None,
    share: float = CLEAR_SHARE,
    draw: np.ndarray | None = None,
) -> Decision | None:
    """The leader and runner-up on ``metric`` (per-run table with plan, run, metric) and
    how clearly the one beats the other; None with fewer than two plans. ``draw``: the
    parameter draw of each run (index by run; negative: none), see the module docstring."""
    if len(plans) < 2 or metric not in per_run:
        return None
    wide = per_run.pivot_table(index="run", columns="plan", values=metric, sort=False)
    better = 1.0 if metric in MAXIMISE else -1.0
    order = sorted(plans, key=lambda p: better * float(wide[p].mean()), reverse=True)
    leader, runner = order[0], order[1]
    diff = (wide[leader] - wide[runner]).dropna().to_numpy()
    mean, lo, hi = (float(v) for v in mean_ci(diff))
    wins = float(np.mean(better * diff > 0)) if diff.size else float("nan")
    if wins >= share:
        status: Status = "clear"
    elif better * lo > 0 and better * hi > 0:
        status = "ahead_on_average"
    else:
        status = "within_noise"
    runs = int(diff.size)
    n_draws, draw_share = 0, None
    if draw is not None and diff.size and (np.asarray(draw) >= 0).any():
        k = np.asarray(draw)[(wide[leader] - wide[runner]).dropna().index.to_numpy()]
        per_draw = pd.Series(better * diff).groupby(k).mean()
        n_draws, draw_share = int(per_draw.size), float((per_draw > 0).mean())
        if status == "clear" and draw_share < share:
            status = "depends_on_parameters"
    return Decision(metric, leader, runner, wins, mean, lo, hi, runs, max_runs or runs, status,
                    n_draws, draw_share)  # fmt: skip


def versus_best(tables: Sequence[pd.DataFrame], metric: str) -> tuple[int, np.ndarray]:
    """The best point on ``metric`` (by mean over runs) and, per point, whether it is not
    distinguishable from it (the 95% CI of its paired difference to the best covers 0)."""
    runs = np.column_stack([t[metric].to_numpy(float) for t in tables])
    better = 1.0 if metric in MAXIMISE else -1.0
    means = mean_ci(runs)[0]
    if not np.isfinite(means).any():
        return -1, np.zeros(len(tables), dtype=bool)
    best = int(np.nanargmax(better * means))
    _, lo, hi = paired_ci(runs, runs[:, [best]])
    tied = (lo <= 0) & (hi >= 0) | (np.arange(len(tables)) == best)
    return best, np.asarray(tied, dtype=bool)


def stat_ci(values: np.ndarray, stat: str, level: float = LEVEL) -> tuple[float, float, float]:
    """A statistic of runs (mean or ``pNN``) and its two-sided t interval (± t·SE)."""
    x = np.asarray(values, dtype=float)
    n = int(np.isfinite(x).sum())
    value, se = statistic(x, stat), stat_se(x, stat)
    half = float(stats.t.ppf(0.5 + level / 2, max(n - 1, 1)) * se)
    return value, value - half, value + half
