"""Agent populations: drawn from documented distributions, or calibrated from a KPI export.

A :class:`Population` holds one value per agent of every trait the funnel and the
behavioural model use (perfkit.scheme.population documents each default and its
source). :func:`synthetic` draws one; perfkit.fit.calibration estimates one from a KPI
export, and perfkit.fit.population_choice picks the one a scenario or a comparison says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from perfkit.core.errors import ParameterError
from perfkit.scheme.population import (
    Beta,
    FunnelRates,
    LogNormal,
    SyntheticPopulation,
    Traits,
)

#: Traits a KPI export cannot reveal: always drawn from ``traits``.
UNOBSERVED = (
    "effort_cost",
    "baseline_effort",
    "risk_aversion",
    "noncash_value",
    "helpfulness",
    "outside_option",
    "effort_cap",
)
#: Per-agent trait arrays of a Population, in table order.
TRAITS = ("tenure", "skill", "capacity", "connect_rate", "order_value", *UNOBSERVED)


@dataclass(frozen=True)
class Population:
    """One value per agent of each trait; ``rates`` are the population's funnel rates.

    ``tenure`` is in months at the start of the simulation; ``skill`` is conversion
    ability of an experienced agent (the learning curve applies on top). ``history``:
    the KPI export a calibrated population came from (history-based targets read it).
    """

    agent_id: np.ndarray
    team: np.ndarray
    traits: dict[str, np.ndarray]
    rates: FunnelRates
    spec: Traits
    source: str = "synthetic"
    start: str | None = None
    report: Any = field(default=None, compare=False)  # a calibration's fit report
    role: np.ndarray | None = None
    history: pd.DataFrame | None = field(default=None, compare=False)
    #: The floor these agents are whole teams of, and their indices on it: pricing draws
    #: noise as on that floor, so a team meets the same luck on both (…simulate.seated).
    part: tuple[Population, np.ndarray] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        codes, names = pd.factorize(pd.Series(self.team), sort=True)
        object.__setattr__(self, "team_code", codes.astype(np.int64))
        object.__setattr__(self, "team_names", np.asarray(names, dtype=object))

    @property
    def n(self) -> int:
        return int(self.agent_id.size)

    def __getattr__(self, name: str) -> np.ndarray:
        traits = self.__dict__.get("traits", {})
        if name in traits:
            return traits[name]
        raise AttributeError(name)

    def learning(self, tenure: np.ndarray) -> np.ndarray:
        """Learning-curve factor 1 − gap·exp(−tenure / months) (1 for veterans)."""
        gap, months = self.spec.learning_gap, self.spec.learning_months
        return 1.0 - gap * np.exp(-np.maximum(tenure, 0.0) / months)

    def to_frame(self) -> pd.DataFrame:
        """One row per agent: id, team, role (if any) and every trait."""
        roles = {} if self.role is None else {"role": self.role}
        return pd.DataFrame({"agent_id": self.agent_id, "team": self.team, **roles, **self.traits})

    def roles_for(self, scenario: Any) -> np.ndarray | None:
        """Each agent's role, when the scenario pays by role.

        The export's roles if it had them; otherwise everyone is an ``agent`` and, for
        a leader override, the longest-serving agent of each team is its leader.
        """
        needs = getattr(scenario, "leader_override", None) is not None
        needs |= getattr(scenario, "split_credit", None) is not None
        needs |= any(seg.when.role is not None for seg in getattr(scenario, "segments", []))
        if self.role is not None:
            return self.role
        if not needs:
            return None
        role = np.full(self.n, "agent", dtype=object)
        lo = getattr(scenario, "leader_override", None)
        if lo is not None:
            order = np.lexsort((-self.tenure, self.team_code))
            first = np.ones(self.n, dtype=bool)
            first[1:] = self.team_code[order][1:] != self.team_code[order][:-1]
            role[order[first]] = lo.role
        return role


# --------------------------------------------------------------------------- drawing
def lognormal(rng: np.random.Generator, dist: LogNormal, n: int) -> np.ndarray:
    """n draws with the given mean and coefficient of variation."""
    if dist.cv == 0:
        return np.full(n, dist.mean)
    s2 = np.log1p(dist.cv**2)
    return dist.mean * np.exp(np.sqrt(s2) * rng.standard_normal(n) - s2 / 2)


def beta(rng: np.random.Generator, dist: Beta, n: int) -> np.ndarray:
    """n draws with the given mean and standard deviation."""
    if dist.sd == 0 or dist.mean in (0.0, 1.0):
        return np.full(n, dist.mean)
    k = dist.mean * (1 - dist.mean) / dist.sd**2 - 1
    return rng.beta(dist.mean * k, (1 - dist.mean) * k, n)


def unobserved_traits(rng: np.random.Generator, traits: Traits, n: int) -> dict[str, np.ndarray]:
    """n draws of each trait a KPI export cannot reveal (:data:`UNOBSERVED`)."""
    return {
        "effort_cost": lognormal(rng, traits.effort_cost, n),
        "baseline_effort": lognormal(rng, traits.baseline_effort, n),
        "risk_aversion": lognormal(rng, traits.risk_aversion, n),
        "noncash_value": lognormal(rng, traits.noncash_value, n),
        "helpfulness": beta(rng, traits.helpfulness, n),
        "outside_option": lognormal(rng, traits.outside_option, n),
        # on a stream of its own, so the other traits' draws do not move with it
        "effort_cap": beta(_spawned(rng), traits.effort_cap, n),
    }


def _spawned(rng: np.random.Generator) -> np.random.Generator:
    """An independent generator spawned from ``rng``'s seed (``rng``'s draws do not move)."""
    return np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])


def draw_traits(pop: Population, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Traits (all but tenure) of ``n`` new agents, drawn the way ``pop``'s were.

    Synthetic: ``population.traits`` and ``funnel``. Calibrated: skill and capacity
    lognormal with the calibrated agents' mean and spread, connect rate and order value
    from the calibrated rates, unobservable traits from ``population.traits``.
    """
    dist = {k: getattr(pop.spec, k) for k in ("skill", "capacity")}
    if pop.source != "synthetic":
        x = {k: pop.traits[k] for k in dist}
        dist = {
            k: LogNormal(mean=float(v.mean()), cv=float(v.std() / v.mean())) for k, v in x.items()
        }
    return {
        **{k: lognormal(rng, d, n) for k, d in dist.items()},
        "connect_rate": beta(rng, pop.rates.connect_rate, n),
        "order_value": lognormal(rng, pop.rates.order_value, n),
        **unobserved_traits(rng, pop.spec, n),
    }


