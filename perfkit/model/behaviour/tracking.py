"""Later months of a monthly plan with private pay: only agents whose problem changed re-solve.

Month to month an agent's problem changes only through tenure (the learning curve
raises skill) and roles (mentor, mentee). An agent whose skill moved by less than
``CHANGE`` and whose roles are unchanged since it last chose faces the same problem,
so it keeps its choice: pricing it again would cost time and add nothing. The
others are priced on their own (pay is private, so nobody else's pay moves with
them), with the floor's help flows held at everyone's current choices.
"""

from __future__ import annotations

import numpy as np

from perfkit.model.behaviour.pricing import MonthState, Priced, PricingTable
from perfkit.model.funnel import DIMS, Choice

#: Relative skill change since an agent last chose that makes it choose again.
CHANGE = 0.002
#: Certainty-equivalent penalty per squared unit a kept agent's candidate is from its choice.
KEEP = 1e6


def changed(
    now: MonthState, skill: np.ndarray, mentor: np.ndarray, mentee: np.ndarray
) -> np.ndarray:
    """Agents whose skill or roles moved since they last chose (at ``skill``, ``mentor``, ``mentee``)."""
    moved = np.abs(now.traits["skill"] - skill) > CHANGE * np.maximum(np.abs(skill), 1e-12)
    return moved | (now.mentor != mentor) | (now.mentee != mentee)


class OnlyChanged:
    """Prices agents ``idx``; every other agent's candidates score below its current choice.

    A kept agent's certainty equivalent is its last one less ``KEEP`` × the squared
    distance of the candidate from its choice: an exact parabola peaked at the choice,
    so neither the line search nor the smooth step ever moves it.
    """

    def __init__(self, table: PricingTable, idx: np.ndarray, m: int, path: Choice,
                 ce: np.ndarray, revenue: np.ndarray):  # fmt: skip
        self.table, self.idx = table.subset(idx, m, path), idx
        self.current, self.ce, self.revenue = path, ce, revenue
        self.G = table.G
        self._whole, self._m = table, m

    def among(self, agents: np.ndarray) -> OnlyChanged:
        """The same, pricing only those of its agents flagged in ``agents`` (a mask over all
        agents): the smooth step's later windows, for agents not yet settled."""
        idx = self.idx[agents[self.idx]]
        if idx.size in (0, self.idx.size):
            return self
        return OnlyChanged(self._whole, idx, self._m, self.current, self.ce, self.revenue)

    def price(self, m: int, window: tuple[int, int], luck: np.ndarray, cands: Choice,
              path: list[Choice], plan=None) -> Priced:  # fmt: skip
        idx = self.idx
        sub = Choice(*(getattr(cands, d)[..., idx] for d in DIMS))
        sub_path = [Choice(*(getattr(p, d)[idx] for d in DIMS)) for p in path]
        priced = self.table.price(m, window, luck, sub, sub_path, plan)
        dist = sum((getattr(cands, d) - getattr(self.current, d)) ** 2 for d in DIMS)
        ce = self.ce - KEEP * dist
        revenue = np.broadcast_to(self.revenue, ce.shape).copy()
        sd = np.zeros(ce.shape)
        ce[..., idx], revenue[..., idx], sd[..., idx] = priced.ce, priced.revenue, priced.revenue_sd
        return Priced(ce, revenue, priced.periods_left, sd)


def keep_solved(
    solved: tuple[np.ndarray, np.ndarray, np.ndarray], ms: MonthState, idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Skill and roles at which each agent last chose, updated for agents ``idx``."""
    out = tuple(a.copy() for a in solved)
    for a, now in zip(out, (ms.traits["skill"], ms.mentor, ms.mentee), strict=True):
        a[idx] = now[idx]
    return out


def tracking_ok(last: dict[str, np.ndarray] | np.ndarray | None, n_states: int) -> bool:
    """Whether last period's parabola vertices (or smooth-step widths) fit this period's states."""
    if isinstance(last, dict):
        last = next(iter(last.values()))
    return last is not None and last.shape[0] == n_states
