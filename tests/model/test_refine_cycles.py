"""The smooth step's windows stop where a vertex points back to a window already priced.

On a staircase a vertex can wander round three or four lattice points for ever (measured
on the bundled quarterly plan: a few agents per month never settled in the six windows
and ended wherever the sixth left them). A cycle of any length now stops at the mean of
its vertices, as a two-window cycle stopped at the midpoint: the same answer wherever
the cycle is entered. Checked on a price function whose vertex is set by the window's
centre, so the cycle is known exactly.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from perfkit.model.behaviour.refine import POINTS, _fixed_point

WIDTH = 0.4  # lattice: 2 × 0.4 / (POINTS − 1) = 0.1
LATTICE = 2 * WIDTH / (POINTS - 1)


def pricing(vertex_at: dict[int, float], priced: list[int]):
    """A certainty equivalent −(e − v)², v set by the window's centre (lattice index)."""

    def price(efforts: np.ndarray, unsettled: np.ndarray):
        priced.append(int(unsettled.sum()))
        centre = np.rint(efforts[:, POINTS // 2] / LATTICE).astype(int)
        v = np.vectorize(lambda c: vertex_at.get(int(c), c * LATTICE))(centre)
        return SimpleNamespace(ce=-((efforts - v[:, None, :]) ** 2))

    return price


def solve(start: list[float], vertex_at: dict[int, float]) -> tuple[np.ndarray, list[int]]:
    priced: list[int] = []
    effort = np.array([start])
    width = np.full(effort.shape, WIDTH)
    out, _ = _fixed_point(pricing(vertex_at, priced), effort, width, (0.0, 3.0), np.inf)
    return out[0], priced


#: Windows at 1.0 → vertex 1.12 (next window 1.1) → 1.19 (1.2) → 0.98 (1.0): a 3-cycle.
THREE = {10: 1.12, 11: 1.19, 12: 0.98, 13: 1.21}


@pytest.mark.parametrize("start", [1.0, 1.1, 1.2, 1.3])
def test_a_three_window_cycle_stops_at_its_mean_wherever_entered(start: float) -> None:
    got, priced = solve([start], THREE)
    assert got[0] == pytest.approx((1.12 + 1.19 + 0.98) / 3, abs=1e-9)
    assert len(priced) == (4 if start == 1.3 else 3)  # 1.3 enters the cycle at 1.2


def test_fixed_points_and_two_window_cycles_as_before() -> None:
    """Agent 0 settles in its first window; agent 1 alternates between 2.0 and 2.1
    (the midpoint of the two vertices); agent 2 walks 0.5 → 0.6 → 0.7 and settles."""
    two = {20: 2.08, 21: 2.03, 5: 0.61, 6: 0.72, 7: 0.69}
    got, priced = solve([1.52, 2.0, 0.5], {15: 1.52, **two})
    assert got == pytest.approx([1.52, (2.08 + 2.03) / 2, 0.69], abs=1e-9)
    assert priced == [3, 2, 1]  # settled agents are not priced again


def test_an_agent_that_never_revisits_a_window_stops_after_the_last() -> None:
    walk = {k: (k + 1) * LATTICE for k in range(5, 30)}  # each vertex one step up
    got, priced = solve([0.5], walk)
    assert len(priced) == 6 and got[0] == pytest.approx(1.1, abs=1e-9)
