"""A last, smooth step on effort: the vertex of a quadratic fitted over a window of efforts.

Pay priced on K stratified draws is a staircase in effort wherever the plan has a
cliff (a quota bonus, a whole-amount ladder edge, a grade band): each draw crosses
the edge at its own effort, so the certainty equivalent jumps by about 1/K of the
prize at K points and its argmax sits on whichever step edge happens to be highest.
The expected pay the agent really faces is the smooth curve through the staircase.
This step fits, per agent and attainment state, a least-squares parabola to the
certainty equivalent at ``POINTS`` efforts spread over ± ``width`` around the chosen
effort and moves the agent to its vertex: a local-polynomial smoother of the
staircase (a 1-D refinement in the spirit of Brent's parabolic step).

The move is priced before it is taken and kept only where its certainty equivalent
is within the staircase's own roughness (twice the fit's RMS residual) of the
current choice, so a smoothed vertex can never drop an agent off a real,
deterministic cliff (a jump far larger than the draws' granularity).
"""

from __future__ import annotations

import numpy as np

from perfkit.model.behaviour.blocks import among
from perfkit.model.behaviour.points import Priced, remembering
from perfkit.model.funnel import Choice
from perfkit.scheme.population import BehaviourSettings

#: Efforts priced across the window.
POINTS = 9
#: Most narrow windows, each centred at the lattice point nearest the last one's vertex,
#: until the vertex stays in its window (a fixed point). Centres on a lattice and widths
#: on a geometric scale make the answer a function of the problem, not of the start: a
#: month that faces the same problem as the last starts at its fixed point and stays.
STEPS = 6
#: A cubic replaces the parabola where its RMS residual is under this share of the parabola's.
SKEWED = 0.25
#: Window widths are rounded to this many steps per doubling.
WIDTHS_PER_DOUBLING = 4


#: Efforts each state and agent keeps priced across the windows (perfkit.model.behaviour.points).
SLOTS = 4 * POINTS

#: Window half-width as a multiple of the output noise in effort units (see effort_noise).
NOISE_WIDTH = 0.35
#: ... and at least this share of the effort range.
MIN_WIDTH = 0.01


