"""The batch cache: keys by value, a hit is the stored object, nothing stored outside a batch."""

from __future__ import annotations

import os
from dataclasses import dataclass

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
