"""The best plan an optimisation found, and its files (:meth:`OptimizationResult.to_dir`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from perfkit.scheme import Scenario


def best_scenario_file(stem: str) -> str:
    """The name of the best plan's scenario file, after the searched scenario's ``stem``."""
    return f"{stem}_optimized.yaml"


@dataclass
class OptimizationResult:
    """The best plan found, how the search got there, and how robust it is.

    ``best``: the point rounded to the client's steps (``steps``), ``continuous`` the
    search's own optimum; ``value`` and ``objective_ci`` (95% CI of the mean over runs,
    NaN for a custom objective) are at ``best``; ``checks``: each constraint there
    (:class:`perfkit.analysis.constraints.Check`); ``robustness``: objective and constraint
    statistics on fresh seeds. ``meta["population"]``: the population every
    evaluation ran on (see :mod:`perfkit.fit.population_choice`); ``meta["participation"]``:
    the salary the participation rule set at ``best`` (see :mod:`perfkit.analysis.participation`).
    """

    best: dict[str, float]
    scenario: Scenario
    objective: str
    value: float
    feasible: bool
    history: pd.DataFrame
    robustness: pd.DataFrame = field(default_factory=pd.DataFrame)
    meta: dict[str, Any] = field(default_factory=dict)
    continuous: dict[str, float] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)
    objective_ci: tuple[float, float] = (math.nan, math.nan)
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)
    constraints: list[str] = field(default_factory=list)  # as given, e.g. on the command line
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)  # each path's search range

    @property
    def at_bound(self) -> dict[str, str]:
        """Paths whose optimum sits at an end of its search range ("low" / "high"): within
        one step (or 1% of the range) of it, where the best may lie beyond what was searched."""
        out = {}
        for path, (lo, hi) in self.bounds.items():
            x = self.continuous.get(path, self.best.get(path))
            near = max(self.steps.get(path, 0.0), 0.01 * (hi - lo))
            if x is not None and x - lo <= near:
                out[path] = "low"
            elif x is not None and hi - x <= near:
                out[path] = "high"
        return out

    def bound_sentence(self) -> str:
        """ "commission.rate's optimum is at the high end of its search range (0.02 to 0.06):
        the best value may lie beyond it; widen --vary …" for each such path, or ""."""
        return " ".join(
            f"{p}'s optimum is at the {end} end of its search range "
            f"({self.bounds[p][0]:g} to {self.bounds[p][1]:g}): the best value may lie beyond "
            f"it; widen --vary {p} to look further."
            for p, end in self.at_bound.items()
        )

    @property
    def best_salary(self) -> float | None:
        """The base salary the participation rule set at ``best`` (None without the rule)."""
        rule = self.meta.get("participation")
        return None if rule is None else float(rule["base_salary"])

    def to_dir(self, out: str | Path, stem: str | None = None) -> Path:
        """Write the best plan as a scenario (``<stem>_optimized.yaml``, ``stem`` that of the
        searched scenario's file), the search path (search_path.csv), the best plan on fresh
        seeds (robustness.csv) and ``optimum.json``; the files appear only once all are
        written (see :func:`perfkit.files.outputs.staged_dir`)."""
        import yaml

        from perfkit.files.outputs import atomic_write_text, save_table, staged_dir

        stem = stem or Path(self.scenario.source).stem
        with staged_dir(out) as stage:
            text = yaml.safe_dump(self.best_scenario_doc(), allow_unicode=True, sort_keys=False)
            atomic_write_text(stage / best_scenario_file(stem), text)
            save_table(self.history, stage / "search_path.csv")
            save_table(self.robustness, stage / "robustness.csv")
            text = json.dumps(self.optimum_doc(), ensure_ascii=False, indent=2)
            atomic_write_text(stage / "optimum.json", text)
        return Path(out)

    def best_scenario_doc(self) -> dict[str, Any]:
        """The best plan as a scenario document, its name and description saying what it was
        optimised for, under which constraints and on which population."""
        from perfkit.fit.population_choice import population_label

        doc = self.scenario.model_dump(mode="json", exclude_none=True)
        doc["name"] = f"{doc['name']} (optimised for {self.objective})"
        salary, population = self.best_salary, self.meta["population"]
        doc["description"] = (
            doc.get("description", "")
            + f" Optimised for {self.objective}: "
            + ", ".join(f"{k} = {v:.6g}" for k, v in self.best.items())
            + (f" under {'; '.join(self.constraints)}." if self.constraints else ".")
            + (
                f" Base salary set by the participation rule: {salary:,.0f}."
                if salary is not None
                else ""
            )
            + (
                f" Simulated on the population {population_label(population)}."
                if population
                else ""
            )
            + (
                ""
                if self.feasible
                else " NOT FEASIBLE: the best point found breaks the constraints."
            )
            + (f" {said}" if (said := self.bound_sentence()) else "")
        ).strip()
        return doc

    def optimum_doc(self) -> dict[str, Any]:
        """What optimum.json holds: the best point, its value and constraints, robustness."""
        return {
            "best": self.best,
            "continuous": self.continuous,
            "steps": self.steps,
            "objective": self.objective,
            "value": self.value,
            "value_ci95": list(self.objective_ci),
            "feasible": self.feasible,
            "at_bound": self.at_bound,
            "constraints": self.checks.to_dict(orient="records"),
            "participation": self.meta.get("participation"),
            "evaluations": len(self.history),
            "robustness": self.robustness.to_dict(orient="records"),
            "population": self.meta["population"],
        }
