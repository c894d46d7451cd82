"""One month on the floor: every agent's KPIs, targets, team medians, pay and trend.

The month is priced by the real payout engine over the whole export (so targets that
use history, ratchets and clawbacks see the months before), and then cut to the
review period. Targets are read back from the statement: a fixed target is the
scorecard's number; a decomposed target is the actual ÷ attainment (higher is
better) or actual ÷ (2 − attainment) (lower is better), the engine's own inverse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.core.kpis import add_derived
from perfkit.core.quarters import for_scenario
from perfkit.payout import compute_statements
from perfkit.payout.engine import PAY_PARTS
from perfkit.payout.frame import prepare
from perfkit.payout.plan import direction_of, margin_rate, worked
from perfkit.payout.proration import is_volume
from perfkit.scheme.models import Scenario, ScorecardItem, TargetRule

#: Months of history shown on a sheet (the review month included).
TREND_MONTHS = 6


@dataclass(frozen=True)
class ScoredKpi:
    """A KPI on the sheet: its name, direction and weight (of the main plan's scorecard;
    a plan without one reviews the KPIs it pays on, weight 0 and no ``item``)."""

    kpi: str
    direction: str
    weight: float
    item: ScorecardItem | None


@dataclass(frozen=True)
class MonthReview:
    """The review month of one scenario on one export.

    ``agents``: one row per agent in the month with identity, every raw and derived
    KPI, the statement (score, grade, pay parts) and ``target_<kpi>`` /
    ``team_median_<kpi>`` / ``own_median_<kpi>`` (the agent's last five months before) /
    ``vs_<kpi>`` (attainment on a scorecard, else against the own median) per KPI.
    ``history``: the same for every month up to and including the review month.
    ``table``: the export rows of the month as the engine read them (for re-pricing);
    ``past``: every export row up to the month (the history ``split: history`` reads).
    """

    scenario: Scenario
    period: str
    periods: list[str]
    kpis: list[ScoredKpi]
    agents: pd.DataFrame
    history: pd.DataFrame
    table: pd.DataFrame
    past: pd.DataFrame | None = None

    @property
    def scored(self) -> bool:
        """The plan has a scorecard: KPIs have targets, agents a score and a grade."""
        return bool(self.scenario.main_plan.scorecard)

    @property
    def trend_periods(self) -> list[str]:
        """The review month and up to five months before it, oldest first."""
        i = self.periods.index(self.period)
        return self.periods[max(0, i - TREND_MONTHS + 1) : i + 1]


def scored_kpis(scenario: Scenario) -> list[ScoredKpi]:
    """The main plan's scorecard KPIs, heaviest first (file order among equals)."""
    items = sorted(scenario.scorecard, key=lambda it: -it.weight)
    return [ScoredKpi(it.kpi, str(it.direction), float(it.weight), it) for it in items]


def paid_kpis(scenario: Scenario) -> list[ScoredKpi]:
    """A plan without a scorecard: the KPIs it pays on (the commission base, bonuses, the
    team pool, deductions), then the funnel that drives its base (dials, connect rate,
    conversion, order value)."""
    plan = scenario.main_plan
    base = plan.commission.base if plan.commission is not None else "revenue"
    names = ["revenue" if base == "margin" else base]
    names += [b.kpi for b in plan.bonuses]
    names += [plan.team.pool.kpi] if plan.team.pool is not None else []
    d = plan.deductions
    names += ["qa_score"] if d.qa_below is not None else []
    names += ["complaints"] if d.complaints is not None else []
    names += [d.min_activity.kpi] if d.min_activity is not None else []
    names += ["dials", "connect_rate", "conversion_rate", "average_order_value"]
    return [ScoredKpi(k, direction_of(plan, k), 0.0, None) for k in dict.fromkeys(names)]


def review_month(kpis: pd.DataFrame, scenario: Scenario, period: str) -> MonthReview:
    """Price the export under *scenario* and cut it to *period* (e.g. ``"2025-06"``)."""
    table, _ = for_scenario(kpis, scenario)
    periods = sorted(table["period"].astype(str).unique())
    if str(period) not in periods:
        source = kpis.attrs.get("source", "the KPI export")
        shown = ", ".join(periods[:3] + (["…"] if len(periods) > 4 else []) + periods[-1:])
        raise DataError(
            str(source), [f"--period {period}: no rows for that period; the file has {shown}"]
        )
    kept = table[table["period"].astype(str) <= str(period)].reset_index(drop=True)
    statements = compute_statements(kept, scenario)
    values = add_derived(kept, margin_rate=margin_rate(scenario.main_plan))
    ids = ["agent_id", "team", "period"]
    extra = [c for c in ("name",) if c in values.columns]
    kpi_cols = [c for c in values.columns if c not in (*ids, *extra, "hire_date")]
    history = pd.concat(
        [
            values[ids + extra].astype({"period": str}),
            values[kpi_cols].reset_index(drop=True),
            statements.drop(columns=ids).reset_index(drop=True),
        ],
        axis=1,
    )
    history = history.loc[:, ~history.columns.duplicated()]
    if "name" not in history.columns:
        history["name"] = ""
    history["name"] = history["name"].fillna("").astype(str)
    scored = scored_kpis(scenario) if scenario.main_plan.scorecard else paid_kpis(scenario)
    worked = _worked(kept, scenario)
    for k in scored:
        history[f"target_{k.kpi}"] = _targets(history, k, worked)
    month = history[history["period"] == str(period)].reset_index(drop=True)
    before = history[history["period"] < str(period)]
    before = before[before["period"] >= (periods[max(0, periods.index(str(period)) - 5)])]
    for k in scored:
        month[f"team_median_{k.kpi}"] = month.groupby("team")[k.kpi].transform("median")
        own = before.groupby("agent_id")[k.kpi].median()
        month[f"own_median_{k.kpi}"] = month["agent_id"].map(own).to_numpy(float)
        month[f"vs_{k.kpi}"] = _against(month, k)
    month_rows = kept[kept["period"].astype(str) == str(period)].reset_index(drop=True)
    return MonthReview(scenario, str(period), periods, scored, month, history, month_rows, kept)


def _against(month: pd.DataFrame, k: ScoredKpi) -> np.ndarray:
    """How the month compares (1 = as expected): the attainment of target on a scorecard,
    else the value against the agent's own median of the months before (the other way up
    for lower-is-better KPIs); NaN with nothing to compare against."""
    if k.item is not None:
        return month[f"attainment_{k.kpi}"].to_numpy(float)
    value, own = month[k.kpi].to_numpy(float), month[f"own_median_{k.kpi}"].to_numpy(float)
    num, den = (own, value) if k.direction == "lower" else (value, own)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / den, np.nan)
    return np.where(np.isfinite(own), out, np.nan)


