"""Before a job starts: how much memory and time it will take, and a refusal if it won't fit.

A simulation's peak memory is the larger of its two phases, plus the population and
the interpreter:

- **best responses**: one pricing block (perfkit.model.behaviour.blocks) of at most the
  budget's rows, or for company-coupled pay at least one draw × one candidate of the
  whole floor (states × slots × cycle periods × agents rows);
- **Monte Carlo**: every run's agent-months (KPIs, choices, pay statement, the agents
  table) at ``BYTES_PER_AGENT_MONTH_RUN``, plus one pay chunk.

Time is rough (±50%): seconds per agent-period of the solve by coupling and per
agent-month-run of the Monte Carlo, measured on one core of a shared 2-core machine
(benchmarks/bench_scale.py). A job that does not fit stops with the numbers and the
options — fewer runs, a larger ``--memory``, ``--dask`` — before any work: a
simulation must never end in the operating system's out-of-memory killer.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfkit.core.errors import TooLargeError
from perfkit.model.funnel import SHOCKS as _SHOCK_NAMES
from perfkit.model.scale.limits import BYTES_PER_PRICING_ROW, Limits, current
from perfkit.model.scale.memory import human, machine_memory

#: The interpreter, NumPy, pandas and the payout engine's code, before any data.
BASE_BYTES = 300 * 1024**2
#: One agent of the population: id, team and about 15 traits.
BYTES_PER_AGENT = 400
#: One agent-month-run of the Monte Carlo, everything the result holds (measured).
BYTES_PER_AGENT_MONTH_RUN = 450
#: Rows of one Monte Carlo pay chunk at most (perfkit.simulate.CHUNK_ROWS).
MC_CHUNK_ROWS = 3_000_000
#: Candidates priced per agent per call (line search; refinement prices 9).
CANDIDATES = 22
#: Solve seconds per agent-period, by coupling (measured, rough).
SOLVE_SECONDS = {"private": 2e-4, "team": 1.5e-3, "company": 2.5e-3}
#: Monte Carlo seconds per agent-month-run (measured, rough).
MC_SECONDS = 1.2e-5
SHOCKS = len(_SHOCK_NAMES)
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
) -> Estimate:
    """The memory and time of simulating ``agents`` × ``periods`` × ``runs`` (see the module)."""
    limits = limits or current()
    cap = limits.block_rows
    one = states * slots * cycle  # rows per agent of one draw × one candidate
    full = one * samples * CANDIDATES * agents
    floor_rows = one * agents if scope == "company" else one * min(agents, 20 * 4)
    block = max(min(full, cap), floor_rows) * BYTES_PER_PRICING_ROW
    arrays = agents * periods * states * 3 * 8 + agents * samples * CANDIDATES * states * 8 * 4
    fine = max(samples, min(64, 600_000 // max(1, states * cycle * agents * slots * 9)) // 2 * 2)
    draws = SHOCKS * (samples + fine + max(samples, fine // 4 * 2)) * periods * agents * 8
    solve = block + arrays + draws
    amr = agents * periods * runs
    chunk = min(MC_CHUNK_ROWS, max(cap, agents * periods)) * BYTES_PER_PRICING_ROW
    mc = amr * BYTES_PER_AGENT_MONTH_RUN + min(chunk, amr * BYTES_PER_PRICING_ROW)
    seconds = (
        SOLVE_SECONDS.get(coupling, 2.5e-3) * agents * periods * max(1, states) + MC_SECONDS * amr
    )
    return Estimate(agents, periods, runs, agents * BYTES_PER_AGENT, solve, mc, seconds,
                    floor_rows * BYTES_PER_PRICING_ROW)  # fmt: skip


def check_periods(periods: int) -> None:
    """Refuse a simulation longer than MAX_PERIODS periods."""
    if periods > MAX_PERIODS:
        raise TooLargeError(
            f"periods: {periods:,} is more than the {MAX_PERIODS:,} a simulation accepts "
            f"(a century of months); best responses are solved period by period, so "
            f"{periods:,} periods would take about "
            f"{duration(SOLVE_SECONDS['private'] * 120 * periods + MC_SECONDS * 120 * periods * 200)} "
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
    if est.peak <= limits.memory:
        return
    per_run = est.agents * est.periods * BYTES_PER_AGENT_MONTH_RUN * est.plans
    room = limits.memory - BASE_BYTES - est.population - (est.monte_carlo - est.runs * per_run)
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
            "--dask ADDRESS moves the pricing to a cluster, but every run's table still "
            "comes back here: fewer runs is the remedy"
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


def for_simulation(pop, periods: int, runs: int, pricer, behaviour) -> Estimate:
    """The estimate of simulating ``pop`` under ``pricer`` with these behaviour settings."""
    import numpy as np

    coupled = pricer.coupling != "private"
    states = behaviour.state_count if pricer.cycle > 1 else 1
    slots = 1
    if coupled:
        slots = behaviour.slots if states == 1 else max(4, behaviour.slots // states)
        biggest = int(np.bincount(pop.team_code).max()) if pricer.coupling == "team" else pop.n
        slots = min(slots, biggest)
    return estimate(pop.n, periods, runs, pricer.coupling, pricer.unit, states,
                    min(pricer.cycle, periods), slots, behaviour.samples)  # fmt: skip


def combined(estimates: list[Estimate]) -> Estimate:
    """Plans simulated one after another and held together (compare): the largest solve,
    every Monte Carlo table, the time of all."""
    first = estimates[0]
    return Estimate(first.agents, first.periods, first.runs, first.population,
                    max(e.solve for e in estimates), sum(e.monte_carlo for e in estimates),
                    sum(e.seconds for e in estimates), max(e.smallest_block for e in estimates),
                    len(estimates))  # fmt: skip