def on_lattice(centre: np.ndarray, lattice: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """A window of ``POINTS`` lattice points around lattice index ``centre``, clipped (states ×
    POINTS × agents): a point is the same float in every window that holds it."""
    k = np.arange(POINTS)[None, :, None] - POINTS // 2
    return np.clip((centre[:, None, :] + k) * np.asarray(lattice)[:, None, :], lo, hi)


def effort_noise(efforts: np.ndarray, revenue: np.ndarray, revenue_sd: np.ndarray) -> np.ndarray:
    """The output noise in effort units: revenue's sd across draws ÷ d revenue / d effort.

    The width on which a cliff's staircase smooths out into the expected-pay curve
    (textbook: exactly the noise sd). Infinite where revenue does not respond to effort.
    """
    x = efforts - efforts.mean(axis=1, keepdims=True)
    y = revenue - revenue.mean(axis=1, keepdims=True)
    slope = np.divide((x * y).sum(axis=1), (x * x).sum(axis=1), out=np.zeros(x.shape[::2]),
                      where=(x * x).sum(axis=1) > 0)  # fmt: skip
    sd = revenue_sd[:, POINTS // 2]
    return np.divide(sd, slope, out=np.full(sd.shape, np.inf), where=slope > 1e-12)


def _fit(u: np.ndarray, y: np.ndarray, degree: int) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares polynomial coefficients (S × N × degree + 1) along axis 1, and RMS residual."""
    design = np.stack([u**k for k in range(degree + 1)], axis=-1)  # S × P × N × (degree + 1)
    d = np.moveaxis(design, 1, -2)  # S × N × P × (degree + 1)
    yy = np.moveaxis(y, 1, -1)[..., None]  # S × N × P × 1
    gram = d.swapaxes(-1, -2) @ d + 1e-12 * np.eye(degree + 1)
    coef = np.linalg.solve(gram, d.swapaxes(-1, -2) @ yy)[..., 0]
    resid = yy[..., 0] - (d @ coef[..., None])[..., 0]
    return coef, np.sqrt(np.mean(resid * resid, axis=-1))


def fit_vertex(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertex of the least-squares parabola through (x, y) along axis 1, and the RMS residual.

    Where a cubic fits far better (RMS under ``SKEWED`` × the parabola's) the curve is
    smooth but skewed, as a rank prize's or a team goal's expected pay is (Φ-shaped),
    and the parabola's vertex would be biased by the skew: the cubic's local maximum is
    taken instead. On a staircase the cubic fits little better, and the parabola stands.
    Returns (vertex, ok, rms); ``ok`` is False where the fit has no maximum or the
    points do not spread (then the vertex is the best priced point).
    """
    xc = x - x.mean(axis=1, keepdims=True)
    spread = np.ptp(x, axis=1)
    scale = np.where(spread > 0, spread, 1.0)[:, None, :]
    u = xc / scale
    square, rms = _fit(u, y, 2)
    cube, rms3 = _fit(u, y, 3)
    a1, a2 = square[..., 1], square[..., 2]
    b1, b2, b3 = cube[..., 1], cube[..., 2], cube[..., 3]
    root = np.sqrt(np.maximum(b2 * b2 - 3.0 * b1 * b3, 0.0))
    cubic = (b2 * b2 - 3.0 * b1 * b3 >= 0) & (root - b2 > 0) & (rms3 < SKEWED * rms)
    ok = ((a2 < 0) | cubic) & (spread > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # the cubic's slope b1 + 2b2·u + 3b3·u² falls through 0 at b1/(root − b2)
        v = np.where(cubic, b1 / (root - b2), -a1 / (2.0 * a2))
    center = x.mean(axis=1)
    vertex = center + np.where(ok, v, 0.0) * scale[:, 0, :]
    lo, hi = x.min(axis=1), x.max(axis=1)
    best = np.take_along_axis(x, np.argmax(y, axis=1)[:, None, :], 1)[:, 0]
    return np.where(ok, np.clip(vertex, lo, hi), best), ok, rms


def _snap(width: np.ndarray) -> np.ndarray:
    """``width`` rounded on a geometric scale (see WIDTHS_PER_DOUBLING)."""
    return 2.0 ** (np.round(np.log2(width) * WIDTHS_PER_DOUBLING) / WIDTHS_PER_DOUBLING)


def candidates(current: dict[str, np.ndarray], efforts: np.ndarray) -> Choice:
    """Candidates that vary effort only, the other choices held."""
    shape = efforts.shape
    return Choice(
        efforts,
        np.broadcast_to(current["quality"][:, None, :], shape),
        np.broadcast_to(current["help"][:, None, :], shape),
    )


def refine(
    table,
    m: int,
    cycle: tuple[int, int],
    luck: np.ndarray,
    current: dict[str, np.ndarray],
    path: list[Choice],
    bounds: tuple[float, float],
    width: float,
    grid: np.ndarray | None = None,
    plan=None,
    cap: np.ndarray | float = np.inf,
    widths: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The smooth step (module docstring).

    ``grid``: efforts scanned first on the finer draws, so the window starts at the best
    of them (or at the current choice, if that is better); without it (a month that
    tracks the last one) windows from the current choice. ``cap``: each agent's highest
    effort (no effort priced or chosen above it). ``widths``: the narrow windows' widths
    (a month that tracks the last keeps its widths); else from the output noise.
    Returns (effort, certainty equivalent, expected revenue, widths).
    """
    effort = current["effort"]
    where = (m, cycle, luck, path, plan)
    known = None  # the scan's current effort and rest, priced
    if grid is not None:
        effort, known = _scan(table, where, current, grid, cap, bounds[0])
        known = known if remembering() else None

    def price(efforts: np.ndarray, unsettled: np.ndarray):
        """Candidates priced; on a table of some agents, only for those not yet settled."""
        some = among(table, unsettled)
        return some.price(m, cycle, luck, candidates(current, efforts), path, plan)

    priced = Priced(price, effort.shape, SLOTS)
    if widths is None:  # the window's width from the output noise around the start
        effort, widths = _wide(table, where, current, effort, width, bounds, cap, grid is not None)
    effort, rms = _fixed_point(priced.price, effort, widths, bounds, cap)
    return (*_check(table, where, current, effort, rms, bounds[0], known), widths)


def _scan(table, where: tuple, current: dict[str, np.ndarray], grid: np.ndarray,
          cap: np.ndarray | float, rest: float) -> tuple[np.ndarray, tuple | None]:  # fmt: skip
    """The best of the current effort and the scanned ``grid`` (``where``: the period, its
    cycle window, states, path and continuation that ``table.price`` takes), and the
    certainty equivalents and revenues of the current effort and of rest (the grid's
    first point), which the final check reads (None where they were not priced as such)."""
    m, cycle, luck, path, plan = where
    effort = current["effort"]
    scan = np.concatenate(
        [
            effort[:, None, :],
            np.broadcast_to(grid[None, :, None], (effort.shape[0], grid.size, effort.shape[1])),
        ],
        axis=1,
    )
    scan = np.minimum(scan, cap)
    priced = table.price(m, cycle, luck, candidates(current, scan), path, plan)
    best = np.take_along_axis(scan, np.argmax(priced.ce, axis=1)[:, None, :], 1)[:, 0]
    same = np.array_equal(scan[:, 0], effort) and bool((scan[:, 1] == rest).all())
    return best, ((priced.ce[:, :2], priced.revenue[:, :2]) if same else None)


def _wide(table, where: tuple, current: dict[str, np.ndarray], effort: np.ndarray, width: float,
          bounds: tuple[float, float], cap, fresh: bool) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The wide window around ``effort``: the narrow windows' widths from the output noise,
    and (``fresh``: a fresh solve) the effort moved to the wide window's vertex. (Centred on
    the narrow windows' lattice it would share their points, but on a cliff's staircase
    that shift alone moved choices by up to 0.5 effort: tests/model/test_behaviour_cliffs.)"""
    m, cycle, luck, path, plan = where
    span = bounds[1] - bounds[0]
    wide = np.full_like(effort, width)
    t = np.linspace(-1.0, 1.0, POINTS)[None, :, None]
    efforts = np.minimum(np.clip(effort[:, None, :] + wide[:, None, :] * t, *bounds), cap)
    priced = table.price(m, cycle, luck, candidates(current, efforts), path, plan)
    if fresh:  # a fresh solve: first to the vertex over the wide window
        effort = fit_vertex(efforts, priced.ce)[0]
    noise = effort_noise(efforts, priced.revenue, priced.revenue_sd)
    return effort, _snap(np.clip(NOISE_WIDTH * noise, MIN_WIDTH * span, wide))


def _check(table, where: tuple, current: dict[str, np.ndarray], effort: np.ndarray,
           rms: np.ndarray, rest: float, known: tuple | None) -> tuple:  # fmt: skip
    """The smoothed effort kept only where its certainty equivalent is within twice the fit's
    RMS of the current choice's, and resting where that is better still: (effort, CE,
    revenue). ``known``: the current effort's and rest's, priced by the scan."""
    m, cycle, luck, path, plan = where
    rests = np.full_like(effort, rest)
    pair = np.stack([current["effort"], effort, rests], axis=1)
    if known is None:
        check = table.price(m, cycle, luck, candidates(current, pair), path, plan)
        ce, revenue = check.ce, check.revenue
    else:  # only the smoothed effort is new
        new = table.price(m, cycle, luck, candidates(current, effort[:, None, :]), path, plan)
        (ce0, ce2), (rev0, rev2) = (np.moveaxis(a, 1, 0) for a in known)
        ce = np.stack([ce0, new.ce[:, 0], ce2], axis=1)
        revenue = np.stack([rev0, new.revenue[:, 0], rev2], axis=1)
    keep = ce[:, 1] >= ce[:, 0] - 2.0 * rms
    pick = keep.astype(np.int64)
    chosen = np.take_along_axis(ce, pick[:, None, :], 1)[:, 0]
    pick = np.where(ce[:, 2] > chosen, 2, pick)[:, None, :]
    take = lambda a: np.take_along_axis(a, pick, 1)[:, 0]  # noqa: E731
    return take(pair), take(ce), take(revenue)


def _fixed_point(price, effort: np.ndarray, width: np.ndarray, bounds: tuple[float, float],
                 cap: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Windows centred on the lattice point nearest the last vertex, until each agent's
    vertex stays in its window or points back to an earlier window's centre: a cycle
    (two windows taking turns, or three or four: a staircase's vertices wander round a few
    lattice points). Then the mean of the cycle's vertices, the same wherever the cycle is
    entered. (effort, fit's RMS)."""
    lattice = 2.0 * width / (POINTS - 1)
    snap = lambda e: np.round(e / lattice)  # noqa: E731  (a lattice point's index)
    done = np.zeros(effort.shape, dtype=bool)
    centres: list[np.ndarray] = []  # each window's centre, and its vertex
    vertices: list[np.ndarray] = []
    rms = np.zeros(effort.shape)
    for _ in range(STEPS):
        centre = snap(effort)
        efforts = np.minimum(on_lattice(centre, lattice, *bounds), cap)
        vertex, _, fit_rms = fit_vertex(efforts, price(efforts, ~done).ce)
        centres.append(centre)
        vertices.append(vertex)
        moved, closed = _cycle_mean(centres, vertices, snap(vertex))
        effort = np.where(done, effort, moved)
        rms = np.where(done, rms, fit_rms)
        done |= closed
        if done.all():
            break
    return effort, rms


def _cycle_mean(centres: list[np.ndarray], vertices: list[np.ndarray],
                target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Where the next window (centred at ``target``) is one already priced: the mean of the
    vertices from that window on, and True; elsewhere the last vertex, and False."""
    moved, closed = vertices[-1].copy(), np.zeros(target.shape, dtype=bool)
    for i in range(len(centres) - 1, -1, -1):  # the latest revisit: the shortest cycle
        hit = ~closed & (target == centres[i])
        if hit.any():
            cycle = vertices[i:]
            mean = cycle[0] if len(cycle) == 1 else sum(cycle[1:], cycle[0]) / len(cycle)
            moved = np.where(hit, mean, moved)
            closed |= hit
    return moved, closed


def refine_samples(s: BehaviourSettings) -> int:
    """Draws for the smooth step: ``refine_samples`` (even, at least ``samples``).

    The same at every floor size, so an agent's best response does not depend on how
    many others the floor has; pricing blocks bound the memory it takes, and pricing
    deviations against fixed aggregates (perfkit.model.behaviour.deviation) keeps plans
    whose pay depends on others about as cheap per draw as private ones.
    """
    return max(s.samples, s.refine_samples // 2 * 2)
