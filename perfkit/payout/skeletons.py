"""The group structure of a pricing table, built once per shape and shared.

A pricing table's rows are runs × periods × agents (perfkit.payout.grid). Its group
codes (company, team and agent per run) and each agent's sequence of rows depend only
on the table's *shape*: the number of runs, of periods, and the agents' dense agent,
team and role codes. The blocks of one pricing call (whole teams, mostly of the same
sizes), the restricted tables of the smooth step's later windows and every later call
of the solve share them through one :class:`Skeletons` instead of building them afresh
(at 1,000 agents the quarterly plan built them 474 times, 12% of its solve).

Runs come first in the row order, so the structure of ``runs`` runs is the first rows of
any structure of more runs: one structure per shape serves every number of runs up to
the largest priced (views, no copy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from perfkit.payout.frame import Sequences, _sequences
from perfkit.payout.groups import Groups


@dataclass(frozen=True)
class Skeleton:
    """Group codes and per-agent sequences of ``runs`` runs of one shape (no KPI)."""

    runs: int
    company: Groups
    team: Groups
    agent: Groups
    agent_order: np.ndarray
    period: np.ndarray
    role: np.ndarray | None
    #: Each agent's rows in period order, built when a rule first reads them (a clawback
    #: or a recoverable guarantee: most plans never do).
    sequences: LazySequences
    #: Groups the rules derive from these codes alone (perfkit.payout.frame.Rows.derived).
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    def head(self, runs: int) -> Skeleton:
        """The structure of the first ``runs`` runs (views)."""
        if runs == self.runs:
            return self
        n = self.period.size // self.runs * runs
        cut = lambda g: Groups(g.codes[:n], g.n // self.runs * runs)  # noqa: E731
        return Skeleton(runs, cut(self.company), cut(self.team), cut(self.agent),
                        self.agent_order[:n], self.period[:n],
                        None if self.role is None else self.role[:n], self.sequences.head(n))  # fmt: skip


class LazySequences:
    """:class:`~perfkit.payout.frame.Sequences` of runs × ``W`` periods × agents whose codes
    are ``agent`` (each run's agents in order ``perm``), built on the first read of an
    attribute (``order``, ``position``, ``next_row``, ``length``) and then kept."""

    def __init__(self, agent: np.ndarray, W: int, perm: np.ndarray,
                 built: Sequences | None = None):  # fmt: skip
        self._agent, self._W, self._perm, self._built = agent, W, perm, built

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._built is None:
            W, N = self._W, self._perm.size
            runs = self._agent.size // max(1, W * N)
            order = np.arange(runs * W * N).reshape(runs, W, N)[:, :, self._perm]
            self._built = _sequences(self._agent, order.transpose(0, 2, 1).ravel())
        return getattr(self._built, name)

    def head(self, n: int) -> LazySequences:
        """The sequences of the first ``n`` rows (whole runs: each run's rows are its own
        agents' and come first in the order), from the built ones where they are."""
        s = self._built
        if s is not None:
            s = Sequences(s.order[:n], s.position[:n], s.next_row[:n], s.length)
        return LazySequences(self._agent[:n], self._W, self._perm, s)


def skeleton(W: int, runs: int, a: np.ndarray, T: int, t: np.ndarray,
             role: np.ndarray | None) -> Skeleton:  # fmt: skip
    """The structure of ``runs`` runs of W periods × the agents of dense codes ``a``
    (teams ``t`` of T, roles ``role`` or None)."""
    N, A = a.size, int(a.max()) + 1 if a.size else 0
    run = np.repeat(np.arange(runs, dtype=np.int64), W * N)
    period = np.tile(np.repeat(np.arange(W, dtype=np.int64), N), runs)
    company = run * W + period
    team = company * T + np.tile(t, runs * W)
    agent = run * A + np.tile(a, runs * W)
    return Skeleton(
        runs, Groups(company, runs * W), Groups(team, runs * W * T), Groups(agent, runs * A),
        np.tile(a, runs * W), period, None if role is None else np.tile(role, runs * W),
        LazySequences(agent, W, np.argsort(a)),
    )  # fmt: skip


class Skeletons:
    """Structures by shape, shared by the layouts of one solve (module docstring).

    Holds at most ``rows`` rows in all, the least read back forgotten first (the least
    recently used among them: a one-off shape goes before the blocks every call prices), and
    nothing when pickled (a task sent to a cluster builds its own). ``builds`` counts
    the structures built.
    """

    def __init__(self, rows: int):
        self.rows = rows
        # key: (runs, rows, value, times read back)
        self.held: dict[object, tuple[int, int, object, int]] = {}
        self.builds = 0

    def get(self, key: object, runs: int, per_run: int, build: Callable[[], object],
            sliced: bool = False):  # fmt: skip
        """The structure of ``runs`` runs under ``key`` (``per_run`` rows a run), built by
        ``build()`` unless held; ``sliced``: a :class:`Skeleton`, whose first runs serve."""
        hit = self.held.pop(key, None)
        if hit is not None and (hit[0] == runs or (sliced and hit[0] > runs)):
            self.held[key] = (*hit[:3], hit[3] + 1)  # the most recently used last
            return hit[2].head(runs) if sliced else hit[2]
        value = build()
        self.builds += 1
        n = runs * per_run
        if n <= self.rows:
            while self.held and sum(h[1] for h in self.held.values()) + n > self.rows:
                # the least used first, the least recently among them: a one-off shape (the
                # agents of a later window still unsettled) before the blocks every call prices
                self.held.pop(min(self.held, key=lambda k: self.held[k][3]))
            self.held[key] = (runs, n, value, 0 if hit is None else hit[3])
        return value

    def __getstate__(self) -> dict:
        return {"rows": self.rows, "held": {}, "builds": 0}
