"""Own rows for the agents whose deviations are wanted, base rows for the rest.

A seated solve (perfkit.simulate.seated) prices the applicants' candidates on a floor
whose other seats are held (perfkit.model.behaviour.held): a held seat's certainty
equivalent is replaced by a parabola, so its own rows are computed only to be thrown
away. An applicant's pay reads the others in its unit (its team where whole teams are
priced apart, else the floor) through their base rows, and through the own rows of the
co-deviators of its slot in that unit (perfkit.model.behaviour.pricing). So a pricing
table marked with the agents whose own rows matter (:func:`marked`: the applicants and
their co-deviators) computes the funnel's own rows for those alone; every other agent's
own rows are its base rows (it does not deviate), which no marked agent reads. The
marked agents' numbers are those of the whole computation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from perfkit.model.behaviour.needed import ColumnNotComputed
from perfkit.model.funnel import DIMS, OUTPUTS, Choice
from perfkit.payout.frame import LazyColumns
from perfkit.payout.grid_own import deviations_of


def co_deviators(team_code: np.ndarray, slot: np.ndarray, unit: str,
                 wanted: np.ndarray) -> np.ndarray:  # fmt: skip
    """The agents (a mask) sharing a deviation slot and a unit (``unit`` ``team``: a
    team, else the floor) with an agent of ``wanted`` (a mask), those agents among them."""
    group = team_code if unit == "team" else np.zeros_like(team_code)
    key = group * (int(slot.max()) + 1) + slot
    return np.isin(key, key[wanted])


def marked(table, deviating: np.ndarray):
    """A copy of pricing table ``table`` computing own rows for agents ``deviating`` (a
    mask over its agents) alone; ``table`` itself where that is every agent."""
    if deviating.all():
        return table
    out = copy.copy(table)
    out.deviating = deviating
    return out


def deviating(table) -> np.ndarray | None:
    """The agents (indices into ``table``'s, a block's or a restricted copy's) whose own
    rows it computes, or None: every agent's."""
    mask = getattr(table, "deviating", None)  # set by :func:`marked` alone
    if mask is None:
        return None
    mine = mask[table.ids.codes]
    return None if mine.all() else np.flatnonzero(mine)


@dataclass(frozen=True)
class Patched:
    """One period's own rows of a KPI: the base rows (K × 1 × N, as every candidate of every
    state), except agents ``agents``, whose own rows are ``own`` (L × K × C × their number)."""

    base: np.ndarray
    agents: np.ndarray
    own: np.ndarray

    def full(self, shape: tuple[int, ...]) -> np.ndarray:
        """The rows laid out whole (``shape``: L × K × C × N)."""
        out = np.empty(shape)
        out[...] = self.base
        out[..., self.agents] = self.own
        return out


def own_of(table, w: int, choice: Choice, now: Choice, base: dict[str, np.ndarray],
           agents: np.ndarray) -> dict[str, Patched]:  # fmt: skip
    """Own rows of period w (see deviation.kpis) computed for ``agents`` alone, at the
    whole floor's help flows; the others' are their ``base`` rows (K × N)."""
    sub = table.subset(agents, w, now)
    take = lambda c: Choice(*(np.asarray(getattr(c, d))[..., agents] for d in DIMS))  # noqa: E731
    own = sub.period_kpis(w, take(choice), take(now), zero=False, axes=(1, 1))
    K, N = table.K, table.pop.n
    return {k: Patched(np.broadcast_to(base[k], (K, N))[:, None, :], agents, v) for k, v in own.items()}  # fmt: skip


def whole(rows: np.ndarray | Patched, shape: tuple[int, ...]) -> np.ndarray:
    """One period's own rows of a KPI as an array of ``shape`` (L × K × C × N)."""
    return rows.full(shape) if isinstance(rows, Patched) else np.broadcast_to(rows, shape)


def laid_out_of(parts: dict[str, list], agents: np.ndarray, shape: tuple[int, ...]) -> LazyColumns:
    """Each KPI's own rows of ``agents`` alone (``shape``: L × K × C × W × their number),
    laid out when first read (``parts``: each KPI's periods, see deviation.kpis)."""

    def lay(k: str) -> np.ndarray:
        if k not in parts:
            raise ColumnNotComputed(k)
        out = np.empty(shape)
        for i, v in enumerate(parts[k]):
            out[:, :, :, i, :] = v.own if isinstance(v, Patched) else np.asarray(v)[..., agents]
        return out

    return LazyColumns(lay, [*parts, *(k for k in OUTPUTS if k not in parts)])


def paid_of(scenario, layout, base: dict[str, np.ndarray], rows, slot: np.ndarray, past,
            shape: tuple[int, ...]) -> tuple[dict, dict[str, np.ndarray]]:  # fmt: skip
    """The base rows' pay and every own row's (``shape``: L × K × C × W × N), paying only
    the marked agents' own rows (perfkit.payout.grid_own): the others' own rows are their
    base rows, and so is their pay."""
    L, K, C, W, N = shape
    base_paid, mine = deviations_of(scenario, layout, base, rows.mine, rows.agents, slot, past)
    paid = {}
    for k, v in mine.items():
        out = np.empty(shape)
        out[...] = np.asarray(base_paid[k], dtype=float).reshape(L, K, 1, W, N)
        out[..., rows.agents] = np.asarray(v, dtype=float).reshape(L, K, C, W, -1)
        paid[k] = out
    return base_paid, paid
