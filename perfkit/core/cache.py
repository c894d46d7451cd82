"""A batch's shared disk cache: what one report computed, the next report reads.

``perfkit render`` runs every notebook in its own kernel, and each kernel would
calibrate the same export and simulate the same baseline again. Inside
:func:`shared` (the batch), results are pickled in a temporary folder named by the
environment variable :data:`ENV`, which the kernels inherit; :func:`cached` looks
there before computing. A key is a SHA-256 digest of everything the result depends
on, so a hit is the very object a fresh computation would give (same numbers for the
same seed); without the variable nothing is stored and everything is computed.

Two processes of a batch (report kernels, the workers that prepare a batch) that need
the same entry at once do not both compute it: the first holds the entry's lock file
while it computes, the second waits and reads what it wrote. Entries nest one way only
(a simulation may calibrate and solve; a calibration and a solve take no other entry),
so the waits cannot form a circle. Values are written with cloudpickle, so a solved
response carrying its payout engine's closure can be shared too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # Windows: two processes of a batch may then compute an entry twice
    fcntl = None  # type: ignore[assignment]

import cloudpickle
import numpy as np
import pandas as pd

#: The folder of the current batch's cache (unset: no cache).
ENV = "PERFKIT_CACHE_DIR"

T = TypeVar("T")


def fingerprint(*parts: Any) -> str:
    """A SHA-256 digest of ``parts`` by value: tables and arrays by their contents,
    pydantic models by their JSON, dataclasses by their fields."""
    h = hashlib.sha256()
    for part in parts:
        _feed(h, part)
    return h.hexdigest()


def _feed(h: Any, obj: Any) -> None:
    h.update(f"<{type(obj).__qualname__}>".encode())
    if obj is None or isinstance(obj, str | int | float | bool | bytes):
        h.update(repr(obj).encode())
    elif isinstance(obj, np.ndarray):
        h.update(f"{obj.dtype}{obj.shape}".encode())
        h.update(repr(obj.tolist()).encode() if obj.dtype == object else obj.tobytes())
    elif isinstance(obj, pd.DataFrame | pd.Series):
        frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
        h.update(repr((list(frame.columns), [str(d) for d in frame.dtypes])).encode())
        h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        _feed(h, dict(obj.attrs))
    elif isinstance(obj, dict):
        for key in sorted(obj, key=repr):
            _feed(h, key)
            _feed(h, obj[key])
    elif isinstance(obj, list | tuple):
        for item in obj:
            _feed(h, item)
    elif hasattr(obj, "model_dump_json"):  # a pydantic model (a scenario, its settings)
        h.update(obj.model_dump_json().encode())
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            _feed(h, f.name)
            _feed(h, getattr(obj, f.name))
    else:
        h.update(pickle.dumps(obj, protocol=5))


def cached(kind: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its result stored under ``kind``/``key`` in this batch's cache.

    Computed by one process at a time (module docstring) and written atomically; an
    unreadable entry is computed again.
    """
    folder = os.environ.get(ENV)
    if not folder or not Path(folder).is_dir():
        return compute()
    path = Path(folder) / f"{kind}-{key}.pickle"
    found = _read(path)
    if found is not _MISSING:
        return found
    with _locked(path.with_suffix(".lock")):
        found = _read(path)  # written while this process waited for the lock
        if found is not _MISSING:
            return found
        value = compute()
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as f:
            cloudpickle.dump(value, f, protocol=5)
        os.replace(f.name, path)
    return value


_MISSING = object()


def _read(path: Path) -> Any:
    """The entry at ``path``, or :data:`_MISSING` (absent, torn or unreadable)."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # absent, or a torn or unreadable entry: compute it again
        return _MISSING


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (released by the system if the
    holder dies)."""
    if fcntl is None:
        yield
        return
    with path.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def shared() -> Iterator[Path]:
    """A cache shared by this process and the kernels it starts, removed afterwards
    (an enclosing batch's cache is reused)."""
    if (folder := os.environ.get(ENV)) and Path(folder).is_dir():
        yield Path(folder)
        return
    with tempfile.TemporaryDirectory(prefix="perfkit-cache-") as tmp:
        os.environ[ENV] = tmp
        try:
            yield Path(tmp)
        finally:
            os.environ.pop(ENV, None)
