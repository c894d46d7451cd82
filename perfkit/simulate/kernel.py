"""The Monte Carlo's compiled kernels (Numba), and the one place that decides they run.

What is compiled (``njit``, ``cache=True``: compiled once into ``__pycache__``, then
loaded; never ``parallel``: one thread keeps the numbers the same run to run and leaves
the second core to the other process of a 2-core machine):

- the funnel of one Monte Carlo period (perfkit.simulate.kernel_funnel): draws and
  choices to the 17 KPIs, written straight into the run arrays (no copy into them);
- deal timing (perfkit.simulate.kernel_timing): each period's choice to hold or pull
  deals, and its move of revenue, orders and cash across the period end.

Both give the same bytes as the NumPy path: every exp and log stays in NumPy (Numba's
are the C library's and differ from NumPy's SIMD code in the last bit on 1–20% of
values), the kernels do the arithmetic in the same order.

Coverage: every plan (neither kernel reads the plan); the funnel kernel for the
``funnel`` production model (perfkit.model.funnel.Funnel), the Monte Carlo's own. Other
production models, the hires' and the plan's solves, the pricing of the pay curves and
the pay engine take the NumPy path; so does everything in a job under :data:`MIN_ROWS`
agent-month-runs, without Numba, with ``PERFKIT_KERNEL=0`` in the environment, or inside
:func:`numpy_path`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

#: Set to 0 (or false, off, no) in the environment to run the NumPy path everywhere.
ENV = "PERFKIT_KERNEL"
#: Smallest job (agent-month-runs) the kernels run: importing Numba and loading the cached
#: kernels costs ≈ 0.45 CPU s once per process, and they save ≈ 0.16 µs per agent-month-run
#: (benchmarks/results_scale.md, branch ``kernel``), so a smaller job (the designer's
#: 200 × 12 × 20, a 20-run command on the bundled floor) stays NumPy and never imports Numba.
MIN_ROWS = 2_000_000

_OFF: list[bool] = []


@functools.cache
def _compiled() -> tuple[ModuleType, ModuleType] | None:
    """The kernel modules (Numba imported, and each kernel compiled or loaded from its
    cache on first call), or None where Numba cannot be imported."""
    try:
        from perfkit.simulate import kernel_funnel, kernel_timing
    except (ImportError, RuntimeError, OSError):  # no Numba, or no cache it can write
        return None
    return kernel_timing, kernel_funnel


def _on(rows: int) -> bool:
    off = os.environ.get(ENV, "1").strip().lower() in ("0", "false", "off", "no")
    return not _OFF and rows >= MIN_ROWS and not off


def timing_kernel(rows: int) -> ModuleType | None:
    """perfkit.simulate.kernel_timing for a job of ``rows`` agent-month-runs, or None:
    take the NumPy path."""
    compiled = _compiled() if _on(rows) else None
    return None if compiled is None else compiled[0]


def funnel_kernel(rows: int) -> ModuleType | None:
    """perfkit.simulate.kernel_funnel for a job of ``rows`` agent-month-runs, or None:
    take the NumPy path."""
    compiled = _compiled() if _on(rows) else None
    return None if compiled is None else compiled[1]


@contextmanager
def numpy_path() -> Iterator[None]:
    """Run the NumPy path inside the block (to compare the two: tests, benchmarks)."""
    _OFF.append(True)
    try:
        yield
    finally:
        _OFF.pop()
