"""The agent's mode, its quality and help shares, chosen on the smooth step's finer draws.

The best-response line search (perfkit.model.behaviour.lines) prices its candidates on
few draws (``behaviour.samples``). Where pay has cliffs, e.g. a dials floor or a grade
band on a volume KPI, the certainty equivalent priced on those few draws is a coarse
staircase in every choice, not only in effort. The quality share the search settles on
then jitters from one draw's step edge to the next: a 1% change of an agent's capacity
could move its quality share by 0.05–0.1, or flip it between grinding dials at a low
quality share and working at the reference allocation (issue 21).

Before the smooth step refines effort (perfkit.model.behaviour.refine), this step
chooses every other dimension again on the finer draws (``behaviour.refine_samples``),
effort held at the line search's choice, with the same recipe as the smooth step:

1. a global line of ``POINTS`` values across the dimension's range (and the current
   value), so an agent can still switch mode;
2. a window of ``POINTS`` values around the best of them (± one step of the line), and
   the vertex of the least-squares polynomial through them (refine.fit_vertex), which
   smooths the remaining staircase;
3. the current choice, each dimension's vertex and all vertices at once, priced
   together: the agent takes the best (ties keep the current choice).

The smooth step then refines effort within the chosen mode.
"""

from __future__ import annotations

import numpy as np

from perfkit.model.behaviour.blocks import among
from perfkit.model.behaviour.points import Priced, remembering
from perfkit.model.behaviour.refine import fit_vertex
from perfkit.model.funnel import DIMS, Choice

#: Values priced on each dimension's global line, and in the window around its best.
POINTS = 9


def _candidates(current: dict[str, np.ndarray], dim: str, values: np.ndarray) -> Choice:
    """Candidates varying ``dim`` only (``values``: states × C × agents), others held."""
    shape = values.shape
    parts = {
        d: values if d == dim else np.broadcast_to(current[d][:, None, :], shape) for d in DIMS
    }
    return Choice(parts["effort"], parts["quality"], parts["help"])


def searched(production, months: list) -> tuple[str, ...]:
    """The choices searched: the production model's, help only where anyone can help
    anyone (eligible mentors and mentees exist in some month, a list of MonthState)."""
    on = getattr(production, "mentoring_on", False)
    helping = on and any(ms.mentor.any() and ms.mentee.any() for ms in months)
    return tuple(d for d in production.dims if d != "help" or helping)


def reference(production) -> float:
    """The reference quality share (the line search's middle quality candidate)."""
    return getattr(production, "reference_quality", 0.5)


def helpers(month, team_code: np.ndarray) -> np.ndarray:
    """The agents whose help can matter in ``month`` (a MonthState): mentors with a mentee
    in their team."""
    return month.mentor & np.isin(team_code, team_code[month.mentee])


def _joined(choices: list[Choice]) -> Choice:
    """Several candidate sets priced in one call (concatenated along the candidates)."""
    return Choice(*(np.concatenate([getattr(c, d) for c in choices], axis=1) for d in DIMS))


def _vertex(price, current: dict[str, np.ndarray], dim: str, lo: float, hi: float,
            flagged: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Steps 1 and 2 on one dimension for the ``flagged`` choices: the best of its global
    line, then the vertex of the polynomial fitted over the window around it (states ×
    agents); and the current choice's certainty equivalent. ``price(values, flagged)``
    prices candidates varying ``dim``. A window around a point of the line shares three
    points with it (its ends and middle), priced once (perfkit.model.behaviour.points)."""
    shape = current[dim].shape
    priced = Priced(price, shape, 3 * POINTS)
    k = np.arange(POINTS)[None, :, None]
    grid = np.broadcast_to(lo + (hi - lo) * (k / (POINTS - 1)), (shape[0], POINTS, shape[1]))
    line = np.concatenate([current[dim][:, None, :], grid], axis=1)
    ce = priced.price(line, flagged).ce
    i = np.argmax(ce, axis=1)
    best = np.take_along_axis(line, i[:, None, :], 1)[:, 0]
    half = (hi - lo) / (POINTS - 1)  # one step of the line either side
    fine = 4 * (i[:, None, :] - 1) + k - POINTS // 2  # on a lattice of quarter steps
    window = np.clip(np.where(i[:, None, :] > 0, lo + (hi - lo) * (fine / (4 * (POINTS - 1))),
                              best[:, None, :] + half * (2.0 * k / (POINTS - 1) - 1.0)), lo, hi)  # fmt: skip
    return fit_vertex(window, priced.price(window, flagged).ce)[0], ce[:, 0]


def choose(table, where: tuple, current: dict[str, np.ndarray], dims: tuple[str, ...],
           bounds: dict[str, tuple[float, float]], helpers: np.ndarray) -> None:  # fmt: skip
    """Quality and help (those of ``dims``) rechosen on the finer draws of ``table``
    (module docstring), in place in ``current``; ``where``: the period, its cycle window,
    attainment states, path and continuation that ``table.price`` takes; ``helpers``: the
    agents whose help can matter this period (help is searched for them only)."""
    others = [d for d in dims if d != "effort"]
    if not others:
        return
    m, window, luck, path, plan = where
    vertex, stay, remember = {}, None, remembering()
    for d in others:
        flagged = np.broadcast_to(helpers, current[d].shape) if d == "help" else None

        def price(values: np.ndarray, need: np.ndarray, d=d):
            cands = _candidates(current, d, values)
            some = table if need.all() else among(table, need)
            return some.price(m, window, luck, cands, path, plan)

        everyone = np.ones(current[d].shape, dtype=bool)
        if flagged is None:
            vertex[d], stay = _vertex(price, current, d, *bounds[d], everyone)
        else:  # help that cannot matter only costs own effort: offer none (priced below)
            v = _vertex(price, current, d, *bounds[d], flagged)[0] if flagged.any() else current[d]
            vertex[d] = np.where(flagged, v, bounds[d][0])
    chosen = list(vertex)
    final = [_candidates(current, d, vertex[d][:, None, :]) for d in chosen]
    if len(chosen) > 1 or not remember:  # all vertices at once (one dimension: its vertex, again)
        final.append(Choice(*(vertex.get(d, current[d])[:, None, :] for d in DIMS)))
    priced_stay = stay is not None and remember  # a whole line priced the current choice
    if not priced_stay:
        final.insert(0, _candidates(current, "effort", current["effort"][:, None, :]))
    ce = table.price(m, window, luck, _joined(final), path, plan).ce
    if priced_stay:
        ce = np.concatenate([stay[:, None, :], ce], axis=1)
    stay = ce[:, 0]
    i = np.argmax(ce, axis=1)  # the current choice, each vertex alone, all vertices at once
    top = np.take_along_axis(ce, i[:, None, :], 1)[:, 0]
    i = np.where(top > stay + 1e-9 * np.abs(stay) + 1e-9, i, 0)
    for k, d in enumerate(chosen):
        current[d] = np.where((i == k + 1) | (i == len(chosen) + 1), vertex[d], current[d])
