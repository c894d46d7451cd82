"""A period's targets as one result: the decomposition and, with proposals, the reconciled
targets and the totals before and after (what ``perfkit targets`` writes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from perfkit.files.outputs import save_table, staged_dir
from perfkit.files.tidy import rounded
from perfkit.pages.goals.decompose import decomposition_table

#: The heads column of the target tables: whole agents.
_HEADS = {"agents": "heads"}


@dataclass(frozen=True)
class Targets:
    """Each agent's decomposed ``targets`` (agent_targets) and, with proposals, the
    reconciled ones (``final``: reconcile)."""

    targets: pd.DataFrame
    final: pd.DataFrame | None = None

    def totals(self) -> pd.DataFrame:
        """Team and company totals of the decomposed and the final targets, side by side."""
        if self.final is None:
            raise ValueError("no reconciled targets: give proposals first")
        after = decomposition_table(
            self.final.drop(columns="decomposed").rename(columns={"final": "target"}), agents=False
        )
        before = decomposition_table(self.targets, agents=False)
        return before.merge(after[["level", "unit", "kpi", "target"]], on=["level", "unit", "kpi"],
                            suffixes=("_decomposed", "_final"))  # fmt: skip

    def to_dir(self, out: str | Path) -> Path:
        """Write decomposition.csv and, with proposals, reconciled.csv and totals.csv; the
        files appear only once all are written (see :func:`perfkit.files.outputs.staged_dir`)."""
        with staged_dir(out) as stage:
            decomposed = decomposition_table(self.targets)
            save_table(rounded(decomposed, _HEADS, by_kpi=["target"]), stage / "decomposition.csv")
            if self.final is not None:
                final = rounded(self.final, by_kpi=["decomposed", "proposed", "gap", "final"])
                save_table(final, stage / "reconciled.csv")
                totals = rounded(
                    self.totals(), _HEADS, by_kpi=["target_decomposed", "target_final"]
                )
                save_table(totals, stage / "totals.csv")
        return Path(out)
