"""Counts from normal shocks, written in place: the funnel's square-root normal transform.

X ≈ (√μ + √φ·z/2)² − φ/4 has mean μ and variance φ·μ (accurate for μ ≳ 1). A pricing
call's rows are large (states × draws × candidates × agents), and each fresh row array
costs page faults and memory traffic, so :func:`counted` runs the transform's steps over
one array of the caller's: the same operations in the same order, the same numbers.
"""

from __future__ import annotations

import numpy as np


def count(
    mu: np.ndarray, z: np.ndarray, dispersion: float | np.ndarray = 1.0, whole: bool = True
) -> np.ndarray:
    """Counts with mean ≈ ``mu`` and variance ≈ dispersion × mu, from normal shocks.

    ``whole=False`` skips the rounding, so pay priced on the counts is smooth in the
    choices (used when pricing candidate choices).
    """
    return counted(np.array(mu, dtype=float), z, dispersion, whole)


def counted(
    mu: np.ndarray,
    z: np.ndarray,
    dispersion: float | np.ndarray,
    whole: bool,
    most: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`count` written over ``mu`` (a float array of the caller's own, overwritten),
    at most ``most``: the same operations in the same order, without a temporary per step
    (a pricing call's rows are large: each fresh array costs page faults)."""
    full = np.broadcast_shapes(mu.shape, np.shape(z), np.shape(dispersion))
    own = isinstance(mu, np.ndarray) and mu.shape == full
    root = mu if own else np.broadcast_to(mu, full).copy()
    np.maximum(root, 0.0, out=root)
    np.sqrt(root, out=root)
    root += np.sqrt(dispersion) * 0.5 * z
    np.multiply(root, root, out=root)
    root -= 0.25 * dispersion
    if whole:
        np.rint(root, out=root)
    np.maximum(root, 0.0, out=root)
    if most is not None:
        np.minimum(root, most, out=root)
    return root


def clipped(score: np.ndarray, low: float, high: float) -> np.ndarray:
    """``score`` clipped to [low, high], in place when it is an array (a score row)."""
    return np.clip(score, low, high, out=score if isinstance(score, np.ndarray) else None)
