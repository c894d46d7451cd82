"""The shocks on which candidate choices are priced: stratified, and the same for every agent.

A best response priced on a few independent draws per agent turns a pay cliff into
a coin toss: two identical agents see different luck and choose different efforts.
Here every agent prices on the *same set* of K joint draws (shock × period), each
1-D margin stratified at the midpoint quantiles Φ⁻¹((k + ½) ÷ K) and rescaled to
unit variance (a Latin hypercube: McKay, Beckman & Conover 1979), so the set is
symmetric (antithetic) and covers the tails evenly. Each agent takes the set in its
own random order: identical agents get identical expected pay and variance under a
private plan, while in any one pricing run teammates' luck is not shared (which
matters where pay depends on rank or on the team).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm


def stratified_normals(
    shocks: int, samples: int, periods: int, rng: np.random.Generator
) -> np.ndarray:
    """K joint draws (shocks × K × periods): midpoint normal quantiles, each margin shuffled."""
    q = norm.ppf((np.arange(samples) + 0.5) / samples)
    q = q / np.sqrt(np.mean(q * q))  # unit variance exactly; the mean is 0 by symmetry
    order = np.argsort(rng.random((shocks, periods, samples)), axis=-1)
    return np.moveaxis(q[order], -1, 1)


def agent_draws(
    base: np.ndarray,
    agents: int,
    rng: np.random.Generator,
    groups: np.ndarray | None = None,
    at: np.ndarray | slice = slice(None),
) -> np.ndarray:
    """The same draw set for every agent, each agent in its own order (S × K × P × N).

    Without ``groups`` each agent takes a random order. With ``groups`` (team codes, for
    pay that depends on teammates; teams no larger than the set) the order is the set
    shifted cyclically, teammates spread evenly round the cycle: in any pricing run each agent meets its teammates at
    the same offsets as every other teammate does, so identical agents face the same
    luck of others, not just the same luck of their own. ``at``: the agents whose draws
    are returned (a part of the floor drawing as on it), in that order.
    """
    samples = base.shape[1]
    if samples == 1:
        return np.repeat(base[..., None], np.arange(agents)[at].size, axis=-1)
    size = None if groups is None else np.bincount(groups)
    if size is None or size.max() > samples:  # teams larger than the set: random orders
        order = np.argsort(rng.random((agents, samples)), axis=1)  # N × K
    else:
        position = np.zeros(agents, dtype=np.int64)
        for g in np.unique(groups):  # per team, not per agent
            members = np.flatnonzero(groups == g)
            position[members] = np.arange(members.size)
        offset = rng.integers(0, samples, size.size)
        shift = (
            np.rint(position * samples / size[groups]).astype(np.int64) + offset[groups]
        ) % samples
        order = (np.arange(samples)[None, :] + shift[:, None]) % samples
    return np.moveaxis(base[:, order[at], :], 1, -1)  # S × N × K × P → S × K × P × N
