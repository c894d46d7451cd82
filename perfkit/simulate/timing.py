"""Deal timing at pay cliffs (压单 / 提前成交): agents move closing dates across a period end.

Near the end of each pay period some deals are about to close. An agent can pull
some of next period's deals into this one, at a price concession, or hold some of
this period's deals back into the next, at the risk of losing a few. Real sales
forces do both around quota and bonus cliffs: Oyer (1998, QJE) found sales bunching
at fiscal-year ends driven by non-linear pay; Larkin (2014, J. Labor Econ.) found
salespeople timing deals to their plan's accelerators and the firm losing revenue
through the discounts used to pull deals in.

The model, per run × agent at the end of every period that settles pay:

- movable deals: ``share`` of this period's revenue (could be held) and ``share`` of
  next period's expected revenue (could be pulled in);
- options: hold half or all of this period's movable deals, pull half or all of next
  period's, or leave them (the default; an option must gain at least ``min_gain``,
  the hassle of asking customers to move a date);
- value: this period's pay as a function of its revenue (the plan's own pay curve,
  priced by the payout engine with the agent's other KPIs at their expected values),
  plus the change in next period's pay at its expected revenue: a pulled deal brings ``1 − pull_discount`` of its value now and
  takes all of it from next period; a held deal brings ``1 − hold_loss`` of it next
  period.

Under linear pay no option gains (pulling loses the discount, holding the loss), so
nothing moves; a marginal ladder's kinks make small gains from lumping revenue into
one month, mostly below the hassle threshold; at a whole-amount ladder edge or a bonus threshold an
agent just below pulls deals in and lands just above: the bunching a report flags.
For pay measured over a quarter, deals move at the quarter's end and the curve is
the quarter's pay as a function of the quarter's total (earlier months at their
expected revenue). The choice is myopic (one period ahead) and ignores risk, and for
pay that depends on others every agent's curve moves with the floor's revenue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from perfkit.model.behaviour.solve import Policy, month_states
from perfkit.model.funnel import Choice
from perfkit.model.population import Population
from perfkit.scheme.population import DealTiming, Mentoring
from perfkit.simulate.kernel import timing_kernel

#: Revenue multiples (of the agent's expected revenue) at which the pay curve is priced.
GRID = np.linspace(0.0, 3.0, 61)
#: Revenue-proportional KPIs that move with the deals.
MOVES_WITH_REVENUE = ("orders", "revenue", "collected", "refunds", "repeat_customers")
#: Options: (share of this period's movable deals held, share of next period's pulled).
OPTIONS = ((0.0, 0.0), (0.5, 0.0), (1.0, 0.0), (0.0, 0.5), (0.0, 1.0))
_OPTIONS = np.array(OPTIONS, dtype=float)
#: Moved by the compiled kernel itself (revenue set, orders rounded); the rest scale.
_LEADS = ("revenue", "orders")


@dataclass(frozen=True)
class Curves:
    """Pay (plus non-cash value) at GRID multiples of ``scale``, per period × agent.

    Priced once per position in the pay cycle (the first cycle's periods) and reused
    for the same position of later cycles, in absolute revenue: a ladder edge or a
    bonus threshold sits at the same revenue every month.
    """

    expected: np.ndarray  # P × N: expected revenue per period on the policy path
    pay: dict[int, np.ndarray]  # period → GRID × N pay of that period (its cycle, at its end)
    scale: dict[int, np.ndarray]  # period → N revenue that GRID multiplies
    earlier: dict[int, np.ndarray]  # period → N expected revenue of its cycle before it


def kpis_on_path(
    pop: Population, production, policy: Policy, m: int, traits: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Each agent's KPIs in period m (``traits`` at that tenure) at its chosen (centre)
    path and median shocks."""
    c = policy.center
    choice = Choice(policy.effort[m, c], policy.quality[m, c], np.zeros(pop.n))
    z = np.zeros((production.shocks, pop.n))
    return dict(production.kpis(traits, choice, z, 0.0, whole=False))


def settling_windows(cycle_start: np.ndarray) -> np.ndarray:
    """First period whose revenue counts in the pay settled at each period's end.

    A cycle's last period settles the whole cycle; other periods settle only themselves.
    """
    P = len(cycle_start)
    last = np.r_[cycle_start[1:] != cycle_start[:-1], True]
    return np.where(last, cycle_start, np.arange(P))


def pay_curves(
    pop: Population,
    production,
    policy: Policy,
    price: Callable[[dict[str, np.ndarray], list[int]], np.ndarray],
    months_per_period: float = 1.0,
) -> Curves:
    """The pay curves deal timing reads (see Curves); ``price(kpis, periods)`` prices
    GRID × W × N KPI arrays over those periods and returns total pay, same shape."""
    P, G = len(policy.periods), GRID.size
    months = month_states(pop, policy.periods, Mentoring(), months_per_period)
    kp = [kpis_on_path(pop, production, policy, m, months[m].traits) for m in range(P)]
    expected = np.stack([k["revenue"] for k in kp])
    w0s = settling_windows(policy.cycle_start)
    position = np.arange(P) - policy.cycle_start
    first: dict[int, int] = {}
    pay, scale, earlier = {}, {}, {}
    for m in range(P):
        w0 = int(w0s[m])
        earlier[m] = expected[w0:m].sum(axis=0)
        key = (int(position[m]), w0 < m)
        if key in first:  # the same position of an earlier cycle: reuse its curve
            pay[m], scale[m] = pay[first[key]], scale[first[key]]
            continue
        first[key] = m
        now = scale_revenue(kp[m], GRID[:, None])
        rows = {
            k: np.stack(
                [np.broadcast_to(kp[w][k], (G, pop.n)) for w in range(w0, m)]
                + [np.broadcast_to(now[k], (G, pop.n))],
                axis=1,
            )
            for k in kp[m]
        }
        pay[m], scale[m] = price(rows, list(range(w0, m + 1)))[:, -1, :], expected[m]
    return Curves(expected, pay, scale, earlier)


def curves_once(policy: Policy, pricer: object, make: Callable[[], Curves]) -> Curves:
    """``make()``, or the curves made last for this very policy and pricer: a response's
    curves do not read the runs, the attrition or the deal-timing settings, so simulations
    sharing a solve (perfkit.simulate.solved) price them once. Only the last are kept
    (61 revenue multiples × agents × cycle positions)."""
    last = _LAST_CURVES.get("last")
    if last is not None and last[0] is policy and last[1] is pricer:
        return last[2]
    _LAST_CURVES.clear()  # the old curves go before the new are made
    curves = make()
    _LAST_CURVES["last"] = (policy, pricer, curves)
    return curves


_LAST_CURVES: dict[str, tuple[Policy, object, Curves]] = {}


def scale_revenue(kpis: dict[str, np.ndarray], ratio: np.ndarray) -> dict[str, np.ndarray]:
    """The KPIs with revenue and what moves with it multiplied by ``ratio``."""
    out = dict(kpis)
    for k in MOVES_WITH_REVENUE:
        if k in out:
            out[k] = out[k] * ratio
    return out


def curve_at(curve: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Pay at revenue multiples ``x`` (an array of the caller's own, overwritten): linear
    between GRID points, and beyond the last one along the last segment (so a very good
    month is not priced as if pay stopped). Where no ``x`` is beyond it, nothing is added
    (the last segment's term is ±0 there)."""
    extra = None
    if (x > GRID[-1]).any():
        slope = (curve[-1] - curve[-2]) / (GRID[-1] - GRID[-2])
        extra = slope * np.maximum(x - GRID[-1], 0.0)
    out = _on_clipped(curve, np.clip(x, GRID[0], GRID[-1], out=x))
    if extra is not None:
        out += extra
    return out


def on_grid(curve: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``interpolate(curve, GRID, x)`` (perfkit.model.behaviour.continuation), the same
    numbers, with GRID's even steps in place of a binary search (:func:`_on_clipped`)."""
    return _on_clipped(curve, np.clip(x, GRID[0], GRID[-1]))


def _on_clipped(curve: np.ndarray, x: np.ndarray) -> np.ndarray:
    """:func:`on_grid` at ``x`` within GRID: each ``x``'s GRID interval from x ÷ step, then
    moved by one where rounding put it across a GRID point; the curve read at flat
    positions (interval × agents + agent), the work done in place."""
    lo = (x * (_STEPS / (GRID[-1] - GRID[0]))).astype(np.int32)
    lo -= _PADDED.take(lo) > x
    lo += _PADDED.take(lo + 1) <= x  # now: the GRID points ≤ x, less one
    np.clip(lo, 0, _STEPS - 1, out=lo)
    w = x - GRID.take(lo)
    w /= _WIDTH.take(lo)
    n = curve.shape[1]
    at = lo * np.int32(n) if curve.size < 2**31 else lo.astype(np.int64) * n
    at += np.arange(n, dtype=at.dtype)
    flat = curve.reshape(-1)
    out = 1 - w
    out *= flat.take(at)
    at += n
    w *= flat.take(at)
    out += w
    return out


_STEPS = GRID.size - 1
#: GRID with +inf after its last point (so the point after any interval can be read).
_PADDED = np.append(GRID, np.inf)
#: Each GRID interval's width.
_WIDTH = GRID[1:] - GRID[:-1]


def choose(
    revenue: np.ndarray,
    offset: np.ndarray,
    now: tuple[np.ndarray, np.ndarray],
    nxt: tuple[np.ndarray, np.ndarray, np.ndarray],
    settings: DealTiming,
) -> tuple[np.ndarray, np.ndarray]:
    """(held, pulled) revenue per run × agent: the best of OPTIONS (module docstring).

    ``now``: (curve, scale) of this period: pay at GRID multiples of ``scale``, with
    ``offset`` revenue already counted towards the cycle's total; ``nxt``: (curve,
    scale, expected revenue) of the next period, whose pay change is priced at its
    expected revenue. An option holds or pulls, never both, so the other's term (a
    zero) is not added: the same numbers, two passes over the rows fewer.
    """
    curve, scale = now
    curve_next, scale_next, expected_next = nxt
    movable_now = settings.share * np.maximum(revenue, 0.0)
    movable_next = settings.share * np.maximum(expected_next, 0.0)
    per, per_next = np.maximum(scale, 1e-9), np.maximum(scale_next, 1e-9)

    def pay(y: np.ndarray) -> np.ndarray:  # y: this period's revenue, choose's own array
        y += offset
        y /= per
        return curve_at(curve, y)

    def pay_next(change: np.ndarray) -> np.ndarray:
        x = expected_next + change
        x /= per_next
        return curve_at(curve_next, x)

    # next period's pay moves with this run's revenue only where deals are held: the
    # others are priced once per agent (the same numbers, broadcast over the runs)
    none = np.zeros_like(expected_next)
    best = pay(np.array(revenue))
    best += pay_next(none)
    best += settings.min_gain  # to beat
    held, pulled = np.zeros_like(revenue), np.zeros_like(revenue)
    for hold, pull in OPTIONS[1:]:
        p = pull * movable_next
        if hold:
            h = hold * movable_now
            value = pay(revenue - h)
            value += pay_next((1 - settings.hold_loss) * h)
        else:
            h = none
            value = pay(revenue + (1 - settings.pull_discount) * p)
            value += pay_next((1 - settings.hold_loss) * h - p)
        better = value > best
        np.copyto(best, value, where=better)
        np.copyto(held, h, where=better)
        np.copyto(pulled, p, where=better)
    return held, pulled


def shift_deals(
    kpis: dict[str, np.ndarray], curves: Curves, cycle_start: np.ndarray, settings: DealTiming
) -> dict[str, float]:
    """Move deals across period ends in ``kpis`` (R × P × N arrays, changed in place).

    Returns totals for the notes: revenue pulled and held, and revenue lost to
    discounts and to held deals that fell through.
    """
    revenue = kpis["revenue"]
    R, P, N = revenue.shape
    totals = {"pulled": 0.0, "held": 0.0, "discount": 0.0, "lost": 0.0}
    carry = np.zeros((R, N))
    w0s = settling_windows(cycle_start)
    for m in range(P):
        if m > 0:
            # a pull larger than what this period realises takes only what is there: the
            # rest of the pull never happened, so last period gives it back
            short = _apply(kpis, m, carry)
            if short.any():
                _apply(kpis, m - 1, -(1 - settings.pull_discount) * short, moved=True)
                totals["pulled"] -= float(short.sum()) / R
                totals["discount"] -= float(settings.pull_discount * short.sum()) / R
            carry = np.zeros((R, N))
        if m + 1 >= P or settings.share <= 0:
            continue
        w0 = int(w0s[m])
        so_far = revenue[:, w0:m].sum(axis=1) - curves.earlier[m]
        nxt = m + 1
        held, pulled = _choose(
            revenue[:, m], so_far, (curves.pay[m], curves.scale[m]),
            (curves.pay[nxt], curves.scale[nxt], curves.expected[nxt]), settings, revenue.size,
        )  # fmt: skip
        change = (1 - settings.pull_discount) * pulled - held
        _apply(kpis, m, change, moved=m > 0)
        carry = (1 - settings.hold_loss) * held - pulled
        totals["pulled"] += float(pulled.sum()) / R
        totals["held"] += float(held.sum()) / R
        totals["discount"] += float(settings.pull_discount * pulled.sum()) / R
        totals["lost"] += float(settings.hold_loss * held.sum()) / R
    return totals


def _choose(
    revenue: np.ndarray,
    offset: np.ndarray,
    now: tuple[np.ndarray, np.ndarray],
    nxt: tuple[np.ndarray, np.ndarray, np.ndarray],
    settings: DealTiming,
    rows: int,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`choose`, compiled where perfkit.simulate.kernel says so for a job of ``rows``
    agent-month-runs (the same bytes)."""
    kernel = timing_kernel(rows)
    if kernel is None:
        return choose(revenue, offset, now, nxt, settings)
    held, pulled = np.empty(revenue.shape), np.empty(revenue.shape)
    s = settings
    curve, curve_next = (np.ascontiguousarray(c.T) for c in (now[0], nxt[0]))  # agent by agent
    kernel.choose_rows(revenue, np.asarray(offset, float), curve, now[1], curve_next, *nxt[1:],
                       _OPTIONS, np.array([s.share, s.pull_discount, s.hold_loss, s.min_gain]),
                       GRID, _PADDED, _WIDTH, held, pulled)  # fmt: skip
    return held, pulled


def _apply(
    kpis: dict[str, np.ndarray], m: int, change: np.ndarray, moved: bool = False
) -> np.ndarray:
    """Add ``change`` to period m's revenue, moving orders and cash with it; returns the
    part of a negative change that exceeded the period's revenue (not taken).

    ``moved``: period m was changed before, so its orders are whole already (the Monte
    Carlo's intents are whole counts) and a row without a change keeps its numbers: only
    the rows with one are touched. Compiled where perfkit.simulate.kernel says so."""
    kernel = timing_kernel(kpis["revenue"].size)
    others = tuple(kpis[k] for k in MOVES_WITH_REVENUE if k in kpis and k not in _LEADS)
    leads = (kpis["revenue"], kpis["orders"], kpis["intents"])
    if kernel is not None and len(others) == 3 and _same_layout(*leads, *others):
        short = np.empty(change.shape)
        kernel.apply_rows(kpis["revenue"], kpis["orders"], kpis["intents"], others, m,
                          np.ascontiguousarray(change), moved, short)  # fmt: skip
        return short
    if not moved:
        return _apply_rows(kpis, m, change, slice(None))
    rows = np.flatnonzero(change)
    short = np.zeros_like(change)
    if rows.size:
        where = np.unravel_index(rows, change.shape)
        short[where] = _apply_rows(kpis, m, change[where], where)
    return short


def _apply_rows(kpis: dict[str, np.ndarray], m: int, change: np.ndarray, at) -> np.ndarray:
    """:func:`_apply` on the runs × agents ``at`` of period m: every one (a slice), or
    (runs, agents) index arrays."""
    index = (slice(None), m, slice(None)) if isinstance(at, slice) else (at[0], m, at[1])
    revenue = kpis["revenue"][index]
    moved = revenue + change
    new = np.maximum(moved, 0.0)
    short = new - moved
    ratio = np.divide(new, revenue, out=np.ones_like(new), where=revenue > 0)
    for k in MOVES_WITH_REVENUE:
        if k in kpis and k != "revenue":  # revenue: set to ``new`` below
            kpis[k][index] *= ratio
    kpis["revenue"][index] = new
    orders = kpis["orders"][index]
    kpis["orders"][index] = np.minimum(np.rint(orders), kpis["intents"][index])
    return short


def _same_layout(*arrays: np.ndarray) -> bool:
    """Run × period × agent float arrays of one shape, C-ordered: what the kernel takes."""
    first = arrays[0]
    return all(a.dtype == np.float64 and a.ndim == 3 and a.shape == first.shape
               and a.flags.c_contiguous for a in arrays)  # fmt: skip
