"""What a pilot's design and evaluation folders share: JSON that numpy values survive,
and plan files named relative to the folder they are written to."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd


def json_text(obj: object) -> str:
    """``obj`` as indented JSON, numpy numbers and arrays as plain ones (NaN kept)."""

    def default(o: object) -> object:
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        raise TypeError(type(o).__name__)

    return json.dumps(obj, ensure_ascii=False, indent=2, default=default, allow_nan=True)


def plans_beside(assignment: pd.DataFrame, out: Path) -> pd.DataFrame:
    """The assignment with its plan files relative to the folder it is written to, so
    ``pilot evaluate`` finds them from any current folder (it looks beside the file)."""
    folder = out.resolve()
    fixed = assignment.copy()
    for col in ("scenario", "baseline"):
        if col in fixed:
            fixed[col] = [
                os.path.relpath(Path(v).resolve(), folder) if isinstance(v, str) and v else v
                for v in fixed[col]
            ]
    return fixed
