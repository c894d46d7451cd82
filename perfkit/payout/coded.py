"""A text column held as codes into its few distinct values, made strings when shown.

A pay statement's ``segment``, ``grade`` and ``non_cash`` columns take a handful of
values. Turning every row into an Arrow string costs about as much as a pay rule; the
Monte Carlo shows the statement only for the runs whose agents table it keeps
(perfkit.simulate.stream), so it carries the codes and makes strings of those rows alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Coded:
    """Each row's value as a code into ``names``."""

    codes: np.ndarray
    names: list[str]

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, rows: np.ndarray | None) -> Coded:
        """The rows ``rows`` (None: all of them, as they are)."""
        return self if rows is None else Coded(self.codes[rows], self.names)

    def strings(self) -> pd.api.extensions.ExtensionArray:
        """The column as the statement shows it (pandas' ``str`` dtype)."""
        return pd.array(self.names, dtype="str").take(self.codes)

    @staticmethod
    def joined(parts: list[Coded]) -> Coded:
        """The parts one after another, their codes into the union of their names."""
        names = list(dict.fromkeys(n for p in parts for n in p.names))
        at = {n: i for i, n in enumerate(names)}
        codes = [np.array([at[n] for n in p.names], dtype=np.int64)[p.codes] for p in parts]
        return Coded(np.concatenate(codes), names)


def shown(cols: dict[str, object]) -> dict[str, object]:
    """``cols`` with every coded column made strings (the others as they are)."""
    return {k: v.strings() if isinstance(v, Coded) else v for k, v in cols.items()}
