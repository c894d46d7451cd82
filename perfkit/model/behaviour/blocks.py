"""Price best responses in blocks, so memory follows a budget and not the floor's size.

One pricing call prices every agent's every candidate on a long KPI table
(states × draws × slots × candidates × cycle periods × agents). It is cut into
blocks that respect coupling, each priced on its own and then put back together:

- **agents**: whole teams, in team order, packed until a block holds the budget's
  rows. Pay of a team plan (team weight, pools, ranking within teams) depends only
  on teammates, and mentors' help flows within teams, so a block of whole teams
  prices exactly what the whole table would. Plans whose pay reads the company
  (company-wide forced distribution, rank prizes, top-N rewards, company goals
  split over agents) keep the whole floor in every block: no approximation;
- **draws** and then **candidates**: a block may hold a range of the shared draw
  set and of the candidates; each run of the table is a whole copy of the block's
  agents, so company-coupled pay is priced on the whole company, exactly, whatever
  the cut.

Each block returns its agents' own-deviation pay per draw; the certainty
equivalents (mean and variance over the draws) are taken on the assembled array,
so the same seed gives the same bytes whatever the budget (tests). Blocks are
independent tasks: with ``--dask`` they run on the cluster (perfkit.model.scale.tasks).
The smallest block of a company-coupled plan is one draw × one candidate of the
whole floor; perfkit.model.scale.estimate refuses a job whose smallest block cannot fit.
"""

from __future__ import annotations

import copy
import weakref
from dataclasses import dataclass, replace

import numpy as np

from perfkit.model.behaviour.continuation import Continuation
from perfkit.model.funnel import DIMS, Choice
from perfkit.scheme.models import TargetRule


@dataclass(frozen=True)
class Block:
    """Agents (indices, or None for all), a range of draws and a range of candidates."""

    agents: np.ndarray | None
    draws: slice
    cands: slice


def agent_groups(team_code: np.ndarray, unit: str) -> list[np.ndarray]:
    """The agents of each coupling unit: one per team, or the whole floor."""
    n = team_code.size
    if unit == "company" or n == 0:
        return [np.arange(n)]
    order = np.argsort(team_code, kind="stable")
    cuts = np.flatnonzero(np.diff(team_code[order])) + 1
    return np.split(order, cuts)


