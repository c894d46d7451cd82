"""Warnings reach a command-line user as one plain line naming the plan; numpy's
RuntimeWarnings and library warnings do not reach them at all."""

from __future__ import annotations

import asyncio
import warnings
from pathlib import Path

import numpy as np
import pytest

from perfkit.apps.cli.warn import user_warnings
from perfkit.core.errors import PerfkitWarning
from perfkit.core.notices import about_plan
from perfkit.model.behaviour import ConvergenceWarning


def test_only_perfkits_warnings_are_shown_once_each_on_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with user_warnings("perfkit x: warning: "):
        for _ in range(2):
            warnings.warn("plan 'A': blank cells\n  on line 3", PerfkitWarning, stacklevel=1)
        np.mean(np.array([]))  # numpy: "Mean of empty slice"
        np.divide(np.zeros(1), np.zeros(1))  # raised in this (non-perfkit) module
        warnings.warn("a library's deprecation", FutureWarning, stacklevel=1)
        warnings.warn("best responses did not settle", ConvergenceWarning, stacklevel=1)
    assert capsys.readouterr().err.splitlines() == [
        "perfkit x: warning: plan 'A': blank cells on line 3",
        "perfkit x: warning: best responses did not settle",
    ]


def test_debug_shows_everything(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERFKIT_DEBUG", "1")
    with user_warnings("perfkit x: warning: "):
        warnings.warn("a library's deprecation", FutureWarning, stacklevel=1)
    assert "FutureWarning" in capsys.readouterr().err


def test_about_plan_names_the_plan_and_keeps_the_category() -> None:
    expected = pytest.warns(ConvergenceWarning, match=r"^plan 'Team 60': did not settle")
    with expected, about_plan("Team 60"):
        warnings.warn("did not settle", ConvergenceWarning, stacklevel=1)
        np.mean(np.array([]))  # dropped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with about_plan("Team 60"):
            np.mean(np.array([]))
    assert caught == []


def test_report_kernels_keep_their_connection_file_in_the_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render killed with kill -9 leaves its connection file in its staging folder, which
    the next render cleans (perfkit.files.staging), not in Jupyter's runtime folder."""
    from jupyter_client import AsyncKernelManager

    from perfkit.pages.report.execute import ReportKernelManager

    seen: dict[str, str] = {}

    async def fake_start(self, **kw) -> None:
        seen["file"] = self.connection_file

    monkeypatch.setattr(AsyncKernelManager, "start_kernel", fake_start)
    stage = tmp_path / ".report.123-abcdefgh"
    stage.mkdir()
    manager = type("M", (ReportKernelManager,), {"stderr_path": str(stage / "r.kernel.log")})
    asyncio.run(manager().start_kernel())
    assert seen["file"] == str(stage / "r.kernel.json")
