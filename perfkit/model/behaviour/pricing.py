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
- ``K`` draws per agent (one stratified set shared by all agents, each in its own
  order: perfkit.model.behaviour.draws) give the mean
  and variance of pay for the CARA certainty equivalent
  CE = E[pay + value of non-cash rewards] − r/2·Var − effort cost.
- Past periods of the cycle are replayed at the agents' chosen path, with the
  deviator's output scaled by its attainment state l (luck so far), so quarter
  bonuses are priced given attainment so far.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.model.behaviour.continuation import Continuation, cycle_windows
from perfkit.model.behaviour.draws import agent_draws, stratified_normals
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.funnel import DIMS, Choice, assist_share
from perfkit.model.population import Population

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
        self.slot, self.G = _slots(pop, pricer.coupling, slots)
        # pay that depends on teammates: teammates meet at even offsets (draws.agent_draws)
        self.groups = {"private": None, "team": pop.team_code}.get(
            pricer.coupling, np.zeros(n, dtype=np.int64)
        )  # company-wide coupling: the whole floor is one group
        self.z = agent_draws(self._base(samples, rng), n, rng, self.groups)
        self.K = samples
        self.zero = self.z[:, :1] * 0.0  # signed zeros, as the first draw's
        self.seed = seed
        self.ids = pd.Categorical.from_codes(np.arange(n), categories=pd.Index(pop.agent_id))
        self.teams = pd.Categorical.from_codes(pop.team_code, categories=pd.Index(pop.team_names))
        self.roles = None if roles is None else pd.Categorical(roles)
        self.fixed_help: dict[int, tuple] | None = None  # set on a subset (see subset)

    def with_samples(self, samples: int) -> PricingTable:
        """The same table priced on a finer stratified draw set of ``samples`` draws."""
        if samples == self.K:
            return self
        finer = copy.copy(self)
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(7, samples)))
        finer.z, finer.K = (
            agent_draws(self._base(samples, rng), self.pop.n, rng, self.groups),
            samples,
        )
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
        if draws is not None and draws != slice(0, self.K):
            sub.z = self.z[:, draws]
            sub.K = sub.z.shape[1]
        if idx is None:
            return sub
        sub.fixed_help = fixed_help
        sub.pop = _Agents(self.pop, idx)
        sub.months = [ms.take(idx) for ms in self.months]
        sub.z, sub.zero, sub.slot = sub.z[..., idx], self.zero[..., idx], self.slot[idx]
        sub.ids = pd.Categorical.from_codes(self.ids.codes[idx], dtype=self.ids.dtype)
        sub.teams = pd.Categorical.from_codes(self.teams.codes[idx], dtype=self.teams.dtype)
        if self.roles is not None:
            sub.roles = pd.Categorical.from_codes(self.roles.codes[idx], dtype=self.roles.dtype)
        return sub

    def _base(self, samples: int, rng: np.random.Generator) -> np.ndarray:
        """The draw set (S × K × P): one per position in the pay cycle, repeated every cycle.

        Every month of a monthly plan (every quarter of a quarterly one) is priced on the
        same draws, so choices do not drift from period to period with the draws' luck.
        """
        starts = cycle_windows(self.periods, self.pricer.cycle)
        position = np.arange(len(self.periods)) - starts
        base = stratified_normals(self.production.shocks, samples, int(position.max()) + 1, rng)
        return base[:, :, position]

    # ------------------------------------------------------------------ help flows
    def help_state(
        self, w: int, choice: Choice
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(help received per agent, given per agent, team total help, team mentee base orders)."""
        if self.fixed_help is not None:
            return self.fixed_help[w]
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
            extra = self.pricer.smooth.expected(keys, self.slot, pop.team_code,
                                                pop.risk_aversion, pop.noncash_value)  # fmt: skip
            own_u = own_u + extra[:, None, :, w_abs >= m].sum(axis=3)
        r = self.pop.risk_aversion
        left = int((w_abs >= m).sum())
        open_loop = sum(1 for w in w_abs if w > m and (plan is None or w not in plan.choices))
        cost = self.production.cost(self.months[m].traits, cands)  # L × C × N
        ce = own_u.mean(axis=1) - 0.5 * r * own_u.var(axis=1) - (1 + open_loop) * cost
        return Priced(ce, rev_own.mean(axis=1), left, rev_own.std(axis=1))

    def own_utility(
        self,
        m: int,
        window: tuple[int, int],
        luck: np.ndarray,
        cands: Choice,
        path: list[Choice],
        plan: Continuation | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Each agent's pay utility at its own deviations and its revenue in period m
        (both states × K × C × N), from one table of this table's agents and draws; and
        the values the pricer's smoothed rules read, for every row (or None)."""
        w0, w1 = window
        L, C, N = cands.effort.shape
        K, G, W = self.K, self.G, w1 - w0 + 1
        shape = (L, K, G, C, W, N)
        w_abs = np.arange(w0, w1 + 1)
        mine = (self.slot[None, :] == np.arange(G)[:, None])[:, None, :]  # G × 1 × N
        own_cand = Choice(*(getattr(cands, d)[:, None, None, :, :] for d in DIMS))
        parts: dict[str, np.ndarray] = {}
        later_cost = np.zeros((L, K, G, C, N))
        cum = np.zeros((L, K, G, C, N))  # own revenue so far in the cycle
        for i, w in enumerate(w_abs):
            base = path[i]
            if w < m:
                own = Choice(*(np.broadcast_to(getattr(base, d), (1, 1, 1, 1, N)) for d in DIMS))
            elif w == m or plan is None or w not in plan.choices:
                own = own_cand
            else:
                own = plan.choice(w, cum / np.maximum(plan.so_far(w0, w), 1e-9))
            choice = Choice(*(np.where(mine, getattr(own, d), getattr(base, d)) for d in DIMS))
            kpis = self._period_kpis(w, choice, base, zero=w < m)
            if w < m:
                ref = plan.reference[w] if plan is not None else kpis["revenue"]
                factor = ref / np.maximum(kpis["revenue"], 1e-12)
                scale = np.where(mine, luck[:, None, None, None, None] * factor, 1.0)
                for k in LUCK_SCALED:
                    kpis[k] = kpis[k] * scale
            elif w > m and own is not own_cand:
                later_cost = later_cost + self.production.cost(self.months[w].traits, own)
            cum = cum + np.broadcast_to(kpis["revenue"], cum.shape)
            for k, v in kpis.items():  # written once, in the frame's row order
                parts.setdefault(k, np.empty(shape))[:, :, :, :, i, :] = v
        kpis = parts
        frame = self._frame(kpis, shape, w_abs)
        smooth = self.pricer.smooth
        paid = self.pricer(frame) if smooth is None else smooth.pay(frame)
        u = paid["total_pay"].to_numpy(float).reshape(shape)
        if "non_cash_value" in paid:
            u = u + paid["non_cash_value"].to_numpy(float).reshape(shape) * self.pop.noncash_value
        future = w_abs >= m
        u = u[..., future, :].sum(axis=4) - later_cost  # L × K × G × C × N
        slot, agents = self.slot[None, :], np.arange(N)[None, :]
        own_u = u[:, :, slot, np.arange(C)[:, None], agents]  # L × K × C × N: own deviations
        keys = None if smooth is None else smooth.keys(kpis, paid, shape)
        rev = kpis["revenue"][..., m - w0, :]  # L × K × G × C × N
        return own_u, rev[:, :, slot, np.arange(C)[:, None], agents], keys

    def _period_kpis(
        self, w: int, choice: Choice, path: Choice, zero: bool
    ) -> dict[str, np.ndarray]:
        """KPIs of period w for every row, with help flows at everyone's path choice.

        ``zero``: at the median shocks (z = 0), for past periods rescaled to a state.
        """
        received, given, total, base = self.help_state(w, path)
        # S × 1 × K × 1 × 1 × N; past periods: the full set's first draw × 0 (K = 1)
        z = (self.zero if zero else self.z)[:, None, :, None, None, w]
        kpis = dict(self.production.kpis(self.months[w].traits, choice, z, received, whole=False))
        if self.production.mentoring_on:
            x_new = np.where(self.months[w].mentor, choice.effort * choice.help, 0.0)
            kpis["collaboration_credit"] = self._credit(w, x_new, given, total, base)
        return kpis

    def reference_revenue(self, w: int, choice: Choice) -> np.ndarray:
        """Expected revenue per agent in period w when everyone plays ``choice`` (mean over draws)."""
        kpis = self._period_kpis(w, choice, choice, zero=False)
        return np.broadcast_to(kpis["revenue"], (1, self.K, 1, 1, self.pop.n)).mean(
            axis=(0, 1, 2, 3)
        )

    def _frame(
        self, kpis: dict[str, np.ndarray], shape: tuple[int, ...], w_abs: np.ndarray
    ) -> pd.DataFrame:
        L, K, G, C, W, N = shape
        runs = L * K * G * C
        rows = runs * W * N
        cols: dict[str, object] = {
            "agent_id": pd.Categorical.from_codes(
                np.tile(self.ids.codes, runs * W), dtype=self.ids.dtype
            ),
            "team": pd.Categorical.from_codes(
                np.tile(self.teams.codes, runs * W), dtype=self.teams.dtype
            ),
            "period": pd.Categorical.from_codes(
                np.repeat(np.tile(w_abs - w_abs[0], runs), N),
                categories=pd.Index(np.asarray(self.periods, dtype=object)[w_abs]),
            ),
            "run": np.repeat(np.arange(runs), W * N),
            "tenure_months": np.tile(np.concatenate([self.months[w].tenure for w in w_abs]), runs),
            "capacity": np.tile(self.pop.capacity, runs * W),
        }
        if self.roles is not None:
            codes = np.tile(self.roles.codes, runs * W)
            cols["role"] = pd.Categorical.from_codes(codes, dtype=self.roles.dtype)
        for k, v in kpis.items():
            cols[k] = np.ascontiguousarray(v).reshape(rows)  # no copy when built in order
        return pd.DataFrame(cols, copy=False)


class _Agents:
    """The per-agent facts pricing reads, for a subset of a population (teams as in the whole)."""

    def __init__(self, pop: Population, idx: np.ndarray):
        self.n = int(idx.size)
        self.team_code, self.team_names = pop.team_code[idx], pop.team_names
        self.capacity = pop.capacity[idx]
        self.noncash_value, self.risk_aversion = pop.noncash_value[idx], pop.risk_aversion[idx]


def _slots(pop: Population, coupling: str, slots: int) -> tuple[np.ndarray, int]:
    """Deviation slot of each agent and the number of slots (see the module docstring)."""
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
