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


def _joined(choices: list[Choice]) -> Choice:
    """Several candidate sets priced in one call (concatenated along the candidates)."""
    return Choice(*(np.concatenate([getattr(c, d) for c in choices], axis=1) for d in DIMS))


def choose(table, where: tuple, current: dict[str, np.ndarray], dims: tuple[str, ...],
           bounds: dict[str, tuple[float, float]]) -> None:  # fmt: skip
    """Quality and help (those of ``dims``) rechosen on the finer draws of ``table``
    (module docstring), in place in ``current``; ``where``: the period, its cycle window,
    attainment states, path and continuation that ``table.price`` takes."""
    others = [d for d in dims if d != "effort"]
    if not others:
        return
    m, window, luck, path, plan = where

    def price(cands: Choice):
        return table.price(m, window, luck, cands, path, plan)

    shape = current["effort"].shape
    lines, windows = {}, {}
    for d in others:
        lo, hi = bounds[d]
        grid = np.broadcast_to(np.linspace(lo, hi, POINTS)[None, :, None],
                               (shape[0], POINTS, shape[1]))  # fmt: skip
        lines[d] = np.concatenate([current[d][:, None, :], grid], axis=1)
    priced = price(_joined([_candidates(current, d, lines[d]) for d in others])).ce
    start = 0
    for d in others:
        lo, hi = bounds[d]
        ce = priced[:, start : start + POINTS + 1]
        start += POINTS + 1
        best = np.take_along_axis(lines[d], np.argmax(ce, axis=1)[:, None, :], 1)[:, 0]
        half = (hi - lo) / (POINTS - 1)
        t = np.linspace(-1.0, 1.0, POINTS)[None, :, None]
        windows[d] = np.clip(best[:, None, :] + half * t, lo, hi)
    priced = price(_joined([_candidates(current, d, windows[d]) for d in others])).ce
    vertex = {}
    for i, d in enumerate(others):
        vertex[d] = fit_vertex(windows[d], priced[:, i * POINTS : (i + 1) * POINTS])[0]
    final = [_candidates(current, "effort", current["effort"][:, None, :])]
    final += [_candidates(current, d, vertex[d][:, None, :]) for d in others]
    joint = Choice(*(vertex.get(d, current[d])[:, None, :] for d in DIMS))
    ce = price(_joined([*final, joint])).ce  # states × (2 + len(others)) × agents
    i = np.argmax(ce, axis=1)
    stay = ce[:, 0]
    top = np.take_along_axis(ce, i[:, None, :], 1)[:, 0]
    i = np.where(top > stay + 1e-9 * np.abs(stay) + 1e-9, i, 0)
    for k, d in enumerate(others):
        take = (i == k + 1) | (i == len(others) + 1)
        current[d] = np.where(take, vertex[d], current[d])
