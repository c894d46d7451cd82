"""``perfkit estimate``: response parameters from a client's export, into a scenario.

Steps: read the export and its plan history (perfkit.payout.in_force); calibrate the
population given the plan in force per row (perfkit.fit.calibration); estimate the
effort cost from variation in incentives (perfkit.analysis.estimate.responsiveness) and the
attrition sensitivity from who left when (perfkit.analysis.estimate.attrition); write

- ``<stem>_estimated.yaml``: the scenario with the estimates in
  ``population.traits.effort_cost`` and ``simulation.attrition`` (each with a
  ``source:`` note; a parameter the data do not identify keeps its prior, also noted),
  its population calibrated from the export, so every later command uses them;
- ``estimates.json``: every estimate, interval, identification verdict and reason;
- ``estimates.md``: a short summary for the consultant.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from perfkit.analysis.estimate.attrition import AttritionEstimate, estimate_attrition
from perfkit.analysis.estimate.responsiveness import BOOTSTRAP, Responsiveness, estimate_effort_cost
from perfkit.core.intervals import interval
from perfkit.payout.in_force import PLAN, PLAN_HEADERS, PlanHistory, plan_history
from perfkit.scheme.population import DataPopulation, Simulation


@dataclass
class Fit:
    """What ``perfkit estimate`` found, with the inputs it used."""

    scenario: Any
    source: str
    kpis: pd.DataFrame  # the export with its plan column
    plans: PlanHistory
    spec: DataPopulation
    sim: Simulation
    responsiveness: Responsiveness
    attrition: AttritionEstimate
    seconds: float

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "data": self.source,
            "plans": self.plans.names,
            "agents": int(self.kpis["agent_id"].nunique()),
            "months": sorted(self.kpis["period"].astype(str).unique().tolist()),
            "effort_cost": _clean(self.responsiveness.to_dict()),
            "attrition": _clean(self.attrition.to_dict()),
            "seconds": round(self.seconds, 1),
        }


def scenario_and_export(
    scenario: Any, data: Any, mapping: Any = None
) -> tuple[Any, pd.DataFrame, str]:
    """The scenario (loaded when a path) and the export (loaded when a path), with the
    export's name for messages."""
    from perfkit.files.data import load_kpis
    from perfkit.scheme import load_scenario

    if isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    if isinstance(data, pd.DataFrame):
        return scenario, data, str(data.attrs.get("source", "<KPI table>"))
    return scenario, load_kpis(data, mapping), str(data)


