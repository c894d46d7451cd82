"""The plan in force against what happened: the model's forecast beside the export's last months.

A plan's forecast is believable only if, for the plan the floor is on now, the model
reproduces what the floor did. :func:`plan_in_force` says which plan that is;
:func:`against_actuals` sets the simulation of that plan beside the export's last
``window`` months on five measures, computed by one function (:func:`floor_measures`) on
both sides:

- revenue and pay per agent-month (Σ ÷ agent-months);
- cost of sales (Σ pay ÷ Σ revenue);
- attrition: quits per year, 1 − (1 − quits ÷ agent-months at risk)¹², from who left
  (perfkit.analysis.estimate.moments.quits: an agent quit in the month of their last row
  when their team is seen later; the export's last month is censored);
- trend: the slope of log revenue per agent-month over the months, as a change per month.

The export's pay is its pay column when it has one (:data:`PAY_HEADERS`: what was paid),
else the payout engine's price of its KPIs under the plan in force on each row. The
model's months are the same calendar months as the export's window (a season applied to
the forecast then cancels), else its first months. The model's spread is over its Monte
Carlo runs, each measured over as many months and seats as the window: P10–P90.

A measure **differs** when the export lies outside the model's P10–P90 *and* further from
the model's mean than :data:`TOLERANCE` (±10% for levels — the issue's bar for a flat plan
on its own floor —, ±5 points a year of attrition, ±1 point a month of trend): the runs
hold only Monte Carlo luck, not a season or a common shock, so P10–P90 alone would flag
noise on a large floor.

:func:`in_force_check` is the briefing report's one call: the comparison when the report's
scenario is the plan in force, else None.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.estimate.moments import quits
from perfkit.core.errors import ParameterError
from perfkit.payout.in_force import PLAN, has_plans, plan_history, priced

#: Months of the export compared (its last ones).
WINDOW = 6
#: Headers of an export's pay column (gross pay per agent-month), case and spaces ignored.
PAY_HEADERS = ("total_pay", "pay", "gross_pay", "应发工资", "应发合计", "应发薪酬")
#: Measures in report order, and how far the export may lie from the model's mean:
#: (tolerance, relative?) — relative to the mean, or absolute in the measure's unit.
TOLERANCE: dict[str, tuple[float, bool]] = {
    "revenue": (0.10, True),
    "total_pay": (0.10, True),
    "cost_of_sales": (0.10, True),
    "attrition": (0.05, False),
    "trend": (0.01, False),
}
MEASURES = tuple(TOLERANCE)
#: Measures that are amounts: their difference is relative; the others are rates, in points.
AMOUNTS = ("revenue", "total_pay")


@dataclass(frozen=True)
class InForce:
    """The plan the export's floor is on now, and how that was recognised.

    ``how``: ``plan_column`` (the export's plan column names it for most rows of its last
    month), ``population_plan`` (no plan column; the baseline's ``population.plan`` names
    the plan in force during the export) or ``baseline`` (neither: the baseline is taken).
    """

    name: str
    source: str | None
    how: str
    month: str

    def covers(self, scenario: str | Path) -> bool:
        """Whether the scenario file ``scenario`` is this plan."""
        if self.source is None:
            return Path(scenario).stem == self.name
        return Path(scenario).resolve() == Path(self.source).resolve()


def plan_in_force(kpis: pd.DataFrame, baseline: Any) -> InForce:
    """The plan in force in the export's last month (see :class:`InForce`).

    ``baseline``: the baseline Scenario; rows naming no plan are its ``population.plan``'s
    when it states one, else its own (as the calibration takes them).
    """
    df, history = _history(kpis, baseline)
    month = str(df["period"].astype(str).max())
    last = df.loc[df["period"].astype(str) == month, PLAN]
    name = str(last.value_counts().index[0])
    stated = getattr(getattr(baseline, "population", None), "plan", None)
    how = "plan_column" if has_plans(kpis) else ("population_plan" if stated else "baseline")
    src = getattr(history.plans[name], "source", None)
    return InForce(name, str(src) if src else None, how, month)


def _history(kpis: pd.DataFrame, baseline: Any) -> tuple[pd.DataFrame, Any]:
    """The export with its plan column, and its plans: rows naming none are the baseline's
    ``population.plan``'s when it states one, else the baseline's (as calibration takes them)."""
    from perfkit.scheme import load_scenario

    stated = getattr(getattr(baseline, "population", None), "plan", None)
    default = load_scenario(stated) if stated else baseline
    return plan_history(kpis, default, str(kpis.attrs.get("source", "<KPI table>")))


def floor_measures(rows: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """The five measures of agent-month ``rows`` (period, revenue, total_pay, at_risk,
    quit), one row per ``by`` group (a run), or one row: the one function of both sides."""
    df = rows.assign(_g=0 if by is None else rows[by], _n=1)
    df["at_risk"], df["quit"] = df["at_risk"].astype(float), df["quit"].astype(float)
    sums = ["revenue", "total_pay", "at_risk", "quit", "_n"]
    tot = df.groupby("_g")[sums].sum()
    monthly = df.groupby(["_g", "period"])[["revenue", "_n"]].sum()
    level = np.log((monthly["revenue"] / monthly["_n"]).clip(lower=1e-9)).unstack("period")
    level = level[sorted(level.columns)]
    x = np.arange(level.shape[1], dtype=float) - (level.shape[1] - 1) / 2
    slope = (level.to_numpy() @ x) / (x @ x) if level.shape[1] > 1 else np.full(len(level), np.nan)
    m = (tot["quit"] / tot["at_risk"]).where(tot["at_risk"] > 0)
    out = pd.DataFrame({
        "revenue": tot["revenue"] / tot["_n"],
        "total_pay": tot["total_pay"] / tot["_n"],
        "cost_of_sales": (tot["total_pay"] / tot["revenue"]).where(tot["revenue"] > 0),
        "attrition": 1 - (1 - m) ** 12,
        "trend": pd.Series(np.expm1(slope), index=level.index).reindex(tot.index),
    })  # fmt: skip
    return out.reset_index(drop=True) if by is None else out.rename_axis(by)


@dataclass(frozen=True)
class Measure:
    """One measure: the export's value, the model's mean and P10–P90, the verdict."""

    name: str
    actual: float
    model: float
    p10: float
    p90: float

    @property
    def gap(self) -> float:
        """Export against model: relative for an amount, a difference for a rate."""
        return self.actual / self.model - 1 if self.name in AMOUNTS else self.actual - self.model

    @property
    def band(self) -> tuple[float, float]:
        """What agrees: the model's P10–P90, widened to ± the tolerance around its mean."""
        tol, relative = TOLERANCE[self.name]
        half = tol * abs(self.model) if relative else tol
        return min(self.p10, self.model - half), max(self.p90, self.model + half)

    @property
    def known(self) -> bool:
        return bool(np.isfinite([self.actual, self.model]).all()) and self.model != 0

    @property
    def differs(self) -> bool:
        low, high = self.band
        return self.known and not low <= self.actual <= high


