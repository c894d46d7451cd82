"""The batch cache: keys by value, a hit is the stored object, nothing stored outside a batch."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perfkit.core import cache


@dataclass(frozen=True)
class _Pop:
    agent_id: np.ndarray
    traits: dict


def _frame() -> pd.DataFrame:
    df = pd.DataFrame({"agent": ["a", "b"], "orders": [3.0, 4.5]})
    df.attrs["source"] = "/data/kpis.csv"
    return df


def test_fingerprint_is_by_value() -> None:
    a = _Pop(np.arange(3), {"skill": np.array([1.0, 2.0, 3.0])})
    b = _Pop(np.arange(3), {"skill": np.array([1.0, 2.0, 3.0])})
    assert cache.fingerprint(a, 20) == cache.fingerprint(b, 20)
    assert cache.fingerprint(a, 20) != cache.fingerprint(a, 21)
    moved = _Pop(np.arange(3), {"skill": np.array([1.0, 2.0, 3.5])})
    assert cache.fingerprint(a) != cache.fingerprint(moved)
    assert cache.fingerprint(_frame()) == cache.fingerprint(_frame())
    other = _frame()
    other.loc[1, "orders"] = 4.0
    assert cache.fingerprint(_frame()) != cache.fingerprint(other)
    renamed = _frame()
    renamed.attrs["source"] = "kpis.csv"  # the source ends up in what is computed from it
    assert cache.fingerprint(_frame()) != cache.fingerprint(renamed)


def test_nothing_is_stored_outside_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    calls: list[int] = []
    for _ in range(2):
        assert cache.cached("x", "k", lambda: calls.append(1) or len(calls)) == len(calls)
    assert calls == [1, 1]


def test_a_batch_computes_once_and_cleans_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    calls: list[int] = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return _frame()

    with cache.shared() as folder:
        assert os.environ[cache.ENV] == str(folder)
        with cache.shared() as inner:  # a batch inside a batch shares its cache
            assert inner == folder
        first = cache.cached("table", "k", compute)
        again = cache.cached("table", "k", compute)
        (folder / "table-broken.pickle").write_bytes(b"not a pickle")
        recomputed = cache.cached("table", "broken", compute)
    assert calls == [1, 1]  # the second call read the first; a broken entry is recomputed
    pd.testing.assert_frame_equal(first, again)
    assert again.attrs == first.attrs and recomputed.equals(first)
    assert cache.ENV not in os.environ and not folder.exists()


def _slow_count(folder: str, log: str) -> int:
    """In a child process: the batch entry ``count``, computed slowly (each computation
    leaves a line in ``log``)."""
    import time

    os.environ[cache.ENV] = folder

    def compute() -> int:
        with open(log, "a") as f:
            f.write("computed\n")
        time.sleep(0.5)  # the other process asks meanwhile
        return 42

    return cache.cached("count", "k", compute)


def test_two_processes_compute_an_entry_once(tmp_path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    log = tmp_path / "log.txt"
    with ProcessPoolExecutor(2) as pool:
        got = list(pool.map(_slow_count, [str(tmp_path)] * 2, [str(log)] * 2))
    assert got == [42, 42]
    assert log.read_text().splitlines() == ["computed"]  # the second waited and read it


def test_a_closure_is_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    """A solved response carries its payout engine as a closure: stored with cloudpickle."""
    monkeypatch.delenv(cache.ENV, raising=False)
    rate = 0.25

    def pay(x: float) -> float:
        return rate * x

    with cache.shared():
        cache.cached("closure", "k", lambda: pay)
        back = cache.cached("closure", "k", lambda: None)
    assert back is not pay and back(8.0) == 2.0
