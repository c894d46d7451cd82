"""Agent populations: drawn from documented distributions, or calibrated from a KPI export.

A :class:`Population` holds one value per agent of every trait the funnel and the
behavioural model use (perfkit.scheme.population documents each default and its
source). :func:`synthetic` draws one; :func:`calibrate` estimates skill (orders per
connect), activity (dials), connect rate and order value from each agent's history,
shrinking small samples toward the population mean (empirical Bayes), and returns a
fit report. :func:`from_scenario` does whichever the scenario's ``population:`` says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from perfkit.errors import ParameterError
from perfkit.funnel import pooled_rates
from perfkit.quarters import first_month
from perfkit.scheme.population import (
    Beta,
    DataPopulation,
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
)
#: Per-agent trait arrays of a Population, in table order.
TRAITS = ("tenure", "skill", "capacity", "connect_rate", "order_value", *UNOBSERVED)
#: Optional KPI columns calibration treats as 0 when absent.
OPTIONAL_COUNTS = (
    "intents",
    "effective_calls",
    "effective_talk_minutes",
    "refunds",
    "collected",
    "complaints",
    "repeat_customers",
)


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
    report: CalibrationReport | None = field(default=None, compare=False)
    role: np.ndarray | None = None
    history: pd.DataFrame | None = field(default=None, compare=False)

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


def _unobserved(rng: np.random.Generator, traits: Traits, n: int) -> dict[str, np.ndarray]:
    return {
        "effort_cost": lognormal(rng, traits.effort_cost, n),
        "baseline_effort": lognormal(rng, traits.baseline_effort, n),
        "risk_aversion": lognormal(rng, traits.risk_aversion, n),
        "noncash_value": lognormal(rng, traits.noncash_value, n),
        "helpfulness": beta(rng, traits.helpfulness, n),
        "outside_option": lognormal(rng, traits.outside_option, n),
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
        **_unobserved(rng, t, n),
    }
    return Population(agent_id, team, traits, spec.funnel, t, source="synthetic")


# --------------------------------------------------------------------------- calibration
@dataclass(frozen=True)
class CalibrationReport:
    """How well the calibrated population reproduces the export.

    ``fit``: per KPI and level (``agent-period`` or ``agent`` means), R² and mean
    absolute error of the calibrated expected KPI vs the actual. ``agents``: per agent
    the months observed, raw and shrunk estimates and the shrinkage weights (1 = own
    history only, 0 = population mean only).
    """

    source: str
    fit: pd.DataFrame
    agents: pd.DataFrame
    rates: FunnelRates

    def summary(self) -> str:
        """A few lines for a log or a report appendix."""
        f = self.fit.set_index(["kpi", "level"])
        lines = [f"calibrated from {self.source}: {len(self.agents)} agents"]
        for kpi in ("dials", "orders", "revenue"):
            r = f.loc[(kpi, "agent")]
            lines.append(f"  {kpi}: R² {r.r2:.2f} (agent means), MAE {r.mae:,.1f}")
        w = self.agents["weight_skill"]
        lines.append(f"  skill shrinkage weight: median {w.median():.2f}, min {w.min():.2f}")
        return "\n".join(lines)


def _shrink(
    total: np.ndarray, exposure: np.ndarray, noise: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical-Bayes rates total ÷ exposure shrunk toward the pooled rate.

    Each agent's raw rate has sampling variance ``noise`` × rate ÷ exposure (counts
    overdispersed by ``noise``); the between-agent variance τ² is the variance of the
    raw rates less the mean sampling variance (method of moments, floored at a small
    positive value). Weight = τ² ÷ (τ² + sampling variance). Returns (rate, weight, pooled).
    """
    exposure = np.maximum(exposure, 1e-9)
    pooled = float(total.sum() / exposure.sum())
    raw = total / exposure
    sampling = noise * max(pooled, 1e-12) / exposure
    tau2 = max(float(np.var(raw) - np.mean(sampling)), 1e-4 * pooled**2)
    weight = tau2 / (tau2 + sampling)
    return weight * raw + (1 - weight) * pooled, weight, pooled


