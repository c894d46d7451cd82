"""Attainment states placed from the plan, and every reader of a policy solved on them.

With ``behaviour.states: auto`` (the default) each later month of a pay cycle has its
own states (perfkit.model.behaviour.attainment); the policy holds every month's table
read at the union of all months' states (continuation.on_states). The Monte Carlo runs
(perfkit.simulate.runs), hires (perfkit.simulate.newcomers) and calibration
(perfkit.fit.calibration.effort) read that table at an agent's attainment so far by
linear interpolation. Invariant checked here: that reading gives exactly what the
month's own table gives, at any attainment, for every reader; and the states sit at
the exact quantiles of the agents' pooled spans.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.fit.calibration.effort import _at_states
from perfkit.model.behaviour.attainment import _spread
from perfkit.model.behaviour.continuation import interpolate, on_states

RNG = np.random.default_rng(7)
#: Month 2's and month 3's own states (as auto places them: each its own) and one of 1.
OWN = {
    0: np.array([1.0]),
    1: np.array([0.3, 0.7, 1.0, 1.6]),
    2: np.array([0.1, 0.5, 1.0, 1.2, 2.4]),
}
AGENTS = 6


@pytest.fixture(scope="module")
def tables() -> dict[int, np.ndarray]:
    return {m: RNG.uniform(0.0, 3.0, (s.size, AGENTS)) for m, s in OWN.items()}


def test_the_union_table_reads_as_each_months_own(tables) -> None:
    union, held = on_states(tables, OWN)
    assert set(np.concatenate(list(OWN.values()))) == set(union)
    x = RNG.uniform(0.0, 3.0, (50, AGENTS))  # beyond both ends of some months' states
    for m, own in OWN.items():
        assert interpolate(held[m], union, x) == pytest.approx(interpolate(tables[m], own, x))


def test_calibration_reads_rows_as_the_runs_read_seats(tables) -> None:
    """fit.calibration.effort reads one row per (period, agent); simulate.runs reads one
    seat per run: the same number at the same attainment."""
    union, held = on_states(tables, OWN)
    rows = 200
    period, agent = RNG.integers(0, 3, rows), RNG.integers(0, AGENTS, rows)
    luck = RNG.uniform(0.0, 3.0, rows)
    got = _at_states(held, union, period, agent, luck)
    for i, (m, n) in enumerate(zip(period, agent, strict=True)):
        own = interpolate(tables[m][:, n : n + 1], OWN[m], luck[i : i + 1, None])
        assert got[i] == pytest.approx(own[0, 0])


def test_identical_agents_get_evenly_spaced_states() -> None:
    states = _spread(np.full(10, 0.5), np.full(10, 2.5), 11)
    assert np.diff(states) == pytest.approx(np.full(10, 0.96 * 2.0 / 10))
    assert states[0] == pytest.approx(0.5 + 0.02 * 2.0)


def test_states_are_the_pooled_spans_quantiles() -> None:
    """Against a brute-force pool: each agent's span as 4,000 evenly spread points."""
    lo = RNG.uniform(0.0, 1.0, 300)
    hi = lo + RNG.uniform(0.01, 2.0, 300)
    u = (np.arange(4000) + 0.5) / 4000
    pooled = (lo[:, None] + (hi - lo)[:, None] * u).ravel()
    brute = np.quantile(pooled, np.linspace(0.02, 0.98, 11))
    assert _spread(lo, hi, 11) == pytest.approx(brute, abs=1e-3)
