"""Price candidate choices with the real pay function, holding others' choices fixed.

One call prices every agent's every candidate: the KPI table has one *run* per
(attainment state l, draw k, slot g, candidate c), each a whole copy of the
population over the pay cycle's periods. In a run, the agents of slot g play a
candidate in the periods still to come; everyone else plays their current choice.
So pay that depends on others (forced distribution, rank prizes, team weight and
pools) is priced against the others' actual choices, through relative standing.

- Plans where pay is private need one slot: every agent deviates in every run.
- With team coupling an agent's slot is its position in its team (modulo
  ``slots``), so no teammate deviates at the same time while teams are no larger
  than ``slots``; with company coupling slots are random. Co-deviators (other teams,
  or teammates in teams larger than ``slots``) play the same kind of candidate at
  the same time: a small deterministic bias (each moves 1/``slots`` of the company,
  or a few teammates, with it) rather than noise that would stop convergence.
- The table is never built whole where it need not be: its rows are either an agent at
  its current choice or at its own candidate, so each is computed once and paid as
  perfkit.model.behaviour.deviation says (own rows alone, own rows against the others'
  fixed aggregates, or whole copies where pay ranks inside the engine).
- ``K`` draws per agent (one stratified set shared by all agents, each in its own
  order: perfkit.model.behaviour.draws) give the mean
  and variance of pay for the CARA certainty equivalent
  CE = E[pay + value of non-cash rewards] − r/2·Var − effort cost.
- Past periods of the cycle are replayed at the agents' chosen path, with the
  deviator's output scaled by its attainment state l (luck so far), so quarter
  bonuses are priced given attainment so far; where only a quarter bonus reads them,
  their totals are carried instead of rows (perfkit.model.behaviour.carry).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.model.behaviour import deviation
from perfkit.model.behaviour.carry import carried_kpis
from perfkit.model.behaviour.continuation import Continuation, cycle_windows
from perfkit.model.behaviour.deviation import key_moments
from perfkit.model.behaviour.draws import agent_draws, stratified_normals
from perfkit.model.behaviour.needed import kpis_needed
from perfkit.model.behaviour.pricer import Pricer, fixed_aggregates
from perfkit.model.funnel import DIMS, Choice, assist_share
from perfkit.model.population import Population
from perfkit.model.scale.limits import current
from perfkit.payout.frame import prepare
from perfkit.payout.grid import Layout
from perfkit.payout.history import AgentHistory, agent_history
from perfkit.payout.skeletons import Skeletons

#: Blocks' worth of rows the shared group structures may hold (about 80 bytes a row
#: against a block's 2,500: perfkit.model.scale.limits).
SKELETON_BLOCKS = 4
#: Most rows (draws × agents) of base KPIs a table keeps from one pricing call to the next.
BASE_KEPT = 200_000


@dataclass(frozen=True)
class MonthState:
    """The solve path in one period: traits at that tenure, roles and help flows."""

    traits: dict[str, np.ndarray]  # per agent, skill after the learning curve
    tenure: np.ndarray
    mentor: np.ndarray
    mentee: np.ndarray

    def take(self, idx: np.ndarray) -> MonthState:
        """The same period for agents ``idx`` only."""
        traits = {k: v[idx] for k, v in self.traits.items()}
        return MonthState(traits, self.tenure[idx], self.mentor[idx], self.mentee[idx])


@dataclass(frozen=True)
class Priced:
    """Certainty equivalents (states × candidates × agents) and expected revenue."""

    ce: np.ndarray
    revenue: np.ndarray  # states × candidates × agents: mean revenue this period
    periods_left: int
    revenue_sd: np.ndarray | None = None  # the same, its sd across the draws


class PricingTable:
    """Everything fixed while pricing: population, production, pay, draws and slots."""

    def __init__(
        self,
        pop: Population,
        production,
        pricer: Pricer,
        periods: list[str],
        months: list[MonthState],
        samples: int,
        slots: int,
        seed: int,
        roles: np.ndarray | None = None,
    ):
        self.pop, self.production, self.pricer = pop, production, pricer
        self.periods, self.months = periods, months
        n = pop.n
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
        # a part of a floor (whole teams: perfkit.simulate.seated) draws as on its floor
        self._floor = pop.part if pop.part is not None else (pop, slice(None))
        whole, at = self._floor
        slot, self.G = deviation.slots_of(whole, pricer.coupling, slots)
        self.slot = slot[at]
        self.fixed = fixed_aggregates(pricer)  # deviations priced against others' aggregates
        self.carry = carried_kpis(pricer)  # the cycle's past months carried, not replayed
        # pay that depends on teammates: teammates meet at even offsets (draws.agent_draws)
        self.groups = {"private": None, "team": whole.team_code}.get(
            pricer.coupling, np.zeros(whole.n, dtype=np.int64)
        )  # company-wide coupling: the whole floor is one group
        # draws by position in the pay cycle (S × K × positions × N), not by period: every
        # cycle repeats them, and a floor × 12 months × 64 draws would not fit in memory
        starts = cycle_windows(periods, pricer.cycle)
        self.position = np.arange(len(periods)) - starts
        self.z = self._draws(samples, rng)
        self.K = samples
        self.zero = self.z[:, :1] * 0.0  # signed zeros, as the first draw's
        self.seed = seed
        self.ids = pd.Categorical.from_codes(np.arange(n), categories=pd.Index(pop.agent_id))
        self.teams = pd.Categorical.from_codes(pop.team_code, categories=pd.Index(pop.team_names))
        self.roles = None if roles is None else pd.Categorical(roles)
        self.fixed_help: dict[int, tuple] | None = None  # set on a subset (see subset)
        self._history: tuple | None = None  # (history table, indexed for these agents)
        self._prepared: dict[int, tuple] = {}  # history tables prepared: copies share it
        self._layouts: dict[tuple[int, int], Layout] = {}  # by cycle window
        # a restricted copy's (whole table, its agents there): Dask ships the whole once
        self.origin: tuple[PricingTable, np.ndarray | None] | None = None
        # the layouts' group structures, shared by this table's blocks and copies
        self._skeletons = Skeletons(SKELETON_BLOCKS * current().block_rows)
        self._kept_base: dict = {}  # the last path's base KPIs and help flows, by period
        self._needed: tuple | None = None  # (pricer, the KPIs it reads): see needed

    def with_samples(self, samples: int) -> PricingTable:
        """The same table priced on a finer stratified draw set of ``samples`` draws."""
        if samples == self.K:
            return self
        finer = copy.copy(self)
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(7, samples)))
        finer.z, finer.K, finer.origin = self._draws(samples, rng), samples, None
        finer._kept_base = {}
        finer.zero = finer.z[:, :1] * 0.0
        return finer

    def subset(self, idx: np.ndarray, w: int, path: Choice) -> PricingTable:
        """The table for agents ``idx`` alone in period w, for pay private to each agent.

        Help flows stay those of the whole floor playing ``path`` (mentors and mentees
        are physically coupled even when pay is not).
        """
        received, given, total, base = self.help_state(w, path)
        return self.restricted(idx, fixed_help={w: (received[idx], given[idx], total, base)})

    def restricted(
        self, idx: np.ndarray | None, draws: slice | None = None, fixed_help: dict | None = None
    ) -> PricingTable:
        """The table for agents ``idx`` (whole teams; None: all) and draws ``draws``."""
        sub = copy.copy(self)
        sub._layouts = {}  # a block's own agents (its group structure is shared: Skeletons)
        sub._kept_base = {}
        whole, at = self.origin or (self, None)
        sub.origin = (whole, idx if at is None else at if idx is None else at[idx])
        if draws is not None and draws != slice(0, self.K):
            sub.origin = None
            sub.z = self.z[:, draws]
            sub.K = sub.z.shape[1]
        if idx is None:
            return sub
        sub.fixed_help, sub._history = fixed_help, None
        sub.pop = _Agents(self.pop, idx)
        sub.months = [ms.take(idx) for ms in self.months]
        sub.z, sub.zero, sub.slot = sub.z[..., idx], self.zero[..., idx], self.slot[idx]
        sub.ids = pd.Categorical.from_codes(self.ids.codes[idx], dtype=self.ids.dtype)
        sub.teams = pd.Categorical.from_codes(self.teams.codes[idx], dtype=self.teams.dtype)
        if self.roles is not None:
            sub.roles = pd.Categorical.from_codes(self.roles.codes[idx], dtype=self.roles.dtype)
        return sub

    def _draws(self, samples: int, rng: np.random.Generator) -> np.ndarray:
        """Each agent's draws (S × K × positions × N), taken as on the whole floor."""
        whole, at = self._floor
        return agent_draws(self._base(samples, rng), whole.n, rng, self.groups, at)

    def _base(self, samples: int, rng: np.random.Generator) -> np.ndarray:
        """The draw set (S × K × positions): one per position in the pay cycle, repeated
        every cycle (period w prices on position ``self.position[w]``).

        Every month of a monthly plan (every quarter of a quarterly one) is priced on the
        same draws, so choices do not drift from period to period with the draws' luck.
        """
        return stratified_normals(
            self.production.shocks, samples, int(self.position.max()) + 1, rng
        )

    # ------------------------------------------------------------------ help flows
    def help_state(
        self, w: int, choice: Choice
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(help received per agent, given per agent, team total help, team mentee base orders)."""
        if self.fixed_help is not None:
            return self.fixed_help[w]
        key = _path_key(choice)  # every row of a pricing call reads the same path
        hit = self._kept_base.get(("help", w))
        if hit is not None and hit[0] == key:
            return hit[1]
        self._kept_base[("help", w)] = (key, self._help_state(w, choice))
        return self._kept_base[("help", w)][1]

    def _help_state(self, w: int, choice: Choice) -> tuple:
        ms, pop, prod = self.months[w], self.pop, self.production
        n_teams = len(pop.team_names)
        given = np.where(ms.mentor, choice.effort * choice.help, 0.0)
        total = np.bincount(pop.team_code, weights=given, minlength=n_teams)
        mentees = np.bincount(pop.team_code, weights=ms.mentee.astype(float), minlength=n_teams)
        per = np.divide(total, mentees, out=np.zeros(n_teams), where=mentees > 0)
        received = np.where(ms.mentee, per[pop.team_code], 0.0)
        base = np.where(ms.mentee, prod.expected_orders(ms.traits, choice, 0.0), 0.0)
        base_t = np.bincount(pop.team_code, weights=base, minlength=n_teams)
        return received, given, total, np.stack([base_t, mentees])

    def _credit(
        self, w: int, x_new: np.ndarray, x_cur: np.ndarray, total: np.ndarray, base: np.ndarray
    ):
        """Expected collaboration credit of each row when its help becomes ``x_new``."""
        m = self.production.mentoring
        team = self.pop.team_code
        pool = np.maximum(total[team] - x_cur + x_new, 0.0)
        mentees = base[1][team]
        per = np.divide(pool, mentees, out=np.zeros(pool.shape), where=mentees > 0)
        s = assist_share(per, m)
        assisted = base[0][team] * (1.0 + m.boost * s) * s
        return np.divide(x_new * assisted, pool, out=np.zeros(pool.shape), where=pool > 0)

    # ------------------------------------------------------------------ pricing
    def price(
        self,
        m: int,
        window: tuple[int, int],
        luck: np.ndarray,
        cands: Choice,
        path: list[Choice],
        plan: Continuation | None = None,
    ) -> Priced:
        """Price candidates (each states × C × N) for period ``m``.

        ``path[w − w0]`` is everyone's current choice in period w of the cycle window
        (past periods: the reference path; this and later periods: the current choice).
        Past periods are not re-drawn: a deviator's attainment so far is exactly its
        state ``luck[l]`` × the reference revenue (``plan.reference``). Later periods are
        played by ``plan``'s state-contingent choices where solved (each draw at its own
        attainment so far), else by the candidate itself.

        The table is built and paid in blocks (whole teams × draws × candidates, as the
        memory budget allows: perfkit.model.behaviour.blocks); the blocks' own-deviation pay is
        assembled before the certainty equivalents are taken, so the numbers do not
        depend on the blocks.
        """
        from perfkit.model.behaviour.blocks import price_in_blocks

        w0, w1 = window
        w_abs = np.arange(w0, w1 + 1)
        # one memory layout whatever the blocks, so the reductions add in one order
        own_u, rev_own, keys = price_in_blocks(self, m, window, luck, cands, path, plan)
        own_u, rev_own = np.ascontiguousarray(own_u), np.ascontiguousarray(rev_own)
        if keys is not None:  # rules that pay by others' luck, priced over everyone's noise
            pop = self.pop
            own, others = key_moments(keys, self.slot, self.G)
            extra = self.pricer.smooth.expected(own, others, pop.team_code,
                                                pop.risk_aversion, pop.noncash_value)  # fmt: skip
            own_u = own_u + extra[:, None, :, w_abs >= m].sum(axis=3)
        r = self.pop.risk_aversion
        left = int((w_abs >= m).sum())
        open_loop = sum(1 for w in w_abs if w > m and (plan is None or w not in plan.choices))
        cost = self.production.cost(self.months[m].traits, cands)  # L × C × N
        mean, var = deviation.moments(own_u)
        ce = mean - 0.5 * r * var - (1 + open_loop) * cost
        rev_mean, rev_var = deviation.moments(rev_own)
        return Priced(ce, rev_mean, left, np.sqrt(rev_var))

    def own_utility(
        self,
        m: int,
        window: tuple[int, int],
        luck: np.ndarray,
        cands: Choice,
        path: list[Choice],
        plan: Continuation | None = None,
    ) -> tuple[np.ndarray, np.ndarray, object]:
        """Each agent's pay utility at its own deviations and its revenue in period m
        (both states × K × C × N), from this table's agents and draws; and the values the
        pricer's smoothed rules read (or None: perfkit.model.behaviour.deviation)."""
        rows = deviation.kpis(self, m, window, luck, cands, path, plan)
        w_abs = np.arange(rows.first, window[1] + 1)  # the periods of the rows
        u, keys = deviation.pay(self, rows, w_abs)
        now_on = w_abs >= m  # the periods still to come (all of them: no copy)
        own_u = (u if now_on.all() else u[..., now_on, :]).sum(axis=3)  # L × K × C × N
        if rows.later_cost is not None:
            own_u = own_u - rows.later_cost
        return own_u, rows.own["revenue"][..., m - rows.first, :], keys

    def period_kpis(
        self, w: int, choice: Choice, path: Choice, zero: bool, axes: tuple[int, int] = (1, 2)
    ) -> dict[str, np.ndarray]:
        """KPIs of period w for every row, with help flows at everyone's path choice.

        ``zero``: at the median shocks (z = 0), for past periods rescaled to a state.
        ``axes``: the rows' axes before and after the draws' (agents last).
        """
        received, given, total, base = self.help_state(w, path)
        # S × (1 …) × K × (1 …) × N; past periods: the full set's first draw × 0 (K = 1)
        z = (self.zero if zero else self.z)[:, :, self.position[w]]
        z = z.reshape(z.shape[0], *(1,) * axes[0], z.shape[1], *(1,) * axes[1], z.shape[2])
        only = self.needed()
        kpis = dict(self.production.kpis(self.months[w].traits, choice, z, received, whole=False,
                                         only=only))  # fmt: skip
        if self.production.mentoring_on and (only is None or "collaboration_credit" in only):
            x_new = np.where(self.months[w].mentor, choice.effort * choice.help, 0.0)
            kpis["collaboration_credit"] = self._credit(w, x_new, given, total, base)
        return kpis

    def needed(self) -> frozenset[str] | None:
        """The KPI columns this table's pricer reads (perfkit.model.behaviour.needed), or
        None: every one. Remembered for the pricer it was found for."""
        hit = self._needed
        if hit is None or hit[0] is not self.pricer:
            hit = self._needed = (self.pricer, kpis_needed(self.pricer))
        return hit[1]

    def base_kpis(self, w: int, now: Choice, zero: bool) -> dict[str, np.ndarray]:
        """:meth:`period_kpis` of everyone at its path choice ``now``, kept for the next call
        on the same path and KPIs (a period's mode and smooth steps price on one; never written)."""
        key = (_path_key(now), self.needed())
        hit = self._kept_base.get((w, zero))
        if hit is not None and hit[0] == key and hit[1] is self.fixed_help and hit[2] is self.z:
            return hit[3]
        kpis = self.period_kpis(w, now, now, zero=zero, axes=(0, 0))
        if self.K * self.pop.n <= BASE_KEPT:
            self._kept_base[(w, zero)] = (key, self.fixed_help, self.z, kpis)
        return kpis

    def reference_revenue(self, w: int, choice: Choice) -> np.ndarray:
        """Expected revenue per agent in period w when everyone plays ``choice`` (mean over draws)."""
        kpis = self.period_kpis(w, choice, choice, zero=False)
        return np.broadcast_to(kpis["revenue"], (1, self.K, 1, 1, self.pop.n)).mean(
            axis=(0, 1, 2, 3)
        )

    def layout(self, w_abs: np.ndarray) -> Layout:
        """Who the rows of a pricing table over periods ``w_abs`` are (perfkit.payout.grid),
        one per window (it remembers the tables built on it)."""
        key = (int(w_abs[0]), int(w_abs[-1]))
        if key not in self._layouts:
            self._layouts[key] = self._layout(w_abs)
        return self._layouts[key]

    def _layout(self, w_abs: np.ndarray) -> Layout:
        roles = None if self.roles is None else np.asarray(self.roles, dtype=str)
        tenure = np.stack([self.months[w].tenure for w in w_abs])
        return Layout(self.ids.codes, np.asarray(self.ids.categories), self.teams.codes,
                      np.asarray(self.teams.categories),
                      np.asarray(self.periods, dtype=object)[w_abs], tenure,
                      self.pop.capacity, roles, skeletons=self._skeletons)  # fmt: skip

    def history(self, past: pd.DataFrame | None) -> AgentHistory | None:
        """The history ``split: history`` targets read, indexed by this table's agents."""
        if past is None:
            return None
        if self._history is None or self._history[0] is not past:
            names = np.asarray(self.ids.categories)[np.unique(self.ids.codes)]
            self._history = (past, agent_history(self._prepare(past), names))
        return self._history[1]

    def _prepare(self, past: pd.DataFrame):
        """``past`` prepared once for this table, its copies and its subsets (the last
        few by identity: a subset per pricing call would otherwise prepare it again)."""
        hit = self._prepared.get(id(past))
        if hit is None or hit[0] is not past:
            if len(self._prepared) >= 4:
                self._prepared.pop(next(iter(self._prepared)))
            hit = self._prepared[id(past)] = (past, prepare(past, None))
        return hit[1]


def _path_key(choice: Choice) -> bytes:
    """The bytes of a path's choices: equal keys, the same inputs to the last float."""
    return b"".join(np.ascontiguousarray(getattr(choice, d), dtype=float).tobytes() for d in DIMS)


class _Agents:
    """The per-agent facts pricing reads, for a subset of a population (teams as in the whole)."""

    def __init__(self, pop: Population, idx: np.ndarray):
        self.n = int(idx.size)
        self.team_code, self.team_names = pop.team_code[idx], pop.team_names
        self.capacity = pop.capacity[idx]
        self.noncash_value, self.risk_aversion = pop.noncash_value[idx], pop.risk_aversion[idx]
