"""Memory sizes: parse "8GB", read the machine's total, choose the default budget."""

from __future__ import annotations

import functools
import os
import re
import sys

from perfkit.core.errors import ParameterError

_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.IGNORECASE)
#: Smallest budget a job can run in (the interpreter and libraries alone take ~0.3 GB).
MIN_BUDGET = 512 * 1024**2


def parse_size(text: str | int | float, what: str = "--memory") -> int:
    """Bytes in a size like ``8GB``, ``512MB``, ``1.5G`` or a plain number of bytes."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = int(text)
    else:
        match = _SIZE.match(str(text))
        if not match:
            raise ParameterError(
                f"{what}: {text!r} is not a memory size (expected e.g. 8GB, 512MB or 1.5G)"
            )
        value = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    if value < MIN_BUDGET:
        raise ParameterError(
            f"{what}: {human(value)} is too little to run anything (expected at least "
            f"{human(MIN_BUDGET)})"
        )
    return value


@functools.cache
def machine_memory() -> int:
    """Total physical memory in bytes (psutil, else /proc/meminfo, else 8 GB); read once
    (every pricing call asks for the default budget)."""
    try:
        import psutil

        return int(psutil.virtual_memory().total)
    except Exception:  # psutil missing or unusable: fall back
        pass
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 * 1024**3


def resident() -> int | None:
    """Bytes this process holds in memory now (its resident set; None where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def peak_resident() -> int:
    """Bytes this process has held in memory at its most: VmHWM where /proc has it.

    Not ``ru_maxrss`` on Linux: it carries a spawning process's peak across exec into the
    child's, so a child of a large parent reads its parent's peak (the benchmarks run
    each case in a child). Elsewhere ``ru_maxrss`` (bytes on macOS, KiB on the rest)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def default_budget() -> int:
    """Half the machine: room for the operating system and other work."""
    return max(MIN_BUDGET, machine_memory() // 2)


def human(n: float) -> str:
    """Bytes as a short size: 812 MB, 7.4 GB."""
    if n >= 1024**4:
        return f"{n / 1024**4:.1f} TB"
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    return f"{n / 1024**2:.0f} MB"
