"""Hold-out validation: fit on the earlier months, forecast the held-out part, compare.

``validate_forecast(scenario, export, holdout_from="2025-10")`` holds out every row
from that month on (``holdout_teams``: only those teams' rows from that month on; the
other teams' later months then inform the estimates, as a control group does). It

1. estimates the response parameters on the rows kept (perfkit.analysis.estimate.run.fit;
   ``estimate=False`` keeps the priors);
2. calibrates the population on the months before ``holdout_from``, given the plan in
   force per row, with those estimates (the roster at the split);
3. simulates the held-out months under the plan actually in force for each team
   (the plan of most of its held-out rows), ``runs`` Monte Carlo runs with quits and
   hires;
4. compares per team and month the actual revenue, orders and dials with the forecast's
   mean and P10–P90: MAPE (of the mean, over team-months), bias (Σ forecast ÷ Σ actual
   − 1) and coverage (share of team-months whose actual falls inside P10–P90).

A well-calibrated forecast has coverage near 80%. The simulation's own assumptions
(docs/behaviour-model.md) apply: team-months are forecast as distributions, not points.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError, ParameterError
from perfkit.payout.in_force import PLAN, PlanHistory, plan_history
from perfkit.text import Lang, label, t

KPIS = ("revenue", "orders", "dials")
MIN_MONTHS = 2


@dataclass
class ForecastCheck:
    """Predicted against actual per team and month, and the error metrics."""

    scenario: str
    source: str
    holdout_from: str
    holdout_teams: list[str] | None
    table: pd.DataFrame  # period, team, kpi, actual, mean, p10, p50, p90, inside
    metrics: pd.DataFrame  # kpi, mape, bias, coverage, team_months
    estimates: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def headline(self) -> list[str]:
        """Lines for the terminal."""
        held = f"teams {', '.join(self.holdout_teams)} " if self.holdout_teams else ""
        out = [f"Forecast of {held}the months from {self.holdout_from} on ({self.source}), fitted on earlier "
               f"data, against what happened ({self.seconds:.0f} s):"]  # fmt: skip
        for m in self.metrics.itertuples():
            out.append(f"  {m.kpi:8s} MAPE {m.mape:6.1%}  bias {m.bias:+6.1%}  actual inside "
                       f"P10–P90 in {m.coverage:4.0%} of {m.team_months} team-months")  # fmt: skip
        words = self.estimates.get("forecast") or []
        out.append("  bands: " + ("; ".join(words) if words else "Monte Carlo luck only"))
        return out

    def to_dict(self) -> dict:
        return {"scenario": self.scenario, "data": self.source, "holdout_from": self.holdout_from,
                "holdout_teams": self.holdout_teams, "metrics": self.metrics.to_dict("records"),
                "estimates": self.estimates, "seconds": round(self.seconds, 1)}  # fmt: skip


def split(
    kpis: pd.DataFrame, holdout_from: str | None, holdout_teams: list[str] | None, source: str
) -> np.ndarray:
    """Rows held out; clear errors for nothing to hold out or too little before it."""
    if holdout_from is None:
        if holdout_teams:
            raise ParameterError(
                "--holdout-teams needs --holdout-from: the held-out teams' earlier months "
                "calibrate their agents (give the month their forecast starts)"
            )
        raise ParameterError("give --holdout-from YYYY-MM (and optionally --holdout-teams)")
    period = kpis["period"].astype(str)
    months = sorted(period.unique())
    if holdout_from not in months and not (months[0] < holdout_from <= months[-1]):
        raise DataError(source, [f"--holdout-from {holdout_from}: nothing to hold out; the "
                                 f"export covers {months[0]} to {months[-1]}"])  # fmt: skip
    held = (period >= holdout_from).to_numpy().copy()
    if holdout_teams:
        teams = sorted(kpis["team"].astype(str).unique())
        unknown = [t for t in holdout_teams if t not in teams]
        if unknown:
            raise DataError(source, [f"--holdout-teams: no team {', '.join(map(repr, unknown))}; "
                                     f"teams: {', '.join(teams)}"])  # fmt: skip
        held = held & kpis["team"].astype(str).isin(holdout_teams).to_numpy()
    before = sorted(set(period[period < holdout_from]))
    if len(before) < MIN_MONTHS:
        raise DataError(source, [f"--holdout-from {holdout_from}: {len(before)} month(s) before it "
                                 f"({', '.join(before) or 'none'}); fitting needs at least "
                                 f"{MIN_MONTHS}"])  # fmt: skip
    if not held.any():
        raise DataError(source, ["nothing to hold out: no row matches the hold-out"])
    return held


def _restricted(plans: PlanHistory, rows: pd.DataFrame) -> PlanHistory:
    """The plans in force in ``rows`` (in their order)."""
    used = [k for k in plans.plans if (rows[PLAN] == k).any()]
    default = plans.default if plans.default in used else used[0]
    return PlanHistory({k: plans.plans[k] for k in used}, default)


def _with_estimates(scenario: Any, spec: Any, sim: Any, values: dict[str, float]) -> tuple:
    """The population spec and simulation settings with the estimates written in."""
    traits = spec.traits.model_copy(update={"effort_cost": spec.traits.effort_cost.model_copy(
        update={"mean": values["effort_cost"]})})  # fmt: skip
    attr = sim.attrition.model_copy(update={k: values[k] for k in ("sensitivity", "annual_rate")})
    return spec.model_copy(update={"traits": traits}), sim.model_copy(update={"attrition": attr})


def _forecast(
    pop, plans, team_plan, months, runs, seed, sim, season=None, unc=None
) -> pd.DataFrame:
    """Per run × month × team sums of the KPIs, each team under its plan in force, with
    the floor's season and team-month noise and the runs spread across the parameter
    draws (perfkit.simulate.levels, .draws)."""
    from perfkit.simulate import simulate

    parts = []
    for key in sorted(set(team_plan.values())):
        res = simulate(plans.plans[key], runs=runs, seed=seed, periods=months, population=pop,
                       settings=sim, season=season, uncertainty=unc)  # fmt: skip
        g = res.levels
        parts.append(
            g.loc[g["team"].astype(str).isin([t for t, k in team_plan.items() if k == key])]
        )
    out = pd.concat(parts, ignore_index=True)
    out["period"], out["team"] = out["period"].astype(str), out["team"].astype(str)
    return out


def _season_and_draws(parts: Any, scenario: Any, changes: bool) -> tuple[Any, Any, list[str]]:
    """The season and the uncertainty the hold-out's forecast carries (the estimate's, else
    the scenario's), and what they hold in words. Without a plan change between the
    calibration months and the held-out ones the effort cost's draws are left out: the
    calibration matches the plan in force at every effort cost, so they cannot move its level."""
    season, unc = getattr(scenario, "season", None), getattr(scenario, "uncertainty", None)
    if parts is not None:
        season, unc = parts.objects()
    words = []
    if unc is not None and unc.draws and not changes and "effort_cost" in unc.draws[0]:
        draws = [{k: v for k, v in d.items() if k != "effort_cost"} for d in unc.draws]
        unc = unc.model_copy(update={"draws": draws})
        words.append("the effort cost's draws are left out: no team changes plan after the "
                     "calibration months, and the calibration matches the plan in force at "
                     "every effort cost")  # fmt: skip
    if season is not None:
        words.insert(0, "the floor's season applied to the held-out months")
    if unc is not None and unc.draws:
        words.append(f"runs spread across {len(unc.draws)} parameter draws")
    if unc is not None and any(n.sd > 0 for n in unc.noise.values()):
        words.append("the bands topped up to the export's own team-month noise (AR(1))")
    return season, unc, words


def compare(sims: pd.DataFrame, actual: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Team-month table (actual vs mean and P10/P50/P90) and the metrics per KPI."""
    rows = []
    q = sims.groupby(["period", "team"])[list(KPIS)]
    stats = {
        "mean": q.mean(),
        "p10": q.quantile(0.1),
        "p50": q.quantile(0.5),
        "p90": q.quantile(0.9),
    }
    act = actual.groupby(["period", "team"])[list(KPIS)].sum()
    for kpi in KPIS:
        t = pd.DataFrame({"actual": act[kpi], **{k: v[kpi] for k, v in stats.items()}})
        t = t.dropna().reset_index().assign(kpi=kpi)
        t["inside"] = (t["actual"] >= t["p10"]) & (t["actual"] <= t["p90"])
        rows.append(t)
    table = pd.concat(rows, ignore_index=True)[["period", "team", "kpi", "actual", "mean", "p10",
                                                "p50", "p90", "inside"]]  # fmt: skip
    metrics = []
    for kpi, t in table.groupby("kpi", sort=False):
        ok = t["actual"] > 0
        metrics.append({
            "kpi": kpi,
            "mape": float((abs(t["mean"] - t["actual"])[ok] / t["actual"][ok]).mean()),
            "bias": float(t["mean"].sum() / t["actual"].sum() - 1),
            "coverage": float(t["inside"].mean()),
            "team_months": len(t),
        })  # fmt: skip
    return table, pd.DataFrame(metrics)


