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
"""

from __future__ import annotations

import functools
import json
import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from perfkit.analysis.decides import RUNS, end_runs
from perfkit.analysis.paired import first_runs, on_one_floor
from perfkit.analysis.reuse import simulate_shared
from perfkit.analysis.sweep import SimSpec, fixed_population, simulate_point
from perfkit.core import children
from perfkit.core.cache import fingerprint
from perfkit.files.data import load_kpis
from perfkit.scheme import load_scenario
from perfkit.words import plan as plan_words
from perfkit.words import report as rt


@dataclass(frozen=True)
class Task:
    """One simulation a report will run: ``call(*args)``, in a worker process."""

    plan: str  # the plan it solves (its first task's time weighs the others)
    first: bool  # the plan's own simulation, run before the rest
    call: Callable[..., Any]
    args: tuple


@dataclass(frozen=True)
class Prepared:
    """How many simulations were run before the reports, and how long that took."""

    tasks: int
    failed: list[str]  # what went wrong in each task that failed (its report says it again)
    seconds: float


def _simulate(kw: dict[str, Any]) -> None:
    simulate_shared(**kw)


def _end(end: Any) -> None:
    end.run()


def _timed(call: Callable[..., Any], args: tuple) -> float:
    """Run one task in a worker; its wall seconds (warnings are the reports' to give)."""
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call(*args)
    return time.perf_counter() - started


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


def _plan_runs(scenarios: dict[str, Any], chosen: Any, runs: int, seed: int, periods: int):
    for kw in first_runs(scenarios, chosen.population, runs, seed, periods).values():
        yield Task(kw["scenario"].name, True, _simulate, (kw,))


def briefing_tasks(p: dict[str, Any]) -> Iterator[Task]:
    """What notebooks/scenario_report.py simulates: its comparison with the baseline
    and its sensitivity sweep."""
    lang = p.get("lang") or "en"
    kpis, runs, seed, periods = _common(p)
    base, plan = _scenario(p["baseline"], lang), _scenario(p["scenario"], lang)
    same = Path(p["scenario"]).resolve() == Path(p["baseline"]).resolve()
    _, scenarios, chosen = on_one_floor([base] if same else [base, plan], 0, kpis)
    yield from _plan_runs(scenarios, chosen, runs, seed, periods)
    lever = rt.key_parameter(plan, lang)
    if lever is None:
        return
    path, values, _ = lever
    pop, _ = fixed_population(plan, [path], None, chosen.population)
    spec = SimSpec.of(plan, runs, seed, periods, pop)
    for value in values:
        yield Task(plan.name, False, simulate_point, (spec, {path: value}))


def comparison_tasks(p: dict[str, Any]) -> Iterator[Task]:
    """What notebooks/plan_comparison.py simulates: every plan, and every plan at both
    ends of each behavioural assumption (what decides the verdict)."""
    lang = p.get("lang") or "en"
    kpis, runs, seed, periods = _common(p)
    paths = list(dict.fromkeys(([p["baseline"]] if p.get("baseline") else []) + p["scenarios"]))
    _, scenarios, chosen = on_one_floor([_scenario(s, lang) for s in paths], 0, kpis)
    yield from _plan_runs(scenarios, chosen, runs, seed, periods)
    if len(scenarios) < 2:
        return
    origin = chosen.info.get("origin", "")
    ends = end_runs(scenarios, chosen.population, origin, kpis, min(runs, RUNS), seed, periods)
    for end in ends:
        yield Task(scenarios[end.plan].name, False, _end, (end,))


#: The tasks of each report notebook, by its file name.
TASKS = {"scenario_report.py": briefing_tasks, "plan_comparison.py": comparison_tasks}


def tasks_for(jobs: Sequence[Any]) -> list[Task]:
    """Every task of the render ``jobs`` (perfkit.pages.report.batch.RenderJob) whose
    notebook is known; the plans' own simulations once each. A job whose tasks cannot
    be made has none: its report fails on its own, with its own message."""
    tasks, seen = [], set()
    for job in jobs:
        make = TASKS.get(Path(job.notebook).name)
        try:
            made = list(make(dict(job.parameters))) if make else []
        except Exception:  # e.g. a population that cannot be built: its report says why
            made = []
        for task in made:
            key = fingerprint(task.args) if task.first else None
            if key is None or key not in seen:  # the baseline of every briefing and every
                tasks.append(task)  # plan compared: once
                seen.add(key)
    return tasks


def prepare(jobs: Sequence[Any], workers: int, progress: bool = True) -> Prepared:
    """Run the simulations of ``jobs`` on ``workers`` processes into the batch's cache."""
    started = time.perf_counter()
    tasks = tasks_for(jobs)
    firsts = [t for t in tasks if t.first]
    rest = [t for t in tasks if not t.first]
    seconds: dict[str, float] = {}
    failed: list[str] = []
    guard = functools.partial(children.die_with_parent, os.getpid())  # workers die with us
    with (
        tqdm(total=len(tasks), desc="prepare", unit="sim", disable=not progress) as bar,
        ProcessPoolExecutor(max_workers=max(1, workers), initializer=guard) as pool,
    ):
        running: dict[Future, Task] = {}
        try:
            while firsts or rest or running:
                while len(running) < max(1, workers) and (firsts or rest):
                    task = firsts.pop(0) if firsts else _longest(rest, seconds)
                    running[pool.submit(_timed, task.call, task.args)] = task
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    try:
                        took = future.result()
                    except Exception as exc:  # its report will say what is wrong
                        failed.append(f"{task.plan}: {type(exc).__name__}: {exc}")
                        took = 0.0
                    if task.first:
                        seconds[task.plan] = took
                    bar.update()
        except BaseException:  # Ctrl-C, SIGTERM: stop the workers now, not after their task
            for worker in list(getattr(pool, "_processes", None) or {}):
                children.kill(worker, group=False)
            raise
    return Prepared(len(tasks), failed, time.perf_counter() - started)


def _longest(rest: list[Task], seconds: dict[str, float]) -> Task:
    """The next task: of the plan whose own simulation took longest (a plan still being
    solved counts as the longest)."""
    best = max(range(len(rest)), key=lambda i: seconds.get(rest[i].plan, float("inf")))
    return rest.pop(best)