def _clean(x: Any) -> Any:
    """JSON-safe: NaN → None, NumPy scalars → Python."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _spec_and_default(scenario: Any, source: str) -> tuple[DataPopulation, Any]:
    """The population spec to calibrate with, and the plan of rows that name none."""
    from perfkit.scheme import load_scenario

    pop = getattr(scenario, "population", None)
    if isinstance(pop, DataPopulation):
        spec = pop.model_copy(update={"source": source})
        return spec, (load_scenario(pop.plan) if pop.plan else scenario)
    traits = pop.traits.model_dump() if pop is not None else {}
    return DataPopulation.model_validate({"source": source, "traits": traits}), scenario


def fit(
    scenario: Any,
    data: str | Path | pd.DataFrame,
    plan_map: str | Path | None = None,
    *,
    bootstrap: int = BOOTSTRAP,
    seed: int | None = None,
    mapping: dict[str, str] | None = None,
    plans: PlanHistory | None = None,
) -> Fit:
    """Estimate what the export identifies (see perfkit.analysis.estimate.responsiveness, .attrition).

    ``plans``: the export's plans, already resolved (its ``plan`` column names their keys).
    """
    from perfkit.fit.calibration import _unobserved, calibrate
    from perfkit.fit.calibration.effort import history_population, layout, plan_choices
    from perfkit.fit.calibration.estimates import prepared
    from perfkit.fit.calibration.fixed_point import typical_motivation
    from perfkit.model.population import validated

    t0 = time.perf_counter()
    scenario, kpis, source = scenario_and_export(scenario, data, mapping)
    sim = validated(Simulation, getattr(scenario, "simulation", None), "simulation")
    seed = sim.seed if seed is None else seed
    spec, default = _spec_and_default(scenario, source)
    if plans is None:
        kpis, plans = plan_history(kpis, default, source, plan_map)
    pop = calibrate(kpis, spec, plan=plans, settings=sim)
    est = pop.report.agents.set_index("agent_id")
    rows = prepared(kpis, spec)
    drawn = _unobserved(spec, est["in_roster"].to_numpy(bool))
    rates = pop.report.rates
    resp = estimate_effort_cost(rows, est, rates, spec, drawn, plans, sim, seed=seed,
                                bootstrap=bootstrap, source=source)  # fmt: skip
    traits = typical_motivation(spec.traits, drawn)  # CE of a typical agent: drawn motivation
    traits["effort_cost"] = traits["effort_cost"] * (resp.value / resp.prior)  # would add noise
    lay = layout(rows, est.index, False)
    ce: list[np.ndarray] = []
    plan_choices(rows, est.index, history_population(rows, est, rates, spec, traits, lay),
                 plans, sim, sim.seed, ce)  # fmt: skip
    attr = estimate_attrition(rows, ce[0], spec.traits.outside_option, sim.attrition)
    return Fit(scenario, source, kpis, plans, spec, sim, resp, attr, time.perf_counter() - t0)


# --------------------------------------------------------------------------- writing
def _rel(path: str | Path, folder: Path) -> str:
    return os.path.relpath(Path(path).resolve(), folder.resolve())


def estimated_scenario(result: Fit, out: Path, data_path: Path) -> dict:
    """The scenario's YAML mapping with the estimates written in (paths relative to ``out``)."""
    sc = result.scenario
    raw = yaml.safe_load(Path(sc.source).read_text(encoding="utf-8")) if sc.source else {}
    r, a = result.responsiveness, result.attrition
    when = time.strftime("%Y-%m-%d")
    data = Path(result.source).name

    def note(ok: bool, what: str) -> str:
        if ok:
            return f"perfkit estimate {when} from {data}: {what}"
        return f"prior (perfkit estimate {when}: not identified from {data})"

    pop = dict(raw.get("population") or {})
    traits = dict(pop.get("traits") or {})
    cost = dict(traits.get("effort_cost") or {})
    cost["mean"] = {
        "value": round(r.value, 1),
        "source": note(r.identified, f"{r.estimate:,.0f} (90% interval {interval(r.low, r.high)})"),
    }
    cost.setdefault("cv", result.spec.traits.effort_cost.cv)
    traits["effort_cost"] = cost
    spec = result.spec
    pop.update({"source": _rel(data_path, out), "traits": traits})
    if spec.plan or sc.source:
        pop["plan"] = _rel(spec.plan or sc.source, out)
    pop.pop("mapping", None) if data_path != Path(result.source) else None
    sim = dict(raw.get("simulation") or {})
    attr = dict(sim.get("attrition") or {})
    v = a.values
    attr["sensitivity"] = {
        "value": round(v["sensitivity"], 2),
        "source": note(
            a.identified,
            f"{a.sensitivity:g} (90% interval {interval(a.sensitivity_low, a.sensitivity_high, 'g')})",
        ),
    }
    attr["annual_rate"] = {
        "value": round(v["annual_rate"], 3),
        "source": note(
            a.rate_identified,
            f"{a.annual_rate:.3f} (90% interval {interval(a.rate_low, a.rate_high, '.3f')})",
        ),
    }
    sim["attrition"] = attr
    return {
        **raw,
        "name": f"{sc.name} (estimated from {data})",
        "population": pop,
        "simulation": sim,
    }


