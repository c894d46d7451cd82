"""Run independent tasks locally, or on a Dask cluster, and get the results in order.

``run_tasks(fn, items)`` is ``[fn(*item) for item in items]``. With a Dask address in
force (perfkit.model.scale.limits: ``--dask``), each item is a task on the cluster; the
results are the same bytes, because each task computes exactly what the local loop
would. If every worker is lost (killed, out of memory, the cluster scaled to zero)
the wait ends after ``LOST_AFTER`` seconds with a :class:`ClusterError` naming how
many tasks were unfinished, instead of hanging.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from perfkit.core.errors import ClusterError
from perfkit.model.scale.limits import current

#: Seconds with no live worker before a job is given up.
LOST_AFTER = 30.0
#: Seconds to connect to a scheduler.
CONNECT_TIMEOUT = "10s"
_CLIENTS: dict[str, Any] = {}


def run_tasks(fn: Callable[..., Any], items: Sequence[tuple], dask: str | None = None) -> list:
    """``fn(*item)`` for every item, in order: locally, or on the Dask scheduler in force."""
    address = dask if dask is not None else current().dask
    if not address or len(items) == 0 or in_worker():
        return [fn(*item) for item in items]
    client = client_for(address)
    futures = [client.submit(fn, *item, pure=False) for item in items]
    return gather(client, futures, address)


def in_worker() -> bool:
    """Whether this code runs inside a Dask task (whose own tasks then run in place)."""
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


def client_for(address: str):
    """A connected Dask client for ``address`` (one per process and address)."""
    client = _CLIENTS.get(address)
    if client is not None and client.status == "running":
        return client
    _CLIENTS[address] = client = connect(address)
    return client


def connect(address: str):
    """A new Dask client for ``address``; a ClusterError if no scheduler answers."""
    from dask.distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (ValueError, OSError, TimeoutError) as err:
        raise ClusterError(
            f"--dask {address}: cannot reach a Dask scheduler ({err}); "
            "expected an address like tcp://host:8786"
        ) from None


def close_clients() -> None:
    """Close the clients :func:`client_for` opened (at the end of a command)."""
    while _CLIENTS:
        _, client = _CLIENTS.popitem()
        with contextlib.suppress(Exception):  # already gone
            client.close()


def gather(client, futures: list, address: str = "", lost_after: float | None = None,
           poll: float = 1.0) -> list:  # fmt: skip
    """The futures' results; a ClusterError once no worker has been alive for ``lost_after``
    seconds (default LOST_AFTER)."""
    lost_after = LOST_AFTER if lost_after is None else lost_after
    alone_since: float | None = None
    nap = 0.005
    while not all(f.done() for f in futures):
        time.sleep(nap)
        nap = min(poll, nap * 2)  # quick tasks come back quickly; long ones are polled each poll s
        if nap < poll:
            continue
        if workers(client) > 0:
            alone_since = None
            continue
        alone_since = alone_since or time.monotonic()
        if time.monotonic() - alone_since >= lost_after:
            left = sum(1 for f in futures if not f.done())
            client.cancel(futures)
            raise ClusterError(
                f"--dask {address}: every Dask worker is gone and none came back within "
                f"{lost_after:g} s; {left} of {len(futures)} task(s) unfinished. Check the "
                "workers' logs (out of memory?), restart them, or run without --dask."
            ) from None
    try:
        return client.gather(futures)
    except Exception as err:  # a task's worker died repeatedly
        if type(err).__name__ == "KilledWorker":
            raise ClusterError(
                f"--dask {address}: a task killed its worker repeatedly ({err}); the workers may "
                "have too little memory: give them more, or lower --memory so blocks are smaller"
            ) from None
        raise


def workers(client) -> int:
    """Live workers the scheduler knows of."""
    try:
        return len(client.scheduler_info().get("workers", {}))
    except Exception:  # the scheduler itself is gone
        return 0