def _r2_mae(actual: np.ndarray, expected: np.ndarray) -> tuple[float, float]:
    ss_tot = float(((actual - actual.mean()) ** 2).sum())
    ss_res = float(((actual - expected) ** 2).sum())
    return (1 - ss_res / ss_tot if ss_tot > 0 else float("nan")), float(
        np.abs(actual - expected).mean()
    )


def _read(
    kpis: pd.DataFrame | str | Path, mapping: dict[str, str] | None
) -> tuple[pd.DataFrame, str]:
    if isinstance(kpis, pd.DataFrame):
        return kpis, str(kpis.attrs.get("source", "<KPI table>"))
    from perfkit.data import load_kpis

    return load_kpis(kpis, mapping), str(kpis)


def _estimates(df: pd.DataFrame, rates: FunnelRates) -> pd.DataFrame:
    """Per agent: months, last team/tenure and shrunk capacity, connect, skill, order value."""
    g = df.groupby("agent_id", sort=True)
    agg = g.agg(
        months=("period", "size"),
        last_period=("period", "last"),
        team=("team", "last"),
        tenure=("tenure_months", "last"),
        dials=("dials", "sum"),
        connected=("connected", "sum"),
        orders=("orders", "sum"),
        revenue=("revenue", "sum"),
        exposure=("_exposure", "sum"),
    )
    months = agg["months"].to_numpy(float)
    dials = agg["dials"].to_numpy(float)
    within = g["dials"].var(ddof=1).dropna()
    noise = float(within.mean()) / max(dials.sum() / months.sum(), 1.0) if len(within) else 1.0
    out = agg[["months", "last_period", "team", "tenure"]].copy()
    out["capacity"], out["weight_capacity"], _ = _shrink(dials, months, noise)
    connected = agg["connected"].to_numpy(float)
    out["connect_rate"], out["weight_connect"], _ = _shrink(connected, dials, 5.0)
    orders, exposure = agg["orders"].to_numpy(float), agg["exposure"].to_numpy(float)
    theta, out["weight_skill"], _ = _shrink(orders, exposure, rates.count_dispersion)
    # skill: expected orders = connects × base rate × skill × learning factor
    base_rate = rates.effective_share * rates.intent_rate * rates.order_rate
    out["skill_raw"] = orders / np.maximum(exposure, 1e-9) / base_rate
    out["skill"] = theta / base_rate
    # an agent's mean order value over n orders has variance cv² × value² ÷ n
    value_noise = rates.order_value_cv**2 * rates.order_value.mean
    revenue = agg["revenue"].to_numpy(float)
    out["order_value"], out["weight_order_value"], _ = _shrink(
        revenue, np.maximum(orders, 1e-9), value_noise
    )
    return out


def _fit(df: pd.DataFrame, est: pd.DataFrame, base_rate: float) -> pd.DataFrame:
    """R² and MAE of the calibrated expected KPIs (effort 1) vs the actual ones."""
    idx = est.index.get_indexer(df["agent_id"])
    dials = est["capacity"].to_numpy()[idx]
    connected = dials * est["connect_rate"].to_numpy()[idx]
    orders = connected * base_rate * est["skill"].to_numpy()[idx] * df["_learn"].to_numpy(float)
    expected = {
        "dials": dials,
        "connected": connected,
        "orders": orders,
        "revenue": orders * est["order_value"].to_numpy()[idx],
    }
    rows = []
    for kpi, e in expected.items():
        a = df[kpi].to_numpy(float)
        for level, act, exp in (
            ("agent-period", a, e),
            (
                "agent",
                np.bincount(idx, a) / np.bincount(idx),
                np.bincount(idx, e) / np.bincount(idx),
            ),
        ):
            r2, mae = _r2_mae(act, exp)
            rows.append({"kpi": kpi, "level": level, "r2": r2, "mae": mae, "mean": act.mean()})
    return pd.DataFrame(rows)