def validate_forecast(
    scenario: Any,
    data: str | Path | pd.DataFrame,
    *,
    holdout_from: str | None = None,
    holdout_teams: list[str] | None = None,
    plan_map: str | Path | None = None,
    runs: int = 100,
    seed: int | None = None,
    estimate: bool = True,
    bootstrap: int = 299,
    mapping: dict[str, str] | None = None,
    bands: bool = True,
) -> ForecastCheck:
    """Fit on the rows kept, forecast the rows held out, compare (module docstring).

    ``bands=False``: Monte Carlo luck only (no season, parameter draws or team-month
    noise), to measure what they add."""
    from perfkit.analysis.estimate.run import fit, scenario_and_export, spec_and_default
    from perfkit.fit.calibration import calibrate
    from perfkit.model.population import validated
    from perfkit.scheme.population import Simulation

    t0 = time.perf_counter()
    scenario, kpis, source = scenario_and_export(scenario, data, mapping)
    if runs < 10:
        raise ParameterError(f"runs: a P10–P90 band needs at least 10 runs, got {runs}")
    sim = validated(Simulation, getattr(scenario, "simulation", None), "simulation")
    seed = sim.seed if seed is None else seed
    spec, default = spec_and_default(scenario, source)
    kpis, plans = plan_history(kpis, default, source, plan_map)
    held = split(kpis, holdout_from, holdout_teams, source)
    kept = kpis.loc[~held].reset_index(drop=True)
    kept.attrs.update(kpis.attrs)
    values = {"effort_cost": spec.traits.effort_cost.mean, "sensitivity": sim.attrition.sensitivity,
              "annual_rate": sim.attrition.annual_rate}  # fmt: skip
    info: dict[str, Any] = {"estimated": False}
    before = [m for m in sorted(kpis["period"].astype(str).unique()) if m < holdout_from]
    parts = None
    if estimate:
        f = fit(scenario, kept, bootstrap=bootstrap, seed=seed, plans=_restricted(plans, kept),
                calibrated=before)  # fmt: skip
        values = {"effort_cost": f.responsiveness.value, **f.attrition.values}
        parts = f.forecast
        info_noise = {k: {n: round(x, 4) for n, x in v.items()} for k, v in parts.noise.items()}
        info = {"estimated": True, "effort_cost_status": f.responsiveness.status,
                "effort_cost_identified": f.responsiveness.identified,
                "sensitivity_identified": f.attrition.identified,
                "rate_identified": f.attrition.rate_identified, "noise": info_noise}  # fmt: skip
    info.update(values)
    spec, sim = _with_estimates(scenario, spec, sim, values)
    early = kpis.loc[kpis["period"].astype(str) < holdout_from].reset_index(drop=True)
    pop = calibrate(early, spec, plan=_restricted(plans, early), settings=sim)
    heldout = kpis.loc[held]
    months = sorted(heldout["period"].astype(str).unique())
    team_plan = heldout.groupby("team")[PLAN].agg(lambda s: s.value_counts().index[0]).to_dict()
    team_plan = {str(k): v for k, v in team_plan.items()}
    last = early.loc[early["period"].astype(str) == before[-1]].groupby("team")[PLAN].first()
    changes = any(last.get(t, v) != v for t, v in team_plan.items())
    season, unc, words = _season_and_draws(parts, scenario, changes) if bands else (None, None, [])
    info["forecast"] = words
    sims = _forecast(pop, plans, team_plan, months, runs, seed, sim, season, unc)
    table, metrics = compare(sims, heldout.assign(team=heldout["team"].astype(str)))
    return ForecastCheck(scenario.name, source, holdout_from, holdout_teams, table, metrics,
                         info, time.perf_counter() - t0)  # fmt: skip


