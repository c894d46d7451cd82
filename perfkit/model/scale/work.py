"""The work of a simulation before it starts: the KPI rows its solves price, and its CPU time.

A best-response solve (perfkit.model.behaviour.solve) prices candidate rows, one per
attainment state × draw × candidate × deviation slot × period of the pay-cycle window ×
agent, period by period, in two passes:

- the line search on the solve's draws (``samples``), iterated to a fixed point;
- the smooth step on the finer draws (``refine_samples``): the mode step of quality and
  help, the effort scan, the wide window, the narrow windows and the final check.

A period solved afresh (the first, and every period of a plan paid over cycles) prices
every agent. A later month of a monthly plan tracks the last one: a private plan prices
only the agents whose skill or roles moved (the learning curve, the mentee and mentor
tenures; counted here as the solver counts them: perfkit.model.behaviour.tracking), a
coupled plan every agent. The candidates an agent takes in each kind of period are the
averages counted by benchmarks/bench_memory_estimate.py (rows counted where they are
priced, perfkit.model.behaviour.blocks.price_in_blocks; exact, whatever the load).

The hires (perfkit.simulate.newcomers), solved once per simulation when agents quit: on
a private plan the :data:`POOL` applicants over every period after the first, each one's
problem moving every month (tenure 0); on a coupled plan a seated solve of the teams that
hold the applicants (perfkit.simulate.seated), in as many rounds as seats ask, priced as
the floor is.

CPU seconds: rows × seconds per row (by the kind of plan; measured, the engine and funnel
included), a pricing call's fixed cost per call, and the Monte Carlo per agent-month-run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perfkit.model.scale.limits import current
from perfkit.scheme.population import Mentoring

#: Candidates an agent takes on the solve's draws and on the finer draws, summed over the
#: passes of one period: (line search, smooth step), by kind of plan and period (measured
#: on 200 and 1,000 agents, private and team plans of bench_simulate.py; the quarterly cliff
#: plan: bench_memory_estimate.py, 7 December 2026).
FRESH = {"private": (97.0, 86.0), "coupled": (97.0, 86.0)}
TRACKING = {"private": (6.9, 28.3), "coupled": (11.7, 44.1)}
#: A period of a plan paid over cycles, per attainment state and window period.
STATEFUL = (90.0, 68.0)
#: Attainment states a cycle's later periods are solved in (``state_points`` at most; the
#: plan's thresholds size them: perfkit.model.behaviour.attainment).
STATES_USED = 0.8
#: A seated hires' solve prices this share of the floor's rows a period (held seats settle
#: later, but held mentors' help is not searched: perfkit.model.behaviour.held.HeldOnly;
#: measured on the 60-agent team floor of tests/model/scale/test_work.py, 8 December 2026).
SEATED = 0.85
#: Applicants in the pool, the share of a team's seats a round takes, the most rounds
#: (perfkit.simulate.hiring.POOL, perfkit.simulate.seated.SHARE and MAX_ROUNDS; a test
#: holds them equal).
POOL, SHARE, MAX_ROUNDS = 64, 0.25, 4
#: Share of a synthetic floor's agents a private plan's tracking month re-prices (measured).
TRACKED_SHARE = 0.33
#: The tracking threshold on a relative skill change (perfkit.model.behaviour.tracking).
CHANGE = 0.002
#: CPU seconds per KPI row priced (engine, funnel and certainty equivalents): a fixed part
#: and a part per pay rule of the plan (:func:`plan_rules`; measured: 211 ns on the team
#: plan of bench_simulate.py, 3 rules; 374 ns on the issue's team plan, 9; 250–265 ns on the
#: private plan, 5); a row of a plan paid over cycles (its window's periods, the past ones
#: replayed) costs ``STATEFUL_ROW`` of that (150 ns on the quarterly cliff plan, 3 rules).
ROW_SECONDS, RULE_SECONDS, STATEFUL_ROW = 1.3e-7, 2.7e-8, 0.7
#: A coupled plan's row priced in blocks of whole teams costs this many times more
#: (measured: 320 ns a row at 3,000 agents against 211 ns at 1,000, team plan, blocks of
#: 1.26 M rows).
BLOCKED_ROW = 1.5
#: A row of a plan paying by places smoothed over the others' luck (perfkit.model.behaviour
#: .smoothing: forced grades, rank prizes) costs this many times more (measured: 537 ns a
#: row against 319 for its 7 rules, forced_distribution on the bundled floor).
RANKED_ROW = 1.7
#: Rules assumed where the pay is a function, not a plan.
RULES = 4
#: … per pricing call, and the calls of a fresh and of a tracking period.
CALL_SECONDS = 0.0015
CALLS = {"fresh": 25, "tracking": 8}
#: Monte Carlo CPU seconds per agent-month-run (run, price, reduce) and per simulation.
MC_SECONDS, MC_FIXED = 1.4e-6, 0.1


@dataclass(frozen=True)
class Work:
    """KPI rows priced by the floor's solve and the hires', pricing calls, and CPU seconds."""

    rows: int
    hire_rows: int
    calls: int
    solve_seconds: float
    mc_seconds: float

    @property
    def seconds(self) -> float:
        return self.solve_seconds + self.mc_seconds


def cut(agents: int, coupling: str, one: int, fine: int, block_rows: int | None = None) -> bool:
    """Whether a coupled plan's smooth-step call is cut into blocks of whole teams (its rows
    above ``block_rows``, the budget's block: perfkit.model.behaviour.blocks), where a row
    costs more."""
    block_rows = current().budget_rows if block_rows is None else block_rows
    return coupling != "private" and agents * one * fine * 9 > block_rows


def plan_rules(scenario) -> int:
    """The pay rules the engine computes per row of ``scenario``'s main plan: each
    scorecard KPI, grades, performance pay, commission, bonus, non-cash reward, deduction,
    team weight, team pool and collaboration credit."""
    plan = scenario.main_plan
    deductions = plan.deductions
    return (
        len(plan.scorecard) + len(plan.bonuses) + len(plan.non_cash)
        + (plan.grades is not None) + (plan.pay.performance_pay is not None)
        + (plan.commission is not None) + (plan.team.weight > 0) + (plan.team.pool is not None)
        + (plan.collaboration.mentor_per_order > 0 or plan.collaboration.mentee_per_order > 0)
        + sum(getattr(deductions, k) is not None for k in ("qa_below", "complaints", "min_activity"))
    )  # fmt: skip


def tracked_agents(pop, periods: int, months_per_period: float = 1.0,
                   mentoring: Mentoring | None = None) -> int:  # fmt: skip
    """Agent-months a private plan's tracking months re-price: agents whose skill moved by
    more than :data:`CHANGE` since they last chose, or who became a mentor or stopped
    being a mentee (perfkit.model.behaviour.solve.month_states, tracking.changed)."""
    mentoring = mentoring or Mentoring()
    tenure = pop.tenure
    skill = pop.skill * pop.learning(tenure)
    last = (skill, tenure >= mentoring.mentor_months, tenure < mentoring.mentee_months)
    total = 0
    for m in range(1, periods):
        t = tenure + m * months_per_period
        now = (
            pop.skill * pop.learning(t),
            t >= mentoring.mentor_months,
            t < mentoring.mentee_months,
        )
        moved = np.abs(now[0] - last[0]) > CHANGE * np.maximum(np.abs(last[0]), 1e-12)
        moved |= (now[1] != last[1]) | (now[2] != last[2])
        total += int(moved.sum())
        last = tuple(np.where(moved, a, b) for a, b in zip(now, last, strict=True))
    return total


def seated_agents(team_code: np.ndarray, unit: str) -> int:
    """Agents the coupled plan's hires' solve prices, over all its rounds: the teams
    holding the pool's applicants (the whole floor for company-wide pay), once a round
    (perfkit.simulate.seated.seat_rounds)."""
    n = team_code.size
    sizes = np.bincount(team_code) if n else np.zeros(1, dtype=np.int64)
    sizes = sizes[sizes > 0]
    per_round = int(np.maximum(1, np.floor(SHARE * sizes)).sum())
    rounds = max(min(round(POOL / per_round), MAX_ROUNDS), -(-POOL // max(n, 1)), 1)
    per = -(-POOL // rounds)  # applicants a round: one seat a team first, in team order
    if unit != "team":
        return rounds * n
    teams = min(per, sizes.size)
    return rounds * int(sizes[:teams].sum())


def solve_rows(agents: int, periods: int, coupling: str, states: int, cycle: int, slots: int,
               samples: int, fine: int, tracked: int) -> tuple[int, int]:  # fmt: skip
    """KPI rows and pricing calls of one solve of ``agents`` agents over ``periods``
    periods (``tracked``: agent-months a private plan re-prices after the first month)."""
    kind = "private" if coupling == "private" else "coupled"
    refines = fine > samples or coupling == "private"

    def rows(cands: tuple[float, float]) -> float:
        return samples * cands[0] + (fine * cands[1] if refines else 0.0)

    if cycle > 1:  # every period afresh, in each of its attainment states
        used = max(1.0, states * STATES_USED)
        units = sum(cycle * (1.0 if m % cycle == 0 else used) for m in range(periods))
        return int(agents * slots * units * rows(STATEFUL)), periods * CALLS["fresh"]
    fresh = agents * slots * rows(FRESH[kind])
    later = tracked if kind == "private" else agents * max(0, periods - 1)
    calls = CALLS["fresh"] + max(0, periods - 1) * CALLS["tracking"]
    return int(fresh + later * slots * rows(TRACKING[kind])), calls


def work(n: int, periods: int, runs: int, coupling: str, states: int, cycle: int, slots: int,
         samples: int, fine: int, tracked: int | None = None, seated: int | None = None,
         hires: bool = True, respond: bool = True, rules: int = RULES,
         ranked: bool = False, block_rows: int | None = None) -> Work:  # fmt: skip
    """The rows, calls and CPU seconds of simulating ``n`` agents (module docstring):
    ``tracked`` agent-months re-priced by a private plan's tracking months and ``seated``
    agents priced by a coupled plan's hires' solve (:func:`tracked_agents`,
    :func:`seated_agents`; None: a synthetic floor's, :data:`TRACKED_SHARE` of the agents
    a month and every agent); ``respond``: False where choices are only priced, once a
    period (no search, no smooth step, no hires' solve); ``rules``: the plan's pay rules;
    ``ranked``: pay by places smoothed over the others' luck (forced grades, rank prizes);
    ``block_rows``: the budget's block (None: the limits in force)."""
    mc = MC_FIXED + MC_SECONDS * n * periods * runs
    per_row = (ROW_SECONDS + RULE_SECONDS * rules) * (STATEFUL_ROW if cycle > 1 else 1.0)
    per_row *= RANKED_ROW if ranked else 1.0
    if not respond:
        rows = n * slots * max(1, cycle) * periods * samples
        return Work(rows, 0, periods, per_row * rows + CALL_SECONDS * periods, mc)
    if tracked is None:
        tracked = int(n * max(0, periods - 1) * TRACKED_SHARE)
    rows, calls = solve_rows(n, periods, coupling, states, cycle, slots, samples, fine, tracked)
    hire_rows, hire_calls = 0, 0
    if hires and periods > 1:
        if coupling == "private":  # the pool, every period after the first, always moving
            p = periods if cycle > 1 else periods - 1
            hire_rows, hire_calls = solve_rows(POOL, p, coupling, states, cycle, slots,
                                               samples, fine, POOL * max(0, p - 1))  # fmt: skip
        else:  # a monthly plan's last period is no hire's (perfkit.simulate.seated.played)
            seated = n if seated is None else seated
            p = periods if cycle > 1 else periods - 1
            seat_rows, hire_calls = solve_rows(n, p, coupling, states, cycle, slots, samples,
                                               fine, tracked)  # fmt: skip
            hire_rows = int(seat_rows * SEATED * seated / max(n, 1))
    floor_rows = rows * (
        BLOCKED_ROW if cut(n, coupling, states * cycle * slots, fine, block_rows) else 1.0
    )
    seated_rows = hire_rows * (
        BLOCKED_ROW if cut(seated or n, coupling, states * cycle * slots, fine, block_rows) else 1.0
    )
    solve = per_row * (floor_rows + seated_rows) + CALL_SECONDS * (calls + hire_calls)
    return Work(rows, hire_rows, calls + hire_calls, solve, mc)
