"""Checks every command makes before any work: can ``--out`` be written, and the
``--fill`` / ``--drop-incomplete`` policy for blank KPI cells.

A run that computes for minutes and then cannot write its result wastes the user's
time, so ``--out`` is checked first: a folder must be a folder (or creatable), a file
must not be a folder, and the nearest existing parent must be a writable folder (not
a file: ``--out afile/sub``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from perfkit.core.errors import PerfkitError


def _writable_parent(path: Path) -> None:
    """Fail unless the nearest existing ancestor of ``path`` is a writable folder."""
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise PerfkitError(
                    f"--out {path}: {parent} is a file, so nothing can be written under it; "
                    "expected a folder"
                )
            if not os.access(parent, os.W_OK | os.X_OK):
                raise PerfkitError(f"--out {path}: cannot write in {parent} (permission denied)")
            return


def check_out_dir(path: Path | None) -> None:
    """``--out`` names a folder: it is one, or can be made."""
    if path is None:
        return
    if path.exists() and not path.is_dir():
        raise PerfkitError(f"--out {path}: exists and is not a folder; expected a folder")
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise PerfkitError(f"--out {path}: cannot write in it (permission denied)")
        return
    _writable_parent(path)


def check_out_file(path: Path | None) -> None:
    """``--out`` names a file: not a folder, and its folder exists or can be made."""
    if path is None:
        return
    if path.is_dir():
        raise PerfkitError(f"--out {path}: is a folder; expected a file name")
    _writable_parent(path)


def blank_options(p: argparse.ArgumentParser) -> None:
    """--fill KPI=POLICY and --drop-incomplete, for commands that read a KPI export."""
    p.add_argument(
        "--fill",
        action="append",
        default=[],
        metavar="KPI=POLICY",
        help="fill blank cells of KPI by agent_mean, team_mean or zero (repeatable); "
        "the statements record it in their 'filled' column",
    )
    p.add_argument(
        "--drop-incomplete",
        action="store_true",
        help="drop rows with a blank KPI cell (instead of refusing the file)",
    )


def fill_policy(pairs: list[str]) -> dict[str, str]:
    """``--fill`` options as KPI → policy, with canonical (or Chinese) KPI names."""
    from perfkit.core.kpis import RAW_KPIS, canonical_kpi
    from perfkit.files.blanks import FILLS

    out: dict[str, str] = {}
    for pair in pairs:
        kpi, sep, policy = (part.strip() for part in pair.partition("="))
        canon = canonical_kpi(kpi) if sep else None
        if canon not in RAW_KPIS:
            raise PerfkitError(
                f"--fill {pair!r}: expected KPI=POLICY with a measured KPI column, e.g. "
                "--fill satisfaction=team_mean"
            )
        if policy not in FILLS:
            raise PerfkitError(
                f"--fill {pair!r}: unknown policy; expected one of {', '.join(FILLS)}"
            )
        out[canon] = policy
    return out
