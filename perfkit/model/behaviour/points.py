"""Efforts already priced in the smooth step, so each window prices only its new points.

The smooth step's windows (perfkit.model.behaviour.refine) sit on a lattice: a window of
``POINTS`` efforts centred on a lattice point, one lattice step apart. A window that moves
by j steps shares ``POINTS`` − j efforts with the last one. A candidate's certainty
equivalent depends on that candidate alone (its own rows, priced against the others'
current choices; smoothed rank, score and team-threshold rules too, since they rank a
deviator against the others' current choices: tests/model/test_rank_pricing.py), so a
point priced once is known: :class:`Priced` keeps each state's and agent's priced efforts
and their certainty equivalents, and a window prices only the efforts it has not seen,
exactly, as a float. ``REMEMBER`` off prices every candidate afresh (the tests compare
both: tests/model/test_remembered_choices.py).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import numpy as np

from perfkit.model.scale.limits import current

#: Whether priced points are read back (off: every candidate priced afresh, as a check).
REMEMBER = True


class Priced:
    """Certainty equivalents of the efforts priced so far, per state and agent (at most
    ``slots`` of them). ``price(efforts, flagged)`` prices candidate efforts (states ×
    C × agents) for the flagged choices (states × agents) and returns their ``ce``."""

    def __init__(self, price: Callable, shape: tuple[int, int], slots: int):
        L, N = shape
        self._price, self.remember = price, remembering()
        self.x = np.full((L, slots, N), np.nan)
        self.ce = np.zeros((L, slots, N))
        self.count = np.zeros((L, N), dtype=np.int64)
        self.rows = 0  # candidate efforts priced (states × agents × candidates), for profiles

    def keep(self, efforts: np.ndarray, ce: np.ndarray, flagged: np.ndarray) -> None:
        """Remember the flagged choices' efforts and certainty equivalents (states × C × agents)."""
        if not self.remember:
            return
        fresh = flagged[:, None, :] & ~self._lookup(efforts)[0]
        fresh &= _first(efforts)  # a window clipped at a bound holds the same effort twice
        pos = self.count[:, None, :] + np.cumsum(fresh, axis=1) - 1
        room = fresh & (pos < self.x.shape[1])
        s, k, a = np.nonzero(room)
        self.x[s, pos[s, k, a], a] = efforts[s, k, a]
        self.ce[s, pos[s, k, a], a] = ce[s, k, a]
        self.count += room.sum(axis=1)

    def _lookup(self, efforts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which efforts are known (states × C × agents), and their certainty equivalents."""
        L, C, N = efforts.shape
        hit, ce = np.empty(efforts.shape, dtype=bool), np.empty(efforts.shape)
        for a in agent_blocks(L * C * self.x.shape[1], N):
            same = efforts[:, :, None, a] == self.x[:, None, :, a]  # L × C × slots × agents
            hit[..., a] = same.any(axis=2)
            at = np.argmax(same, axis=2)
            ce[..., a] = np.where(hit[..., a], np.take_along_axis(self.ce[..., a], at, axis=1), 0)
        return hit, ce

    def price(self, efforts: np.ndarray, unsettled: np.ndarray) -> SimpleNamespace:
        """Certainty equivalents of a window's efforts (states × C × agents) for the
        ``unsettled`` choices, pricing only the efforts not seen before (others: 0)."""
        if not self.remember:  # every effort priced, as before
            if not unsettled.any():
                return SimpleNamespace(ce=np.zeros(efforts.shape))
            self.rows += int(unsettled.sum()) * efforts.shape[1]
            return SimpleNamespace(ce=self._price(efforts, unsettled).ce)
        hit, ce = self._lookup(efforts)
        new = ~hit & unsettled[:, None, :] & _first(efforts)
        n = new.sum(axis=1)
        need = n > 0
        if need.any():
            C = int(n.max())
            order = np.argsort(~new, axis=1, kind="stable")[:, :C]
            cands = np.take_along_axis(efforts, order, axis=1)
            got = self._price(cands, need).ce
            self.rows += int(need.sum()) * C
            self.keep(cands, got, need)
            hit, ce = self._lookup(efforts)
        return SimpleNamespace(ce=ce)


def _first(efforts: np.ndarray) -> np.ndarray:
    """Each effort's first occurrence along the candidates (states × C × agents)."""
    L, C, N = efforts.shape
    earlier = np.tril(np.ones((C, C), dtype=bool), k=-1)[None, :, :, None]
    first = np.empty(efforts.shape, dtype=bool)
    for a in agent_blocks(L * C * C, N):
        same = efforts[:, :, None, a] == efforts[:, None, :, a]  # L × C × C × agents
        first[..., a] = ~(same & earlier).any(axis=2)
    return first


def agent_blocks(per_agent: int, agents: int) -> list[slice]:
    """Agents cut so that each block holds at most a pricing block's rows of
    ``per_agent`` cells each (at least one agent a block)."""
    step = max(1, current().block_rows // max(1, per_agent))
    return [slice(i, i + step) for i in range(0, agents, step)]


def remembering() -> bool:
    """Whether candidates priced once are read back (``REMEMBER``), by the smooth step's
    windows, its final check and the mode step."""
    return REMEMBER