def _md(text: Any) -> str:
    """User text safe in Markdown (no markup, no HTML)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|#":
        s = s.replace(ch, "\\" + ch)
    return s


def summary_markdown(result: Fit) -> str:
    """A short Markdown summary of the estimates and what identifies them."""
    r, a = result.responsiveness, result.attrition
    verdict = {True: "**identified**", False: "**not identified — the prior decides**"}
    lines = [
        f"# Response parameters estimated from {_md(Path(result.source).name)}",
        "",
        f"Scenario: {_md(result.scenario.name)}. Plans in force: "
        + ", ".join(_md(p.name) for p in result.plans.plans.values())
        + ".",
        "",
        "| parameter | prior | estimate | 90% interval | used | verdict |",
        "|---|---|---|---|---|---|",
        f"| effort cost (mean, ¥/month) | {r.prior:,.0f} | {r.estimate:,.0f} | "
        f"{interval(r.low, r.high)} | {r.value:,.0f} | {verdict[r.identified]} |",
        f"| attrition sensitivity | {a.prior_sensitivity:g} | {a.sensitivity:g} | "
        f"{interval(a.sensitivity_low, a.sensitivity_high, 'g')} | {a.values['sensitivity']:g} | "
        f"{verdict[a.identified]} |",
        f"| annual attrition at par | {a.prior_rate:.0%} | {a.annual_rate:.1%} | "
        f"{interval(a.rate_low, a.rate_high, '.1%')} | {a.values['annual_rate']:.1%} | "
        f"{verdict[a.rate_identified]} |",
        "",
        f"- Effort cost: {_md(r.reason)}.",
    ]
    if r.switchers:
        lines.append(
            f"  Dials changed by {r.observed_change:+.1%} (log points) with the plan; the model "
            f"predicts {r.predicted_at_prior:+.1%} at the prior and {r.predicted_at_estimate:+.1%} "
            "at the estimate."
        )
    lines += [
        f"- Attrition: {_md(a.reason)}.",
        "",
        "Method: simulated method of moments on the change in each agent's dials across the "
        "plan change (bootstrap over agents), and maximum likelihood on monthly quits "
        "(profile-likelihood intervals). See docs/estimation.md.",
        "",
        f"Took {result.seconds:.0f} s.",
    ]
    return "\n".join(lines).replace("nan–nan", "—").replace("| nan |", "| — |") + "\n"


def write(result: Fit, out: str | Path, data_path: str | Path | None = None) -> dict[str, Path]:
    """Write the estimated scenario, estimates.json and estimates.md into ``out``."""
    from perfkit.files.outputs import atomic_write_text, save_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data_path = Path(data_path or result.source)
    paths: dict[str, Path] = {}
    if data_path.suffix.lower() != ".csv" or not set(_columns(data_path)) & set(PLAN_HEADERS):
        data_path = out / "kpis_with_plans.csv"  # the plans (a plan map's) go with the data
        paths["data"] = save_table(_with_plan_paths(result, out), data_path)
    stem = Path(result.scenario.source or "scenario").stem
    doc = estimated_scenario(result, out, data_path)
    text = "# Written by perfkit estimate: the estimates carry source notes.\n"
    text += yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    paths["scenario"] = atomic_write_text(out / f"{stem}_estimated.yaml", text)
    paths["json"] = atomic_write_text(
        out / "estimates.json", json.dumps(_clean(result.to_dict()), indent=2, ensure_ascii=False)
    )
    paths["summary"] = atomic_write_text(out / "estimates.md", summary_markdown(result))
    return paths


def _columns(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig") as f:
            return [c.strip().casefold() for c in f.readline().split(",")]
    except (OSError, UnicodeDecodeError):
        return []


def _with_plan_paths(result: Fit, out: Path) -> pd.DataFrame:
    """The export with its plan column naming each plan's file relative to ``out``."""
    files = {k: _rel(p.source, out) for k, p in result.plans.plans.items() if p.source}
    df = result.kpis.copy()
    df[PLAN] = df[PLAN].map(lambda k: files.get(k, k))
    return df
