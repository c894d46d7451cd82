"""Before a job starts: how much memory and time it will take, and a refusal if it won't fit.

A simulation's peak memory is the larger of its two phases, plus the population and
the interpreter:

- **best responses**: one pricing block (perfkit.model.behaviour.blocks) of at most the
  budget's rows, or for company-coupled pay at least one draw × one candidate of the
  whole floor (states × slots × cycle periods × agents rows);
- **Monte Carlo**: every run's agent-months (KPIs and choices) at
  ``BYTES_PER_AGENT_MONTH_RUN``, the agents table of the runs kept at
  ``BYTES_PER_KEPT_ROW`` more, plus the largest table priced beside them: one pay chunk
  (perfkit.simulate.stream) or one chunk of the deal timing's pay curves, each cut to
  the room the budget leaves (Limits.room_rows), at least one run or one grid point.

Time is CPU time on one core (wall-clock on a busy machine is longer), from the work
the simulation does (perfkit.model.scale.work): the KPI rows the floor's solve and the
hires' solve price, at the seconds a row of such a plan takes, their pricing calls, and
the Monte Carlo per agent-month-run; calibrated on floors of 100 to 3,000 agents
(benchmarks/bench_memory_estimate.py: within ±30% there). A job that does not fit stops
with the numbers and the options — fewer runs, a larger ``--memory``, ``--dask`` — before
any work: a simulation must never end in the operating system's out-of-memory killer.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfkit.core.errors import TooLargeError
from perfkit.model.funnel import SHOCKS as _SHOCK_NAMES
from perfkit.model.scale.limits import (
    BYTES_PER_PRICING_ROW,
    CHUNK_BYTES_PER_ROW,
    ROOM_SHARE,
    Limits,
    current,
)
from perfkit.model.scale.memory import human, machine_memory
from perfkit.model.scale.work import MC_SECONDS as MC_SECONDS  # the report's scheduling reads it
from perfkit.model.scale.work import RULES, Work, plan_rules, seated_agents, tracked_agents, work

#: The interpreter, NumPy, pandas and the payout engine's code, before any data (measured:
#: 0.20 GB peak for 40 agents on a private plan).
BASE_BYTES = 200 * 1024**2
#: Peak bytes per KPI row of the largest pricing call, table and engine together
#: (measured: 430–600 on floors of 40 to 1,000 agents; the blocks are sized at the
#: larger BYTES_PER_PRICING_ROW, to be safe).
PEAK_BYTES_PER_ROW = 550
#: One agent of the population: id, team and about 15 traits.
BYTES_PER_AGENT = 400
#: One agent-month-run of the Monte Carlo's arrays: 17 KPIs, choices, seats (measured:
#: 2,000 × 12 × 500 runs peaks at 3.14 GB, the solve's freed memory given back first).
BYTES_PER_AGENT_MONTH_RUN = 220
#: One more row of a kept agents table: its pay statement and keys (measured).
BYTES_PER_KEPT_ROW = 300
#: The same where every run's table is kept: its choices and KPIs are then views of the
#: Monte Carlo's arrays (perfkit.simulate.stream.kept_agents; measured 7 December 2026).
BYTES_PER_EVERY_RUN_ROW = 150
#: Rows of one Monte Carlo pay chunk at most (perfkit.simulate.stream.CHUNK_ROWS), and its
#: peak bytes per row (measured: 240–320 at 200 and 1,000 agents × 12 × 200 runs).
MC_CHUNK_ROWS = 3_000_000
MC_CHUNK_BYTES_PER_ROW = 320
#: What the solves leave resident under the Monte Carlo, per agent (measured on bench_scale's
#: team plan: 0.36, 0.39 and 0.45 GB at 2,000, 5,000 and 10,000 agents before the runs'
#: arrays fill, when the hires' solve's freed heap stayed resident; since it is handed back,
#: 0.23 GiB at 10,000 agents, 4.5 kB per agent above the start: kept, as a margin).
SOLVED_BYTES_PER_AGENT = 17_000
#: Grid points of the deal timing's pay curves (perfkit.simulate.timing.GRID): one table
#: of this many rows per agent, priced in chunks of the room left (CHUNK_BYTES_PER_ROW).
CURVE_POINTS = 61
#: Candidates priced per agent per call at most (line search; refinement prices 9).
CANDIDATES = 22
#: The smooth step's points and draws (perfkit.model.behaviour.refine: POINTS,
#: ``behaviour.refine_samples``): the same at every floor size.
POINTS, REFINE_DRAWS = 9, 64
#: Arrays of states × draws × points × agents (8 bytes a cell) that the smooth step holds for
#: the whole floor beside its blocks: utility, revenue and the smoothed rules' values of
#: every block, assembled (perfkit.model.behaviour.blocks.price_in_blocks), and the moments'
#: temporaries (measured: 0.18 GB of the solve's 0.45 GB at 10,000 agents on bench_scale's
#: team plan, 8 December 2026; the solve's estimate was 21% low without them).
ASSEMBLED_ARRAYS = 4
#: Efforts the smooth step keeps priced per state and agent (perfkit.model.behaviour.points:
#: an effort and its certainty equivalent, 16 bytes each).
KEPT_POINTS = 4 * POINTS
#: Peak bytes per KPI row of a smooth-step call: private plans, coupled plans priced against
#: the others' fixed aggregates, and coupled plans priced on whole copies of the team
#: (measured: ≈ 0.6 kB, ≈ 1.4 kB (team plans of bench_simulate.py, 200 and 1,000 agents)
#: and ≈ 2.9 kB at 1,000 agents); a private plan paid over cycles, ≈ 0.75 kB (the
#: quarterly cliff plan at 100 and 200 agents).
SMOOTH_BYTES_PER_ROW = {"private": 600, "fixed": 1_400, "stateful": 750}
COUPLED_SMOOTH_BYTES = 2_900
#: … and of a private plan's smooth-step call cut into blocks (measured: 10,000 agents,
#: 1.36 GB; a coupled plan's cut call takes the blocks' BYTES_PER_PRICING_ROW: 3,000
#: agents on the team plan, 3.29 GB).
CUT_PRIVATE_BYTES = 750
SHOCKS = len(_SHOCK_NAMES)
#: Share of the budget an estimate may fill: the rest is the margin for its error (measured
#: within ±5% on bench_scale's team plan at 3,000 to 10,000 agents, 7 December 2026).
FIT_SHARE = 0.95
#: Longest simulation accepted, in periods (a century of months).
MAX_PERIODS = 1200


@dataclass(frozen=True)
class Estimate:
    """Peak memory (bytes) by part, and seconds, of one simulation."""

    agents: int
    periods: int
    runs: int
    population: int
    solve: int
    monte_carlo: int
    seconds: float
    smallest_block: int  # bytes of the smallest pricing block the coupling allows
    plans: int = 1  # plans held at once (compare): their Monte Carlo tables add up
    per_run: int = 0  # bytes each further run adds (all plans)
    # KPI rows the floor's solve and the hires' price (perfkit.model.scale.work)
    rows: int = 0
    hire_rows: int = 0
    chunk: int = 0  # bytes of the Monte Carlo's largest chunk (in monte_carlo)

    @property
    def peak(self) -> int:
        return BASE_BYTES + self.population + max(self.solve, self.monte_carlo)

    def line(self, limits: Limits) -> str:
        """One line for the progress display."""
        where = f", blocks on {limits.dask}" if limits.dask else ""
        return (
            f"estimate: {self.agents:,} agents × {self.periods} periods × {self.runs} runs"
            f"{f' × {self.plans} plans' if self.plans > 1 else ''}: "
            f"peak memory ≈ {human(self.peak)} of a {human(limits.memory)} budget, "
            f"time ≈ {duration(self.seconds)}{where}"
        )


def duration(seconds: float) -> str:
    """Seconds as a short duration: 40 s, 3 min, 2.5 h, 4 days."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.0f} days"


