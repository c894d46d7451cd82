"""The compiled count of others above a value (perfkit.model.behaviour.placecount) against
the NumPy recursion it replaced, against brute force over every subset of a few others,
and its Φ against scipy's ndtr."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_ndtr, ndtr

from perfkit.model.behaviour import conditional as cond
from perfkit.model.behaviour import placecount


def _recursion(y, fixed, who, mates, bins) -> np.ndarray:
    """The NumPy count that ``conditional._at_most_exact`` ran before it was compiled
    (every other counted, no early stop): P(at most b others above y), b × y's shape."""
    mu_all, sd_all = fixed
    L, C, W, n, Q = y.shape
    count = np.zeros((bins, L, C, W, n, Q))
    count[0] = 1.0
    for p in range(mates.shape[1]):
        j = mates[:, p]  # each deviator's p-th teammate
        mu = mu_all[:, None, :, j, None]
        sd = sd_all[:, None, :, j, None]
        up = cond.above(mu, sd, y)
        up = np.where((j == who)[None, None, None, :, None], 0.0, up)
        top = min(p, bins - 2) + 1
        step = count[:top] * up
        count[:top] -= step
        count[1 : top + 1] += step
    return np.cumsum(count, axis=0)


def _case(rng, L, C, W, teams, size, spread, ties=False):
    """A floor of ``teams`` × ``size`` agents, each deviator with C candidates."""
    N = teams * size
    group = np.repeat(np.arange(teams), size)
    mu = rng.normal(100.0, spread, (L, W, N))
    sd = rng.uniform(2.0, 15.0, (L, W, N))
    if ties:
        sd[..., ::3] = 0.0
        mu[..., 1::5] = mu[..., 0:1]
    own = mu[:, None] + rng.normal(0, 10, (L, C, W, N))
    y = own[..., None] + sd[:, None, :, :, None] * cond.NODES[0]
    if ties:  # values exactly at some others' means
        y[..., 0] = mu[:, None, :, :1]
    who = np.arange(N)
    mates = cond._members(group)[group]
    return y, (mu, sd), who, mates


@settings(max_examples=20, deadline=None)
@given(
    teams=st.integers(1, 3),
    size=st.integers(2, 25),
    bins_less=st.integers(0, 30),
    spread=st.floats(0.0, 40.0),
    ties=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_compiled_count_is_the_numpy_recursion(teams, size, bins_less, spread, ties, seed):
    """On generated groups (sizes 2–25, means spread up to 4 sds, ties and zero sds
    among them), every P(at most b others above y) is the recursion's to 1e-12."""
    rng = np.random.default_rng(seed)
    y, fixed, who, mates = _case(rng, 2, 3, 2, teams, size, spread, ties)
    bins = max(2, size + 1 - bins_less)
    got = cond._at_most_exact(y, fixed, who, mates, bins)
    want = _recursion(y, fixed, who, mates, bins)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert np.all(got[-1] == pytest.approx(1.0, abs=1e-12))


def test_a_forced_team_of_twenty_is_the_numpy_recursion() -> None:
    """The forced-distribution case: 19 others in teams of 20, 20 counts."""
    rng = np.random.default_rng(3)
    y, fixed, who, mates = _case(rng, 1, 14, 1, 10, 20, 20.0)
    got = cond._at_most_exact(y, fixed, who, mates, 20)
    np.testing.assert_allclose(got, _recursion(y, fixed, who, mates, 20), rtol=0, atol=1e-12)


def test_a_company_champion_settles_within_its_bound() -> None:
    """200 agents, pay over the top 3 places (4 counts): values surely beaten by 3 others
    stop early, every count stays within 1e-12 of the full recursion."""
    rng = np.random.default_rng(4)
    y, fixed, who, mates = _case(rng, 1, 3, 1, 1, 200, 30.0)
    got = cond._at_most_exact(y, fixed, who, mates, 4)
    np.testing.assert_allclose(got, _recursion(y, fixed, who, mates, 4), rtol=0, atol=1e-12)


def test_three_others_by_brute_force() -> None:
    """With three others, P(at most b above y) is the sum over the 8 subsets of others
    above: the probability of each subset is the product of its chances."""
    rng = np.random.default_rng(5)
    y, (mu, sd), who, mates = _case(rng, 1, 2, 1, 1, 4, 10.0)
    got = cond._at_most_exact(y, (mu, sd), who, mates, 4)
    for i in range(4):
        others = [j for j in range(4) if j != i]
        p = np.stack([ndtr((mu[0, 0, j] - y[0, :, 0, i]) / sd[0, 0, j]) for j in others])
        exactly = np.zeros((4, *p.shape[1:]))
        for above in itertools.product([0, 1], repeat=3):
            chance = np.prod([p[k] if a else 1 - p[k] for k, a in enumerate(above)], axis=0)
            exactly[sum(above)] += chance
        want = np.cumsum(exactly, axis=0)
        np.testing.assert_allclose(got[:, 0, :, 0, i], want, rtol=0, atol=1e-14)


def test_phi_is_scipys_ndtr() -> None:
    """The tabulated Taylor Φ is within 2.3e-16 of scipy's ndtr on ±12, tails included."""
    t = np.concatenate([np.linspace(-12, 12, 400_001), [-8.5, 8.5, 0.0, -1e-300]])
    got = np.array([placecount._ndtr(x, placecount.TABLE) for x in t])
    assert np.abs(got - ndtr(t)).max() < 2.3e-16


def test_log_phi_is_scipys_log_ndtr() -> None:
    """The compiled log Φ (the champion's grid, perfkit.model.behaviour.rankgrid) is within
    1e-15 × max(1, |log Φ|) of scipy's log_ndtr from 60 sds below to 10 above (its table,
    ``erfc`` and asymptotic pieces, and their joins at −5 and −20)."""
    t = np.concatenate([np.linspace(-60, 10, 200_001), [-20.0, -5.0, 8.3]])
    got = np.array([placecount.log_ndtr(x) for x in t])
    want = log_ndtr(t)
    assert np.all(np.abs(got - want) <= 1e-15 * np.maximum(1.0, np.abs(want)))
