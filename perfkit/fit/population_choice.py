"""One population for every plan: which one wins, and what it is.

Plans are compared on the same agents, so a comparison, a sweep or an optimisation
runs every plan on one population, chosen in this order: a Population given in
Python, the client's KPI export (``--data`` / ``data=``), the baseline scenario's
``population:``, else the synthetic default. A scenario that states another
population is not used for it: :func:`choose_population` warns, naming the
population that won and the one ignored.

The client's export replaces only the *source* of the baseline's population: its
seed and the traits an export cannot reveal (effort cost, outside option, …) still
apply, so ``--data`` on the baseline's own file changes nothing.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from perfkit.core.errors import ParameterError, PerfkitWarning
from perfkit.fit.calibration import calibrate
from perfkit.model.population import Population, synthetic
from perfkit.scheme.population import DataPopulation, Simulation, SyntheticPopulation

Origin = Literal["population", "data", "baseline"]
Stated = DataPopulation | SyntheticPopulation


@dataclass(frozen=True)
class Chosen:
    """The population every plan runs on, its description and the export it came from.

    ``info``: :func:`describe` plus ``origin`` (what won: ``population``, ``data`` or
    ``baseline``) and ``ignored`` (one entry per scenario whose stated population is
    not used: ``plan``, ``file``, the stated population's ``kind``, ``source``,
    ``agents``, ``teams``, and ``same_source`` when only its other settings differ). ``kpis``: the export as loaded, when ``data`` was given.
    """

    population: Population
    info: dict[str, Any]
    kpis: pd.DataFrame | None = None


def describe(pop: Population) -> dict[str, Any]:
    """What a report says about a population: kind, source file, agents and teams."""
    calibrated = pop.source != "synthetic"
    return {
        "kind": "data" if calibrated else "synthetic",
        "source": Path(pop.source).name if calibrated else "synthetic",
        "agents": pop.n,
        "teams": len(pop.team_names),
        "team_names": [str(t) for t in pop.team_names],
    }


def population_label(info: dict[str, Any]) -> str:
    """``info`` (of :func:`describe` or an ignored entry) in a few English words."""
    other = " with other settings" if info.get("same_source") else ""
    if info["kind"] == "data":
        sized = f" ({info['agents']} agents in {info['teams']} teams)" if info["agents"] else ""
        return f"calibrated from {info['source']}{sized}{other}"
    return f"synthetic ({info['agents']} agents in {info['teams']} teams){other}"


def from_scenario(scenario: Any, settings: Simulation | None = None) -> Population:
    """The population a scenario's ``population:`` describes (synthetic defaults if none).

    A KPI export is calibrated given the effort of the plan in force during it: the
    population's ``plan`` when stated, else the scenario itself (perfkit.fit.calibration);
    ``settings`` (default: the scenario's ``simulation:``) say how agents respond.
    """
    spec = getattr(scenario, "population", None)
    if spec is None:
        return synthetic(SyntheticPopulation())
    if isinstance(spec, SyntheticPopulation):
        return synthetic(spec)
    plan = spec.plan or scenario
    sim = settings if settings is not None else getattr(scenario, "simulation", None)
    return calibrate(spec.source, spec, spec.mapping, plan=plan, settings=sim)


def choose_population(
    scenarios: Sequence[Any],
    baseline: int = 0,
    *,
    data: pd.DataFrame | str | Path | None = None,
    population: Population | None = None,
    names: Sequence[str] | None = None,
) -> Chosen:
    """The one population ``scenarios`` run on (see the module docstring for the order).

    ``names``: how the plans are called in ``info["ignored"]`` (default: scenario
    names). Emits one :class:`PerfkitWarning` when a scenario's population is ignored.
    """
    base = scenarios[baseline]
    stated_base = getattr(base, "population", None)
    kpis = None
    winner: Stated | None
    if population is not None:
        if not isinstance(population, Population):
            raise ParameterError(
                f"population: expected a Population (perfkit.model.population), got "
                f"{type(population).__name__}; pass a KPI export as data="
            )
        pop, origin, winner = population, "population", None
    elif data is not None:
        kpis, winner = _load(data, stated_base)
        plan = getattr(winner, "plan", None) or base  # the plan in force during the export
        sim = getattr(base, "simulation", None)
        pop, origin = calibrate(kpis, winner, plan=plan, settings=sim), "data"
    else:
        winner = stated_base if stated_base is not None else SyntheticPopulation()
        pop, origin = from_scenario(base), "baseline"
    info = {**describe(pop), "origin": origin, "ignored": []}
    for i, sc in enumerate(scenarios):
        stated = getattr(sc, "population", None)
        if stated is None or (i == baseline and origin == "baseline"):
            continue
        if _differs(stated, winner, info):
            plan = names[i] if names is not None else getattr(sc, "name", str(sc))
            entry = {"plan": plan, "file": _file(sc), **_stated(stated)}
            entry["same_source"] = _looks_same(entry, info)
            info["ignored"].append(entry)
    if info["ignored"]:
        warnings.warn(ignored_message(info), PerfkitWarning, stacklevel=2)
    return Chosen(pop, info, kpis)


def ignored_message(info: dict[str, Any]) -> str:
    """One line naming the population every plan runs on and the ones not used."""
    won = {
        "population": f"the population given, {population_label(info)}",
        "data": f"the population calibrated from the client's export {info['source']} "
        f"({info['agents']} agents in {info['teams']} teams)",
        "baseline": f"the baseline's population, {population_label(info)}",
    }[info["origin"]]
    groups: dict[str, list[str]] = {}
    for entry in info["ignored"]:
        groups.setdefault(population_label(entry), []).append(entry["file"] or entry["plan"])
    unused = "; ".join(f"{', '.join(who)} ({what})" for what, who in groups.items())
    return f"every plan runs on {won}; ignored the population stated by {unused}"


def _load(
    data: pd.DataFrame | str | Path, stated: Stated | None
) -> tuple[pd.DataFrame, DataPopulation]:
    """The export as a table, and the calibration spec: its source, the baseline's rest."""
    from perfkit.files.data import load_kpis

    if isinstance(data, pd.DataFrame):
        source = str(data.attrs.get("source", "<KPI table>"))
    elif isinstance(data, str | Path):
        source = str(data)
    else:
        raise ParameterError(
            f"data: expected a KPI export (a path or a DataFrame), got {type(data).__name__}"
        )
    same = isinstance(stated, DataPopulation) and _same_file(stated.source, source)
    carry: dict[str, Any] = {} if stated is None else {"seed": stated.seed, "traits": stated.traits}
    if same and stated.mapping:
        carry["mapping"] = stated.mapping
    if isinstance(stated, DataPopulation) and stated.plan:
        carry["plan"] = stated.plan  # the export was produced under the same plan in force
    kpis = data if isinstance(data, pd.DataFrame) else load_kpis(data, carry.get("mapping"))
    return kpis, DataPopulation(source=source, **carry)


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


def _key(spec: Stated) -> Any:
    """A spec without notes or header mapping, its source resolved: what shapes the agents."""

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("note", "mapping")}
        return x

    raw = strip(spec.model_dump(mode="json"))
    if isinstance(spec, DataPopulation):
        raw["source"] = str(Path(spec.source).resolve())
    return raw


def _differs(stated: Stated, winner: Stated | None, info: dict[str, Any]) -> bool:
    if winner is not None:
        return _key(stated) != _key(winner)
    return not _looks_same(_stated(stated), info)


def _looks_same(stated: dict[str, Any], info: dict[str, Any]) -> bool:
    """Whether a stated population reads like the chosen one (same kind, file, size)."""
    return all(stated[k] in (None, info[k]) for k in ("kind", "source", "agents", "teams"))


def _stated(spec: Stated) -> dict[str, Any]:
    """What a scenario's ``population:`` says, as far as it says it without building it."""
    if isinstance(spec, DataPopulation):
        return {"kind": "data", "source": Path(spec.source).name, "agents": None, "teams": None}
    return {"kind": "synthetic", "source": "synthetic", "agents": spec.agents, "teams": spec.teams}


def _file(scenario: Any) -> str | None:
    source = str(getattr(scenario, "source", ""))
    return Path(source).name if source.endswith((".yaml", ".yml")) else None
