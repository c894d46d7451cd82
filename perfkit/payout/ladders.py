"""Commission arithmetic on a base amount: flat, marginal and whole-amount ladders.

Pure functions of NumPy arrays. A ladder is ``starts`` (band lower edges, the
first 0, strictly increasing) and ``rates`` (one per band).

* marginal (超额累进): each slice of the base between two band edges earns its
  band's rate, like tax brackets, so commission is continuous in the base;
* whole (全额累进): the rate of the highest band reached applies to the whole
  base, so commission jumps at every band edge (a cliff);
* flat: one band.
"""

from __future__ import annotations

import numpy as np


def marginal(base: np.ndarray, starts: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Σ over bands of rate × the part of ``base`` inside the band."""
    base = np.asarray(base, dtype=float)
    out = np.zeros_like(base)
    part = np.empty_like(base)  # the part in one band, reused band after band
    ends = np.append(starts[1:], np.inf)
    for lo, hi, rate in zip(starts, ends, rates, strict=True):
        np.subtract(base, lo, out=part)
        np.clip(part, 0.0, hi - lo, out=part)
        part *= rate
        out += part
    return out


def band_rate(base: np.ndarray, starts: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """The rate of the highest band whose start ``base`` reaches (0 below the first)."""
    idx = np.searchsorted(starts, np.asarray(base, dtype=float), side="right") - 1
    rates_ext = np.append(0.0, rates)
    return rates_ext[idx + 1]


def whole(base: np.ndarray, starts: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """The reached band's rate × the whole base."""
    base = np.asarray(base, dtype=float)
    return band_rate(base, starts, rates) * np.clip(base, 0.0, None)


def commission_on(
    base: np.ndarray,
    starts: np.ndarray,
    rates: np.ndarray,
    mode: str,
    gate: float = 0.0,
    accelerator: tuple[float, float] | None = None,
    cap: float | None = None,
) -> np.ndarray:
    """Commission for each base amount, applying in order: ladder, accelerator, gate, cap.

    ``accelerator = (above, multiplier)`` multiplies the commission earned on the part
    of the base above ``above``: for a marginal ladder that is C(base) − C(above); for a
    whole-amount ladder it is the reached rate × (base − above). ``gate``: nothing
    while the base is below it. ``cap``: at most this much.
    """
    base = np.maximum(np.asarray(base, dtype=float), 0.0)
    starts = np.asarray(starts, dtype=float)
    rates = np.asarray(rates, dtype=float)
    # a flat rate is a one-band marginal ladder
    amount = whole(base, starts, rates) if mode == "whole" else marginal(base, starts, rates)
    if accelerator is not None:
        above, multiplier = accelerator
        if mode == "whole":
            extra = band_rate(base, starts, rates) * np.clip(base - above, 0.0, None)
        else:
            extra = amount - marginal(np.minimum(base, above), starts, rates)
        amount = amount + (multiplier - 1.0) * extra
    if gate > 0:
        amount = np.where(base < gate, 0.0, amount)
    if cap is not None:
        amount = np.minimum(amount, cap)
    return amount
