"""Prepare a batch of reports: the simulations its reports read, run first on several
processes, then read by every report from the batch's cache (perfkit.core.cache).

A report's kernel runs its simulations one after another: a briefing its plan, the
baseline and the sensitivity sweep; the comparison every plan and, for what decides its
verdict, every plan again at both ends of each behavioural assumption. A plan with
team-dependent pay can take half a minute to solve, so one long report would run alone
at the end while the other core waits. Here every such simulation is one task: each
plan's own simulation first (it is also timed), then the rest, the plans that took
longest first, ``jobs`` at a time. The tasks make the very calls the notebooks make
(:func:`perfkit.analysis.paired.first_runs`, the sweep's points,
:func:`perfkit.analysis.decides.end_runs`), so each report then reads the same numbers
it would compute; a task that fails is left to its report, which says why.

No simulation runs twice in a batch: tasks are told apart by the batch's key
(:func:`perfkit.analysis.reuse.simulation_key`), so a sweep's point at the plan's own
value is the plan's own simulation. Tasks that only re-run the Monte Carlo on a solve
another task makes (the ends of attrition and deal timing, the base runs of what decides
the verdict) wait for that task, so no worker sits on the solve's lock, and go as soon as
it is done (they are short and complete reports); the others go longest first, by the pre-run estimate (perfkit.model.scale.estimate) until the plan's
own simulation has been timed. A comparison that doubles its runs until its profit leader
is clear (perfkit.analysis.paired.PairedRuns.until_decided) does so in a task too, once
its plans' own simulations are done. Each report is told ready as soon as every task it
reads is done, and is rendered then while the others' tasks run (perfkit.pages.report.batch);
each task's CPU, split into the solves it made and the rest, is in :meth:`Prepared.table`.
"""

from __future__ import annotations

import functools
import json
import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from perfkit.analysis.decides import RUNS, end_runs
from perfkit.analysis.paired import PairedRuns, first_runs, on_one_floor
from perfkit.analysis.reuse import simulate_shared, simulation_key
from perfkit.analysis.sweep import SimSpec, fixed_population, simulate_point
from perfkit.core import children
from perfkit.core.cache import fingerprint
from perfkit.files.data import load_kpis
from perfkit.scheme import load_scenario
from perfkit.simulate.solved import NOT_SOLVED, taken
from perfkit.words import plan as plan_words
from perfkit.words import report as rt

#: A CSV file to write each task's times into (:meth:`Prepared.table`), when set.
TIMES = "PERFKIT_PREPARE_TIMES"


@dataclass(frozen=True)
class Task:
    """One simulation a report will run: ``call(*args)``, in a worker process."""

    plan: str  # the plan it solves (its first task's time weighs the others)
    first: bool  # the plan's own simulation, run before the rest
    call: Callable[..., Any]
    args: tuple
    what: str = ""  # own | sweep PATH=VALUE | end KEY=VALUE | base (what decides)
    key: str | None = None  # tells its simulation apart (None: not known before it runs)
    solves: bool = True  # False: the Monte Carlo again on the plan's own solve
    cost: float = 1.0  # estimated CPU seconds (perfkit.model.scale.estimate)
    needs: tuple[str, ...] = ()  # plans whose own simulation it waits for (not ``solves``)


@dataclass(frozen=True)
class Timed:
    """One task as it ran: its wall and CPU seconds (the worker's process time) and the
    solves it made or read (perfkit.simulate.solved.taken: kind, key, CPU s, read)."""

    task: Task
    wall: float
    cpu: float
    solved: tuple[tuple[str, str, float, bool], ...] = ()
    start: float = 0.0  # wall seconds from the start of the preparation to its submission


@dataclass(frozen=True)
class Prepared:
    """How many simulations were run before the reports, and how long that took."""

    tasks: int
    failed: list[str]  # what went wrong in each task that failed (its report says it again)
    seconds: float
    timed: list[Timed] = field(default_factory=list)  # in the order they finished

    def table(self) -> pd.DataFrame:
        """One row per task, in the order started: its plan, what it ran, its CPU seconds
        split into the floor's solve, the hires' solve and the rest (its Monte Carlo, a
        calibration, solves read), and the solves it made and read."""
        rows = []
        for t in sorted(self.timed, key=lambda t: t.start):
            made = [(kind, cpu) for kind, _, cpu, read in t.solved if not read]
            solve = sum(cpu for kind, cpu in made if kind == "solve")
            hires = sum(cpu for kind, cpu in made if kind == "hires")
            rows.append({"start": t.start, "plan": t.task.plan, "what": t.task.what,
                         "wall": t.wall, "cpu": t.cpu, "solve": solve, "hires": hires,
                         "rest": t.cpu - solve - hires, "made": len(made),
                         "read": len(t.solved) - len(made)})  # fmt: skip
        return pd.DataFrame(rows)


