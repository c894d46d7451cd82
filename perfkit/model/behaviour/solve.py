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
from perfkit.model.behaviour import lines as ln
from perfkit.model.behaviour.continuation import Continuation, cycle_windows
from perfkit.model.behaviour.pricer import Pricer
from perfkit.model.behaviour.pricing import MonthState, PricingTable
from perfkit.model.behaviour.refine import POINTS, refine
from perfkit.model.behaviour.tracking import OnlyChanged, changed
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


def _report(
    unsettled: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]], pop: Population, s
) -> str:
    """One message for every period whose best responses did not settle."""
    labels = ", ".join(label for label, *_ in unsettled[:6]) + ("…" if len(unsettled) > 6 else "")
    agents = np.unique(
        np.concatenate([np.flatnonzero(mv.any(axis=0)) for _, mv, _, _ in unsettled])
    )
    shown = ", ".join(f"{pop.agent_id[i]} ({pop.team[i]})" for i in agents[:5])
    teams = ", ".join(sorted({str(pop.team[i]) for i in agents})[:8])
    gap = max(float(g.max()) for _, _, g, _ in unsettled)
    gain = max(float(g.max()) for _, _, _, g in unsettled)
    return (
        f"best responses did not settle in {len(unsettled)} period(s) ({labels}) after "
        f"{s.max_iterations} iterations: {agents.size} agent(s) (e.g. {shown}; teams {teams}) "
        f"could still gain up to {gain:,.3g} a period by moving their choices by up to "
        f"{gap:.3f}. Typical when pay depends on rank (forced distribution, prizes) or on "
        f"team thresholds; the reported choices are the damped average. Raise "
        f"behaviour.samples or behaviour.max_iterations, or lower behaviour.damping "
        f"(now {s.damping})."
    )


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
) -> Policy:
    """The agents' policy for ``periods`` under ``pricer`` (see the module docstring).

    ``roles``: each agent's role, for plans that pay by role (a ``role`` column).
    """
    s = settings
    mentoring = mentoring or getattr(production, "mentoring", None) or Mentoring()
    months = month_states(pop, periods, mentoring, months_per_period)
    P, N = len(periods), pop.n
    states = np.asarray(s.states, dtype=float)
    L, mid = len(states), int(np.flatnonzero(states == 1.0)[0])
    starts = cycle_windows(periods, pricer.cycle)
    slots = s.slots
    if pricer.coupling != "private" and (starts < np.arange(P)).any():
        # attainment states multiply the pricing work of coupled plans: share the budget
        slots = max(MIN_SLOTS, s.slots // L)
    table = PricingTable(pop, production, pricer, periods, months, s.samples, slots, seed, roles)
    ends = np.array([np.flatnonzero(starts == starts[m]).max() for m in range(P)])
    states_priced = L if (starts < np.arange(P)).any() else 1
    fine = table.with_samples(
        refine_samples(s, table.G, states_priced * int((ends - starts).max() + 1) * N)
    )
    track = table.with_samples(max(s.samples, fine.K // 4 * 2))  # half the draws, to track
    scan = np.linspace(*production.bounds("effort"), s.effort_points + 1)
    dims = tuple(d for d in production.dims if d != "help" or _helping(months, production))
    bounds = {d: production.bounds(d) for d in DIMS if d in production.dims}
    grids = {d: ln.global_grid(d, *bounds[d], s.effort_points, _ref(production)) for d in dims}
    out = {d: np.zeros((P, L, N)) for d in DIMS}
    ce_out, rev_out = np.zeros((P, N)), np.zeros((P, N))
    iters, conv = np.zeros(P, dtype=np.int64), np.ones(P, dtype=bool)
    notes: list[str] = []
    unsettled: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    start = production.historic(months[0].traits)
    cur_center = {"effort": start.effort, "quality": start.quality, "help": start.help}
    bar = _progress(P, progress)
    vertex = None
    plan: Continuation | None = None
    solved = (months[0].traits["skill"], months[0].mentor, months[0].mentee)
    for m in backward_within_cycles(starts, ends):
        stateful = starts[m] < m
        n_states = L if stateful else 1
        luck = states if stateful else np.ones(1)
        if m == ends[m]:  # the cycle's last period is solved first: fix its reference path
            cycle_center = dict(cur_center)
            reference = Choice(*(cycle_center[d] for d in DIMS))
            plan = (
                Continuation(
                    states,
                    {w: fine.reference_revenue(w, reference) for w in range(starts[m], m + 1)},
                )
                if starts[m] < m
                else None
            )
        cur = {d: np.repeat(cycle_center[d][None], n_states, axis=0).astype(float) for d in DIMS}
        step = {d: (bounds[d][1] - bounds[d][0]) / (8 if m == 0 else 16) for d in dims}
        if not tracking_ok(vertex, n_states):
            vertex = None  # the previous period's refinement carries over when shapes agree
        path_past = [reference] * (m - starts[m])
        alpha = 1.0 if pricer.coupling == "private" else s.damping
        tracking = m > 0 and not stateful and pricer.cycle == 1
        limit = (s.tracking_iterations if tracking else s.max_iterations) if s.respond else 1
        pricing, fine_pricing = table, fine
        if tracking and s.respond and pricer.coupling == "private":
            idx = np.flatnonzero(changed(months[m], *solved))
            if idx.size == 0:  # nobody's problem changed: last period's choices stand
                for d in DIMS:
                    out[d][m] = out[d][m - 1]
                ce_out[m], rev_out[m] = ce_out[m - 1], rev_out[m - 1]
                if bar is not None:
                    bar.update(1)
                continue
            now = Choice(*(cycle_center[d] for d in DIMS))
            pricing = OnlyChanged(table, idx, m, now, ce_out[m - 1], rev_out[m - 1])
            fine_pricing = OnlyChanged(track, idx, m, now, ce_out[m - 1], rev_out[m - 1])
            solved = keep_solved(solved, months[m], idx)
        else:
            solved = keep_solved(solved, months[m], np.arange(N))
        for it in range(limit):
            center = Choice(cur["effort"][min(mid, n_states - 1)], cur["quality"][min(mid, n_states - 1)],
                            cur["help"][min(mid, n_states - 1)])  # fmt: skip
            path = path_past + [center] * (ends[m] - m + 1)
            full = (it == 0 and not tracking) or it % 4 == 3
            cand = (
                ln.build(cur, dims, bounds, step, vertex, grids, full)
                if s.respond
                else ln.single(cur)
            )
            priced = pricing.price(m, (starts[m], ends[m]), luck, cand.choice(), path, plan)
            iters[m] = it + 1
            if not s.respond:
                best_ce = priced.ce[:, 0, :]
                best_rev = priced.revenue[:, 0, :]
                break
            best, vertex, best_ce, i_best = ln.best(cand, priced.ce, dims)
            best_rev = np.take_along_axis(priced.revenue, i_best[:, None, :], 1)[:, 0]
            gap = np.max([np.abs(best[d] - cur[d]) for d in dims], axis=0)
            gain = best_ce - priced.ce[:, ln.Lines.CURRENT, :]
            moving = (gap >= s.tolerance) & (gain >= s.ce_tolerance * priced.periods_left)
            share = moving.mean()
            done = (it >= 1 or tracking) and (share == 0 or (it >= 3 and share <= s.settled_share))
            step_size = alpha * min(1.0, 6.0 / (it + 1))  # shrinks after 6 iterations
            for d in dims:  # damped, shrinking steps; the full step once settled
                cur[d] = best[d] if done else cur[d] + step_size * (best[d] - cur[d])
            step = {d: max(step[d] / 2, s.tolerance) for d in dims}
            if done:
                if share > 0 and not tracking:
                    notes.append(
                        f"period {periods[m]}: {int(moving.any(axis=0).sum())} agent(s) at a pay "
                        f"cliff or rank boundary kept flipping (could gain up to "
                        f"{float(gain[moving].max()):,.3g}); their choices are the damped average"
                    )
                break
        else:
            if s.respond and not tracking:
                conv[m] = False
                unsettled.append(
                    (periods[m], moving, np.where(moving, gap, 0), np.where(moving, gain, 0))
                )
        if (
            s.respond
            and s.refine_width > 0
            and "effort" in dims
            and (s.refine_tracking or not tracking)
            and (s.samples < fine.K or pricer.coupling == "private")  # finer draws, or cheap
        ):
            center = Choice(cur["effort"][min(mid, n_states - 1)], cur["quality"][min(mid, n_states - 1)],
                            cur["help"][min(mid, n_states - 1)])  # fmt: skip
            width = s.refine_width * (bounds["effort"][1] - bounds["effort"][0])
            cur["effort"], best_ce, best_rev = refine(
                fine_pricing, m, (starts[m], ends[m]), luck, cur,
                path_past + [center] * (ends[m] - m + 1), bounds["effort"], width,
                None if tracking else scan, plan,
            )  # fmt: skip
        c = min(mid, n_states - 1)
        for d in DIMS:
            out[d][m] = cur[d][c][None] if not stateful else cur[d]
        ce_out[m] = best_ce[c] / priced.periods_left
        rev_out[m] = best_rev[c] if plan is None else plan.reference[m]
        if plan is not None:
            plan.choices[m] = (cur["effort"], cur["quality"], cur["help"])
        if m == starts[m]:  # the cycle is solved: the next one starts from its first period
            cur_center = {d: cur[d][c] for d in DIMS}
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    if unsettled:
        msg = _report(unsettled, pop, s)
        notes.append(msg)
        if s.on_nonconvergence == "raise":
            raise ConvergenceError(msg)
        if s.on_nonconvergence == "warn":
            warnings.warn(msg, ConvergenceWarning, stacklevel=2)
    rest = production.rest(months[0].traits).effort
    return Policy(list(periods), states, starts < np.arange(P), starts, out["effort"],
                  out["quality"], out["help"], ce_out, rev_out, np.asarray(rest, float),
                  iters, conv, notes)  # fmt: skip


#: Most KPI rows one smooth-step pricing call may build (bounds its time and memory).
REFINE_ROWS = 600_000


def refine_samples(s: BehaviourSettings, slots: int, rows_per_draw: int) -> int:
    """Draws for the smooth step: ``refine_samples``, as far as REFINE_ROWS allows.

    ``rows_per_draw``: KPI rows of one draw of one candidate (states × cycle × agents);
    coupled plans price ``slots`` copies of it. Always even and at least ``samples``.
    """
    fit = REFINE_ROWS // max(1, rows_per_draw * slots * POINTS)
    return max(s.samples, min(s.refine_samples, fit) // 2 * 2)


def backward_within_cycles(starts: np.ndarray, ends: np.ndarray) -> list[int]:
    """Periods in solving order: cycle by cycle, each from its last period back to its first."""
    return [m for w0 in np.unique(starts) for m in range(int(ends[w0]), int(w0) - 1, -1)]


def keep_solved(
    solved: tuple[np.ndarray, np.ndarray, np.ndarray], ms: MonthState, idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Skill and roles at which each agent last chose, updated for agents ``idx``."""
    out = tuple(a.copy() for a in solved)
    for a, now in zip(out, (ms.traits["skill"], ms.mentor, ms.mentee), strict=True):
        a[idx] = now[idx]
    return out


def tracking_ok(vertex: dict[str, np.ndarray] | None, n_states: int) -> bool:
    """Whether last period's parabola vertices fit this period's states."""
    return vertex is not None and next(iter(vertex.values())).shape[0] == n_states


def _helping(months: list[MonthState], production) -> bool:
    """Whether anyone can help anyone: eligible mentors and mentees exist."""
    if not getattr(production, "mentoring_on", False):
        return False
    return any(ms.mentor.any() and ms.mentee.any() for ms in months)


def _ref(production) -> float:
    return getattr(production, "reference_quality", 0.5)


def _progress(total: int, on: bool):
    if not on:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="best responses", unit="period")
