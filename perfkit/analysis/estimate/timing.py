"""Deal-timing share from the export: bunching just above the pay edges of the plan in force.

What identifies it. Under a plan with a cliff (a whole-amount ladder edge, a gate, a
bonus threshold) an agent who ends a month just below the edge can pull some of next
month's deals in and land above it (perfkit.simulate.timing). With a share ``s`` of a
month's revenue movable, at a discount ``d``, every agent within ``s·(1 − d)`` of the
edge can cross, so the agent-months just below it empty into the ones just above. The
statistic is the moments' bunching ratio (perfkit.analysis.estimate.moments), pooled
over every edge of every plan in force: ``B = log((a + ½) ÷ (b + ½))``, with ``a`` the
agent-months in [edge, edge × 1.05) and ``b`` those in [edge × 0.95, edge).

Effort alone does not bunch: effort is chosen before the month's luck, and a month's
revenue varies by far more than 5% (orders and order values are noisy), so without
timing the revenue density is smooth across an edge and B ≈ 0.

From B to s. With the density flat across the two windows (width W = 5%), the share
of the lower window that crosses is min(s·(1 − d) ÷ W, 1) = 1 − b ÷ n, n the
agent-months it would hold without timing. Taking n = a (an upper estimate of n when
the movers land in the upper window, so the share comes out conservative, i.e. high):

    ŝ = W · (1 − e^(−B)) ÷ (1 − d),

capped at W ÷ (1 − d) (≈ 5.4% at the prior's 8% discount): a share that large already
empties the lower window, so larger shares look the same. Teams are the cluster: B is
bootstrapped by team. Verdicts:

- *bunching*: B's one-sided 95% lower bound is above 0: timing is there, and ŝ is a
  lower bound of the share (not every agent within reach moves: the hassle threshold,
  a thin pipeline next month; and ŝ saturates at the cap): the range written is from
  the 5th percentile of ŝ to the larger of its 95th and the default range's top
  (perfkit.scheme.priors);
- *no bunching*: ŝ, clipped at 0, with a one-sided 95% upper bound; an export with no
  bunching at the edges of a plan that had cliffs rejects shares above it;
- *not identified*: the plans in force have no cliff, or fewer than :data:`MIN_NEAR`
  agent-months lie near them: the prior stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from perfkit.scheme.population import DealTiming
from perfkit.scheme.priors import decisive

#: Width of each window beside an edge, as a share of the edge (moments' bunching windows).
WINDOW = 0.05
#: Fewest agent-months in the windows for the export to say anything.
MIN_NEAR = 20
DRAWS = 999


@dataclass(frozen=True)
class TimingEstimate:
    """The deal-timing share the export allows, with the evidence."""

    status: str  # "bunching" | "no bunching" | "not identified"
    share: float  # the value to use
    low: float  # its interval (no bunching: 0 to the 95% upper bound)
    high: float
    above: int  # agent-months just above / just below the edges
    below: int
    log_ratio: float  # B (NaN when not identified)
    edges: list[str] = field(default_factory=list)
    prior: float = 0.1
    reason: str = ""

    @property
    def identified(self) -> bool:
        return self.status != "not identified"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def line(self) -> str:
        """One line for the command's output and estimates.md."""
        near = f"{self.above} agent-months just above the pay edges, {self.below} just below"
        if self.status == "no bunching":
            return (f"{self.share:.3f}, at most {self.high:.3f} (95%; prior {self.prior:g}): "
                    f"estimated, no bunching ({near})")  # fmt: skip
        if self.status == "bunching":
            return (f"{self.share:.3f}, at least {self.low:.3f} (95%; prior {self.prior:g}): "
                    f"estimated, bunching ({near})")  # fmt: skip
        return f"prior {self.prior:g} kept: NOT identified — {self.reason}"

    def note(self, when: str, data: str) -> str:
        """The ``source:`` note ``perfkit estimate`` writes on ``simulation.timing.share``."""
        head = f"estimated by perfkit estimate {when} from {data}"
        near = f"{self.above} agent-months just above the pay edges, {self.below} just below"
        if self.status == "no bunching":
            return f"{head}: no bunching ({near}); {self.share:.3f}, at most {self.high:.3f} (95%)"
        if self.status == "bunching":
            return (f"{head}: bunching ({near}); {self.share:.3f}, at least {self.low:.3f} "
                    "(95%; bunching bounds the share from below)")  # fmt: skip
        return f"prior (perfkit estimate {when}: not identified from {data}: {self.reason})"


