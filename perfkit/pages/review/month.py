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

from perfkit.core.errors import DataError, ParameterError
from perfkit.core.kpis import add_derived
from perfkit.core.quarters import for_scenario
from perfkit.payout import compute_statements
from perfkit.payout.engine import PAY_PARTS
from perfkit.payout.plan import margin_rate
from perfkit.scheme.models import Scenario, ScorecardItem, TargetRule

#: Months of history shown on a sheet (the review month included).
TREND_MONTHS = 6


@dataclass(frozen=True)
class ScoredKpi:
    """A KPI on the scorecard: its name, direction and weight (of the main plan)."""

    kpi: str
    direction: str
    weight: float
    item: ScorecardItem


@dataclass(frozen=True)
class MonthReview:
    """The review month of one scenario on one export.

    ``agents``: one row per agent in the month with identity, every raw and derived
    KPI, the statement (score, grade, pay parts) and ``target_<kpi>`` /
    ``team_median_<kpi>`` / ``attainment_<kpi>`` for each scorecard KPI.
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
    def trend_periods(self) -> list[str]:
        """The review month and up to five months before it, oldest first."""
        i = self.periods.index(self.period)
        return self.periods[max(0, i - TREND_MONTHS + 1) : i + 1]


def scored_kpis(scenario: Scenario) -> list[ScoredKpi]:
    """The main plan's scorecard KPIs, heaviest first (file order among equals)."""
    items = sorted(scenario.scorecard, key=lambda it: -it.weight)
    return [ScoredKpi(it.kpi, str(it.direction), float(it.weight), it) for it in items]


def review_month(kpis: pd.DataFrame, scenario: Scenario, period: str) -> MonthReview:
    """Price the export under *scenario* and cut it to *period* (e.g. ``"2025-06"``)."""
    if not scenario.scorecard:
        raise ParameterError(
            f"scenario '{scenario.name}' has no scorecard: a monthly review compares KPIs "
            "with their targets, so the plan needs a `scorecard:` block"
        )
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
    scored = scored_kpis(scenario)
    for k in scored:
        history[f"target_{k.kpi}"] = _targets(history, k)
    month = history[history["period"] == str(period)].reset_index(drop=True)
    for k in scored:
        month[f"team_median_{k.kpi}"] = month.groupby("team")[k.kpi].transform("median")
    month_rows = kept[kept["period"].astype(str) == str(period)].reset_index(drop=True)
    return MonthReview(scenario, str(period), periods, scored, month, history, month_rows, kept)


def _targets(rows: pd.DataFrame, k: ScoredKpi) -> np.ndarray:
    """Each row's target for *k*: the scorecard number, or read back from attainment."""
    if not isinstance(k.item.target, TargetRule):
        return np.full(len(rows), float(k.item.target))
    actual = rows[k.kpi].to_numpy(float)
    att = rows[f"attainment_{k.kpi}"].to_numpy(float)
    ratio = att if k.direction == "higher" else 2.0 - att
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((ratio > 0) & np.isfinite(ratio), actual / ratio, np.nan)
    return out


def pay_parts(row: pd.Series) -> list[tuple[str, float]]:
    """The non-zero pay parts of one statement row, in statement order (total last)."""
    parts = [(p, float(row[p])) for p in PAY_PARTS if p != "total_pay" and float(row[p]) != 0]
    return [*parts, ("total_pay", float(row["total_pay"]))]
