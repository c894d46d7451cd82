"""Staging left by a killed run is removed by the next run into the same folder; a
live run's staging and the user's own files never are."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from perfkit.files.outputs import save_table, staged_dir
from perfkit.files.staging import MAX_AGE_S, clean_stale, is_stale, token


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _layout(folder: Path, dead: int, live: int) -> dict[str, Path]:
    paths = {
        "dead file": folder / f".pay.{dead}-9f3a1c2e.tmp.xlsx",
        "dead dir": folder / f".out.{dead}-k2j4h1ab.tmp",
        "dead report": folder / f".report.{dead}-q8w7e6r5",
        "live file": folder / f".pay.{live}-0badcafe.tmp.csv",
        "live report": folder / f".report.{live}-a1b2c3d4",
        "old legacy": folder / ".pay.1a2b3c4d.tmp.csv",
        "new legacy": folder / ".pay.5e6f7a8b.tmp.csv",
        "user hidden": folder / ".env",
        "user dotted": folder / ".notes.12345-draft",
        "user file": folder / "pay.xlsx",
    }
    for name, path in paths.items():
        if "dir" in name or "report" in name:
            path.mkdir()
            (path / "kernel.json").write_text("{}")
        else:
            path.write_text("x")
    old = time.time() - MAX_AGE_S - 60
    os.utime(paths["old legacy"], (old, old))
    return paths


def test_the_next_write_removes_only_stale_staging(tmp_path: Path) -> None:
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        paths = _layout(tmp_path, _dead_pid(), live.pid)
        save_table(pd.DataFrame({"a": [1]}), tmp_path / "new.csv")
        gone = {n for n, p in paths.items() if not p.exists()}
        assert gone == {"dead file", "dead dir", "dead report", "old legacy"}
        assert (tmp_path / "new.csv").is_file()
    finally:
        live.kill()
        live.wait()
    # the next run, now that the "live" one has died too, removes its staging as well
    with staged_dir(tmp_path / "out") as stage:
        (stage / "x.txt").write_text("y")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".env", ".notes.12345-draft", ".pay.5e6f7a8b.tmp.csv", "new.csv", "out",
                    "pay.xlsx"]  # fmt: skip


def test_our_own_staging_counts_as_live(tmp_path: Path) -> None:
    mine = tmp_path / f".pay.{token()}.tmp.csv"
    mine.write_text("x")
    assert not is_stale(mine)
    assert clean_stale(tmp_path) == []
    assert mine.exists()
