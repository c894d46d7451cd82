"""Candidate choices for one best-response step, and picking the best per agent.

Each choice dimension (effort, quality share, help share) gets a *line* of
candidates with the other dimensions held at the agent's current choice: a coarse
global grid (so an agent can jump, e.g. give up on an unreachable quota), the
current value ± a step that shrinks every iteration, and the vertex of the
parabola through the previous iteration's best point and its neighbours (exact
for smooth quadratic objectives, and always priced before it is chosen, so a
cliff can never trick the search). One more candidate moves every dimension at
once, to the previous iteration's vertices. All are priced together in one call
and the agent moves to the best of them: an ascent that never lowers the agent's
certainty equivalent while others' choices stay put.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perfkit.model.funnel import Choice


@dataclass(frozen=True)
class Lines:
    """Candidates (each dim: array states × candidates × agents) and each line's span.

    Candidate 0 is the current choice and candidate 1 the joint move; each line
    holds the other points of one dimension.
    """

    values: dict[str, np.ndarray]
    spans: dict[str, slice]

    CURRENT = 0

    @property
    def size(self) -> int:
        return next(iter(self.values.values())).shape[1]

    def choice(self) -> Choice:
        v = self.values
        return Choice(v["effort"], v["quality"], v["help"])

    def line(self, dim: str, ce: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values, CEs) of one line with the current choice, candidates first."""
        idx = np.r_[self.CURRENT, np.arange(self.spans[dim].start, self.spans[dim].stop)]
        x = np.moveaxis(self.values[dim][:, idx, :], 1, 0)
        return x, np.moveaxis(ce[:, idx, :], 1, 0)


def global_grid(dim: str, lo: float, hi: float, points: int, reference: float) -> np.ndarray:
    """The coarse grid searched on one dimension (every iteration for effort)."""
    if dim == "effort":
        return np.linspace(lo, hi, points)
    if dim == "quality":
        return np.clip(np.array([0.1, reference, 0.6]), lo, hi)
    return np.array([lo, hi])


def build(
    current: dict[str, np.ndarray],
    dims: tuple[str, ...],
    bounds: dict[str, tuple[float, float]],
    step: dict[str, float],
    vertex: dict[str, np.ndarray] | None,
    grids: dict[str, np.ndarray],
    full: bool = True,
    cap: np.ndarray | float = np.inf,
) -> Lines:
    """Lines of candidates around ``current`` (each dim an array states × agents).

    ``full=False`` keeps only the ends and middle of the effort grid and drops the
    quality and help grids (later iterations, once the region is found). ``cap``: each
    agent's highest effort.
    """
    joint = {k: (vertex[k] if vertex and k in vertex else v) for k, v in current.items()}
    parts: dict[str, list[np.ndarray]] = {
        k: [v[:, None, :], joint[k][:, None, :]] for k, v in current.items()
    }
    spans: dict[str, slice] = {}
    start = 2
    for d in dims:
        cur = current[d]
        lo, hi = bounds[d]
        grid = (
            grids[d] if full else (grids[d][[0, len(grids[d]) // 2, -1]] if d == "effort" else [])
        )
        vals = [np.broadcast_to(g, cur.shape) for g in grid]
        vals += [cur - step[d], cur + step[d], vertex[d] if vertex else cur]
        line = np.clip(np.stack(vals, axis=1), lo, hi)  # states × C_d × agents
        if d == "effort":
            line = np.minimum(line, cap)
        spans[d] = slice(start, start + line.shape[1])
        start += line.shape[1]
        for k in current:
            parts[k].append(line if k == d else np.broadcast_to(current[k][:, None, :], line.shape))
    values = {k: np.concatenate(v, axis=1) for k, v in parts.items()}
    return Lines(values, spans)


def single(current: dict[str, np.ndarray]) -> Lines:
    """One candidate per agent: the current choice (for pricing without a response)."""
    return Lines({k: v[:, None, :] for k, v in current.items()}, {})


def _vertex(x: np.ndarray, y: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Vertex of the parabola through the best point and its nearest distinct neighbours.

    ``x``, ``y``: C × … arrays of a line; ``best``: index of the best candidate. Falls
    back to the best point at an end of the line or where the fit is not concave.
    """
    xb = np.take_along_axis(x, best[None], 0)[0]
    yb = np.take_along_axis(y, best[None], 0)[0]
    eps = 1e-9
    below = x < xb - eps
    above = x > xb + eps
    i_lo = np.argmax(np.where(below, x, -np.inf), axis=0)
    i_hi = np.argmin(np.where(above, x, np.inf), axis=0)
    x0 = np.take_along_axis(x, i_lo[None], 0)[0]
    y0 = np.take_along_axis(y, i_lo[None], 0)[0]
    x2 = np.take_along_axis(x, i_hi[None], 0)[0]
    y2 = np.take_along_axis(y, i_hi[None], 0)[0]
    ok = below.any(0) & above.any(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d0, d2 = xb - x0, x2 - xb
        s0, s2 = (yb - y0) / d0, (y2 - yb) / d2  # slopes left and right of the best
        curv = (s2 - s0) / (d0 + d2)  # half the second derivative
        v = xb - 0.5 * (s0 * d2 + s2 * d0) / (d0 + d2) / curv
    ok &= np.isfinite(v) & (curv < 0)
    return np.where(ok, np.clip(v, x0, x2), xb)


def best(lines: Lines, ce: np.ndarray, dims: tuple[str, ...]) -> tuple:
    """The best candidate (per state and agent), each line's parabola vertex, and CEs.

    The current choice is kept unless another candidate is strictly better (ties
    never move an agent). Returns (best choice per dim, vertex per dim, CE of the
    best, index of the best).
    """
    vertex: dict[str, np.ndarray] = {}
    for d in dims:
        x, y = lines.line(d, ce)
        vertex[d] = _vertex(x, y, np.argmax(y, axis=0))
    i = np.argmax(ce, axis=1)  # states × agents
    top = np.take_along_axis(ce, i[:, None, :], 1)[:, 0]
    stay = ce[:, lines.CURRENT, :]
    i = np.where(top > stay + 1e-9 * np.abs(stay) + 1e-9, i, lines.CURRENT)
    chosen = {k: np.take_along_axis(v, i[:, None, :], 1)[:, 0] for k, v in lines.values.items()}
    return chosen, vertex, np.take_along_axis(ce, i[:, None, :], 1)[:, 0], i
