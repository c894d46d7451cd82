"""``perfkit pilot evaluate``: what the pilot did, with 95% intervals, and what to do next.

Agent-level outcomes (revenue, profit after pay, orders, dials, pay, complaints per
agent-month) are regressed with agent and month fixed effects; team-level ones (cost
of sales = pay ÷ revenue, attrition = the month's share of agents leaving) with team
and month fixed effects. Errors are clustered by team (perfkit.analysis.pilot.did).

Recommendation rule (stated in every evaluation):

- *stop* when profit after pay fell: its 95% interval lies below 0;
- *roll out* when profit after pay rose (interval above 0), no guard-rail (complaints,
  attrition) rose (interval above 0) and the pre-trend test does not reject (p ≥ 0.10);
- *adjust* otherwise: the effect is not clear, a guard-rail worsened, or pilot and
  control teams were already drifting apart before the pilot.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.pilot import did as fe
from perfkit.analysis.pilot.assignment import Assignment, pilot_rows
from perfkit.analysis.pilot.files import json_text
from perfkit.analysis.pilot.forecast import OUTCOMES, effect_over
from perfkit.analysis.pilot.panel import periods_of, profit_margin, rows_with_pay
from perfkit.core.errors import PerfkitWarning, PilotError
from perfkit.files.outputs import atomic_write_text, save_table, staged_dir
from perfkit.scheme import Scenario

AGENT_LEVEL = ("revenue", "profit", "orders", "dials", "pay", "complaints")
TEAM_LEVEL = ("cost_of_sales", "attrition")
GUARD_RAILS = ("complaints", "attrition")
PRETREND_ALPHA = 0.10


@dataclass(frozen=True)
class PilotEvaluation:
    """Effects, event study, forecast side by side and the recommendation."""

    effects: pd.DataFrame  # outcome, level, estimate, se, ci_low, ci_high, …, forecast
    event_study: pd.DataFrame  # outcome, rel_month, estimate, se, ci_low, ci_high, p_value
    pretrend: pd.DataFrame  # outcome, F, p_value
    recommendation: dict[str, Any]  # decision, reasons, rule
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dir(self, out: str | Path, pages: Callable[[Path], object] | None = None) -> Path:
        """Write :data:`EVALUATION_FILES` and, with ``pages``, the files it writes into the
        same staging folder (the evaluation's pages); the files appear only once all are
        written (see :func:`perfkit.files.outputs.staged_dir`)."""
        with staged_dir(out) as stage:
            save_table(self.effects, stage / "effects.csv")
            save_table(self.event_study, stage / "event_study.csv")
            save_table(self.pretrend, stage / "pretrend.csv")
            atomic_write_text(
                stage / "evaluation.json",
                json_text({"recommendation": self.recommendation, "meta": self.meta,
                           "effects": self.effects.to_dict(orient="records"),
                           "pretrend": self.pretrend.to_dict(orient="records")}),
            )  # fmt: skip
            if pages is not None:
                pages(stage)
        return Path(out)


#: The files :meth:`PilotEvaluation.to_dir` writes.
EVALUATION_FILES = ("effects.csv", "event_study.csv", "pretrend.csv", "evaluation.json")


def names_of(scenario: Scenario) -> set[str]:
    """Every way an export's ``plan`` column may name a scenario: name, file, stem."""
    src = Path(str(scenario.source))
    return {scenario.name, str(scenario.source), src.name, src.stem}


def agent_panel(
    kpis: pd.DataFrame, a: Assignment, scenario: Scenario, baseline: Scenario
) -> pd.DataFrame:
    """Agent × month rows of the pilot and control teams, each priced under its plan."""
    from perfkit.payout import compute_statements

    on = pilot_rows(kpis, a, names_of(scenario), names_of(baseline))
    pay_base = compute_statements(kpis, baseline)["total_pay"].to_numpy(float)
    pay_new = compute_statements(kpis, scenario)["total_pay"].to_numpy(float)
    margin = np.where(on, profit_margin(scenario), profit_margin(baseline))
    rows = rows_with_pay(kpis, np.where(on, pay_new, pay_base), 1.0)
    rows["profit"] = (rows["revenue"] - rows["refunds"]) * margin - rows["pay"]
    rows[fe.TREAT] = on.astype(float)
    keep = rows["team"].isin(a.pilot + a.control).to_numpy()
    rows = rows[keep].reset_index(drop=True)
    periods = periods_of(kpis)
    last = rows.groupby("agent_id")["period"].transform("max")
    rows["left"] = ((rows["period"] == last) & (last < periods[-1])).astype(float)
    index = {p: i for i, p in enumerate(periods)}
    start = next(i for i, p in enumerate(periods) if p >= a.start)
    rel = rows["period"].map(index).to_numpy(int) - start
    rows["pilot_team"] = rows["team"].isin(a.pilot).astype(float)
    rows["month_index"] = rows["period"].map(index).astype(float)
    rows["rel_month"] = np.where(rows["pilot_team"] > 0, rel, -1)
    rows["before"] = (rows["period"] < a.start).astype(float)
    return rows


def team_panel(rows: pd.DataFrame) -> pd.DataFrame:
    """Team × month: cost of sales, attrition, the pilot flag and relative month."""
    g = rows.groupby(["team", "period"], sort=True)
    tm = g.agg(
        pay=("pay", "sum"),
        revenue=("revenue", "sum"),
        leavers=("left", "sum"),
        agents=("agent_id", "nunique"),
        pilot_on=(fe.TREAT, "max"),
        pilot_team=("pilot_team", "first"),
        month_index=("month_index", "first"),
        before=("before", "first"),
        rel_month=("rel_month", "first"),
    ).reset_index()
    tm["cost_of_sales"] = tm["pay"] / tm["revenue"].where(tm["revenue"] > 0)
    tm["attrition"] = tm["leavers"] / tm["agents"]
    tm["unit"] = tm["team"]
    return tm


def evaluate_pilot(
    kpis: pd.DataFrame,
    a: Assignment,
    scenario: Scenario,
    baseline: Scenario,
    forecast: pd.DataFrame | None = None,
    *,
    reps: int = 1999,
    seed: int = 0,
) -> PilotEvaluation:
    """Effects of the pilot on every outcome, the event study, and the recommendation."""
    rows = agent_panel(kpis, a, scenario, baseline)
    teams = team_panel(rows)
    months = int(rows.loc[rows[fe.TREAT] > 0, "period"].nunique())
    if forecast is not None and int(forecast["month"].max()) < months:
        warnings.warn(
            f"the forecast covers {int(forecast['month'].max())} months and the pilot ran "
            f"{months}: the forecast shown is its mean over the months it covers",
            PerfkitWarning,
            stacklevel=2,
        )
    effects, studies, trends = [], [], []
    absent = set(kpis.attrs.get("absent", ()))
    skipped = [o for o in OUTCOMES if o in absent]  # e.g. an export without complaints
    if skipped:
        warnings.warn(
            f"{kpis.attrs.get('source', 'the export')} has no {', '.join(skipped)} column: "
            "not evaluated",
            PerfkitWarning,
            stacklevel=2,
        )
    for o in (o for o in OUTCOMES if o not in skipped):
        panel, unit = (rows, "agent_id") if o in AGENT_LEVEL else (teams, "unit")
        data = panel.dropna(subset=[o])
        eff = fe.did(data, o, unit, reps=reps, seed=seed)
        pre = data.loc[(data[fe.TREAT] == 0) & data["team"].isin(a.pilot), o].mean()
        row = asdict(eff) | {"level": "agent" if unit == "agent_id" else "team"}
        row["pilot_mean_before"] = float(pre)
        row["effect_pct"] = eff.estimate / abs(pre) if pre else np.nan
        if forecast is not None:
            f, _ = effect_over(forecast, o, months)
            row["forecast"] = f
            row["forecast_in_ci"] = bool(eff.ci_low <= f <= eff.ci_high)
        effects.append(row)
        studies.append(fe.event_study(data, o, unit))
        trends.append(fe.pretrend(data, o, unit, reps=reps, seed=seed))
    effects_df = pd.DataFrame(effects)
    pretrend = pd.DataFrame(trends)
    meta = {
        "pilot_teams": a.pilot,
        "control_teams": a.control,
        "start": a.start,
        "pilot_months": months,
        "pre_months": int(sum(p < a.start for p in periods_of(kpis))),
        "agents": int(rows["agent_id"].nunique()),
        "rows": len(rows),
        "scenario": scenario.name,
        "baseline": baseline.name,
        "scenario_zh": scenario.name_zh or scenario.name,
        "baseline_zh": baseline.name_zh or baseline.name,
        "data": str(kpis.attrs.get("source", "<export>")),
        "reps": reps,
        "seed": seed,
        "few_clusters": fe.FEW_CLUSTERS,
        "method": __doc__,
        "forecast": forecast is not None,
        "skipped": skipped,
    }
    return PilotEvaluation(
        effects_df,
        pd.concat(studies, ignore_index=True),
        pretrend,
        recommend(effects_df, pretrend),
        meta,
    )


def recommend(effects: pd.DataFrame, pretrend: pd.DataFrame) -> dict[str, Any]:
    """Roll out / adjust / stop by the rule in this module's docstring."""
    e = effects.set_index("outcome")
    profit = e.loc["profit"]
    worse = [g for g in GUARD_RAILS if g in e.index and e.at[g, "ci_low"] > 0]
    drift = pretrend.set_index("outcome").loc[["revenue", "profit"], "test_p"]
    drifting = [o for o, p in drift.items() if p < PRETREND_ALPHA]
    reasons = []
    if profit["ci_high"] < 0:
        decision = "stop"
        reasons.append("profit_down")
    elif profit["ci_low"] > 0 and not worse and not drifting:
        decision = "roll_out"
        reasons.append("profit_up")
    else:
        decision = "adjust"
        if not profit["ci_low"] > 0:
            reasons.append("profit_unclear")
    reasons += [f"worse:{g}" for g in worse] + [f"pretrend:{o}" for o in drifting]
    return {"decision": decision, "reasons": reasons, "rule": __doc__.split("Recommendation")[1]}


def load_forecast(folder: str | Path) -> pd.DataFrame:
    """The forecast a ``perfkit pilot design`` run wrote (DIR/forecast.csv)."""
    path = Path(folder) / "forecast.csv"
    try:
        f = pd.read_csv(path)
    except (OSError, pd.errors.ParserError) as err:
        raise PilotError(f"{path}: cannot read the design's forecast: {err}") from None
    need = {"outcome", "month", "baseline", "effect"}
    if not need <= set(f.columns):
        raise PilotError(f"{path}: expected columns {', '.join(sorted(need))}")
    return f
