"""Team-month noise as a stationary AR(1): fitting it to a panel, drawing it.

Used by the pilot's power analysis (perfkit.analysis.pilot.power: the noise of the
outcome it tests) and by the forecasts' level bands (perfkit.simulate.levels: the
export's own team-month noise beyond what the simulator produces, estimated by
perfkit.analysis.estimate.season).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Largest first-order autocorrelation fitted (a panel of a year says little about more).
MAX_RHO = 0.9


@dataclass(frozen=True)
class NoiseModel:
    """AR(1) residual noise of a team × month outcome: one sd per team, one ρ."""

    sigma: np.ndarray
    rho: float

    def draw(self, reps: int, periods: int, rng: np.random.Generator) -> np.ndarray:
        """reps × teams × periods of stationary AR(1) noise."""
        return self.shape(rng.standard_normal((reps, len(self.sigma), periods)))

    def shape(self, z: np.ndarray) -> np.ndarray:
        """Standard normal innovations (… × teams × periods) made stationary AR(1) noise."""
        e = np.empty_like(z)
        e[..., 0] = z[..., 0]
        inno = np.sqrt(1.0 - self.rho**2)
        for t in range(1, z.shape[-1]):
            e[..., t] = self.rho * e[..., t - 1] + inno * z[..., t]
        return e * self.sigma[..., :, None]


def two_way_residuals(y: np.ndarray) -> tuple[np.ndarray, float]:
    """Residuals of a teams × periods panel after team and period means (two-way fixed
    effects), and the degrees-of-freedom factor of their variance. NaN cells (no data)
    are left out of the means and stay NaN."""
    ok = np.isfinite(y)
    z = np.where(ok, y, 0.0)
    resid = np.where(ok, z, np.nan)
    for _ in range(50):  # alternating projections: exact in one pass on a balanced panel
        resid = resid - np.nanmean(resid, axis=1, keepdims=True)
        resid = resid - np.nanmean(resid, axis=0, keepdims=True)
    g, t = y.shape
    n = int(ok.sum())
    dof = n / max(n - g - t + 1, 1)
    return resid, float(dof)


def fit(resid: np.ndarray, dof: float = 1.0) -> NoiseModel:
    """Each team's sd (× the fixed effects' degrees of freedom) and one pooled ρ of a
    residual panel (teams × periods; NaN: no data)."""
    sigma = np.sqrt(np.nanmean(resid**2, axis=1) * dof)
    a, b = resid[:, 1:], resid[:, :-1]
    both = np.isfinite(a) & np.isfinite(b)
    den = float((b[both] ** 2).sum())
    rho = float((a[both] * b[both]).sum() / den) if den > 0 else 0.0
    return NoiseModel(sigma=np.nan_to_num(sigma), rho=float(np.clip(rho, 0.0, MAX_RHO)))