def estimate(
    agents: int,
    periods: int,
    runs: int,
    coupling: str = "private",
    scope: str = "team",
    states: int = 1,
    cycle: int = 1,
    slots: int = 1,
    samples: int = 4,
    limits: Limits | None = None,
    kept: int | None = None,
    fine: int = REFINE_DRAWS,
    copies: bool = True,
    done: Work | None = None,
) -> Estimate:
    """The memory and time of simulating ``agents`` × ``periods`` × ``runs`` (see the
    module), keeping the agents table of ``kept`` runs (None: every run), the smooth
    step on ``fine`` draws; ``copies``: a coupled plan's deviations priced on whole copies
    of the team (else against the others' fixed aggregates); ``done``: the work (None:
    a synthetic floor's, perfkit.model.scale.work)."""
    limits = limits or current()
    one = states * slots * cycle  # rows per agent of one draw × one candidate
    fine = max(samples, fine)
    held = states * max(1, cycle - 1) if states > 1 else 1  # the policy's union of states
    arrays = agents * periods * held * 3 * 8 + agents * samples * CANDIDATES * states * 8 * 4
    kept_points = states * KEPT_POINTS * agents
    arrays += kept_points * 16 + min(limits.budget_rows, kept_points)
    draws = SHOCKS * (samples + fine + max(samples, fine // 4 * 2)) * cycle * agents * 8
    arrays += ASSEMBLED_ARRAYS * states * fine * POINTS * agents * 8
    # the blocks take ROOM_SHARE of what the budget leaves beside these (Limits.solve_rows)
    cap = limits.solve_rows(BASE_BYTES + agents * BYTES_PER_AGENT + arrays + draws)
    full = one * samples * CANDIDATES * agents
    floor_rows = one * agents if scope == "company" else one * min(agents, 20 * 4)
    smooth = one * agents * fine * POINTS if fine > samples or coupling == "private" else 0
    kind = "fixed" if coupling != "private" and not copies else "copies"
    if coupling == "private":
        kind = "stateful" if cycle > 1 else "private"
    smooth_bytes = SMOOTH_BYTES_PER_ROW.get(kind, COUPLED_SMOOTH_BYTES)
    if smooth > cap:  # cut into blocks (of whole teams): a row takes more, up to the blocks'
        cut = BYTES_PER_PRICING_ROW if coupling != "private" else CUT_PRIVATE_BYTES  # bound
        smooth_bytes = max(smooth_bytes, cut)
    block = max(
        max(min(full, cap), floor_rows) * PEAK_BYTES_PER_ROW, min(smooth, cap) * smooth_bytes
    )
    solve = block + arrays + draws
    amr = agents * periods * runs
    rows = BYTES_PER_AGENT_MONTH_RUN + (BYTES_PER_EVERY_RUN_ROW if kept is None else 0)
    kept_bytes = 0 if kept is None else min(kept, runs) * agents * periods * BYTES_PER_KEPT_ROW
    mc = amr * rows + kept_bytes + agents * SOLVED_BYTES_PER_AGENT
    held = BASE_BYTES + agents * BYTES_PER_AGENT + mc
    chunk = chunk_bytes(agents, periods, runs, limits.room_rows(held))
    mc += chunk
    if done is None:
        done = work(agents, periods, runs, coupling, states, cycle, slots, samples, fine,
                    block_rows=cap)  # fmt: skip
    return Estimate(agents, periods, runs, agents * BYTES_PER_AGENT, solve, mc, done.seconds,
                    floor_rows * BYTES_PER_PRICING_ROW, 1, agents * periods * rows, done.rows,
                    done.hire_rows, chunk)  # fmt: skip


def chunk_bytes(agents: int, periods: int, runs: int, room: int) -> int:
    """Peak bytes of the largest table priced beside every run's arrays: a pay chunk of
    runs (perfkit.simulate.stream) or a chunk of the deal timing's pay curves (CURVE_POINTS
    grid points × agents; perfkit.simulate.timing), each cut to ``room`` rows (the room the
    budget leaves: Limits.room_rows) but never below one run or one grid point."""
    pay = min(MC_CHUNK_ROWS, max(room, agents * periods), agents * periods * runs)
    curves = min(CURVE_POINTS * agents, max(room, agents))
    return max(pay * MC_CHUNK_BYTES_PER_ROW, curves * CHUNK_BYTES_PER_ROW)


def check_periods(periods: int) -> None:
    """Refuse a simulation longer than MAX_PERIODS periods."""
    if periods > MAX_PERIODS:
        raise TooLargeError(
            f"periods: {periods:,} is more than the {MAX_PERIODS:,} a simulation accepts "
            f"(a century of months); best responses are solved period by period, so "
            f"{periods:,} periods would take about "
            f"{duration(work(120, periods, 200, 'private', 1, 1, 1, 4, 64).seconds)} "
            "even for 120 agents. Expected e.g. --periods 12 (a year) or 36 (three years)."
        )


def check_population(agents: int, limits: Limits | None = None) -> None:
    """Refuse a population that alone would not fit the memory budget."""
    limits = limits or current()
    need = BASE_BYTES + agents * BYTES_PER_AGENT
    if need > limits.memory:
        most = max(0, (limits.memory - BASE_BYTES) // BYTES_PER_AGENT)
        raise TooLargeError(
            f"population.agents: {agents:,} agents need about {human(need)} just to hold the "
            f"population, more than the memory budget of {human(limits.memory)} "
            f"({_budget_source(limits)}). Expected at most about {most:,} agents at this budget; "
            "a floor that large also needs its runs: see --memory and --dask."
        )


def check(est: Estimate, limits: Limits | None = None) -> None:
    """Refuse a job whose estimate exceeds the budget, with the numbers and the options."""
    limits = limits or current()
    if est.peak <= limits.memory * FIT_SHARE:
        return
    per_run = est.per_run
    # fewer runs leave more room, and the chunk takes ROOM_SHARE of it: what is held beside
    # the chunk may fill (FIT_SHARE − ROOM_SHARE) ÷ (1 − ROOM_SHARE) of the budget
    held = limits.memory * (FIT_SHARE - ROOM_SHARE) / (1 - ROOM_SHARE)
    room = held - BASE_BYTES - est.population - (est.monte_carlo - est.chunk - est.runs * per_run)
    fit_runs = int(room // per_run) if per_run else 0
    options = []
    if est.monte_carlo >= est.solve and 1 <= fit_runs < est.runs:
        options.append(f"--runs {fit_runs} or fewer fits this budget")
    elif est.monte_carlo >= est.solve:
        options.append("fewer agents or periods (not even one run fits)")
    need = human(est.peak * 1.1)
    total = machine_memory()
    if est.peak * 1.1 <= total:
        options.append(f"--memory {need} (this machine has {human(total)})")
    else:
        options.append(f"a machine with at least {need}")
    if est.solve > est.monte_carlo:
        options.append(
            "--dask ADDRESS: the best-response blocks run on the cluster's workers "
            "(the smallest block of this plan needs " + human(est.smallest_block) + ")"
        )
    else:
        options.append(
            "--dask ADDRESS moves the pricing to a cluster, but every run's KPIs are still "
            "held here: fewer runs (and no --agents-table) is the remedy"
        )
    raise TooLargeError(
        f"this job needs about {human(est.peak)} (population {human(est.population)}; "
        f"best responses {human(est.solve)}; Monte Carlo {human(est.monte_carlo)} for "
        f"{est.agents:,} agents × {est.periods} periods × {est.runs} runs"
        f"{f' × {est.plans} plans' if est.plans > 1 else ''}) but the memory "
        f"budget is {human(limits.memory)} ({_budget_source(limits)}). Options: "
        + "; ".join(options)
        + "."
    )


def check_budget(limits: Limits | None = None) -> None:
    """Refuse a budget larger than the machine: it would end in an out-of-memory kill."""
    limits = limits or current()
    total = machine_memory()
    if limits.memory > total:
        raise TooLargeError(
            f"--memory {human(limits.memory)}: more than this machine's {human(total)}; "
            f"expected at most {human(total)} (the default is half: {human(total // 2)}), "
            "or --dask ADDRESS for a cluster"
        )


def _budget_source(limits: Limits) -> str:
    total = machine_memory()
    if limits.memory == max(512 * 1024**2, total // 2):
        return f"the default: half of this machine's {human(total)}; set --memory"
    return "--memory"


def for_simulation(pop, periods: int, runs: int, pricer, behaviour, kept: int | None = None,
                   copies: bool = True, hires: bool = True) -> Estimate:  # fmt: skip
    """The estimate of simulating ``pop`` under ``pricer`` with these behaviour settings,
    keeping the agents table of ``kept`` runs (None: every run); ``copies``: whether a
    coupled plan's deviations are priced on whole copies of the team (ranked pay), not
    against the others' fixed aggregates (perfkit.model.behaviour.pricer.fixed_aggregates);
    ``hires``: whether quitters are replaced by hires solved on their own (attrition)."""
    import numpy as np

    coupled = pricer.coupling != "private"
    states = behaviour.state_count if pricer.cycle > 1 else 1
    cycle = min(pricer.cycle, periods)
    slots = 1
    if coupled and copies:
        slots = behaviour.slots if states == 1 else max(4, behaviour.slots // states)
        biggest = int(np.bincount(pop.team_code).max()) if pricer.coupling == "team" else pop.n
        slots = min(slots, biggest)
    samples, fine = behaviour.samples, max(behaviour.samples, behaviour.refine_samples // 2 * 2)
    tracked = tracked_agents(pop, periods) if not coupled else None
    seated = seated_agents(pop.team_code, pricer.unit) if coupled else None
    rules = plan_rules(pricer.engine.scenario) if pricer.engine is not None else RULES
    done = work(pop.n, periods, runs, pricer.coupling, states, cycle, slots, samples, fine,
                tracked, seated, hires, behaviour.respond, rules,
                bool(getattr(pricer.smooth, "places", ())))  # fmt: skip
    return estimate(pop.n, periods, runs, pricer.coupling, pricer.unit, states, cycle, slots,
                    samples, kept=kept, fine=fine, copies=coupled and copies, done=done)  # fmt: skip


def combined(estimates: list[Estimate]) -> Estimate:
    """Plans simulated one after another and held together (compare): the largest solve,
    every Monte Carlo table, the time of all."""
    first = estimates[0]
    return Estimate(first.agents, first.periods, first.runs, first.population,
                    max(e.solve for e in estimates), sum(e.monte_carlo for e in estimates),
                    sum(e.seconds for e in estimates), max(e.smallest_block for e in estimates),
                    len(estimates), sum(e.per_run for e in estimates),
                    sum(e.rows for e in estimates), sum(e.hire_rows for e in estimates),
                    sum(e.chunk for e in estimates))  # fmt: skip
