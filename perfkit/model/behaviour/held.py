"""Best responses of a few agents while everyone else keeps the choices of a solved policy.

New hires on a floor whose pay is coupled (team weight, pools, rank prizes, forced
distributions: perfkit.simulate.newcomers) choose against the incumbents' current
choices, not against an equilibrium that would let the incumbents answer them. The
floor is solved as usual with the hires in some seats, but every other seat is
*held*: its choices in each period and attainment state are the solved policy's, and
its certainty equivalent at a candidate is replaced by an exact parabola peaked at
that choice (as perfkit.model.behaviour.tracking keeps agents whose problem did not
change), so neither the line search nor the smooth step moves it. The hires'
candidates are priced by the one pricing call (perfkit.model.behaviour.pricing), so
each hire's deviation is paid against the held seats' team and floor aggregates
(perfkit.model.behaviour.deviation).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np

from perfkit.model.behaviour.continuation import interpolate
from perfkit.model.behaviour.own_rows import co_deviators, marked
from perfkit.model.behaviour.pricing import Priced
from perfkit.model.behaviour.tracking import KEEP
from perfkit.model.funnel import DIMS, Choice


@dataclass(frozen=True)
class Held:
    """Seats whose choices are held (``mask``, per agent) at a solved policy's ``choices``
    (each periods × ``states`` × agents, every agent's column; only held ones are read)."""

    mask: np.ndarray
    states: np.ndarray
    choices: dict[str, np.ndarray]

    def of(self, agents: np.ndarray) -> Held:
        """The same seats of ``agents`` alone (a part of the floor, in their order)."""
        return Held(
            self.mask[agents], self.states, {d: v[..., agents] for d, v in self.choices.items()}
        )

    def at(self, m: int, luck: np.ndarray) -> dict[str, np.ndarray]:
        """The held choices in period m at attainment states ``luck`` (each L × agents)."""
        x = np.broadcast_to(np.asarray(luck, float)[:, None], (len(luck), self.mask.size))
        return {d: interpolate(self.choices[d][m], self.states, x) for d in DIMS}

    def hold(self, cur: dict[str, np.ndarray], m: int, luck: np.ndarray) -> None:
        """Set the held seats of ``cur`` (each L × agents) to their held choices, in place."""
        for d, v in self.at(m, luck).items():
            cur[d][:, self.mask] = v[:, self.mask]


def responding_floor(team_code: np.ndarray, seats: np.ndarray, unit: str) -> np.ndarray:
    """The agents whose choices can move the pay of the agents in ``seats`` (the seats
    themselves among them), in floor order: where whole teams are priced apart (``unit``
    ``team``: perfkit.model.behaviour.pricer.Pricer.unit) the teams holding a seat, else
    the floor."""
    if unit != "team":
        return np.arange(team_code.size)
    return np.flatnonzero(np.isin(team_code, team_code[seats]))


def hold(held: Held | None, cur: dict[str, np.ndarray], m: int, luck: np.ndarray) -> None:
    """``held.hold`` where seats are held (else nothing)."""
    if held is not None:
        held.hold(cur, m, luck)


def capped(cur: dict[str, np.ndarray], effort: np.ndarray, cap: np.ndarray, held: Held | None,
           m: int, luck: np.ndarray) -> None:  # fmt: skip
    """``cur``'s effort set to ``effort`` up to each agent's ``cap``, held seats held."""
    cur["effort"] = np.minimum(effort, cap)
    hold(held, cur, m, luck)


def ranking_only(table, agents: np.ndarray):
    """``table`` whose smoothed rules (perfkit.model.behaviour.smoothing) rank only the
    deviations of ``agents`` (a mask): the others' choices still set everyone's values,
    but counting the others above each of them, the costly part of a rank prize or a
    forced distribution, is skipped (itself where nothing is smoothed)."""
    smooth = table.pricer.smooth
    if smooth is None:
        return table
    out = copy.copy(table)
    out.pricer = replace(table.pricer, smooth=replace(smooth, deviators=agents))
    return out


class HeldPricing:
    """Prices every seat with ``table`` (so aggregates are everyone's); a held seat's
    certainty equivalent is −``KEEP`` × its candidate's squared distance from its choice
    (so its own deviations are not ranked: :func:`ranking_only`), and its own rows are
    computed only where a free seat's pay reads them (perfkit.model.behaviour.own_rows)."""

    def __init__(self, table, held: Held, m: int, luck: np.ndarray):
        free = ~held.mask
        wanted = co_deviators(table.pop.team_code, table.slot, table.pricer.unit, free)
        self.table, self.held, self.G = marked(ranking_only(table, free), wanted), held, table.G
        self.current = held.at(m, luck)

    def among(self, agents: np.ndarray) -> HeldPricing | HeldOnly:
        """The same where ``agents`` (a mask: the smooth step's later windows, the mode
        step's helpers) holds a free seat: all are priced. Where it holds held seats alone
        (the help searched for the incumbents' mentors, who have applicants as mentees:
        an applicant is no mentor in its first year), their parabolas alone: the table
        would price only rows the caller throws away."""
        return self if agents[~self.held.mask].any() else HeldOnly(self.held.mask, self.current)

    def price(self, m: int, window: tuple[int, int], luck: np.ndarray, cands: Choice,
              path: list[Choice], plan=None) -> Priced:  # fmt: skip
        priced = self.table.price(m, window, luck, cands, path, plan)
        ce = priced.ce.copy()
        ce[..., self.held.mask] = parabola(cands, self.current, self.held.mask)
        return Priced(ce, priced.revenue, priced.periods_left, priced.revenue_sd)


def parabola(cands: Choice, current: dict[str, np.ndarray], mask: np.ndarray) -> np.ndarray:
    """Held seats' (``mask``) certainty equivalents: −``KEEP`` × each candidate's squared
    distance from the held choice ``current`` (states × held seats)."""
    dist = sum((getattr(cands, d)[..., mask] - current[d][:, None, mask]) ** 2 for d in DIMS)
    return -KEEP * dist


@dataclass(frozen=True)
class HeldOnly:
    """:class:`HeldPricing` asked for held seats alone: their parabolas, the same numbers,
    and no table; a free seat's certainty equivalent and every revenue are 0, which the
    caller (perfkit.model.behaviour.blocks.among: only the flagged agents' are read)
    does not read."""

    mask: np.ndarray
    current: dict[str, np.ndarray]

    def among(self, agents: np.ndarray) -> HeldOnly:
        return self

    def price(self, m: int, window: tuple[int, int], luck: np.ndarray, cands: Choice,
              path: list[Choice], plan=None) -> Priced:  # fmt: skip
        ce = np.zeros(np.broadcast_shapes(*(np.shape(getattr(cands, d)) for d in DIMS)))
        ce[..., self.mask] = parabola(cands, self.current, self.mask)
        left = int((np.arange(window[0], window[1] + 1) >= m).sum())
        return Priced(ce, np.zeros(ce.shape), left, np.zeros(ce.shape))