def write(check: ForecastCheck, out: str | Path) -> dict[str, Path]:
    """forecast_vs_actual.csv, validation.json and validation.md into ``out``."""
    from perfkit.files.outputs import atomic_write_text, save_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"table": save_table(check.table, out / "forecast_vs_actual.csv")}
    paths["json"] = atomic_write_text(out / "validation.json",
                                      json.dumps(check.to_dict(), indent=2, ensure_ascii=False))  # fmt: skip
    paths["summary"] = atomic_write_text(out / "validation.md", summary_markdown(check))
    return paths


def summary_markdown(check: ForecastCheck) -> str:
    """How well the model predicted the held-out months, in a few lines of Markdown."""
    from perfkit.analysis.estimate.write import md as _md

    lines = [f"# How well the model predicts this floor: {_md(check.scenario)}", "",
             f"Fitted on {_md(Path(check.source).name)} before {_md(check.holdout_from)}"
             + (f" (held-out teams: {_md(', '.join(check.holdout_teams))})" if check.holdout_teams else "")
             + "; forecast the rest under the plan actually in force; compared per team and month.",
             "", "| KPI | MAPE | bias | actual inside P10–P90 | team-months |", "|---|---|---|---|---|"]  # fmt: skip
    for m in check.metrics.itertuples():
        lines.append(
            f"| {m.kpi} | {m.mape:.1%} | {m.bias:+.1%} | {m.coverage:.0%} | {m.team_months} |"
        )
    lines += ["", "A well-calibrated forecast has about 80% of actuals inside its P10–P90 band; "
              "bias is Σ forecast ÷ Σ actual − 1."]  # fmt: skip
    words = check.estimates.get("forecast") or []
    lines += [f"The forecast's bands: {_md('; '.join(words))}." if words else
              "The forecast's bands hold Monte Carlo luck only (no season, draws or noise).", ""]  # fmt: skip
    return "\n".join(lines)


def report_section(check: ForecastCheck, lang: Lang = "en") -> tuple[str, pd.DataFrame]:
    """The briefing report's "how well the model predicts this floor" section: a heading
    with a sentence (Markdown, user text escaped) and the metrics table."""
    from perfkit.analysis.estimate.write import md as _md

    text = f"### {t('report.holdout.title', lang)}\n\n" + t(
        "report.holdout.intro", lang, start=_md(check.holdout_from)
    )
    m = check.metrics
    table = pd.DataFrame({
        label("kpi", lang): [label(k, lang) for k in m["kpi"]],
        t("report.holdout.mape", lang): [f"{v:.1%}" for v in m["mape"]],
        t("report.holdout.bias", lang): [f"{v:+.1%}" for v in m["bias"]],
        t("report.holdout.coverage", lang): [f"{v:.0%}" for v in m["coverage"]],
        t("report.holdout.n", lang): m["team_months"].astype(int),
    })  # fmt: skip
    return text, table
