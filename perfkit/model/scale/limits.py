"""The resources a job may use: a memory budget, and where its tasks run.

Set for a block of code with :func:`use` (the CLI's ``--memory`` and ``--dask``), or
for a whole process and its report kernels by the environment variables
``PERFKIT_MEMORY`` (e.g. ``8GB``) and ``PERFKIT_DASK`` (a scheduler address). Read by
the best-response solver (how many KPI rows one pricing block may build) and by the
Monte Carlo (how many runs one pay chunk may hold). Neither changes a number: blocks
and chunks only decide how the same table is cut (see perfkit.model.behaviour.blocks).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace

from perfkit.model.scale.heap import freed_bytes
from perfkit.model.scale.memory import default_budget, parse_size, resident

ENV_MEMORY = "PERFKIT_MEMORY"
ENV_DASK = "PERFKIT_DASK"
#: Bytes the payout engine and the pricing table take per KPI row at their peak
#: (measured: benchmarks/bench_scale.py; ~2.3 kB on the issue-13 team plan).
BYTES_PER_PRICING_ROW = 2_500
#: Share of the budget one pricing block may take at most; the rest holds the population,
#: the policy, the draws and the interpreter. Blocks take less where less is left
#: (Limits.block_rows: ROOM_SHARE of the room beside the resident set).
BLOCK_SHARE = 0.25
#: Fewest rows a block is allowed (below this, blocking costs more than it saves).
MIN_BLOCK_ROWS = 20_000
#: Peak bytes per row of a Monte Carlo pay chunk (perfkit.simulate.stream) or of the deal
#: timing's pay-curve table (perfkit.simulate.timing), priced while every run's arrays are
#: held (measured: the curves' table ≈ 475 B a row at 5,000 agents; a pay chunk 240–320).
CHUNK_BYTES_PER_ROW = 500
#: Share of the room the budget leaves beside what is already resident that one such chunk,
#: or one pricing block of a solve, may take (the rest: the heap's fragmentation and the
#: reductions' own arrays).
ROOM_SHARE = 0.5


@dataclass(frozen=True)
class Limits:
    """A memory budget in bytes, an optional Dask scheduler address, and (for tests and
    benchmarks) a forced block size in rows."""

    memory: int
    dask: str | None = None
    rows: int | None = None

    @property
    def budget_rows(self) -> int:
        """Most KPI rows one pricing block may build at this budget, were nothing else
        held: BLOCK_SHARE of it (the estimate's bound; at least MIN_BLOCK_ROWS)."""
        if self.rows is not None:
            return self.rows
        return max(MIN_BLOCK_ROWS, int(self.memory * BLOCK_SHARE) // BYTES_PER_PRICING_ROW)

    def solve_rows(self, held: int) -> int:
        """Most KPI rows one pricing block may build while ``held`` bytes are resident (the
        draws, the policy, the layouts): :attr:`budget_rows`, cut to ROOM_SHARE of what the
        budget leaves at BYTES_PER_PRICING_ROW each (never below MIN_BLOCK_ROWS)."""
        if self.rows is not None:
            return self.rows
        room = int((self.memory - held) * ROOM_SHARE) // BYTES_PER_PRICING_ROW
        return max(MIN_BLOCK_ROWS, min(self.budget_rows, room))

    @property
    def block_rows(self) -> int:
        """Most KPI rows one pricing block may build now: :meth:`solve_rows` of what this
        process holds live, its resident set less the heap's freed memory, which a block
        reuses before the resident set grows (:attr:`budget_rows` where that is unknown)."""
        held = resident()
        return self.budget_rows if held is None else self.solve_rows(max(0, held - freed_bytes()))

    def room_rows(self, held: int) -> int:
        """Most rows one Monte Carlo pay chunk or pay-curve chunk may build while ``held``
        bytes are resident (every run's arrays among them): ROOM_SHARE of what the budget
        leaves, at CHUNK_BYTES_PER_ROW each (0: no room; the caller takes its least)."""
        if self.rows is not None:
            return self.rows
        return max(0, int((self.memory - held) * ROOM_SHARE) // CHUNK_BYTES_PER_ROW)


_CURRENT: contextvars.ContextVar[Limits | None] = contextvars.ContextVar(
    "perfkit_limits", default=None
)


def from_environment() -> Limits:
    """Limits from PERFKIT_MEMORY / PERFKIT_DASK, else half the machine, run locally."""
    text = os.environ.get(ENV_MEMORY, "").strip()
    memory = parse_size(text, ENV_MEMORY) if text else default_budget()
    return Limits(memory, os.environ.get(ENV_DASK, "").strip() or None)


def current() -> Limits:
    """The limits in force (see the module docstring)."""
    return _CURRENT.get() or from_environment()


@contextlib.contextmanager
def use(
    memory: str | int | None = None, dask: str | None = None, rows: int | None = None
) -> Iterator[Limits]:
    """Run the block under a memory budget (``"8GB"``) and/or on a Dask scheduler
    (``rows``: force the block size, to test that it changes no number)."""
    base = current()
    limits = replace(
        base,
        memory=base.memory if memory is None else parse_size(memory),
        dask=dask if dask is not None else base.dask,
        rows=rows if rows is not None else base.rows,
    )
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def export(limits: Limits) -> dict[str, str]:
    """The environment that carries ``limits`` into a child process (report kernels)."""
    env = {ENV_MEMORY: str(limits.memory)}
    if limits.dask:
        env[ENV_DASK] = limits.dask
    return env
