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
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from perfkit.core.errors import ClusterError
from perfkit.model.scale.limits import current

#: Seconds with no live worker before a job is given up.
LOST_AFTER = 30.0
#: Longest wait between looks at a task's state (it once grew to a second: a pricing call
#: of 1.3 s was seen done at 2.3 s, a second lost per call).
NAP = 0.02
#: Seconds to connect to a scheduler.
CONNECT_TIMEOUT = "10s"
#: Seconds for the probe (:func:`probe`) to open a connection and hear a scheduler.
PROBE_SECONDS = 3.0
_CLIENTS: dict[str, Any] = {}


#: Objects shared by many tasks kept scattered on the cluster (the latest few).
SHARED_KEPT = 4
_SHARED: dict[int, tuple[Any, Any]] = {}
_INHERITED: list = []  # a forked child's copies of its parent's clients: never used, never closed


def _forked() -> None:
    """In a forked child (``render``'s batch workers): forget the parent's clients and
    scattered objects, whose connections and event loop live in the parent only (a
    child using them waited forever); the child connects on its own when it needs to."""
    _INHERITED.extend([*_CLIENTS.values(), *_SHARED.values()])
    _CLIENTS.clear()
    _SHARED.clear()


os.register_at_fork(after_in_child=_forked)


def run_tasks(fn: Callable[..., Any], items: Sequence[tuple], dask: str | None = None,
              shared: tuple = ()) -> list:  # fmt: skip
    """``fn(*item, *shared)`` for every item, in order: locally, or on the Dask scheduler in
    force, where each object of ``shared`` is sent to the workers once (:func:`scattered`)."""
    address = dask if dask is not None else current().dask
    if not address or len(items) == 0 or in_worker():
        return [fn(*item, *shared) for item in items]
    client = client_for(address)
    sent = [scattered(client, s) for s in shared]
    futures = [client.submit(fn, *item, *sent, pure=False) for item in items]
    return gather(client, futures, address)


def scattered(client, obj: Any):
    """A future of ``obj`` held by every worker: sent once while it is among the latest
    SHARED_KEPT objects shared (by identity: an object must not change once shared)."""
    hit = _SHARED.get(id(obj))
    if hit is not None and hit[0] is obj and hit[1].status == "finished":
        return hit[1]
    try:
        future = client.scatter([obj], broadcast=True, hash=False)[0]
    except TimeoutError:  # the scheduler has no worker to hold it
        raise ClusterError(
            f"--dask {client.scheduler.address}: every Dask worker is gone (none to send the "
            "plan and population to). Restart the workers, or run without --dask."
        ) from None
    _SHARED[id(obj)] = (obj, future)
    while len(_SHARED) > SHARED_KEPT:
        _SHARED.pop(next(iter(_SHARED)))
    return future


def cluster_workers(dask: str | None = None) -> int:
    """Live workers of the Dask scheduler in force (0: tasks run here)."""
    address = dask if dask is not None else current().dask
    if not address or in_worker():
        return 0
    return workers(client_for(address))


def run_streamed(fn: Callable[..., Any], items: Iterable[tuple], shared: tuple = (),
                 dask: str | None = None, ahead: int = 4) -> Iterator[Any]:  # fmt: skip
    """``fn(*item, *shared)`` for every item, yielded in order as each is done. Items are
    made only as they are needed; on Dask ``shared`` is sent to every worker once (not
    with every task) and at most ``ahead`` tasks are in flight."""
    address = dask if dask is not None else current().dask
    if not address or in_worker():
        for item in items:
            yield fn(*item, *shared)
        return
    client = client_for(address)
    sent = [scattered(client, s) for s in shared]
    pending: deque = deque()
    for item in items:
        pending.append(client.submit(fn, *item, *sent, pure=False))
        if len(pending) >= ahead:
            yield gather(client, [pending.popleft()], address)[0]
    while pending:
        yield gather(client, [pending.popleft()], address)[0]


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


def _host_port(address: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a scheduler address; a ClusterError for anything else."""
    scheme, sep, rest = address.strip().rpartition("://")
    scheme = scheme if sep else "tcp"
    host, colon, port = rest.rpartition(":")
    host = host.strip("[]")
    if (
        scheme not in ("tcp", "tls")
        or not colon
        or not host
        or not port.isdigit()
        or not (0 < int(port) < 65536)
    ):
        raise ClusterError(
            f"--dask {address}: not a Dask scheduler address; expected tcp://HOST:PORT "
            "(e.g. tcp://127.0.0.1:8786) or tls://HOST:PORT"
        )
    return scheme, host, int(port)


def probe(address: str, seconds: float = PROBE_SECONDS) -> None:
    """Fail fast unless a Dask scheduler answers at ``address``: the TCP connection must
    open within ``seconds``, and (tcp://) the scheduler's greeting — it speaks first, one
    length-prefixed frame — must arrive within ``seconds``. A silent listener or a web
    server is refused here, before Dask's client waits on it (or reads an HTTP reply as a
    frame length of exabytes)."""
    import socket
    import struct

    if address.startswith("inproc://"):  # a cluster inside this process: nothing to probe
        return
    scheme, host, port = _host_port(address)
    try:
        with socket.create_connection((host, port), timeout=seconds) as sock:
            if scheme != "tcp":
                return
            sock.settimeout(seconds)
            head = b""
            while len(head) < 8:
                chunk = sock.recv(8 - len(head))
                if not chunk:
                    break
                head += chunk
    except TimeoutError:
        raise ClusterError(
            f"--dask {address}: no answer within {seconds:g} s; expected a Dask scheduler "
            "there (is it running, and is this its address?)"
        ) from None
    except OSError as err:
        raise ClusterError(
            f"--dask {address}: cannot reach a Dask scheduler ({err.strerror or err}); "
            "expected a running scheduler at tcp://HOST:PORT"
        ) from None
    size = struct.unpack("<Q", head)[0] if len(head) == 8 else 0  # the greeting's bytes
    if not 0 < size < 100_000_000:
        raise ClusterError(
            f"--dask {address}: something answers there but not as a Dask scheduler; "
            "expected the scheduler's address (tcp://HOST:8786 by default)"
        )


def connect(address: str):
    """A new Dask client for ``address``; a ClusterError if no scheduler answers."""
    from dask.distributed import Client

    probe(address)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (ValueError, OSError, TimeoutError) as err:
        raise ClusterError(
            f"--dask {address}: cannot reach a Dask scheduler ({err}); "
            "expected an address like tcp://host:8786"
        ) from None


def close_clients() -> None:
    """Close the clients :func:`client_for` opened (at the end of a command)."""
    _SHARED.clear()
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
    nap, asked = 0.005, time.monotonic()
    while not all(f.done() for f in futures):
        time.sleep(nap)
        nap = min(NAP, nap * 2)  # a result is seen within NAP s of its arrival
        if time.monotonic() - asked < poll:
            continue
        asked = time.monotonic()  # the scheduler is asked about its workers each poll s
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
