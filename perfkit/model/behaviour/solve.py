"""Best responses period by period, iterated to a fixed point: the agents' policy.

In each period every agent picks effort, quality share and help share to maximise
the certainty equivalent of the pay still to come in the pay cycle (priced by the
real pay function, see perfkit.model.behaviour.pricing) net of effort cost. Choices are
updated together, damped (with shrinking steps) where pay depends on others, until
every agent is settled: no choice moves by more than ``tolerance`` or the best move
gains less than ``ce_tolerance`` (an ε-equilibrium), up to a share ``settled_share``
of stragglers at pay cliffs or rank boundaries. Otherwise a ConvergenceWarning (or
ConvergenceError) names the periods, agents and teams.

The first period is settled from the data's behaviour; later periods of a monthly
plan start from the previous period's choices and take ``tracking_iterations``
steps (agents adapt month by month as tenure and roles change); every period of a
quarter-cycle plan is settled afresh, since the cycle position changes the problem.

Approximation (documented in perfkit.simulate): the policy is solved once, on a
fixed sample of draws per agent along the expected path (no attrition), and then
applied to every Monte Carlo run. Agents still react to their own run's luck:
periods after the first of a quarter have one policy per attainment state, and each
run interpolates between them at its own attainment so far.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from perfkit.core.errors import ConvergenceError
from perfkit.core.progress import progress_bar
from perfkit.model.behaviour import lines as ln
from perfkit.model.behaviour import modes
from perfkit.model.behaviour.attainment import state_grid
from perfkit.model.behaviour.continuation import (
    Continuation,
    backward_within_cycles,
    cycle_windows,
    on_states,
)
from perfkit.model.behaviour.held import Held, HeldPricing, capped, hold
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.pricing import MonthState, PricingTable
from perfkit.model.behaviour.refine import refine, refine_samples
from perfkit.model.behaviour.tracking import OnlyChanged, changed, keep_solved, tracking_ok
from perfkit.model.behaviour.unsettled import still_moving, unsettled_message
from perfkit.model.funnel import DIMS, Choice
from perfkit.model.population import Population
from perfkit.scheme.population import BehaviourSettings, Mentoring

#: Fewest deviation slots for a coupled plan priced over attainment states.
MIN_SLOTS = 4


class ConvergenceWarning(RuntimeWarning):
    """Best responses did not settle within the iteration limit."""


@dataclass
class Policy:
    """Chosen effort, quality and help per period × attainment state × agent.

    ``ce`` is each agent's monthly certainty equivalent on the expected path (for
    quitting); ``revenue`` the expected revenue per period (for attainment states);
    ``stateful[p]`` marks periods whose choice depends on attainment so far, since
    ``cycle_start[p]``.
    """

    periods: list[str]
    states: np.ndarray
    stateful: np.ndarray
    cycle_start: np.ndarray
    effort: np.ndarray
    quality: np.ndarray
    help: np.ndarray
    ce: np.ndarray
    revenue: np.ndarray
    rest_effort: np.ndarray
    iterations: np.ndarray
    converged: np.ndarray
    notes: list[str] = field(default_factory=list)

    @property
    def center(self) -> int:
        return int(np.flatnonzero(self.states == 1.0)[0])


def month_states(
    pop: Population, periods: list[str], mentoring: Mentoring, months_per_period: float = 1.0
) -> list[MonthState]:
    """Traits, tenure and roles per period along the expected path (no attrition)."""
    out = []
    base = {k: pop.traits[k] for k in pop.traits if k != "tenure"}
    for m in range(len(periods)):
        tenure = pop.tenure + m * months_per_period
        traits = dict(base, skill=pop.skill * pop.learning(tenure))
        out.append(
            MonthState(
                traits,
                tenure,
                tenure >= mentoring.mentor_months,
                tenure < mentoring.mentee_months,
            )
        )
    return out


def solve(
    pop: Population,
    production,
    pricer: Pricer,
    settings: BehaviourSettings,
    periods: list[str],
    *,
    seed: int = 0,
    mentoring: Mentoring | None = None,
    progress: bool = False,
    months_per_period: float = 1.0,
    roles: np.ndarray | None = None,
    help_fixed: dict[int, tuple] | None = None,
    fresh: np.ndarray | None = None,
    held: Held | None = None,
) -> Policy:
    """The agents' policy for ``periods`` under ``pricer`` (see the module docstring).

    ``roles``: each agent's role, for plans that pay by role (a ``role`` column);
    ``help_fixed``: help flows per period set from outside (new hires solved apart from
    the floor that mentors them: perfkit.simulate.newcomers), as ``PricingTable.fixed_help``;
    ``fresh[m]``: settle period m afresh, as when pay changes from the last period's
    (an anticipated ratchet's shadow cost: perfkit.model.behaviour.ratchet); ``held``: held seats.
    """
    s = settings
    mentoring = mentoring or getattr(production, "mentoring", None) or Mentoring()
    months = month_states(pop, periods, mentoring, months_per_period)
    solver = _Solver(pop, production, pricer, s, periods, months, seed, roles, help_fixed)
    if fresh is not None:
        solver.fresh = np.asarray(fresh, dtype=bool)
    solver.held: Held | None = held
    bar = progress_bar(len(periods), progress, "best responses")
    for m in backward_within_cycles(solver.starts, solver.ends):
        solver.period(m)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    if solver.unsettled:
        msg = unsettled_message(solver.unsettled, pop, s)
        solver.notes.append(msg)
        if s.on_nonconvergence == "raise":
            raise ConvergenceError(msg)
        if s.on_nonconvergence == "warn":
            warnings.warn(msg, ConvergenceWarning, stacklevel=2)
    return solver.policy()


class _Solver:
    """One solve: the pricing tables and candidate grids every period shares, and the
    choices, certainty equivalents and notes so far. :meth:`period` solves one period;
    the periods are taken cycle by cycle, each from its last period back to its first."""

    def __init__(self, pop: Population, production, pricer: Pricer, s: BehaviourSettings,
                 periods: list[str], months: list[MonthState], seed: int,
                 roles: np.ndarray | None, help_fixed: dict | None = None) -> None:  # fmt: skip
        self.pop, self.production, self.pricer, self.s = pop, production, pricer, s
        self.periods, self.months = periods, months
        P, N = len(periods), pop.n
        self.states: dict[int, np.ndarray] = {}  # each period's attainment states
        self.placed: dict[int, np.ndarray] = {}  # … by position in the cycle, once sized
        self.mid = 0  # the index of state 1 in the period being solved
        self.starts = cycle_windows(periods, pricer.cycle)
        self.ends = np.array(
            [np.flatnonzero(self.starts == self.starts[m]).max() for m in range(P)]
        )
        self.table, self.fine = self._tables(seed, roles)
        self.table.fixed_help = self.fine.fixed_help = help_fixed
        self.scan = np.linspace(*production.bounds("effort"), s.effort_points + 1)
        self.dims = modes.searched(production, months)
        self.bounds = {d: production.bounds(d) for d in DIMS if d in production.dims}
        self.grids = {
            d: ln.global_grid(d, *self.bounds[d], s.effort_points, modes.reference(production))
            for d in self.dims
        }
        self.out: dict[str, dict[int, np.ndarray]] = {d: {} for d in DIMS}
        self.ce_out, self.rev_out = np.zeros((P, N)), np.zeros((P, N))
        self.iters, self.conv = np.zeros(P, dtype=np.int64), np.ones(P, dtype=bool)
        self.notes: list[str] = []
        self.unsettled: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
        self.cap = production.cap(months[0].traits)  # each agent's highest effort
        start = production.historic(months[0].traits)
        self.cur_center = {"effort": start.effort, "quality": start.quality, "help": start.help}
        self.cycle_center = self.cur_center
        self.reference: Choice | None = None
        self.vertex: dict[str, np.ndarray] | None = None
        self.widths: np.ndarray | None = None  # the smooth step's windows, kept month to month
        self.plan: Continuation | None = None
        self.solved = (months[0].traits["skill"], months[0].mentor, months[0].mentee)
        self.fresh = np.zeros(P, dtype=bool)  # periods settled afresh (see solve)

    def _tables(self, seed: int, roles: np.ndarray | None):
        """The pricing table and its finer draws for the smooth step (also tracked on)."""
        s, starts, P = self.s, self.starts, len(self.periods)
        L = s.state_count
        slots = s.slots
        if self.pricer.coupling != "private" and (starts < np.arange(P)).any():
            # attainment states multiply the pricing work of coupled plans: share the budget
            slots = max(MIN_SLOTS, s.slots // L)
        table = PricingTable(self.pop, self.production, self.pricer, self.periods, self.months,
                             s.samples, slots, seed, roles)  # fmt: skip
        return table, table.with_samples(refine_samples(s))

    def _center(self, cur: dict[str, np.ndarray]) -> Choice:
        """The choices at the middle attainment state (the only one of a stateless period)."""
        c = min(self.mid, len(cur["effort"]) - 1)
        return Choice(cur["effort"][c], cur["quality"][c], cur["help"][c])

    def period(self, m: int) -> None:
        """Solve period ``m``: best responses to a fixed point, then the smooth step."""
        s, starts, ends, bounds = self.s, self.starts, self.ends, self.bounds
        stateful = starts[m] < m
        if m == ends[m]:  # the cycle's last period is solved first: fix its reference path
            self._fix_reference(m)
        luck = self._states(m) if stateful else np.ones(1)
        n_states, self.mid = len(luck), int(np.flatnonzero(luck == 1.0)[0])
        self.states[m] = luck
        cur = {
            d: np.repeat(self.cycle_center[d][None], n_states, axis=0).astype(float) for d in DIMS
        }
        capped(cur, cur["effort"], self.cap, self.held, m, luck)
        step = {d: (bounds[d][1] - bounds[d][0]) / (8 if m == 0 else 16) for d in self.dims}
        if not tracking_ok(self.vertex, n_states):
            self.vertex = None  # the previous period's refinement carries over when shapes agree
        path_past = [self.reference] * (m - starts[m])
        tracking = m > 0 and not stateful and self.pricer.cycle == 1 and not self.fresh[m]
        pricings = self._pricings(m, tracking)
        if pricings is None:  # nobody's problem changed: last period's choices stand
            for d in DIMS:
                self.out[d][m] = self.out[d][m - 1]
            self.ce_out[m], self.rev_out[m] = self.ce_out[m - 1], self.rev_out[m - 1]
            return
        pricing, fine_pricing = pricings
        best_ce, best_rev, periods_left = self._respond(m, cur, step, luck, path_past, tracking,
                                                        pricing)  # fmt: skip
        if self._refines(tracking):
            if tracking:  # effort moves by the smooth step alone, from last period's: no zig-zag
                last = np.repeat(self.cycle_center["effort"][None], n_states, axis=0)
                capped(cur, last, self.cap, self.held, m, luck)
            path = path_past + [self._center(cur)] * (ends[m] - m + 1)
            modes.choose(fine_pricing, (m, (starts[m], ends[m]), luck, path, self.plan), cur,
                        self.dims, bounds, modes.helpers(self.months[m], self.pop.team_code))  # fmt: skip
            width = s.refine_width * (bounds["effort"][1] - bounds["effort"][0])
            widths = self.widths if tracking and tracking_ok(self.widths, n_states) else None
            path = path_past + [self._center(cur)] * (ends[m] - m + 1)
            cur["effort"], best_ce, best_rev, self.widths = refine(
                fine_pricing, m, (starts[m], ends[m]), luck, cur, path, bounds["effort"], width,
                None if tracking else self.scan, self.plan, self.cap, widths,
            )  # fmt: skip
            hold(self.held, cur, m, luck)
        self._store(m, cur, stateful, best_ce, best_rev, periods_left)

    def _fix_reference(self, m: int) -> None:
        """At the last period of a cycle: the cycle's choices start from those of the next
        cycle's first period (or the data's), and the periods before price on that path."""
        starts = self.starts
        self.cycle_center = dict(self.cur_center)
        self.reference = Choice(*(self.cycle_center[d] for d in DIMS))
        self.plan = (
            Continuation(
                {},
                {
                    w: self.fine.reference_revenue(w, self.reference)
                    for w in range(starts[m], m + 1)
                },
            )
            if starts[m] < m
            else None
        )

    def _states(self, m: int) -> np.ndarray:
        """Attainment states of stateful period ``m``: the settings', or sized from the plan's
        thresholds the first time its position in a cycle is solved (…behaviour.attainment)."""
        if self.s.states != "auto":
            grid = np.asarray(self.s.states, dtype=float)
        else:
            position = m - int(self.starts[m])
            if position not in self.placed:
                window = (int(self.starts[m]), int(self.ends[m]))
                self.placed[position] = state_grid(self.table, self.fine, m, window, self.plan,
                                                  self.reference, self.cap, self.s.state_points)  # fmt: skip
            grid = self.placed[position]
        self.plan.states[m] = grid
        return grid

    def _pricings(self, m: int, tracking: bool):
        """The tables period ``m`` prices on (and refines on); a private plan tracking month
        by month prices only the agents whose problem changed: None when nobody's did."""
        s, months = self.s, self.months
        if self.held is not None:  # hires against held seats (perfkit.model.behaviour.held)
            return tuple(HeldPricing(t, self.held, m, self.states[m]) for t in (self.table, self.fine))  # fmt: skip
        if tracking and s.respond and self.pricer.coupling == "private":
            idx = np.flatnonzero(changed(months[m], *self.solved))
            if idx.size == 0:
                return None
            now = Choice(*(self.cycle_center[d] for d in DIMS))
            ce, rev = self.ce_out[m - 1], self.rev_out[m - 1]
            pricing = OnlyChanged(self.table, idx, m, now, ce, rev)
            fine_pricing = OnlyChanged(self.fine, idx, m, now, ce, rev)
            self.solved = keep_solved(self.solved, months[m], idx)
            return pricing, fine_pricing
        self.solved = keep_solved(self.solved, months[m], np.arange(self.pop.n))
        return self.table, self.fine

    def _respond(self, m: int, cur: dict[str, np.ndarray], step: dict[str, float],
                 luck: np.ndarray, path_past: list, tracking: bool, pricing):  # fmt: skip
        """Damped best responses from ``cur`` (updated in place) until settled or out of
        iterations; the best certainty equivalents and revenues, and the periods left."""
        s, dims, starts, ends = self.s, self.dims, self.starts, self.ends
        alpha = 1.0 if self.pricer.coupling == "private" else s.damping
        limit = (s.tracking_iterations if tracking else s.max_iterations) if s.respond else 1
        own = self.pricer.coupling == "private" and self._refines(tracking)  # see still_moving
        for it in range(limit):
            path = path_past + [self._center(cur)] * (ends[m] - m + 1)
            full = (it == 0 and not tracking) or it % 4 == 3
            cand = (
                ln.build(cur, dims, self.bounds, step, self.vertex, self.grids, full, self.cap)
                if s.respond
                else ln.single(cur)
            )
            priced = pricing.price(m, (starts[m], ends[m]), luck, cand.choice(), path, self.plan)
            self.iters[m] = it + 1
            if not s.respond:
                return priced.ce[:, 0, :], priced.revenue[:, 0, :], priced.periods_left
            best, self.vertex, best_ce, i_best = ln.best(cand, priced.ce, dims)
            best_rev = np.take_along_axis(priced.revenue, i_best[:, None, :], 1)[:, 0]
            gaps = {d: np.abs(best[d] - cur[d]) for d in dims}
            gap = np.max(list(gaps.values()), axis=0)
            gain = best_ce - priced.ce[:, ln.Lines.CURRENT, :]
            moving = (gap >= s.tolerance) & (gain >= s.ce_tolerance * priced.periods_left)
            share = moving.mean()
            # settled: no candidate gains, nor would the next one, the lines' vertex (a coarse
            # step alone can stop short of a smooth optimum, e.g. a tournament's)
            near = all(np.abs(self.vertex[d] - cur[d]).max() < s.tolerance for d in dims)
            done = (it >= 1 or tracking) and (
                (share == 0 and near) or (it >= 3 and share <= s.settled_share)
            )
            step_size = alpha * min(1.0, 6.0 / (it + 1))  # shrinks after 6 iterations
            for d in dims:  # damped, shrinking steps; the full step once settled
                cur[d] = best[d] if done else cur[d] + step_size * (best[d] - cur[d])
            step = {d: max(step[d] / 2, s.tolerance) for d in dims}
            if done:
                if (moving := still_moving(moving, gaps, s.tolerance, own)).any() and not tracking:
                    self.notes.append(
                        f"period {self.periods[m]}: {int(moving.any(axis=0).sum())} agent(s) at a "
                        f"pay cliff or rank boundary kept flipping (could gain up to "
                        f"{float(gain[moving].max()):,.3g}); their choices are the damped average"
                    )
                return best_ce, best_rev, priced.periods_left
        # still flipping after full searches: the finer draws choose a private plan's mode
        settled = own and limit > 3
        moving = np.zeros_like(moving) if settled else still_moving(moving, gaps, s.tolerance, own)
        if not tracking and (moving.any() or not own):
            self.conv[m] = False
            self.unsettled.append(
                (self.periods[m], moving, np.where(moving, gap, 0), np.where(moving, gain, 0))
            )
        return best_ce, best_rev, priced.periods_left

    def _refines(self, tracking: bool) -> bool:
        """Whether the smooth step refines effort: finer draws to gain, or cheap to price."""
        s = self.s
        return (
            s.respond
            and s.refine_width > 0
            and "effort" in self.dims
            and (s.refine_tracking or not tracking)
            and (s.samples < self.fine.K or self.pricer.coupling == "private")
        )

    def _store(self, m: int, cur: dict[str, np.ndarray], stateful: bool, best_ce: np.ndarray,
               best_rev: np.ndarray, periods_left) -> None:  # fmt: skip
        c = min(self.mid, len(cur["effort"]) - 1)
        for d in DIMS:
            self.out[d][m] = cur[d][c][None] if not stateful else cur[d]
        self.ce_out[m] = best_ce[c] / periods_left
        self.rev_out[m] = best_rev[c] if self.plan is None else self.plan.reference[m]
        if self.plan is not None:
            self.plan.choices[m] = (cur["effort"], cur["quality"], cur["help"])
        if m == self.starts[m]:  # the cycle is solved: the next one starts from its first period
            self.cur_center = {d: cur[d][c] for d in DIMS}

    def policy(self) -> Policy:
        rest = self.production.rest(self.months[0].traits).effort
        P = len(self.periods)
        states, effort = on_states(self.out["effort"], self.states)
        quality, help_ = (on_states(self.out[d], self.states)[1] for d in ("quality", "help"))
        return Policy(list(self.periods), states, self.starts < np.arange(P), self.starts,
                      effort, quality, help_, self.ce_out, self.rev_out, np.asarray(rest, float),
                      self.iters, self.conv, self.notes)  # fmt: skip