@dataclass(frozen=True)
class Actuals:
    """The plan in force's forecast beside the export's last months."""

    plan: InForce
    actual_months: list[str]
    model_months: list[str]
    agents: int
    pay_column: str | None  # the export's pay column, when its pay is what was paid
    runs: int
    measures: list[Measure]

    @property
    def paid(self) -> bool:
        """Whether the export's pay is its own (else priced from its KPIs)."""
        return self.pay_column is not None

    @property
    def differing(self) -> list[Measure]:
        return [m for m in self.measures if m.differs]

    def measure(self, name: str) -> Measure:
        return next(m for m in self.measures if m.name == name)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for m, d in zip(self.measures, out["measures"], strict=True):
            d.update(gap=m.gap, band=list(m.band), differs=m.differs)
            d.update({k: _finite(v) for k, v in d.items() if isinstance(v, float)})
            d["band"] = [_finite(v) for v in d["band"]]
        return out

    def to_dir(self, out: str | Path) -> Path:
        """Write ``actuals.json`` (every measure, its band and verdict) into ``out``."""
        import json

        from perfkit.files.outputs import atomic_write_text

        Path(out).mkdir(parents=True, exist_ok=True)
        doc = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        return atomic_write_text(Path(out) / "actuals.json", doc)


def _finite(x: float) -> float | None:
    """A number JSON can hold: None for NaN or infinity."""
    return float(x) if np.isfinite(x) else None