def _simulate(kw: dict[str, Any]) -> None:
    simulate_shared(**kw)


def _end(end: Any) -> None:
    end.run()


def _decided(scenarios: dict[str, Any], population: Any, seed: int, periods: int, runs: int,
             budget: int) -> None:  # fmt: skip
    """A comparison's runs doubled until its profit leader is clear (it reads the first
    runs; more only when undecided)."""
    PairedRuns(scenarios, population, seed, periods, False).until_decided(runs, budget)


def _timed(call: Callable[..., Any], args: tuple) -> tuple[float, float, tuple]:
    """Run one task in a worker; its wall and CPU seconds and its solves (warnings are the
    reports' to give)."""
    taken()  # what an earlier task left
    started, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call(*args)
    return time.perf_counter() - started, time.process_time() - cpu, tuple(taken())


@functools.cache
def _scenario(path: str, lang: str) -> Any:
    return plan_words.localized(load_scenario(path), lang)  # as the notebooks load it


@functools.cache
def _kpis(data: str, fill: str, drop_incomplete: bool) -> Any:
    return load_kpis(data, fill=json.loads(fill), drop_incomplete=drop_incomplete) if data else None


def _common(p: dict[str, Any]) -> tuple[Any, int, int, int]:
    kpis = _kpis(p.get("data") or "", json.dumps(p.get("fill") or {}, sort_keys=True),
                 bool(p.get("drop_incomplete")))  # fmt: skip
    return kpis, int(p["runs"]), int(p.get("seed", 0)), int(p["periods"])


def _cost(scenario: Any, population: Any, runs: int, periods: int, solves: bool = True) -> float:
    """Estimated CPU seconds of simulating ``scenario`` (only its Monte Carlo: not
    ``solves``); 1 where no estimate can be made (no population yet)."""
    from perfkit.model.behaviour.pricer import engine_pricer, fixed_aggregates
    from perfkit.model.scale.estimate import MC_SECONDS, for_simulation
    from perfkit.scheme.population import Simulation

    if population is None:
        return 1.0
    if not solves:
        return MC_SECONDS * population.n * periods * runs
    try:
        behaviour = (scenario.simulation or Simulation()).behaviour
        pricer = engine_pricer(scenario)
        copies = not fixed_aggregates(pricer)
        return for_simulation(population, periods, runs, pricer, behaviour, copies=copies).seconds
    except Exception:  # the simulation will say what is wrong
        return 1.0


#: Each population's digest while the tasks are made (by id, the population held).
_DIGESTS: dict[int, tuple[Any, str]] = {}


def _key(scenario: Any, population: Any = None, **kw: Any) -> str:
    """What tells a task's simulation apart (:func:`perfkit.analysis.reuse.simulation_key`,
    with the population by its digest, hashed once per population rather than per task)."""
    if population is not None:
        held = _DIGESTS.get(id(population))
        if held is None or held[0] is not population:
            held = _DIGESTS[id(population)] = (population, fingerprint(population))
        population = held[1]
    return simulation_key(scenario, population=population, **kw)


def _simulation(kw: dict[str, Any], first: bool, what: str, solves: bool = True) -> Task:
    sc, pop = kw["scenario"], kw.get("population")
    cost = _cost(sc, pop, kw["runs"], kw["periods"] or 12, solves)
    return Task(sc.name, first, _simulate, (kw,), what, _key(**kw), solves, cost)


def _plan_runs(scenarios: dict[str, Any], chosen: Any, p: dict[str, Any]) -> Iterator[Task]:
    """Each plan's own simulation, then the comparison's further runs while undecided."""
    _, runs, seed, periods = _common(p)
    keys = []
    for kw in first_runs(scenarios, chosen.population, runs, seed, periods).values():
        keys.append((task := _simulation(kw, True, "own")).key)
        yield task
    budget = int(p.get("max_runs") or 0) or 4 * runs  # as the notebooks
    if len(scenarios) > 1 and budget > runs:
        needs = tuple(sc.name for sc in scenarios.values())
        args = (scenarios, chosen.population, seed, periods, runs, budget)
        key = fingerprint("decided", keys, budget)
        yield Task(needs[-1], False, _decided, args, "decided", key, False, 0.0, needs)


