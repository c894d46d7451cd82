"""Power of a pilot by simulation: the minimum detectable effect (MDE).

Method (stated in every plan):

1. Noise comes from the export itself. On the team × month panel of an outcome per
   agent (revenue, profit after pay), remove team and month means (two-way fixed
   effects); the residuals give each team's standard deviation (with the degrees of
   freedom the fixed effects used) and one pooled first-order autocorrelation ρ, so
   months of one team are not treated as independent (Bertrand, Duflo & Mullainathan
   2004).
2. Each replicate re-draws the pilot teams by the same stratified randomisation
   (perfkit.analysis.pilot.randomise), draws AR(1) team-month noise for the export's months
   (before the pilot) plus the pilot's months, and computes the planned estimator:
   the difference in differences of team means weighted by headcount, which is what
   the agent- and month-fixed-effects regression of the evaluation gives on a
   balanced panel.
3. The test rejects when the estimate lies outside the central 95% of its simulated
   null distribution (5% two-sided, a size-correct test by construction). Adding an
   effect δ to the pilot's months moves every estimate by exactly δ, so power(δ) is
   the share of replicates with |β₀ + δ| above that bound, and the MDE is the δ with
   80% power (bisection).
"""

from __future__ import annotations

import numpy as np

from perfkit.core.errors import PilotError
from perfkit.simulate.noise import NoiseModel, fit, two_way_residuals

__all__ = ["NoiseModel", "mde", "noise_model", "null_estimates", "power_at"]

POWER, ALPHA = 0.80, 0.05


def noise_model(y: np.ndarray) -> NoiseModel:
    """Fit the noise of a teams × periods panel (two-way fixed-effects residuals)."""
    g, t = y.shape
    if g < 2 or t < 2:
        raise PilotError(
            f"the power analysis needs at least 2 teams and 2 months of history; the export "
            f"has {g} team(s) and {t} month(s)"
        )
    return fit(*two_way_residuals(y))


def changes(noise: NoiseModel, reps: int, pre: int, post: int, seed: int) -> np.ndarray:
    """reps × teams: each team's mean noise during the pilot minus before it."""
    e = noise.draw(reps, pre + post, np.random.default_rng(seed))
    return e[..., pre:].mean(axis=2) - e[..., :pre].mean(axis=2)


def did_of(change: np.ndarray, pilot: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Headcount-weighted DiD per replicate: pilot teams' change minus control teams'."""
    wp, wc = pilot * weights, (~pilot) * weights
    return (change * wp).sum(1) / wp.sum(1) - (change * wc).sum(1) / wc.sum(1)


def null_estimates(
    noise: NoiseModel, pilot: np.ndarray, weights: np.ndarray, pre: int, post: int, seed: int
) -> np.ndarray:
    """DiD estimates with no effect, one per replicate (rows of ``pilot``: reps × teams)."""
    return did_of(changes(noise, pilot.shape[0], pre, post, seed), pilot, weights)


def power_at(null: np.ndarray, effect: float | np.ndarray) -> np.ndarray:
    """Share of replicates whose estimate with ``effect`` added is rejected at 5%."""
    bound = np.quantile(np.abs(null), 1 - ALPHA)
    eff = np.atleast_1d(np.asarray(effect, float))
    return (np.abs(null[None, :] + eff[:, None]) > bound).mean(axis=1)


def mde(null: np.ndarray, power: float = POWER) -> float:
    """Smallest effect (positive) detected with ``power`` (bisection; symmetric null)."""
    lo, hi = 0.0, 10.0 * float(np.std(null)) + 1e-12
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if power_at(null, mid)[0] < power else (lo, mid)
    return hi