def _targets(rows: pd.DataFrame, k: ScoredKpi, worked: np.ndarray) -> np.ndarray:
    """Each row's target for *k*: the scorecard number (a volume's prorated by the days
    worked, ``worked``: 1 where the plan does not prorate), or read back from attainment."""
    if k.item is None:
        return np.full(len(rows), np.nan)
    if not isinstance(k.item.target, TargetRule):
        share = worked if is_volume(k.kpi) else 1.0
        return np.full(len(rows), float(k.item.target)) * share
    actual = rows[k.kpi].to_numpy(float)
    att = rows[f"attainment_{k.kpi}"].to_numpy(float)
    ratio = att if k.direction == "higher" else 2.0 - att
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((ratio > 0) & np.isfinite(ratio), actual / ratio, np.nan)
    return out


def _worked(kept: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    """Each row's share of its period in post where the plan prorates targets, else 1."""
    rows = prepare(kept, scenario).rows
    share = worked(scenario.main_plan, rows, "targets")
    return np.broadcast_to(np.asarray(share, float), (len(kept),))


def pay_parts(row: pd.Series) -> list[tuple[str, float]]:
    """The non-zero pay parts of one statement row, in statement order (total last)."""
    parts = [(p, float(row[p])) for p in PAY_PARTS if p != "total_pay" and float(row[p]) != 0]
    return [*parts, ("total_pay", float(row["total_pay"]))]
