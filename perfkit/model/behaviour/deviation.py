"""The rows one pricing call pays: each agent's own deviations, and the others' base rows.

A pricing call (perfkit.model.behaviour.pricing) prices every agent's candidates in
runs where the agents of one deviation slot play a candidate and everyone else plays
the current choice. Only two kinds of row occur in such a table: an agent at its
current choice (a *base* row: the same in every run of a draw) and an agent at its
own candidate (an *own* row). So the KPIs are computed once for each — own rows
states × draws × candidates × cycle periods × agents, base rows draws × cycle periods
× agents — and pay is priced

- where pay is private (one slot): on the own rows alone, every agent deviating;
- where pay reads teammates or the floor through sums and counts (team weight, pools,
  team goals, leader overrides, targets split over a unit): on the own rows against
  the base rows' aggregates (perfkit.payout.grid.deviations), recomputing no teammate;
- where it ranks (forced distribution or rank prizes the engine prices, top-N,
  segments), or the pay function is not the engine: on whole copies built from the
  two, one run per slot and candidate, as before.

The first two pay the arrays directly (perfkit.payout.grid: no DataFrame), the same
numbers as the engine's ``compute_statements``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.model.behaviour.continuation import Continuation
from perfkit.model.behaviour.needed import ColumnNotComputed, guarded
from perfkit.model.behaviour.own_rows import (
    Patched,
    deviating,
    laid_out_of,
    own_of,
    paid_of,
    whole,
)
from perfkit.model.funnel import DIMS, OUTPUTS, Choice
from perfkit.payout.frame import Carried, LazyColumns
from perfkit.payout.grid import adjusted, deviations, pay_grid

#: Output KPIs scaled by an attainment state (everything downstream of connects).
LUCK_SCALED = (
    "effective_calls",
    "effective_talk_minutes",
    "intents",
    "orders",
    "revenue",
    "collected",
    "refunds",
    "complaints",
    "repeat_customers",
    "assisted_orders",
    "collaboration_credit",
)


@dataclass(frozen=True)
class PricingRows:
    """KPIs of a pricing call: own rows (L × K × C × W × N), base rows (K × W × N; None
    where pay is private) and the cost of effort the own rows' later periods take (None
    where the window has no later period played by a solved plan)."""

    own: LazyColumns  # each KPI laid out when first read
    base: dict[str, np.ndarray] | None
    later_cost: np.ndarray | None
    first: int  # the first period of the rows (the window's, or m where the past is carried)
    carried: dict[str, np.ndarray] | None = None  # the past months' totals (L × 1 × 1 × 1 × N)
    agents: np.ndarray | None = None  # whose own rows were computed (None: all: own_rows)
    mine: LazyColumns | None = None  # their own rows alone (L × K × C × W × their number)


def kpis(table, m: int, window: tuple[int, int], luck: np.ndarray, cands: Choice,
         path: list[Choice], plan: Continuation | None) -> PricingRows:  # fmt: skip
    """Own and base KPIs over the cycle window (see PricingTable.price for the arguments).

    Past periods replay the current path at the median shocks, the deviator's output
    scaled to its attainment state; later periods follow ``plan`` where solved. Where
    the pay rules allow (``table.carry``: perfkit.model.behaviour.carry), the past periods
    are no rows: their totals of the KPIs ``table.carry`` names are carried instead.
    """
    w0, w1 = window
    L, C, N = cands.effort.shape
    carry = table.carry if table.G == 1 else None
    first = m if carry is not None else w0
    K, W = table.K, w1 - first + 1
    carried = None if carry is None or m == w0 else {}
    own_cand = Choice(*(getattr(cands, d)[:, None, :, :] for d in DIMS))  # L × 1 × C × N
    own_parts: dict[str, list[np.ndarray]] = {}  # each KPI's periods, laid out when read
    base_parts: dict[str, np.ndarray] | None = {} if table.G > 1 else None
    later_cost = None
    mine = deviating(table) if table.G > 1 else None  # own rows of these agents only
    # own revenue so far in the cycle, for later periods played by the plan (else unread)
    solved = [w for w in range(m + 1, w1 + 1) if plan is not None and w in plan.choices]
    cum = np.zeros((L, K, C, N)) if solved else None
    for i, w in enumerate(range(w0, w1 + 1)):
        now = path[i]
        if w < m:
            base = table.base_kpis(w, now, zero=True)
            ref = plan.reference[w] if plan is not None else base["revenue"]
            scale = luck[:, None, None, None] * (ref / np.maximum(base["revenue"], 1e-12))
            own = {k: v * scale if k in LUCK_SCALED else v for k, v in base.items()}
        else:
            choice = own_cand
            if w in solved:
                choice = plan.choice(w, cum / np.maximum(plan.so_far(w0, w), 1e-9))
                cost = table.production.cost(table.months[w].traits, choice)
                later_cost = cost if later_cost is None else later_cost + cost
            if base_parts is not None:
                base = table.base_kpis(w, now, zero=False)
            own = (
                table.period_kpis(w, choice, now, zero=False, axes=(1, 1))
                if mine is None
                else own_of(table, w, choice, now, base, mine)
            )
        if cum is not None and w < solved[-1]:
            cum = cum + whole(own["revenue"], cum.shape)
        if w < first:  # a past period carried: its totals only
            for k in carry:
                carried[k] = carried.get(k, 0.0) + np.broadcast_to(own[k], (L, 1, 1, N))
            continue
        for k, v in own.items():
            own_parts.setdefault(k, []).append(v)
        if base_parts is not None:
            for k, v in base.items():
                base_parts.setdefault(k, np.empty((K, W, N)))[:, w - first, :] = v
    if carried is not None:
        carried = {k: v[:, :, :, None, :] for k, v in carried.items()}
    if base_parts is not None:
        base_parts = guarded(base_parts)  # a column not computed fails when read
    if mine is None:
        own = _laid_out(own_parts, (L, K, C, W, N))
        return PricingRows(own, base_parts, later_cost, first, carried)
    return PricingRows(_laid_out(own_parts, (L, K, C, W, N), keep=True), base_parts, later_cost,
                       first, carried, mine,
                       laid_out_of(own_parts, mine, (L, K, C, W, mine.size)))  # fmt: skip


def _laid_out(parts: dict[str, list], shape: tuple[int, ...], keep: bool = False) -> LazyColumns:
    """Each KPI's periods written into one array (L × K × C × W × N, the table's row
    order) when a rule first reads it: the rules read a few of the funnel's KPIs
    (``keep``: the periods kept for the marked agents' own layout, own_rows.laid_out_of)."""

    def lay(k: str) -> np.ndarray:
        if k not in parts:
            raise ColumnNotComputed(k)
        out = np.empty(shape)
        for i, v in enumerate(parts[k] if keep else parts.pop(k)):
            if isinstance(v, Patched):  # base rows but the marked agents' (own_rows)
                out[:, :, :, i, :] = v.base
                out[:, :, :, i, :][..., v.agents] = v.own
            else:
                out[:, :, :, i, :] = v
        return out

    return LazyColumns(lay, [*parts, *(k for k in OUTPUTS if k not in parts)])


def whole_copies(rows: PricingRows, slot: np.ndarray, G: int) -> LazyColumns:
    """The table of whole copies (L × K × G × C × W × N): in run (g, c) the agents of slot
    g play candidate c, everyone else the current choice (each KPI built when read)."""
    mine = (slot[None, :] == np.arange(G)[:, None])[:, None, None, :]  # G × 1 × 1 × N

    def copies(k: str) -> np.ndarray:
        return np.where(mine, rows.own[k][:, :, None], rows.base[k][None, :, None, None])

    return LazyColumns(copies, rows.own)


def pay(table, rows: PricingRows, w_abs: np.ndarray):
    """Each own row's pay utility (L × K × C × W × N) and the values the pricer's smoothed
    rules read (None without such rules): a pair (base rows' or None, own rows') of rules ×
    row tables, or rules × whole copies (see :func:`key_moments`)."""
    smooth = table.pricer.smooth
    L, K, C, W, N = shape = rows.own["revenue"].shape
    if rows.base is None:  # private pay: every agent deviates in every run
        carried = None if not rows.carried else Carried(rows.carried, shape)
        paid = _paid(table, rows.own, w_abs, carried)
        keys = None if smooth is None else (None, smooth.keys(rows.own, paid, shape))
        return _utility(table, paid, shape), keys
    if table.fixed:
        base = LazyColumns(lambda k: np.broadcast_to(rows.base[k], (L, K, W, N)), rows.base)
        scenario, past = _engine(table)
        if rows.mine is not None and table.pricer.adjust is None:  # the marked agents' rows
            base_paid, paid = paid_of(scenario, table.layout(w_abs), base, rows, table.slot,
                                      past, shape)  # fmt: skip
        else:
            base_paid, paid = deviations(scenario, table.layout(w_abs), base, rows.own,
                                         table.slot, past, table.pricer.adjust)  # fmt: skip
        keys = None
        if smooth is not None:
            keys = (smooth.keys(base, base_paid, (L, K, W, N)), smooth.keys(rows.own, paid, shape))
        return _utility(table, paid, shape), keys
    full = whole_copies(rows, table.slot, table.G)
    paid = _paid(table, full, w_abs)
    u = _utility(table, paid, (L, K, table.G, C, W, N))
    agents = np.arange(N)[None, :]
    own_u = u[:, :, table.slot[None, :], np.arange(C)[:, None], :, agents]  # C × N × L × K × W
    keys = None if smooth is None else smooth.keys(full, paid, (L, K, table.G, C, W, N))
    return np.moveaxis(own_u, (0, 1), (2, 4)), keys


def key_moments(keys, slot: np.ndarray, G: int):
    """Mean and sd over the draws of each rule's value at each agent's own candidates
    (rules × L × C × W × N) and at everyone's current choice (rules × L × W × N), from
    :func:`pay`'s keys assembled over every draw. A smoothed rule prices a deviation
    against the others' current values, not against the candidates of the agents that
    deviate in the same run, so a candidate's price does not depend on the candidates
    priced beside it. With one slot (no base rows: every agent deviates in every run, so
    no agent has a rival) the first candidate stands for the current choice."""
    if not isinstance(keys, tuple):  # whole copies: rules × L × K × G × C × W × N
        agents = np.arange(keys.shape[-1])
        own = keys[:, :, :, slot, :, :, agents]  # N × rules × L × K × C × W
        base = keys[:, :, :, (slot + 1) % G, 0, :, agents]  # a run where the agent is not deviating
        mu, sd = np.moveaxis(own.mean(axis=3), 0, -1), np.moveaxis(own.std(axis=3), 0, -1)
        return (mu, sd), (
            np.moveaxis(base.mean(axis=3), 0, -1),
            np.moveaxis(base.std(axis=3), 0, -1),
        )
    base, own = keys
    mu, sd = own.mean(axis=2), own.std(axis=2)
    if base is None:
        return (mu, sd), (mu[:, :, 0], sd[:, :, 0])
    return (mu, sd), (base.mean(axis=2), base.std(axis=2))


def _engine(table):
    """The scenario the engine prices (without smoothed rules) and its indexed history."""
    engine, smooth = table.pricer.engine, table.pricer.smooth
    return (smooth.scenario if smooth is not None else engine.scenario), table.history(engine.past)


def _paid(table, kpis: dict[str, np.ndarray], w_abs: np.ndarray, carried: Carried | None = None):
    """Pay of whole runs: the engine on the arrays (``carried``: the quarter's totals of
    months not among them), or the pricer's function on a DataFrame (either with the
    pricer's adjustment)."""
    pricer = table.pricer
    if pricer.engine is not None:
        scenario, past = _engine(table)
        return pay_grid(scenario, table.layout(w_abs), kpis, past, pricer.adjust, carried)
    frame = kpi_frame(table, kpis, w_abs)
    paid = pricer(frame) if pricer.smooth is None else pricer.smooth.pay(frame)
    return adjusted(paid, pricer.adjust, table.layout(w_abs), kpis)


def _utility(table, paid, shape: tuple[int, ...]) -> np.ndarray:
    """Pay plus the agent's value of non-cash rewards, per row (``shape``)."""
    u = np.asarray(paid["total_pay"], dtype=float).reshape(shape)
    if "non_cash_value" in paid:
        value = np.asarray(paid["non_cash_value"], dtype=float).reshape(shape)
        u = u + value * table.pop.noncash_value
    return u


def moments(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance over the draws (axis 1), the numbers ``a.mean(axis=1)`` and
    ``a.var(axis=1)`` give, with the mean summed once rather than twice (the rows are large)."""
    k = a.shape[1]
    mean = np.add.reduce(a, axis=1, keepdims=True)
    np.true_divide(mean, k, out=mean)
    x = np.subtract(a, mean)
    np.square(x, out=x)
    var = np.add.reduce(x, axis=1)
    np.true_divide(var, k, out=var)
    return mean[:, 0], var


def slots_of(pop, coupling: str, slots: int) -> tuple[np.ndarray, int]:
    """Deviation slot of each agent of ``pop`` and the number of slots (see
    perfkit.model.behaviour.pricing's module docstring)."""
    if coupling == "private":
        return np.zeros(pop.n, dtype=np.int64), 1
    rng = np.random.default_rng(np.random.SeedSequence(pop.n, spawn_key=(13,)))
    if coupling == "team":
        order = np.lexsort((rng.random(pop.n), pop.team_code))
        sizes = np.bincount(pop.team_code)
        starts = np.cumsum(sizes) - sizes
        position = np.empty(pop.n, dtype=np.int64)
        position[order] = np.arange(pop.n) - starts[pop.team_code[order]]
        g = int(min(slots, sizes.max()))
        return position % g, g
    g = int(min(slots, pop.n))
    return rng.permutation(pop.n) % g, g


def kpi_frame(table, kpis: dict[str, np.ndarray], w_abs: np.ndarray) -> pd.DataFrame:
    """The rows of pricing table ``table`` as a KPI table (runs × periods × agents), for
    a pay function that is not the engine."""
    W, N = w_abs.size, table.pop.n
    rows = kpis["revenue"].size
    runs = rows // (W * N)
    cols: dict[str, object] = {
        "agent_id": pd.Categorical.from_codes(
            np.tile(table.ids.codes, runs * W), dtype=table.ids.dtype
        ),
        "team": pd.Categorical.from_codes(
            np.tile(table.teams.codes, runs * W), dtype=table.teams.dtype
        ),
        "period": pd.Categorical.from_codes(
            np.repeat(np.tile(w_abs - w_abs[0], runs), N),
            categories=pd.Index(np.asarray(table.periods, dtype=object)[w_abs]),
        ),
        "run": np.repeat(np.arange(runs), W * N),
        "tenure_months": np.tile(np.concatenate([table.months[w].tenure for w in w_abs]), runs),
        "capacity": np.tile(table.pop.capacity, runs * W),
    }
    if table.roles is not None:
        codes = np.tile(table.roles.codes, runs * W)
        cols["role"] = pd.Categorical.from_codes(codes, dtype=table.roles.dtype)
    for k, v in kpis.items():
        cols[k] = np.ascontiguousarray(v).reshape(rows)  # no copy when built in order
    return pd.DataFrame(cols, copy=False)