def pay_column(kpis: pd.DataFrame) -> str | None:
    """The export's pay column, by any of :data:`PAY_HEADERS` (case and spaces ignored)."""
    folded = {str(c).strip().casefold().replace(" ", "_"): c for c in kpis.columns}
    return next((folded[h] for h in PAY_HEADERS if h in folded), None)


def export_rows(kpis: pd.DataFrame, baseline: Any, months: list[str]):
    """The export's agent-months of ``months`` with pay, at_risk and quit; and the pay
    column they were paid by (None: priced under the plan in force from their KPIs)."""
    at_risk, quit = quits(kpis)
    df = kpis.assign(at_risk=at_risk, quit=quit, period=kpis["period"].astype(str))
    col = pay_column(kpis)
    pay = pd.to_numeric(df[col], errors="coerce") if col is not None else None
    in_window = df["period"].isin(months)
    if pay is not None and pay[in_window].notna().all():
        return df.loc[in_window].assign(total_pay=pay[in_window]), str(col)
    st = priced(*_history(kpis, baseline))[["agent_id", "period", "total_pay"]]
    st = st.assign(agent_id=st["agent_id"].astype(str), period=st["period"].astype(str))
    rows = df.loc[in_window].drop(columns=[c for c in ("total_pay",) if c in df])
    rows = rows.assign(agent_id=rows["agent_id"].astype(str))
    return rows.merge(st, on=["agent_id", "period"], how="left", validate="one_to_one"), None


def model_months(periods: list[str], actual: list[str]) -> list[str]:
    """The model's months matching the calendar months of ``actual``, in order; else its
    first ``len(actual)`` months."""
    cal = {}
    for p in periods:
        cal.setdefault(str(p)[5:7], str(p))
    same = [cal.get(m[5:7]) for m in actual]
    if all(same) and same == sorted(same) and len(set(same)) == len(same):
        return same
    return [str(p) for p in periods[: len(actual)]]


def against_actuals(
    kpis: pd.DataFrame, result: Any, plan: InForce, baseline: Any, window: int = WINDOW
) -> Actuals:
    """The simulation ``result`` of the plan in force beside the export's last ``window``
    months (module docstring). ``baseline``: the baseline Scenario (the default plan of
    rows naming none, as in :func:`plan_in_force`)."""
    if window < 2:
        raise ParameterError(f"window: a trend needs at least 2 months, got {window}")
    periods = [str(p) for p in result.meta["periods"]]
    months = sorted(kpis["period"].astype(str).unique())
    n = min(window, len(months), len(periods))
    actual_months = months[-n:]
    sim_months = model_months(periods, actual_months)
    rows, column = export_rows(kpis, baseline, actual_months)
    a = result.agents
    sim = a.loc[a["period"].astype(str).isin(sim_months), ["run", "period", "revenue",
                                                           "total_pay", "quit"]]  # fmt: skip
    sim = sim.assign(period=sim["period"].astype(str), at_risk=True)
    model = floor_measures(sim, by="run")
    actual = floor_measures(rows).iloc[0]
    measures = [
        Measure(k, float(actual[k]), float(model[k].mean()), float(model[k].quantile(0.1)),
                float(model[k].quantile(0.9)))
        for k in MEASURES
    ]  # fmt: skip
    return Actuals(plan, actual_months, sim_months, int(rows["agent_id"].nunique()), column,
                   int(model.shape[0]), measures)  # fmt: skip


def in_force_check(
    kpis: pd.DataFrame | None, result: Any, baseline: Any, scenario: str | Path
) -> Actuals | None:
    """The report's check: :func:`against_actuals` when the scenario file ``scenario`` is
    the plan in force on the export ``kpis`` (:func:`plan_in_force`); None without an
    export, for another plan, or for a forecast by the quarter (the export is by the month:
    not compared yet)."""
    if kpis is None or any("-Q" in str(p) for p in result.meta["periods"]):
        return None
    plan = plan_in_force(kpis, baseline)
    return against_actuals(kpis, result, plan, baseline) if plan.covers(scenario) else None
