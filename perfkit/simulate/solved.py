"""The agents' response solved once for simulations that differ only where it does not look.

The best response (perfkit.model.behaviour.respond) is nearly all of a simulation's
time. It is solved along the expected path, so it does not read the attrition settings,
the deal-timing share or the gross margin (they act in the Monte Carlo and the
accounts, perfkit.simulate.runs, .timing and .summary), nor the number of runs. "What
decides the verdict" simulates every plan again at both ends of such assumptions:
inside :func:`shared_solves` a simulation whose plan, population, other settings,
periods and seed were solved already reuses that response, so its numbers are the ones
a fresh solve gives; so does the applicant pool's solve as hires (perfkit.simulate.newcomers). In a batch of reports (perfkit.core.cache) a kernel keeps its
last :data:`BATCH_SIZE` responses the same way, and every floor's response is also stored
in the batch's cache: a solve is done once per batch, whichever report or worker needs it
first, and the others read it (a response pickled and read back prices and runs the
same numbers).
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

from perfkit.core import cache
from perfkit.core.cache import fingerprint
from perfkit.model.behaviour import Pricer
from perfkit.model.behaviour.respond import Response, SolveSpec, respond
from perfkit.model.population import Population

#: The ``simulation:`` settings the solve does not read.
NOT_SOLVED = frozenset({"attrition", "timing", "margin_rate", "runs"})

#: Responses a batch's kernel keeps (the comparison report's decides reuses its compare's).
BATCH_SIZE = 16
_BATCH: dict[str, Any] = {}
_SOLVED: ContextVar[dict[str, Any] | None] = ContextVar("perfkit_solved", default=None)
#: What this process solved or read in a batch since :func:`taken`: (kind, key, CPU s, read)
#: (the latest only: a process nobody asks keeps no more than these).
_LOG: deque[tuple[str, str, float, bool]] = deque(maxlen=4096)


def taken() -> list[tuple[str, str, float, bool]]:
    """This process's shared solves since the last call: ``(kind, key, CPU seconds, read)``,
    ``read`` when the batch's cache held it (perfkit.pages.report.prepare times its tasks)."""
    out = list(_LOG)
    _LOG.clear()
    return out


def _logged(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """``cache.cached(kind, key, compute)``, its CPU seconds logged for :func:`taken`."""
    ran: list[bool] = []

    def run() -> Any:
        ran.append(True)
        return compute()

    cpu = time.process_time()
    value = cache.cached(kind, key, run)
    _LOG.append((kind, key, time.process_time() - cpu, not ran))
    return value


@contextmanager
def shared_solves() -> Iterator[None]:
    """Simulations in this block reuse each other's solved responses (module docstring)."""
    token = _SOLVED.set(dict(_BATCH))  # in a batch, what this kernel solved already
    try:
        yield
    finally:
        _SOLVED.reset(token)


def solve_key(pop: Population, scenario: Any, spec: SolveSpec, roles: np.ndarray | None) -> str:
    """Everything the solve reads: the plan without its ``simulation:``, the settings
    without :data:`NOT_SOLVED`, the periods, seed, population and roles."""
    plan = scenario.model_dump(mode="json", exclude={"simulation"})
    settings = spec.settings.model_dump(mode="json", exclude=set(NOT_SOLVED))
    return fingerprint(plan, settings, spec.periods, spec.seed, spec.months_per_period, pop, roles)


def hires_key(pop: Population, scenario: Any, spec: SolveSpec, roles: np.ndarray | None,
              hiring: Any, seed: Any, scale: float, history: Any = None) -> str:  # fmt: skip
    """Everything the applicants' solve as hires reads (:func:`hires_once`): the floor's
    :func:`solve_key`, the hiring settings (the pool), the runs' seed, the effort-cost
    scale of a block of runs and the ``history`` the plan's targets were read from, when
    it is not the population's own (perfkit.analysis.estimate: the export)."""
    extra = () if history is None else (history,)
    return fingerprint("hires", solve_key(pop, scenario, spec, roles),
                       hiring.model_dump(mode="json"), seed, scale, *extra)  # fmt: skip


def _shared() -> dict[str, Any] | None:
    """The responses shared here: this :func:`shared_solves` block's, a batch kernel's, or none."""
    solved = _SOLVED.get()
    if solved is None and os.environ.get(cache.ENV):  # a batch of reports: this kernel's
        solved = _BATCH
    return solved


def _keep(solved: dict[str, Any], key: str, value: Any) -> Any:
    solved[key] = value
    while len(_BATCH) > BATCH_SIZE:
        _BATCH.pop(next(iter(_BATCH)))
    return value


def hires_once(key: str, solve_pool: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``solve_pool`` (the applicants solved as hires: perfkit.simulate.newcomers), reusing
    what it gave for ``key`` in this :func:`shared_solves` block: the hires' solve, like the
    floor's, does not read the attrition settings. In a batch of reports it is stored in
    the batch's cache too, as the floor's response is: on a coupled plan it is a floor solve
    of its own (perfkit.simulate.seated), which every report kernel would otherwise repeat."""

    def once(people: Any) -> Any:
        solved = _shared()
        if solved is None:
            return solve_pool(people)
        if key in solved:
            return solved[key]
        return _keep(solved, key, _logged("hires", key, lambda: solve_pool(people)))

    return once


def respond_once(pop: Population, scenario: Any, spec: SolveSpec, *, pay: Pricer | None,
                 roles: np.ndarray | None, check: Callable[[Pricer], None]) -> Response:  # fmt: skip
    """:func:`respond`, or the response already solved in this :func:`shared_solves` block
    (``check`` runs either way: the simulation's own memory check)."""
    solved = _shared()
    if solved is None or pay is not None or not hasattr(scenario, "model_dump"):
        return respond(pop, scenario, spec, pay=pay, roles=roles, check=check)
    key = solve_key(pop, scenario, spec, roles)
    if key in solved:
        check(solved[key].pricer)
        return solved[key]
    checked: list[bool] = []

    def run() -> Response:
        checked.append(True)
        return respond(pop, scenario, spec, pay=pay, roles=roles, check=check)

    response = _logged("solve", key, run)
    if not checked:  # read from the batch's cache: the simulation's own check still runs
        check(response.pricer)
    return _keep(solved, key, response)