def briefing_tasks(p: dict[str, Any]) -> Iterator[Task]:
    """What notebooks/scenario_report.py simulates: its comparison with the baseline
    and its sensitivity sweep."""
    lang = p.get("lang") or "en"
    kpis, runs, seed, periods = _common(p)
    base, plan = _scenario(p["baseline"], lang), _scenario(p["scenario"], lang)
    same = Path(p["scenario"]).resolve() == Path(p["baseline"]).resolve()
    _, scenarios, chosen = on_one_floor([base] if same else [base, plan], 0, kpis)
    yield from _plan_runs(scenarios, chosen, p)
    lever = rt.key_parameter(plan, lang)
    if lever is None:
        return
    path, values, _ = lever
    pop, _ = fixed_population(plan, [path], None, chosen.population)
    spec = SimSpec.of(plan, runs, seed, periods, pop)
    cost = _cost(plan, pop, runs, periods)
    for value in values:
        at = spec.scenario_at({path: value})
        key = _key(at, runs=runs, seed=seed, periods=periods, population=pop)
        yield Task(plan.name, False, simulate_point, (spec, {path: value}),
                   f"sweep {path}={value:g}", key, True, cost)  # fmt: skip


def comparison_tasks(p: dict[str, Any]) -> Iterator[Task]:
    """What notebooks/plan_comparison.py simulates: every plan, and every plan at both
    ends of each behavioural assumption (what decides the verdict) and at its values."""
    lang = p.get("lang") or "en"
    kpis, runs, seed, periods = _common(p)
    paths = list(dict.fromkeys(([p["baseline"]] if p.get("baseline") else []) + p["scenarios"]))
    _, scenarios, chosen = on_one_floor([_scenario(s, lang) for s in paths], 0, kpis)
    yield from _plan_runs(scenarios, chosen, p)
    if len(scenarios) < 2:
        return
    few, pop = min(runs, RUNS), chosen.population
    for sc in scenarios.values():  # decides' own base runs: the plans' solves, fewer runs
        kw = dict(scenario=sc, runs=few, seed=seed, periods=periods, population=pop)
        yield _simulation(kw, False, "base", solves=False)
    for end in end_runs(scenarios, pop, chosen.info.get("origin", ""), kpis, few, seed, periods):
        yield _end_task(end, scenarios[end.plan], pop, few, seed, periods)


def _end_task(end: Any, scenario: Any, population: Any, runs: int, seed: int, periods: int) -> Task:
    """The task of one end: a population assumption draws or calibrates the floor again
    and solves it; any other re-runs the Monte Carlo on the plan's own solve."""
    what = f"end {end.factor.key}={end.value:g}"
    parts = end.factor.path.split(".")
    if parts[0] == "population" or parts[:1] != ["simulation"] or parts[1] not in NOT_SOLVED:
        return Task(scenario.name, False, _end, (end,), what, None, True,
                    _cost(scenario, population, runs, periods))  # fmt: skip
    from perfkit.scheme.params import with_param

    moved = with_param(scenario, end.factor.path, end.value, quiet=True)
    key = _key(moved, runs=runs, seed=seed, periods=periods, population=population)
    return Task(scenario.name, False, _end, (end,), what, key, False,
                _cost(scenario, population, runs, periods, solves=False))  # fmt: skip


#: The tasks of each report notebook, by its file name.
TASKS = {"scenario_report.py": briefing_tasks, "plan_comparison.py": comparison_tasks}


def tasks_for(jobs: Sequence[Any]) -> list[Task]:
    """Every task of the render ``jobs`` (perfkit.pages.report.batch.RenderJob) whose
    notebook is known, each simulation once. A job whose tasks cannot be made has none:
    its report fails on its own, with its own message."""
    return _tasks_of(jobs)[0]


def _tasks_of(jobs: Sequence[Any]) -> tuple[list[Task], list[set[int]]]:
    """:func:`tasks_for`, and for each job the tasks (by position) its report reads."""
    tasks: list[Task] = []
    where: dict[str, int] = {}
    reads: list[set[int]] = []
    _DIGESTS.clear()
    for job in jobs:
        make = TASKS.get(Path(job.notebook).name)
        try:
            made = list(make(dict(job.parameters))) if make else []
        except Exception:  # e.g. a population that cannot be built: its report says why
            made = []
        reads.append(set())
        for task in made:
            if task.key is None or task.key not in where:  # the baseline of every briefing,
                tasks.append(task)  # every plan compared, a sweep at the plan's own value
                if task.key is not None:
                    where[task.key] = len(tasks) - 1
            reads[-1].add(where[task.key] if task.key is not None else len(tasks) - 1)
    _DIGESTS.clear()
    return tasks, reads


