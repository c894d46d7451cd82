"""What a simulation returns, and writing it to a directory atomically."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from perfkit.core.errors import ParameterError

FORMATS = {"parquet": ".parquet", "csv": ".csv"}


@dataclass
class SimulationResult:
    """Tidy tables of one simulation.

    - ``agents``: one row per run × period × agent: choices (effort, quality, help),
      every KPI, every pay component, grade, quit flag, hire number, tenure and skill
      (the seat holder's conversion ability when proficient);
    - ``runs``: one row per run with every outcome metric (perfkit.simulate.summary);
    - ``summary``: metric × mean, p10, p50, p90 over runs;
    - ``population``: one row per agent seat with its traits;
    - ``policy``: the solved choices (perfkit.model.behaviour.Policy);
    - ``meta``: scenario, population (kind, source file, agents, teams), seed, runs,
      periods, settings, version; ``notes``: warnings;
    - ``workforce``: one row per run × period: the floor's mean skill, share of new
      hires, mean tenure and quit rate (perfkit.simulate.summary.workforce);
    - ``levels``: one row per run × period × team: revenue, orders and dials, with the
      scenario's season and team-month noise when it carries them
      (perfkit.simulate.levels); the other tables never carry them.
    """

    agents: pd.DataFrame
    runs: pd.DataFrame
    summary: pd.DataFrame
    population: pd.DataFrame
    policy: Any
    meta: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    workforce: pd.DataFrame = field(default_factory=pd.DataFrame)
    levels: pd.DataFrame = field(default_factory=pd.DataFrame)

    def metric(self, name: str, stat: str = "mean") -> float:
        """One summary number, e.g. ``result.metric("profit", "p10")``."""
        row = self.summary.loc[self.summary["metric"] == name]
        if row.empty:
            raise KeyError(
                f"no metric '{name}'; expected one of {', '.join(self.summary['metric'])}"
            )
        return float(row[stat].iloc[0])

    def to_dir(self, out: str | Path, formats: tuple[str, ...] = ("parquet",)) -> Path:
        """Write summary.json and each table in each format; the files appear only once
        all are written (see :func:`perfkit.files.outputs.staged_dir`)."""
        from perfkit.files.outputs import staged_dir

        bad = [f for f in formats if f not in FORMATS]
        if bad:
            raise ParameterError(f"formats: unknown {bad}; expected some of {', '.join(FORMATS)}")
        with staged_dir(out) as stage:
            self._write(stage, formats)
        return Path(out)

    def _write(self, out: Path, formats: tuple[str, ...]) -> None:
        from perfkit.files.outputs import atomic_write_text, save_table

        tables = {
            "agents": self.agents,
            "runs": self.runs,
            "summary": self.summary,
            "population": self.population,
            "workforce": self.workforce,
            "levels": self.levels,
        }
        for name, table in tables.items():
            for fmt in formats:
                save_table(table, out / f"{name}{FORMATS[fmt]}")
        doc = {
            "meta": self.meta,
            "summary": {
                row.metric: {k: _finite(getattr(row, k)) for k in ("mean", "p10", "p50", "p90")}
                for row in self.summary.itertuples()
            },
            "notes": self.notes,
        }
        atomic_write_text(
            out / "summary.json", json.dumps(doc, ensure_ascii=False, indent=2, default=str)
        )


def _finite(x: Any) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None
