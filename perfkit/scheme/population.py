"""Population settings of a scenario: synthetic distributions or a KPI export.

Kept apart from the pay rules because the simulation owns their meaning.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from perfkit.scheme.base import Model


class SyntheticPopulation(Model):
    """A simulated population; distributions have documented defaults in perfkit.population."""

    model_config = ConfigDict(extra="allow", frozen=True)
    source: Literal["synthetic"] = "synthetic"
    agents: Annotated[int, Field(gt=0)] = 120
    teams: Annotated[int, Field(gt=0)] = 6
    seed: int = 0


class DataPopulation(Model):
    """A population calibrated from a KPI export (path relative to the scenario file)."""

    source: str
    mapping: dict[str, str] | None = None