def prepare(jobs: Sequence[Any], workers: int, progress: bool = True,
            ready: Callable[[int], None] | None = None) -> Prepared:  # fmt: skip
    """Run the simulations of ``jobs`` on ``workers`` processes into the batch's cache;
    ``ready(i)`` as soon as every simulation job ``i`` reads is done (its report may then
    be rendered while the others' simulations run: perfkit.pages.report.batch)."""
    started = time.perf_counter()
    tasks, reads = _tasks_of(jobs)
    waiting, number = _Waiting(reads, ready), {id(t): i for i, t in enumerate(tasks)}
    queue = _Queue(tasks)
    timed: list[Timed] = []
    failed: list[str] = []
    guard = functools.partial(children.die_with_parent, os.getpid())  # workers die with us
    with (
        tqdm(total=len(tasks), desc="prepare", unit="sim", disable=not progress) as bar,
        ProcessPoolExecutor(max_workers=max(1, workers), initializer=guard) as pool,
    ):
        running: dict[Future, Task] = {}
        submitted: dict[Future, float] = {}
        try:
            while queue or running:
                while len(running) < max(1, workers) and (task := queue.next(running)):
                    future = pool.submit(_timed, task.call, task.args)
                    running[future], submitted[future] = task, time.perf_counter() - started
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    try:
                        wall, cpu, solved = future.result()
                    except Exception as exc:  # its report will say what is wrong
                        failed.append(f"{task.plan}: {type(exc).__name__}: {exc}")
                        wall, cpu, solved = 0.0, 0.0, ()
                    queue.finished(task, cpu)
                    timed.append(Timed(task, wall, cpu, solved, submitted.pop(future)))
                    waiting.done(number[id(task)])
                    bar.update()
        except BaseException:  # Ctrl-C, SIGTERM: stop the workers now, not after their task
            for worker in list(getattr(pool, "_processes", None) or {}):
                children.kill(worker, group=False)
            raise
    done = Prepared(len(tasks), failed, time.perf_counter() - started, timed)
    if where := os.environ.get(TIMES):  # where the time went, for whoever measures it
        from perfkit.files.outputs import save_table

        save_table(done.table(), where)
    return done


class _Waiting:
    """The reports waiting for their simulations: each is told ``ready`` once, when its
    last one is done (a report that reads none at once)."""

    def __init__(self, reads: list[set[int]], ready: Callable[[int], None] | None) -> None:
        self.reads: list[set[int] | None] = [set(r) for r in reads]
        self.ready = ready
        self.done(None)

    def done(self, task: int | None) -> None:
        for job, left in enumerate(self.reads):
            if left is None:
                continue
            left.discard(task)
            if not left:
                self.reads[job] = None  # told
                if self.ready is not None:
                    self.ready(job)


class _Queue:
    """The tasks not yet started: each plan's own simulation first, then the tasks that
    only re-run the Monte Carlo on a plan's solved response (they wait for it, take a
    fraction of a second and complete reports, which then render while the rest run),
    then the longest first."""

    def __init__(self, tasks: list[Task]) -> None:
        self.waiting = list(tasks)
        self.solved: set[str] = set()  # plans whose own simulation is done
        self.took: dict[str, float] = {}  # CPU seconds of each plan's own simulation

    def __bool__(self) -> bool:
        return bool(self.waiting)

    def cost(self, task: Task) -> float:
        return self.took.get(task.plan, task.cost) if task.solves else task.cost

    def next(self, running: Any) -> Task | None:
        """The task to start now, or None when every waiting one waits for a solve still
        ``running`` (with none running, any waiting task: its plan had no own simulation)."""
        ready = [
            t for t in self.waiting if t.solves or self.solved.issuperset(t.needs or [t.plan])
        ] or ([] if running else self.waiting)
        if not ready:
            return None
        task = max(ready, key=lambda t: (t.first, not t.solves, self.cost(t)))
        self.waiting.remove(task)
        return task

    def finished(self, task: Task, cpu: float) -> None:
        if task.first:
            self.solved.add(task.plan)
            self.took[task.plan] = cpu