def plan_blocks(
    team_code: np.ndarray, unit: str, rows_per_agent_draw_cand: int, K: int, C: int, cap: int
) -> list[Block]:
    """Blocks of at most ``cap`` rows (or the smallest possible), covering every agent × draw ×
    candidate once. ``rows_per_agent_draw_cand``: states × slots × cycle periods."""
    n = team_code.size
    per_agent = rows_per_agent_draw_cand * K * C
    if per_agent * n <= cap:
        return [Block(None, slice(0, K), slice(0, C))]
    groups = agent_groups(team_code, unit)
    packed: list[np.ndarray] = []
    current: list[np.ndarray] = []
    size = 0
    for g in groups:  # whole units, in order, until a block is full
        if current and (size + g.size) * per_agent > cap:
            packed.append(np.sort(np.concatenate(current)))
            current, size = [], 0
        current.append(g)
        size += g.size
    if current:
        packed.append(np.sort(np.concatenate(current)))
    blocks = []
    for idx in packed:
        one = rows_per_agent_draw_cand * idx.size  # rows of one draw × one candidate
        agents = None if idx.size == n else idx
        if one * K * C <= cap:
            blocks.append(Block(agents, slice(0, K), slice(0, C)))
        elif one * C <= cap:
            step = max(1, cap // (one * C))
            blocks += [
                Block(agents, slice(k, min(K, k + step)), slice(0, C)) for k in range(0, K, step)
            ]
        else:
            step = max(1, cap // one)
            blocks += [
                Block(agents, slice(k, k + 1), slice(c, min(C, c + step)))
                for k in range(K)
                for c in range(0, C, step)
            ]
    return blocks


def _slice_choice(c: Choice, idx: np.ndarray | None, cands: slice | None = None) -> Choice:
    def cut(a):
        a = np.asarray(a)
        if cands is not None:
            a = a[:, cands]
        return a if idx is None else a[..., idx]

    return Choice(*(cut(getattr(c, d)) for d in DIMS))


def _slice_plan(plan: Continuation | None, idx: np.ndarray | None) -> Continuation | None:
    if plan is None or idx is None:
        return plan
    return Continuation(
        plan.states,
        {w: r[idx] for w, r in plan.reference.items()},
        {w: tuple(a[:, idx] for a in ch) for w, ch in plan.choices.items()},
    )


def price_block(agents, draws, help_b, m, window, luck, cands: Choice, path: list[Choice], plan,
                table):  # fmt: skip
    """One block's own-deviation utility and revenue, and its smoothed rules' values (a
    task: runs locally or on Dask, where ``table`` was sent to the workers once). The whole
    table prices itself, so a worker keeps its layouts from one call to the next."""
    whole = agents is None and help_b is None and draws == slice(0, table.K)
    sub = table if whole else table.restricted(agents, draws, help_b)
    return sub.own_utility(m, window, luck, cands, path, plan)


#: Whole tables (by identity) and their copies without caches, as sent to Dask workers.
_SHIPPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def shipped(table) -> tuple[object, np.ndarray | None]:
    """The whole table ``table`` was restricted from, as sent to Dask workers (once: the
    same object while the whole table lives), and ``table``'s agents in it (None: all).
    Sent without the caches a worker rebuilds (the layouts' memo is tens of MB at 1,000
    agents), and a restricted table is rebuilt on the worker from the whole one."""
    whole, at = table.origin or (table, None)
    bare = _SHIPPED.get(whole)
    if bare is None:
        bare = copy.copy(whole)
        bare._layouts, bare._history, bare._prepared, bare._kept_base = {}, None, {}, {}
        _SHIPPED[whole] = bare
    return bare, at


#: Fewest KPI rows a pricing call sends to a Dask cluster (below, the round trip costs
#: more than the work: about 0.7 µs per row here).
DASK_MIN_ROWS = 200_000


def price_in_blocks(table, m, window, luck, cands: Choice, path: list[Choice], plan):
    """Own-deviation utility and revenue (states × K × C × N), priced block by block, and
    the values the pricer's smoothed rules read (rules × states × K × slots × C × cycle
    periods × N, or None). On Dask, blocks are sized so every worker gets two."""
    from perfkit.model.scale.limits import current
    from perfkit.model.scale.tasks import cluster_workers, run_tasks

    w0, w1 = window
    L, C, N = cands.effort.shape
    # rows per agent, draw and candidate: own rows, and whole copies where pay ranks
    one = L * (w1 - w0 + 1) * (table.G if table.G > 1 and not table.fixed else 1)
    limits = current()
    cap, dask = limits.block_rows, None
    if limits.dask and one * table.K * C * N >= DASK_MIN_ROWS:
        dask = limits.dask
        cap = min(cap, -(-one * table.K * C * N // max(1, 2 * cluster_workers())))
    blocks = plan_blocks(table.pop.team_code, table.pricer.unit, one, table.K, C, cap)
    if len(blocks) == 1 and blocks[0].agents is None and dask is None:
        return table.own_utility(m, window, luck, cands, path, plan)
    fixed = None
    if any(b.agents is not None for b in blocks):  # help flows of the whole floor, once
        fixed = {w0 + i: table.help_state(w0 + i, p) for i, p in enumerate(path)}
    shared, at = shipped(table) if dask else (table, None)
    items = []
    for b in blocks:
        help_b = table.fixed_help if dask else None  # the table's own, rebuilt on a worker
        if b.agents is not None:
            help_b = {w: (h[0][b.agents], h[1][b.agents], h[2], h[3]) for w, h in fixed.items()}
        items.append((_within(at, b.agents), b.draws, help_b, m, window, luck,
                      _slice_choice(cands, b.agents, b.cands),
                      [_slice_choice(p, b.agents) for p in path], _slice_plan(plan, b.agents)))  # fmt: skip
    results = run_tasks(price_block, items, dask or "", (shared,))
    own_u = np.empty((L, table.K, C, N))
    rev = np.empty((L, table.K, C, N))
    keys = None
    for b, (u, r, k) in zip(blocks, results, strict=True):
        agents = slice(None) if b.agents is None else b.agents
        own_u[:, b.draws, b.cands][..., agents] = u  # basic slices: a view, written through
        rev[:, b.draws, b.cands][..., agents] = r
        if k is not None:  # the smoothed rules' values: moments over every draw, once assembled
            keys = _assemble(keys, k, b, table.K, C, N)
    return own_u, rev, keys


def _within(at: np.ndarray | None, agents: np.ndarray | None) -> np.ndarray | None:
    """Agents ``agents`` of a table that holds agents ``at`` of the whole, in the whole."""
    if at is None or agents is None:
        return agents if at is None else at
    return at[agents]


def _assemble(keys, k, b: Block, K: int, C: int, N: int):
    """Put one block's smoothed-rule values (perfkit.model.behaviour.deviation.pay's keys:
    a pair of base and own rows, or whole copies) into the arrays of every draw."""
    agents = slice(None) if b.agents is None else b.agents
    if not isinstance(k, tuple):  # whole copies: rules × L × K × G × C × W × N
        if keys is None:
            keys = np.empty((*k.shape[:2], K, k.shape[3], C, *k.shape[5:-1], N))
        keys[:, :, b.draws, :, b.cands][..., agents] = k
        return keys
    base, own = k  # rules × L × K (× C) × W × N
    if keys is None:
        keys = (
            None if base is None else np.empty((*base.shape[:2], K, *base.shape[3:-1], N)),
            np.empty((*own.shape[:2], K, C, *own.shape[4:-1], N)),
        )
    if base is not None:
        keys[0][:, :, b.draws][..., agents] = base
    keys[1][:, :, b.draws, b.cands][..., agents] = own
    return keys


def priced_alone(pricer) -> bool:
    """Whether each agent's pay can be priced without any other agent's rows: pay is
    private, and no target is decomposed from a goal over a unit (a split by headcount,
    capacity or history share reads the unit's rows; an agent's own history does not)."""
    if pricer.coupling != "private":
        return False
    if pricer.scope is None:
        return True
    if pricer.engine is None:
        return False
    scenario = pricer.engine.scenario
    plans = [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]
    targets = [i.target for p in plans for i in p.scorecard]
    targets += [getattr(b, "target", None) for p in plans for b in p.bonuses]
    return not any(
        isinstance(t, TargetRule) and not (t.split == "history" and t.goal is None) for t in targets
    )


class SomeAgents:
    """A table that prices only the coupling units (agents of a private plan, whole teams,
    or the floor) holding a flagged choice, each attainment state for its own units: the
    smooth step's later windows, for choices not yet settled. States whose units are the
    same are priced in one call.

    Each unit is priced exactly as inside the whole table (its own draws, help flows of the
    whole floor at ``path``); the other choices' certainty equivalents are 0 (unpriced).
    ``states`` and ``idx``: every state and unit priced.
    """

    def __init__(self, table, flagged: np.ndarray):
        self.table, self.shape = table, flagged.shape
        alone = priced_alone(table.pricer)
        groups = None if alone else agent_groups(table.pop.team_code, table.pricer.unit)
        by_units: dict[bytes, tuple[list[int], np.ndarray]] = {}
        for state in np.flatnonzero(flagged.any(axis=1)):
            agents = flagged[state]
            if alone:
                idx = np.flatnonzero(agents)  # each agent is its own unit
            else:
                idx = np.sort(np.concatenate([g for g in groups if agents[g].any()]))
            by_units.setdefault(idx.tobytes(), ([], idx))[0].append(int(state))
        self.parts = [(np.array(states), idx) for states, idx in by_units.values()]
        self.states = np.sort(np.concatenate([p[0] for p in self.parts]))
        self.idx = np.unique(np.concatenate([p[1] for p in self.parts]))

    def price(self, m, window, luck, cands: Choice, path: list[Choice], plan=None):
        table, w0, C = self.table, window[0], cands.effort.shape[1]
        helps = {w0 + i: table.help_state(w0 + i, p) for i, p in enumerate(path)}
        out = [np.zeros((self.shape[0], C, self.shape[1])) for _ in range(3)]
        for states, idx in self.parts:
            fixed = {w: (h[0][idx], h[1][idx], h[2], h[3]) for w, h in helps.items()}
            sub = table.restricted(idx, fixed_help=fixed)
            some = Choice(*(getattr(cands, d)[states] for d in DIMS))
            priced = sub.price(m, window, luck[states], _slice_choice(some, idx),
                               [_slice_choice(p, idx) for p in path], _slice_plan(plan, idx))  # fmt: skip
            at = np.ix_(states, np.arange(C), idx)
            for a, part in zip(out, (priced.ce, priced.revenue, priced.revenue_sd), strict=True):
                a[at] = part
        return replace(priced, ce=out[0], revenue=out[1], revenue_sd=out[2])


def among(table, flagged: np.ndarray):
    """``table`` pricing only the states and units of choices flagged in ``flagged``
    (states × agents; itself where every agent or none is flagged)."""
    if hasattr(table, "among"):
        return table.among(flagged.any(axis=0))
    if not flagged.any():
        return table
    some = SomeAgents(table, flagged)
    states, idx = some.parts[0]
    full = len(some.parts) == 1 and idx.size == flagged.shape[1] and states.size == flagged.shape[0]
    return table if full else some
