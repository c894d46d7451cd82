"""The attainment states a later month of a pay cycle is solved at, sized from the plan.

Under pay measured over a quarter, a month's best choice depends on the agent's
attainment so far l (cumulative revenue ÷ the reference path's): it pushes when behind
but within reach of a threshold, eases off once the threshold is made, and gives up
when even its highest effort could not reach it. Between these the choice is flat, so
states are needed only across the span from "give up" to "made it": the plan's
thresholds (quota tiers, cliffs) seen from attainment so far, widened by what the
months left can still add or lose and by their noise.

The thresholds are found without reading the plan (any pay function works): expected
pay at the reference choice is priced at ``PROBE`` attainments from 0 to ``SPAN`` × the
reference cycle's total; where its slope in l changes (a kink or a smoothed cliff) an
agent has a threshold in reach. Per agent the span is then

    [first threshold − reach − noise, last threshold + fall + noise]

with reach = (revenue left at the highest effort − at the reference) ÷ revenue so far,
fall = (revenue left at the reference − at no effort) ÷ revenue so far, and noise =
2 sd of the revenue left ÷ revenue so far, cut to the band attainment so far is likely
to fall in (1 ± ``LIKELY`` sd of the revenue so far ÷ its reference). The states, shared
by the floor, sit at evenly spaced quantiles of the agents' spans pooled (each uniform
over its own span; so they crowd where many agents' choices change); the one nearest 1
moves to 1 (where the policy's centre is read). A plan with no threshold in a cycle
needs one state.

Used by default (``behaviour.states: auto``; ``behaviour.state_points`` states, 11 by
default; a listed ``behaviour.states`` replaces them). Checked against the exact dynamic programme of a textbook quarter in
``tests/model/test_quarter_loop.py``; on a floor of differing agents the shared states
cannot sit near every agent's own give-up edge, so the push of agents just behind is not
yet reliable there (measurements in docs/behaviour-model.md, "Within a quarter").
"""

from __future__ import annotations

import numpy as np

from perfkit.model.funnel import DIMS, Choice

#: Attainments priced to find the thresholds.
PROBE = 25
#: ... from 0 to this multiple of the reference cycle's total revenue.
SPAN = 3.0
#: A change of slope larger than this share of the largest slope marks a threshold.
KINK = 0.02
#: Attainment so far beyond this many of its sds from the reference path is not solved for
#: (clipped to the nearest state): the path the agents really take lies above the
#: reference (they work harder than before the plan), so the band is wide.
LIKELY = 3.5
#: Share of the agents' pooled spans left out at each end of the shared states.
TAIL = 0.02


def state_grid(pricing, fine, m: int, window: tuple[int, int], plan, reference: Choice,
               cap: np.ndarray | float, count: int) -> np.ndarray:  # fmt: skip
    """Increasing attainment states for period ``m`` of ``window`` (1 among them).

    ``pricing`` prices the probe; ``fine`` gives expected revenue (``reference_revenue``);
    ``plan``: the cycle's Continuation (reference revenue, later months' choices);
    ``reference``: the reference path's choice; ``cap``: each agent's highest effort.
    """
    w0, w1 = window
    n = reference.effort.shape[-1]
    left = lambda c: sum(fine.reference_revenue(w, c) for w in range(m, w1 + 1))  # noqa: E731
    at = lambda e: Choice(np.broadcast_to(e, (n,)), reference.quality, reference.help)  # noqa: E731
    now = left(reference)
    ratio = float(np.median(plan.so_far(w0, w1 + 1) / np.maximum(plan.so_far(w0, m), 1e-12)))
    probe = np.linspace(0.0, SPAN * ratio, PROBE)
    cand = Choice(*(np.broadcast_to(getattr(reference, d), (PROBE, 1, n)) for d in DIMS))
    priced = pricing.price(m, window, probe, cand, [reference] * (w1 - w0 + 1), plan)
    so_far = np.maximum(plan.so_far(w0, m), 1e-12)
    first, last = _thresholds(probe, priced.ce[:, 0, :])
    if not np.isfinite(first).any():
        return np.array([1.0])
    reach = (left(at(np.asarray(cap, float))) - now) / so_far
    fall = (now - left(at(0.0))) / so_far
    sd = priced.revenue_sd[PROBE // 2, 0] / so_far  # one month's noise in attainment units
    noise = 2.0 * sd * np.sqrt(w1 - m + 1)
    likely = LIKELY * sd * np.sqrt(m - w0)  # how far attainment so far strays from its path
    ok = np.isfinite(first)
    lo = np.maximum(first - reach - noise, 1.0 - likely)[ok]
    hi = np.minimum(last + fall + noise, 1.0 + likely)[ok]
    return _through_one(_spread(np.maximum(lo, 0.0), np.maximum(hi, lo + 1e-3), count))


def _spread(lo: np.ndarray, hi: np.ndarray, count: int) -> np.ndarray:
    """``count`` states shared by agents whose spans are [lo, hi]: at evenly spaced
    quantiles (``TAIL`` to 1 − ``TAIL``) of the spans pooled, each agent spread uniformly
    over its own, so states crowd where many agents' choices change.

    The pooled distribution is a mixture of uniforms: its distribution function is
    piecewise linear between the spans' ends, so its quantiles are exact (identical
    agents get evenly spaced states, not states paired by a sample's steps)."""
    ends = np.concatenate([lo, hi])
    order = np.argsort(ends, kind="stable")
    density = 1.0 / (lo.size * (hi - lo))  # each agent's share per unit of attainment
    slope = np.cumsum(np.concatenate([density, -density])[order])  # right of each end
    x = ends[order]
    cdf = np.concatenate([[0.0], np.cumsum(slope[:-1] * np.diff(x))])
    cdf /= cdf[-1]
    return np.interp(np.linspace(TAIL, 1.0 - TAIL, count), cdf, x)


def _through_one(grid: np.ndarray) -> np.ndarray:
    """``grid`` with the state nearest 1 moved to 1 if it is within half a step, else with 1
    added: the policy's centre is read at 1, and no state is wasted beside it."""
    near = int(np.argmin(np.abs(grid - 1.0)))
    step = np.diff(grid).min() if grid.size > 1 else np.inf
    if abs(grid[near] - 1.0) <= 0.5 * step:
        grid = grid.copy()
        grid[near] = 1.0
        return np.unique(np.round(grid, 9))
    return np.unique(np.round(np.concatenate([grid, [1.0]]), 9))


def _thresholds(probe: np.ndarray, ce: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per agent, the lowest and highest attainment at which expected pay's slope changes
    (a threshold), bracketed by the probe's neighbours; NaN where it never does."""
    slope = np.diff(ce, axis=0) / np.diff(probe)[:, None]
    bend = np.abs(np.diff(slope, axis=0))
    scale = np.abs(slope).max(axis=0)
    kinked = bend > KINK * np.maximum(scale, 1e-12)
    kinked &= scale > 1e-9 * np.maximum(np.abs(ce).max(axis=0), 1.0)
    where = np.where(kinked, probe[1:-1, None], np.nan)
    some = kinked.any(axis=0)
    step = probe[1] - probe[0]
    first = np.where(some, np.nanmin(np.where(some, where, 0.0), axis=0) - step, np.nan)
    last = np.where(some, np.nanmax(np.where(some, where, 0.0), axis=0) + step, np.nan)
    return first, last