def share_from_ratio(log_ratio: np.ndarray | float, discount: float) -> np.ndarray:
    """ŝ = W·(1 − e^(−B)) ÷ (1 − d), between 0 and the cap W ÷ (1 − d) (module docstring)."""
    b = np.clip(np.asarray(log_ratio, float), 0.0, None)
    return WINDOW * (1.0 - np.exp(-b)) / (1.0 - discount)


def edge_counts(kpis: pd.DataFrame, plans: Any) -> tuple[pd.DataFrame, list[str]]:
    """Agent-months just above and just below every cliff of the plan in force, per team;
    and the edges' descriptions. ``plans``: a PlanHistory (rows name it in ``plan``) or
    one Scenario."""
    from perfkit.analysis.risk import cliff_edges

    found = getattr(plans, "plans", None) or {"": plans}
    one = len(found) == 1 or "plan" not in kpis
    key = pd.Series(str(next(iter(found))), kpis.index) if one else kpis["plan"].astype(str)
    team = kpis["team"].astype(str) if "team" in kpis else pd.Series("", kpis.index)
    above = pd.Series(0.0, kpis.index)
    below = pd.Series(0.0, kpis.index)
    names = []
    for name, sc in found.items():
        mine = (key == str(name)).to_numpy()
        for kpi, edge, *_ in cliff_edges(sc) if mine.any() else []:
            if edge <= 0 or kpi not in kpis:
                continue
            x = kpis[kpi].to_numpy(float)
            above += mine & (x >= edge) & (x < edge * (1 + WINDOW))
            below += mine & (x >= edge * (1 - WINDOW)) & (x < edge)
            names.append(f"{getattr(sc, 'name', name)}: {kpi} {edge:,.0f}")
    counts = pd.DataFrame({"above": above, "below": below}).groupby(team.to_numpy()).sum()
    return counts, names


def estimate_timing(kpis: pd.DataFrame, plans: Any, prior: DealTiming | None = None,
                    seed: int = 0, draws: int = DRAWS) -> TimingEstimate:  # fmt: skip
    """The deal-timing share from the export's bunching at its plans' cliffs (module docstring)."""
    prior = prior or DealTiming()
    counts, names = edge_counts(kpis, plans)
    a, b = int(counts["above"].sum()), int(counts["below"].sum())
    keep = TimingEstimate("not identified", prior.share, np.nan, np.nan, a, b, np.nan, names,
                          prior.share)  # fmt: skip
    if not names:
        return _with(keep, reason="the plans in force have no pay edge (no cliff to bunch at)")
    if a + b < MIN_NEAR:
        return _with(keep, reason=f"only {a + b} agent-months lie within 5% of the pay edges")
    ratio = float(np.log((a + 0.5) / (b + 0.5)))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(23,)))
    teams = len(counts)
    w = np.stack(
        [np.bincount(rng.integers(0, teams, teams), minlength=teams) for _ in range(draws)]
    )
    boot = np.log((w @ counts["above"].to_numpy() + 0.5) / (w @ counts["below"].to_numpy() + 0.5))
    boot = ratio + np.sqrt(teams / max(teams - 1, 1)) * (boot - ratio)  # small-sample factor
    d = prior.pull_discount
    share = float(share_from_ratio(ratio, d))
    if np.quantile(boot, 0.05) > 0:
        lo, hi = (float(share_from_ratio(np.quantile(boot, q), d)) for q in (0.05, 0.95))
        hi = max(hi, decisive("timing_share").default_range[1])
        return TimingEstimate("bunching", share, lo, hi, a, b, ratio, names, prior.share)
    upper = float(share_from_ratio(np.quantile(boot, 0.95), d))
    return TimingEstimate("no bunching", share, 0.0, upper, a, b, ratio, names, prior.share)


def _with(est: TimingEstimate, **changes: Any) -> TimingEstimate:
    return TimingEstimate(**{**est.__dict__, **changes})
