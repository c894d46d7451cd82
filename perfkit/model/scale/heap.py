"""The C allocator's handling of freed memory: kept during a solve, given back between phases.

A solve prices millions of rows in calls that each allocate and free row-sized NumPy
arrays of a few to a few hundred MB. glibc's malloc serves such arrays by ``mmap`` and
returns them to the kernel on ``free``, so the next call's arrays start as fresh pages
and every page is faulted in again: on the quarterly plan the kernel's page-fault
handling was about 40% of the solve's CPU time (benchmarks/results_scale.md, branch
``funnel``). :func:`keep_freed_memory` raises malloc's mmap and trim thresholds, so
freed arrays stay in the process's heap and are reused (the quarterly plan's solve −32%
CPU at 200 agents, peak resident memory +4%). :func:`give_back_freed_memory` hands the
heap's free pages back to the kernel (``malloc_trim``) at the end of a phase, so what the
solve freed does not stay resident under the Monte Carlo's arrays (2,000 agents × 12 ×
500 runs: peak 3.79 → 3.14 GB). Neither changes a number.

Only glibc (Linux) has these calls; elsewhere both functions do nothing. :func:`freed_bytes`
tells how much of the resident set is such freed memory (malloc's free chunks), so that a
pricing block may be sized from what is live, not from what the heap kept
(perfkit.model.scale.limits.Limits.block_rows).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

#: mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: Arrays below this size come from the heap and are reused after they are freed.
MMAP_THRESHOLD = 1 << 30
#: The heap's free top is not handed back below this size (only by give_back_freed_memory).
TRIM_THRESHOLD = (1 << 31) - 1


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library if it is glibc (has mallopt and malloc_trim), else None."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
    except OSError:
        return None
    if not (hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim")):
        return None
    return libc


class _Mallinfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (malloc.h, glibc ≥ 2.33): every field a size_t."""

    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks",
                "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]  # fmt: skip


@functools.cache
def _mallinfo2():
    """glibc's mallinfo2, typed, or None (not glibc, or older than 2.33)."""
    libc = _glibc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return None
    fn = libc.mallinfo2
    fn.restype, fn.argtypes = _Mallinfo2, []
    return fn


def freed_bytes() -> int:
    """Bytes the heap holds freed for reuse (malloc's free chunks, ``fordblks``; 0 where
    unknown). Resident while a phase runs (the trim threshold keeps them); after
    :func:`give_back_freed_memory` most are no longer resident, though still counted."""
    info = _mallinfo2()
    return 0 if info is None else int(info().fordblks)


@functools.cache
def keep_freed_memory() -> bool:
    """Tell malloc to keep freed arrays for reuse (once per process); True if it took."""
    libc = _glibc()
    if libc is None:
        return False
    mmap_ok = libc.mallopt(_M_MMAP_THRESHOLD, ctypes.c_int(MMAP_THRESHOLD))
    trim_ok = libc.mallopt(_M_TRIM_THRESHOLD, ctypes.c_int(TRIM_THRESHOLD))
    return bool(mmap_ok and trim_ok)


def give_back_freed_memory() -> None:
    """Hand the heap's free pages back to the kernel (the end of a phase)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(ctypes.c_size_t(0))
