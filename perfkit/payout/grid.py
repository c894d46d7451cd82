"""Pay on the simulation's own pricing tables, without a DataFrame: the fused path.

Best responses price every agent's candidate choices on long KPI tables whose rows
are runs × periods × agents, in that order (perfkit.model.behaviour.pricing). Going
through :func:`perfkit.payout.compute_statements` costs a DataFrame, its checks and
the factorising of every identity column on every call, more than the pay itself.
Here the group codes follow from the layout, and the engine's own rules
(:func:`perfkit.payout.engine.priced_rows`) price the rows: the same numbers.

**Deviations against fixed aggregates.** Where pay reads teammates or the floor
(team weight, team pools, team goals, leader overrides, targets split over a unit),
an agent's deviation is priced against the others at their current choices. A
:func:`deviations` table holds the *base* rows once (everyone at the current
choice: the others' aggregates) and then one row per deviator and candidate. Its
:class:`Deviations` groups sum a deviation row's group as the base group's total
plus the deviators' own changes (every agent of the same deviation slot and unit
deviates together, as in a table of whole copies), so no teammate's row is
recomputed. Ranking within groups is refused (``ranked``): rules that rank price on
whole copies.

**Adjustments.** A solve may price pay less a per-row amount the plan does not pay (an
anticipated ratchet's shadow cost on output: perfkit.model.behaviour.ratchet): an
:data:`Adjust` is added to each row's ``total_pay`` after the plan has paid the arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout.engine import priced_rows
from perfkit.payout.frame import Carried, LazyColumns, Rows, Table
from perfkit.payout.groups import Groups
from perfkit.payout.history import AgentHistory
from perfkit.payout.skeletons import Skeletons, skeleton


@dataclass(frozen=True)
class Layout:
    """Who the rows of a pricing table are: per run, periods × agents (row order).

    Agents and teams are codes into their names (``agent_names``, ``team_names``), whose
    order is the order the engine sorts them in (as a categorical column's); ``labels``:
    the periods in order. ``tenure``: periods × agents (or None); ``capacity`` and
    ``role``: per agent (or None).
    """

    agent: np.ndarray
    agent_names: np.ndarray
    team: np.ndarray
    team_names: np.ndarray
    labels: np.ndarray
    tenure: np.ndarray | None = None
    capacity: np.ndarray | None = None
    role: np.ndarray | None = None
    #: The identity columns and groups of the shapes priced last (see _memo).
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    #: Group structures shared with other layouts of the same shape (see Skeletons).
    skeletons: Skeletons | None = field(default=None, compare=False, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.labels), len(self.agent)

    @cached_property
    def dense(self) -> tuple:
        """(agents present, their dense codes, teams present, their dense codes, dense
        role codes or None, role names or None): the codes the groups are built on."""
        agents, a = _dense(self.agent)
        teams, t = _dense(self.team)
        role = role_names = None
        if self.role is not None:
            role_names, r = np.unique(np.asarray(self.role, dtype=str), return_inverse=True)
            role, role_names = r.ravel().astype(np.int64), role_names.astype(object)
        return agents, a, teams, t, role, role_names


def _dense(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct codes in order and each value's dense code (as pandas.factorize(sort=True))."""
    present, dense = np.unique(np.asarray(codes), return_inverse=True)
    return present, dense.astype(np.int64).ravel()


def _rows(layout: Layout, raw: dict[str, np.ndarray], runs: int) -> tuple[Rows, Table]:
    """Rows and table of ``runs`` whole runs, with plain groups."""
    W, N = layout.shape
    n = runs * W * N
    rows, table = _memo(layout, runs, lambda: _frame(layout, runs))
    source = raw  # each column laid out as rows only when a rule reads it
    raw = LazyColumns(lambda k: source[k].reshape(n) if k in source else np.zeros(n), RAW_KPIS)
    rows = replace(rows, raw=raw, _cache={})  # a KPI cache of its own
    return rows, replace(table, rows=rows)


#: Table shapes a layout remembers (the smooth step prices a few shapes many times).
MEMO = 6


def _memo(layout: Layout, key: object, build):
    """``build()``, remembered by ``layout`` under ``key`` (the oldest of MEMO forgotten)."""
    if key not in layout.memo:
        if len(layout.memo) >= MEMO:
            layout.memo.pop(next(iter(layout.memo)))
        layout.memo[key] = build()
    return layout.memo[key]


def _structure(layout: Layout, runs: int, build, *extra: object):
    """``build()`` for this layout's shape, ``runs`` runs and ``extra`` keys: shared through
    the layout's skeletons where it has them (perfkit.payout.skeletons), else its own. The
    plain structure (no ``extra``) serves fewer runs from its first rows."""
    if layout.skeletons is None:
        return build()
    W, N = layout.shape
    _, a, teams, t, role, _ = layout.dense
    key = (W, teams.size, a.tobytes(), t.tobytes(), None if role is None else role.tobytes(),
           *extra)  # fmt: skip
    return layout.skeletons.get(key, runs, W * N, build, sliced=not extra)


def _frame(layout: Layout, runs: int) -> tuple[Rows, Table]:
    """The identity columns and groups of ``runs`` whole runs (no KPIs yet)."""
    W = len(layout.labels)
    agents, a, teams, t, role, role_names = layout.dense
    sk = _structure(layout, runs, lambda: skeleton(W, runs, a, teams.size, t, role))
    labels = np.asarray(layout.labels)
    rows = Rows(
        raw={},
        company=sk.company,
        team=sk.team,
        agent=sk.agent,
        agent_order=sk.agent_order,
        period=sk.period,
        role=sk.role,
        tenure=None if layout.tenure is None else np.tile(layout.tenure.reshape(-1), runs),
        capacity=None if layout.capacity is None else np.tile(layout.capacity, runs * W),
        labels=labels,
        derived=sk.derived,  # shared by the tables of this shape
    )
    table = Table(rows, sk.sequences, labels, role_names,
                  np.asarray(layout.agent_names)[agents], True, "<pricing table>")  # fmt: skip
    return rows, table


#: A per-row amount added to pay (module docstring): given the layout and each raw KPI
#: as runs × periods × agents, the amount for each row (broadcast to that shape).
Adjust = Callable[[Layout, dict[str, np.ndarray]], np.ndarray]


def adjusted(paid: Any, adjust: Adjust | None, layout: Layout, raw: dict[str, np.ndarray]) -> Any:
    """``paid`` (columns of every row of ``raw``) with ``adjust``'s amount added to its
    ``total_pay``; as it is without an adjustment."""
    if adjust is None:
        return paid
    W, N = layout.shape
    cube = LazyColumns(lambda k: np.reshape(raw[k], (-1, W, N)), raw)  # those it reads alone
    shape = (np.size(paid["total_pay"]) // (W * N), W, N)
    extra = np.broadcast_to(adjust(layout, cube), shape).reshape(-1)
    return {**dict(paid.items()), "total_pay": np.asarray(paid["total_pay"], float) + extra}


def pay_grid(
    scenario: Any, layout: Layout, raw: dict[str, np.ndarray], past: AgentHistory | None = None,
    adjust: Adjust | None = None, carried: Carried | None = None,
) -> dict[str, np.ndarray]:  # fmt: skip
    """``total_pay``, ``non_cash_value`` and ``score`` of every row of whole runs (each raw
    KPI: runs × periods × agents, in any leading shape), ``adjust`` added to the pay;
    ``carried``: the quarter's totals of earlier months not among the rows."""
    W, N = layout.shape
    first = "revenue" if "revenue" in raw else next(iter(raw))  # a column the rules read
    runs = raw[first].size // (W * N)
    table = _rows(layout, raw, runs)[1]
    if carried is not None:
        table = replace(table, rows=replace(table.rows, carried=carried))
    return adjusted(priced_rows(table, scenario, past), adjust, layout, raw)


@dataclass(frozen=True)
class Deviations(Groups):
    """Groups of a :func:`deviations` table: base rows first, then deviation rows.

    A deviation row's group is its unit (team or company) in its run, among the agents
    of its deviation slot: the sum over it is the base unit's total plus the changes
    of those deviators from their own base rows.
    """

    base: Groups  # the base rows' groups
    base_row: np.ndarray  # each deviation row's own base row
    base_group: np.ndarray  # each deviation group's base group
    ranked = False

    def take(self, idx: np.ndarray) -> Groups:
        raise TypeError("deviation groups cannot be cut into segments")

    def sum(self, values: np.ndarray) -> np.ndarray:
        nb = self.base.codes.size
        total = self.base.sum(values[:nb])
        change = values[nb:] - values[:nb][self.base_row]
        moved = np.bincount(self.codes[nb:] - self.base.n, change, self.n - self.base.n)
        return np.concatenate([total, total[self.base_group] + moved])

    def count(self) -> np.ndarray:
        size = self.base.count()
        return np.concatenate([size, size[self.base_group]])


def deviations(
    scenario: Any,
    layout: Layout,
    base: dict[str, np.ndarray],
    own: dict[str, np.ndarray],
    slot: np.ndarray,
    past: AgentHistory | None = None,
    adjust: Adjust | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Pay of each deviation row priced against the base rows (module docstring).

    ``base``: each raw KPI, R runs × periods × agents (everyone at the current choice);
    ``own``: R × C runs × periods × agents, run r × C + c being candidate c in base run r
    for every agent (each in the run of its own deviation slot ``slot``). Returns the
    base rows' and the deviation rows' ``total_pay``, ``non_cash_value`` and ``score``
    (``adjust`` added to the pay).
    """
    W, N = layout.shape
    first = "revenue" if "revenue" in own else next(iter(own))  # a column the rules read
    R = base[first].size // (W * N)
    RC = own[first].size // (W * N)
    nb = R * W * N
    raw = LazyColumns(  # each column put together when a rule reads it
        lambda k: np.concatenate([base[k].reshape(nb), own[k].reshape(RC * W * N)]), base
    )
    rows, table = _rows(layout, raw, R + RC)
    key = ("deviations", R, RC, slot.tobytes())
    team, company = _memo(layout, key, lambda: _structure(
        layout, R + RC, lambda: _deviation_groups(rows, R, RC, W * N, slot), *key))  # fmt: skip
    rows = replace(rows, team=team, company=company)
    paid = adjusted(priced_rows(replace(table, rows=rows), scenario, past), adjust, layout, raw)
    return {k: v[:nb] for k, v in paid.items()}, {k: v[nb:] for k, v in paid.items()}


def _deviation_groups(
    rows: Rows, R: int, RC: int, per_run: int, slot: np.ndarray
) -> tuple[Deviations, Deviations]:
    """The team and company groups of a :func:`deviations` table (its docstring)."""
    nb, C = R * per_run, RC // R
    G = int(slot.max()) + 1
    dev_run = np.arange(RC * per_run) // per_run
    base_row = (dev_run // C) * per_run + np.arange(RC * per_run) % per_run
    tiled = np.tile(slot, RC * per_run // slot.size)

    def split(g: Groups) -> Deviations:
        """The unit groups ``g`` of the merged rows as deviation groups."""
        units = g.n // (R + RC)  # units × periods in one run
        bg = Groups(g.codes[:nb], R * units)
        within = g.codes[nb:] - (R + dev_run) * units  # unit × period within its run
        codes = (dev_run * units + within) * G + tiled
        d = np.arange(RC * units * G)
        base_group = (d // G // units // C) * units + (d // G) % units
        return Deviations(np.concatenate([bg.codes, bg.n + codes]), bg.n + d.size,
                          bg, base_row, base_group)  # fmt: skip

    return split(rows.team), split(rows.company)
