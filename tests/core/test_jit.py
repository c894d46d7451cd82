"""Numba's compile cache goes where it can be written (perfkit.core.jit)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from perfkit.core import jit
from perfkit.simulate import kernel


def test_an_unwritable_package_folder_sends_the_cache_to_the_temporary_folder(monkeypatch) -> None:
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(jit.os, "access", lambda path, mode: False)
    jit._cache_where_writable()
    folder = Path(jit.os.environ["NUMBA_CACHE_DIR"])
    assert folder.parent == Path(tempfile.gettempdir())
    assert folder.name.startswith("perfkit-numba-")


def test_a_writable_package_folder_or_a_chosen_cache_is_left_alone(monkeypatch) -> None:
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(jit.os, "access", lambda path, mode: True)
    jit._cache_where_writable()
    assert "NUMBA_CACHE_DIR" not in jit.os.environ
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/somewhere/chosen")
    monkeypatch.setattr(jit.os, "access", lambda path, mode: False)
    jit._cache_where_writable()
    assert jit.os.environ["NUMBA_CACHE_DIR"] == "/somewhere/chosen"


@pytest.mark.parametrize(("value", "on"), [("0", False), ("false", False), ("OFF", False),
                                           ("no", False), ("1", True), ("yes", True)])  # fmt: skip
def test_the_kernels_switch_off_by_any_false_like_value(monkeypatch, value, on) -> None:
    monkeypatch.setenv(kernel.ENV, value)
    assert kernel._on(kernel.MIN_ROWS) is on
    assert kernel._on(kernel.MIN_ROWS - 1) is False
