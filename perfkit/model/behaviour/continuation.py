"""The rest of a pay cycle as the agent will really play it: choices by attainment so far.

Within a quarter, what a month's effort is worth depends on what the agent will do
afterwards, and that depends on how the month goes: push if still within reach,
ease off once the quota is made, give up if far behind. The solver therefore works
backwards through a cycle (Bellman): the last month's choices are solved first, for
each attainment state; an earlier month is then priced with every later month played
by those state-contingent choices, evaluated at each draw's own attainment so far.

Attainment so far is measured against a fixed *reference path*: each period's
expected revenue at the choices agents held when the cycle began. State l means
cumulative revenue = l × the reference's cumulative revenue; the Monte Carlo runs
(perfkit.simulate.runs) read each run's realised attainment against the same
reference, so the solved policy and its use agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from perfkit.model.funnel import Choice


def cycle_windows(periods: list[str], cycle: int) -> np.ndarray:
    """Index of the first period of each period's pay cycle (calendar quarters if 3)."""
    starts = np.arange(len(periods))
    if cycle == 1:
        return starts
    keys = [_cycle_key(label, i, cycle) for i, label in enumerate(periods)]
    for i in range(1, len(periods)):
        if keys[i] == keys[i - 1]:
            starts[i] = starts[i - 1]
    return starts


def _cycle_key(label: str, i: int, cycle: int) -> tuple[int, int]:
    """(year, cycle number) of a label like 2025-04; by position if it is not a month."""
    try:
        return int(str(label)[:4]), (int(str(label)[5:7]) - 1) // cycle
    except ValueError:
        return -1, i // cycle


def bracket(states: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lower index, upper index, weight on the upper) of each ``x`` among ``states``.

    ``x`` is clipped to the states' range: beyond the last state the last one holds.
    """
    x = np.clip(x, states[0], states[-1])
    hi = np.clip(np.searchsorted(states, x, side="right"), 1, len(states) - 1)
    lo = hi - 1
    if np.ndim(x) == 0:
        return lo, hi, (x - states[lo]) / (states[hi] - states[lo])
    below = states.take(lo)
    x -= below  # x is the clipped copy: (x − states[lo]) / (states[hi] − states[lo])
    gap = states.take(hi)
    gap -= below
    x /= gap
    return lo, hi, x


def interpolate(table: np.ndarray, states: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Per-agent choice at attainment ``x`` (… × N), linear between ``states`` (table: L × N)."""
    if len(states) == 1:
        return np.broadcast_to(table[0], np.shape(x))
    return _between(table, *bracket(states, x))


def _between(table: np.ndarray, lo: np.ndarray, hi: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Each agent's entries of ``table`` (L × N) at rows ``lo`` and ``hi`` (… × N), weighted."""
    n = np.arange(table.shape[1])
    return _read(table.ravel(), lo * table.shape[1] + n, hi * table.shape[1] + n, w)


def _read(flat: np.ndarray, lo: np.ndarray, hi: np.ndarray, w: np.ndarray,
          stay: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """``flat`` at places ``lo`` and ``hi``, weighted (1 − w, w); ``stay``: 1 − w, if known."""
    out = flat.take(lo)
    out *= 1 - w if stay is None else stay
    high = flat.take(hi)
    high *= w
    out += high
    return out


@dataclass
class Continuation:
    """State-contingent choices for the later periods of one pay cycle.

    ``reference[w]``: expected revenue per agent in period w on the reference path;
    ``states[w]``: the attainment states period w is solved at (its own, sized from the
    plan: perfkit.model.behaviour.attainment); ``choices[w]``: (effort, quality, help),
    each states × agents, once w is solved.
    """

    states: dict[int, np.ndarray]
    reference: dict[int, np.ndarray]
    choices: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)

    def so_far(self, w0: int, w: int) -> np.ndarray:
        """Reference revenue from the cycle's start up to (not including) period w."""
        return sum((self.reference[v] for v in range(w0, w)), np.zeros_like(self.reference[w0]))

    def choice(self, w: int, attainment: np.ndarray) -> Choice:
        """The choices of period w at each row's attainment so far."""
        tables, states = self.choices[w], self.states[w]
        if len(states) == 1:
            return Choice(*(interpolate(t, states, attainment) for t in tables))
        lo, hi, w = bracket(states, attainment)  # once for the three choices
        n = np.arange(tables[0].shape[1])
        lo, hi = lo * tables[0].shape[1] + n, hi * tables[0].shape[1] + n  # flat places
        stay = 1 - w
        return Choice(*(_read(np.ascontiguousarray(t).ravel(), lo, hi, w, stay) for t in tables))


def backward_within_cycles(starts: np.ndarray, ends: np.ndarray) -> list[int]:
    """Periods in solving order: cycle by cycle, each from its last period back to its first."""
    return [m for w0 in np.unique(starts) for m in range(int(ends[w0]), int(w0) - 1, -1)]


def on_states(
    tables: dict[int, np.ndarray], states: dict[int, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Every period's table (its own states × agents) read at the union of all states.

    Returns (union, periods × union × agents). Linear interpolation between a period's
    own states, flat beyond them, so reading the result at any attainment gives what
    the period's own table gives.
    """
    union = np.unique(np.concatenate([np.ravel(s) for s in states.values()] + [[1.0]]))
    out = []
    for m in sorted(tables):
        t = tables[m]
        x = np.broadcast_to(union[:, None], (union.size, t.shape[1]))
        out.append(interpolate(t, states[m], x))
    return union, np.stack(out)
