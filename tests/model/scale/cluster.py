"""A real Dask cluster on this machine: ``dask scheduler`` and ``dask worker`` processes.

Started as separate commands on free loopback ports (nothing listens beyond 127.0.0.1),
each worker one process with one thread, and torn down in a ``finally``. Used by the
cluster tests here and by ``benchmarks/bench_dask.py``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
#: Seconds to wait for the scheduler and every worker to be up.
START_WITHIN = 180.0


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def localhost_cluster(workers: int = 2, log: Path | None = None) -> Iterator[tuple[str, list]]:
    """``(address, processes)`` of a scheduler and ``workers`` worker processes; every
    process is stopped on the way out, whatever happened."""
    from dask.distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    procs: list[subprocess.Popen] = []
    try:
        common = {"env": env, "stdout": out, "stderr": out, "cwd": ROOT}
        procs.append(subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port",
                                       str(port), "--no-dashboard"], **common))  # fmt: skip
        for _ in range(workers):
            procs.append(subprocess.Popen([dask, "worker", address, "--host", "127.0.0.1",
                                           "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                                           "--no-nanny"], **common))  # fmt: skip
        _wait_for(address, workers, procs, Client)
        yield address, procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if log:
            out.close()


def _wait_for(address: str, workers: int, procs: list, client_cls) -> None:
    """Until the scheduler at ``address`` knows ``workers`` workers (or one has died)."""
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        dead = [p.args[1] for p in procs if p.poll() is not None]
        if dead:
            raise RuntimeError(f"dask {dead[0]} exited before the cluster was up")
        with (
            contextlib.suppress(OSError, TimeoutError),
            client_cls(address, timeout="5s", set_as_default=False) as c,
        ):
            c.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
            return
        time.sleep(0.5)
    raise RuntimeError(f"no Dask cluster of {workers} workers at {address} within {START_WITHIN} s")
