"""What a pilot's design and evaluation folders share: JSON that numpy values survive,
and plan files named so a person can read them: beside the folder written, else from
the current (project) folder, else by file name alone — never a path that climbs out
(``../../../``) or the machine's absolute path."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.files.tidy import rounded


def json_text(obj: object) -> str:
    """``obj`` as indented JSON, numpy numbers and arrays as plain ones (NaN kept)."""

    def default(o: object) -> object:
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        raise TypeError(type(o).__name__)

    return json.dumps(obj, ensure_ascii=False, indent=2, default=default, allow_nan=True)


#: The meta entries that name a plan file.
PLAN_FILES = ("scenario_file", "baseline_file")


def plan_file_name(path: str, out: Path) -> str:
    """``path`` relative to ``out`` when inside it, else to the current folder when inside
    that (``pilot evaluate`` looks in both), else its file name alone (give ``--scenario``)."""
    if not path:
        return path
    plan = Path(path).resolve()
    for folder in (out.resolve(), Path.cwd().resolve()):
        if plan.is_relative_to(folder):
            return plan.relative_to(folder).as_posix()
    return plan.name


def plans_beside(assignment: pd.DataFrame, out: Path) -> pd.DataFrame:
    """The assignment with its plan files named by :func:`plan_file_name`."""
    fixed = rounded(assignment, {"agents": "heads", "revenue_per_agent": "money"})
    for col in ("scenario", "baseline"):
        if col in fixed:
            fixed[col] = [plan_file_name(v, out) if isinstance(v, str) else v for v in fixed[col]]
    return fixed
