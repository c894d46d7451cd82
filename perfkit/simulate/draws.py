"""Spreading a simulation's runs across parameter draws (``uncertainty.draws``).

A scenario written by ``perfkit estimate`` carries joint draws of its estimated
parameters (the estimate's team-cluster bootstrap). A forecast's band then holds
parameter uncertainty as well as Monte Carlo luck, at no extra runs: run r takes draw
⌊r·K ÷ R⌋ of the K draws, sorted by effort cost, so runs are spread evenly over them.

- Attrition (``annual_rate``, ``sensitivity``) is per run: every run quits at its own
  draw's rates (perfkit.simulate.runs.quit_probability), at no cost.
- The effort cost needs a best-response solve. Runs are cut into at most
  :data:`BLOCKS` contiguous blocks by effort cost; each block is solved once, on the
  population with its effort costs scaled to the block's geometric mean draw. The
  solve's seed is the simulation's; the runs of block b > 0 draw their shocks from
  ``[seed, b]``, so two plans simulated with the same seed still share every shock.

Without draws, nothing changes: one block, the scenario's parameters, the seed's runs.
A population calibrated from an export is not re-calibrated per block (a draw's
effort cost also moves the level of the plan in force a little); what the blocks are
for is how a plan's *response* depends on the effort cost.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

#: Most best-response solves a simulation spends on its effort-cost draws.
BLOCKS = 3
#: Draws whose effort costs' P90 ÷ P10 is within 1 + SAME are solved as one block.
SAME = 0.05


@dataclass(frozen=True)
class Block:
    """Runs [first, end) solved at effort costs × ``scale``, each with its attrition draw."""

    first: int
    end: int
    scale: float
    drawn: dict[str, np.ndarray]  # runs × 1 per attrition parameter drawn

    @property
    def runs(self) -> int:
        return self.end - self.first


@dataclass(frozen=True)
class Spread:
    """Which draw each run takes, and the blocks of runs solved together."""

    draw: np.ndarray  # per run: index into the sorted draws (-1: no draws)
    blocks: list[Block]
    draws: list[dict[str, float]]  # sorted by effort cost
    source: str = ""

    def to_meta(self) -> dict[str, Any]:
        return {"draws": len(self.draws), "draw_of_run": self.draw.tolist(),
                "effort_cost_scales": [round(b.scale, 6) for b in self.blocks]}  # fmt: skip


def spread(uncertainty: Any, runs: int, effort_cost: float) -> Spread:
    """How ``runs`` runs spread over the scenario's draws (module docstring);
    ``effort_cost``: the population's mean effort cost (the point estimate)."""
    draws = list(getattr(uncertainty, "draws", None) or [])
    if not draws:
        return Spread(np.full(runs, -1), [Block(0, runs, 1.0, {})], [])
    draws = sorted(draws, key=lambda d: d.get("effort_cost", effort_cost))
    k = len(draws)
    draw = np.floor((np.arange(runs) + 0.5) * k / runs).astype(int)
    cost = np.array([draws[i].get("effort_cost", effort_cost) for i in draw], float)
    spread_ = np.quantile(cost, 0.9) / np.quantile(cost, 0.1)
    n = min(BLOCKS, runs, len(np.unique(cost))) if spread_ > 1 + SAME else 1
    cuts = np.unique(np.linspace(0, runs, n + 1).round().astype(int))
    blocks = []
    for a, b in itertools.pairwise(cuts):
        scale = float(np.exp(np.log(cost[a:b] / effort_cost).mean()))
        drawn = {p: np.array([[draws[i][p]] for i in draw[a:b]], float)
                 for p in ("annual_rate", "sensitivity") if p in draws[0]}  # fmt: skip
        blocks.append(Block(int(a), int(b), scale, drawn))
    return Spread(draw, blocks, draws, str(getattr(uncertainty, "source", "") or ""))


def scaled(pop: Any, scale: float) -> Any:
    """The population with every agent's effort cost × ``scale`` (the same agents)."""
    if scale == 1.0:
        return pop
    return replace(pop, traits={**pop.traits, "effort_cost": pop.traits["effort_cost"] * scale})


def block_seed(seed: int, block: int) -> int | list[int]:
    """The runs' seed of a block: the simulation's for the first, ``[seed, block]`` after."""
    return seed if block == 0 else [seed, block]


def merged(tables: list[pd.DataFrame | None]) -> pd.DataFrame:
    """The blocks' kept agents tables as one simulation's (runs in order; empty if none)."""
    tables = [t for t in tables if t is not None]
    if len(tables) <= 1:
        return tables[0] if tables else pd.DataFrame()
    ids = union_categoricals([t["agent_id"] for t in tables])
    agents = pd.concat([t.drop(columns="agent_id") for t in tables], ignore_index=True)
    agents.insert(2, "agent_id", ids)
    return agents


def forecast_notes(split: Spread, season: Any, noise: dict[str, Any]) -> list[str]:
    """What the forecast's ranges and levels hold, in words (for the result's notes)."""
    from perfkit.text import t

    out = []
    if split.draws:
        out.append(t("forecast.draws", "en", draws=len(split.draws), source=split.source))
    if season is not None:
        trend = t("forecast.trend", "en") if any(season.trend.values()) else ""
        out.append(t("forecast.season", "en", trend=trend))
    if noise:
        kpis = ", ".join(f"{k} sd {v.sd:.3f}, ρ {v.rho:.2f}" for k, v in noise.items())
        out.append(t("forecast.noise", "en", kpis=kpis))
    return out
