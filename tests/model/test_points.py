"""A window of the smooth step prices only the efforts no earlier window priced
(perfkit.model.behaviour.points), and chooses what pricing every point chooses.

Checked on a certainty equivalent that is a known function of effort alone (a parabola
plus a 1/64 staircase, as a cliff on 64 draws leaves it): the fixed point of the windows
is the same to the last bit with and without the memory of priced points, and the
memory prices fewer candidates (the check could otherwise pass vacuously).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from perfkit.model.behaviour.points import Priced
from perfkit.model.behaviour.refine import POINTS, _fixed_point, on_lattice

PEAKS = np.array([[0.71, 1.18, 0.42, 0.95]])


def staircase(efforts: np.ndarray) -> np.ndarray:
    peak = PEAKS[:, None, :]
    return -((efforts - peak) ** 2) + np.floor(efforts * 64) / 64 * 0.01


def plain(counted: list[int]):
    def price(efforts: np.ndarray, unsettled: np.ndarray):
        counted.append(int(unsettled.sum()) * efforts.shape[1])
        return SimpleNamespace(ce=np.where(unsettled[:, None, :], staircase(efforts), 0.0))

    return price


def test_windows_remembering_priced_points_choose_the_same_with_fewer_candidates() -> None:
    effort = np.array([[0.5, 1.4, 0.2, 0.95]])
    width = np.full(effort.shape, 0.2)
    every: list[int] = []
    want, want_rms = _fixed_point(plain(every), effort, width, (0.0, 1.5), np.inf)
    once: list[int] = []
    priced = Priced(plain(once), effort.shape, 4 * POINTS)
    got, rms = _fixed_point(priced.price, effort, width, (0.0, 1.5), np.inf)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(rms, want_rms)
    assert len(every) > 1, "the windows settled at once: nothing to remember"
    assert sum(once) < sum(every) and priced.rows == sum(once)
    assert abs(got - PEAKS).max() < 0.05  # the smoothed peak, within the staircase's pull


def test_a_window_prices_only_its_new_points_and_a_clipped_bound_once() -> None:
    peak = PEAKS[:, None, :1]
    priced = Priced(lambda e, need: SimpleNamespace(ce=-((e - peak) ** 2)), (1, 1), 4 * POINTS)
    lattice = np.full((1, 1), 0.05)
    everyone = np.ones((1, 1), dtype=bool)
    first = on_lattice(np.array([[10.0]]), lattice, 0.0, 1.5)  # 0.3 … 0.7: all new
    second = on_lattice(np.array([[12.0]]), lattice, 0.0, 1.5)  # two steps on: 0.75, 0.8
    low = on_lattice(np.array([[1.0]]), lattice, 0.0, 1.5)  # 0 four times, then 0.05 … 0.25
    for window, new in [(first, 9), (second, 2), (low, 6)]:
        before = priced.rows
        ce = priced.price(window, everyone).ce
        assert priced.rows - before == new
        np.testing.assert_array_equal(ce, -((window - peak) ** 2))


def test_settled_choices_are_not_priced() -> None:
    seen: list[np.ndarray] = []

    def price(efforts: np.ndarray, need: np.ndarray):
        seen.append(need.copy())
        return SimpleNamespace(ce=np.where(need[:, None, :], staircase(efforts), 0.0))

    priced = Priced(price, (1, 4), 4 * POINTS)
    window = on_lattice(np.array([[10.0, 20.0, 8.0, 19.0]]), np.full((1, 4), 0.05), 0.0, 1.5)
    unsettled = np.array([[True, False, True, False]])
    ce = priced.price(window, unsettled).ce
    np.testing.assert_array_equal(seen[0], unsettled)
    np.testing.assert_array_equal(ce[..., [0, 2]], staircase(window)[..., [0, 2]])
    assert priced.rows == 2 * POINTS


def test_finding_seen_points_in_blocks_of_agents_changes_nothing() -> None:
    """The lookup cut into blocks of agents (perfkit.model.behaviour.points.agent_blocks)
    gives what one whole-floor lookup gives, bit for bit, and the blocks do cut it."""
    from perfkit.model.behaviour.points import agent_blocks
    from perfkit.model.scale.limits import use

    rng = np.random.default_rng(3)
    peaks = rng.uniform(0.2, 1.3, (2, 1, 50))

    def run() -> tuple[list[np.ndarray], int]:
        priced = Priced(
            lambda e, need: SimpleNamespace(ce=-((e - peaks) ** 2)), (2, 50), 4 * POINTS
        )
        out = []
        for centre in (10.0, 12.0, 11.0, 1.0, 12.0):
            centres = np.full((2, 50), centre) + rng_steps
            window = on_lattice(centres, np.full((2, 50), 0.05), 0.0, 1.5)
            out.append(priced.price(window, np.ones((2, 50), dtype=bool)).ce)
        return out, priced.rows

    rng_steps = rng.integers(0, 3, (2, 50)).astype(float)
    whole, whole_rows = run()
    with use(rows=2 * POINTS * 4 * POINTS * 3):  # three agents' lookup cells a block
        assert len(agent_blocks(2 * POINTS * 4 * POINTS, 50)) == 17
        blocked, blocked_rows = run()
    assert blocked_rows == whole_rows < 5 * 2 * 50 * POINTS  # the memory did work
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)