def validated(model: type, spec: Any, where: str) -> Any:
    """``spec`` as ``model``; a ValidationError becomes a ParameterError naming the field."""
    if isinstance(spec, model):
        return spec
    try:
        return model.model_validate(spec or {})
    except ValidationError as err:
        lines = []
        for e in err.errors():
            loc = ".".join(str(p) for p in e["loc"] if not str(p)[:1].isupper())
            lines.append(f"{where}.{loc}: {e['msg'].removeprefix('Value error, ')}")
        raise ParameterError("; ".join(lines)) from None


def synthetic(
    spec: SyntheticPopulation | dict[str, Any] | None = None, **overrides: Any
) -> Population:
    """Draw a synthetic population (``overrides`` replace top-level fields of ``spec``)."""
    if overrides or not isinstance(spec, SyntheticPopulation):
        base = spec.model_dump() if isinstance(spec, SyntheticPopulation) else dict(spec or {})
        spec = validated(SyntheticPopulation, {**base, **overrides}, "population")
    n, t = spec.agents, spec.traits
    from perfkit.model.scale.estimate import check_population

    check_population(n)  # a clear refusal, not a MemoryError, for a floor that cannot fit
    rng = np.random.default_rng(np.random.SeedSequence(spec.seed))
    width = max(4, len(str(n)))
    agent_id = np.array([f"A{i + 1:0{width}d}" for i in range(n)], dtype=object)
    team_of = rng.permutation(n) % spec.teams
    team = np.array([f"T{k + 1}" for k in range(spec.teams)], dtype=object)[team_of]
    traits = {
        "tenure": np.minimum(rng.exponential(t.tenure_months, n), 120.0),
        "skill": lognormal(rng, t.skill, n),
        "capacity": lognormal(rng, t.capacity, n),
        "connect_rate": beta(rng, spec.funnel.connect_rate, n),
        "order_value": lognormal(rng, spec.funnel.order_value, n),
        **unobserved_traits(rng, t, n),
    }
    return Population(agent_id, team, traits, spec.funnel, t, source="synthetic")
