"""Child processes die with perfkit: Chromium, report kernels, local worker processes.

Three ways a run ends, three guards:

- **Ctrl-C** (SIGINT) and **SIGTERM**: the command line turns SIGTERM into the same
  :class:`KeyboardInterrupt` as Ctrl-C (:class:`Terminated`, see :func:`terminate_as_interrupt`),
  so every ``finally`` runs and staging is removed. A thread pool waiting on renders
  calls :func:`stop_all` first (else leaving the pool waits for every render); on the
  way out every child still registered with :func:`track` is killed (each in its own
  process group, with everything it started). Children run in their own
  session, so the terminal's Ctrl-C reaches perfkit only, and perfkit decides.
- **SIGKILL** (``kill -9``, the out-of-memory killer): nothing in perfkit runs, so each
  child asks Linux to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)``, set by
  :func:`die_with_parent` in the child before it runs its program). Elsewhere than
  Linux this guard is absent; the first two still hold.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from typing import Any

#: ``prctl`` option: the signal the calling process receives when its parent dies.
PR_SET_PDEATHSIG = 1

_LOCK = threading.Lock()
_LIVE: dict[int, bool] = {}  # pid → whether it leads its own process group
_STOPPING = threading.Event()  # the run is being stopped: no new child may live


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()  # looked up once here: a child between fork and exec only calls it


def die_with_parent(parent: int | None = None) -> None:
    """In a new child process: be killed (SIGKILL) when the parent dies; if the parent
    (pid ``parent``, by default the one now) is already gone, exit at once. Safe as
    ``subprocess.Popen(preexec_fn=...)`` (it calls only ``prctl`` and ``getppid``) and as a
    process pool's ``initializer``. A no-op off Linux."""
    if _PRCTL is None:
        return
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


def popen_guard() -> Callable[[], None]:
    """A ``preexec_fn`` for a child started by this process: :func:`die_with_parent`."""
    parent = os.getpid()
    return lambda: die_with_parent(parent)


def track(pid: int, group: bool = True) -> None:
    """Register a live child (``group``: it leads its own process group) for :func:`kill_all`."""
    with _LOCK:
        _LIVE[pid] = group
    if _STOPPING.is_set():  # started by a thread that has not heard of the stop yet
        kill(pid, group)


def untrack(pid: int) -> None:
    """The child has ended (or was stopped): forget it."""
    with _LOCK:
        _LIVE.pop(pid, None)


@contextlib.contextmanager
def tracked(pid: int, group: bool = True) -> Iterator[None]:
    """Register ``pid`` for the block; if the block ends with an exception (an interrupt,
    a timeout), kill it and its group before the exception goes on."""
    track(pid, group)
    try:
        yield
    except BaseException:
        kill(pid, group)
        raise
    finally:
        untrack(pid)


def kill(pid: int, group: bool = True) -> None:
    """SIGKILL a child (its whole process group when it leads one); gone already is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)


def kill_all() -> int:
    """SIGKILL every registered child and its group; how many there were."""
    with _LOCK:
        live = list(_LIVE.items())
        _LIVE.clear()
    for pid, group in live:
        kill(pid, group)
    return len(live)


def stop_all(pool: Executor | None = None) -> None:
    """The run is stopping (Ctrl-C, SIGTERM): cancel the queued tasks of ``pool`` (a
    ``concurrent.futures`` executor), kill every child, and kill any child started from
    now on, so the pool's threads end at once and leaving the pool does not wait for
    their renders."""
    _STOPPING.set()
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    kill_all()


@contextlib.contextmanager
def stoppable(pool: Executor) -> Iterator[Executor]:
    """``with stoppable(ThreadPoolExecutor(...)) as pool:`` — on Ctrl-C or SIGTERM while
    the block waits on the pool, :func:`stop_all` runs before the pool's threads are
    joined (else the join waits for every render), and children may start again once
    they are."""
    try:
        with pool:
            try:
                yield pool
            except KeyboardInterrupt:
                stop_all(pool)
                raise
    finally:
        _STOPPING.clear()


def stopping() -> bool:
    """Whether the run is being stopped (its children killed on purpose: their deaths
    are no news)."""
    return _STOPPING.is_set()


def live() -> list[int]:
    """Pids of the children registered now."""
    with _LOCK:
        return list(_LIVE)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so the same clean-up runs."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated(f"signal {signum}")


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """During the block, SIGTERM raises :class:`Terminated` in the main thread; afterwards
    (and always on the way out) every registered child is killed. Off the main thread
    (where handlers cannot be set) only the killing applies."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    _STOPPING.clear()
    try:
        yield
    finally:
        kill_all()
        _STOPPING.clear()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