def calibrate(
    kpis: pd.DataFrame | str | Path,
    spec: DataPopulation | dict[str, Any] | None = None,
    mapping: dict[str, str] | None = None,
) -> Population:
    """Population of the agents in the export's last period, calibrated from their history.

    Assumes the history was produced at effort 1 with the reference quality
    allocation (the behavioural model measures effort relative to it). Agents who
    left before the last period inform the pooled rates but are not in the roster.
    """
    df, source = _read(kpis, mapping)
    if spec is None or isinstance(spec, dict):
        spec = validated(DataPopulation, {"source": source, **(spec or {})}, "population")
    missing = {"agent_id", "period", "dials", "connected", "orders", "revenue"} - set(df.columns)
    if missing or df.empty:
        raise ParameterError(f"population.source: KPI table lacks {sorted(missing) or 'rows'}")
    df = df.copy()
    for col in OPTIONAL_COUNTS:
        if col not in df:
            df[col] = 0.0
    if "team" not in df:
        df["team"] = "T1"
    if "tenure_months" not in df:
        df["tenure_months"] = spec.traits.tenure_months
    rates = pooled_rates(df, FunnelRates())
    t = spec.traits
    tenure = np.maximum(df["tenure_months"].to_numpy(float), 0.0)
    df["_learn"] = 1.0 - t.learning_gap * np.exp(-tenure / t.learning_months)
    df["_exposure"] = df["connected"].to_numpy(float) * df["_learn"].to_numpy()
    df = df.sort_values(["agent_id", "period"], kind="stable")
    est = _estimates(df, rates)
    base_rate = rates.effective_share * rates.intent_rate * rates.order_rate
    fit = _fit(df, est, base_rate)
    last = df["period"].max()
    roster = (est["last_period"] == last).to_numpy()
    est.insert(3, "in_roster", roster)
    n = int(roster.sum())
    rng = np.random.default_rng(np.random.SeedSequence(spec.seed))
    traits = {"tenure": est["tenure"].to_numpy(float)[roster] + 1.0}
    for k in ("skill", "capacity", "connect_rate", "order_value"):
        traits[k] = est[k].to_numpy(float)[roster]
    traits.update(_unobserved(rng, t, n))
    role = None
    if "role" in df:
        last_role = df.groupby("agent_id", sort=True)["role"].last()
        role = last_role.to_numpy(dtype=object)[roster]
    aov = est["order_value"].to_numpy(float)
    rates = rates.model_copy(
        update={"order_value": LogNormal(mean=float(aov.mean()), cv=float(aov.std() / aov.mean()))}
    )
    report = CalibrationReport(source, fit, est.reset_index(), rates)
    return Population(
        agent_id=np.asarray(est.index[roster], dtype=object),
        team=est["team"].to_numpy(dtype=object)[roster],
        traits=traits,
        rates=rates,
        spec=t,
        source=source,
        start=_next_period(str(last)),
        report=report,
        role=role,
        history=df.drop(columns=["_learn", "_exposure"]),
    )


def _next_period(label: str) -> str | None:
    """The month after a label like 2025-12 or 2025-Q4 (None if it is neither)."""
    quarter = first_month(label) != label
    try:
        p = pd.Period(first_month(label), freq="M") + (3 if quarter else 1)
    except (ValueError, TypeError):
        return None
    return f"{p.year:04d}-{p.month:02d}"


def from_scenario(scenario: Any) -> Population:
    """The population a scenario's ``population:`` describes (synthetic defaults if none)."""
    spec = getattr(scenario, "population", None)
    if spec is None:
        return synthetic(SyntheticPopulation())
    if isinstance(spec, SyntheticPopulation):
        return synthetic(spec)
    return calibrate(spec.source, spec, spec.mapping)
