"""The payout engine: KPIs + scenario → one pay statement per agent × period (× run).

``compute_statements`` is pure: the same table and scenario always give the same
statement. It serves the back-test (real KPI exports) and the simulation (many
Monte Carlo runs in one long table with a ``run`` column), vectorised over all
rows at once.

Order of evaluation: split credit (credited revenue) → segment of each row →
per plan: targets, scorecard, team blend, grades, performance pay, commission,
bonuses, team pool, collaboration, deductions, non-cash grants → leader
override (into team_bonus) → clawback charged on each agent's next row →
guarantee on the pay after deductions and clawback.

total_pay = base_salary + performance_pay + commission + bonus + team_bonus
+ collaboration − deductions − clawback + guarantee_topup.
"""

from __future__ import annotations

import contextlib
import warnings
import weakref
from dataclasses import replace

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError, PerfkitWarning, ScenarioError
from perfkit.core.kpis import RAW_KPIS, REQUIRED_COLUMNS
from perfkit.core.quarters import distinct_periods, is_monthly, quarter_label
from perfkit.payout.adjustments import charge_next, guarantee_topup
from perfkit.payout.bonuses import quarter_calendar
from perfkit.payout.coded import Coded, shown
from perfkit.payout.frame import Table, prepare
from perfkit.payout.history import AgentHistory, agent_history
from perfkit.payout.noncash import label_codes
from perfkit.payout.plan import PlanResult, evaluate_plan, full_parts, margin_rate
from perfkit.payout.reads import absent_but_read, blank_but_read
from perfkit.payout.segments import MAIN, assign_segments
from perfkit.payout.team import leader_override, split_credit_revenue
from perfkit.scheme.models import AttainmentBonus, Plan, Scenario, plan_problems

#: Pay components added up (deductions and clawback are subtracted).
PAY_COMPONENTS = (
    "base_salary",
    "performance_pay",
    "commission",
    "bonus",
    "team_bonus",
    "collaboration",
    "deductions",
)

#: Every money column of a statement, in statement order, ending with the total.
PAY_PARTS = (*PAY_COMPONENTS, "clawback", "guarantee_topup", "total_pay")

#: Statement columns after the identity columns (attainment_<kpi> columns follow).
STATEMENT_COLUMNS = (
    "segment",
    "score",
    "grade",
    *PAY_PARTS,
    "non_cash",
    "non_cash_value",
    "non_cash_cost",
    "own_score",
)


#: Each live scenario's plans (:func:`_plans`), by its id: a solve pays one scenario
#: thousands of times, and building its main plan (a pydantic round trip) took about 3%
#: of a solve. Scenarios are never changed in place (model_copy makes a new one).
_PLANS: dict[int, tuple[weakref.ref, list[tuple[str, Plan, str]]]] = {}


def _plans(scenario: Scenario) -> list[tuple[str, Plan, str]]:
    """(segment label, plan, field-path prefix): main plan first, then each segment
    (read only: kept while ``scenario`` lives)."""
    key = id(scenario)
    hit = _PLANS.get(key)
    if hit is not None and hit[0]() is scenario:
        return hit[1]
    out = [(MAIN, scenario.main_plan, "")]
    for i, seg in enumerate(scenario.segments):
        out.append((seg.name, scenario.plan_for(seg.name), f"segments[{i}].plan."))
    # forgotten with the scenario (its id may then be reused); one that cannot be weakly
    # referred to is built every time
    with contextlib.suppress(TypeError):
        _PLANS[key] = (weakref.ref(scenario, lambda _ref: _PLANS.pop(key, None)), out)
    return out


class _Statement:
    """Collects per-row results from each plan into whole-table arrays.

    A plan that covers every row hands over its arrays as they are (no copy);
    plans covering part of the table fill their rows of arrays created on first use.
    """

    _FILL = {"score": np.nan, "own_score": np.nan, "guarantee": np.nan}

    def __init__(self, n: int, plans: list[tuple[str, Plan, str]]):
        self.n = n
        self.num: dict[str, np.ndarray] = {}
        self.recoverable = np.zeros(n, dtype=bool)
        self.grade = np.full(n, -1, dtype=np.int64)
        self.grade_names: list[str] = []
        self.reward_names: list[str] = []
        self.reward_masks: list[np.ndarray] = []
        kpis = [item.kpi for _, plan, _ in plans for item in plan.scorecard]
        self.attainment_kpis = list(dict.fromkeys(kpis))

    def get(self, key: str) -> np.ndarray:
        """The whole-table column ``key`` (created empty if no plan set it)."""
        if key not in self.num:
            self.num[key] = np.full(self.n, self._FILL.get(key, 0.0))
        return self.num[key]

    def _store(self, key: str, idx: np.ndarray | slice, values: np.ndarray) -> None:
        if isinstance(idx, slice):
            self.num[key] = values
        else:
            self.get(key)[idx] = values

    def put(self, idx: np.ndarray | slice, res: PlanResult) -> None:
        for key, values in res.pay.items():
            self._store(key, idx, values)
        self._store("clawback_due", idx, res.clawback_due)
        self._store("score", idx, res.score)
        self._store("own_score", idx, res.own_score)
        self._store("guarantee", idx, res.guarantee)
        self.recoverable[idx] = res.recoverable
        for kpi, att in res.attainments.items():
            self._store(f"attainment_{kpi}", idx, att)
        if res.grade_names:  # else every row's grade is −1, as the table starts
            codes = [self._code(self.grade_names, g) for g in res.grade_names] + [-1]
            self.grade[idx] = np.asarray(codes, dtype=np.int64)[res.grade]
        value = np.zeros(len(res.score))
        cost = np.zeros(len(res.score))
        for name, mask, v, c in res.rewards:
            k = self._code(self.reward_names, name)
            if k == len(self.reward_masks):
                self.reward_masks.append(np.zeros(self.n, dtype=bool))
            self.reward_masks[k][idx] |= mask
            value += np.where(mask, v, 0.0)
            cost += np.where(mask, c, 0.0)
        self._store("non_cash_value", idx, value)
        self._store("non_cash_cost", idx, cost)

    @staticmethod
    def _code(names: list[str], name: str) -> int:
        if name not in names:
            names.append(name)
        return names.index(name)


def _frame(kpis: pd.DataFrame, table: Table, st: _Statement, segment) -> pd.DataFrame:
    ids = ("agent_id", "team", "period", "run") if table.has_run else ("agent_id", "team", "period")
    cols: dict[str, object] = {c: kpis[c].array for c in ids}
    cols.update(shown(_columns(st, segment)))
    return pd.DataFrame(cols, index=kpis.index, copy=False)


def _columns(st: _Statement, segment: Coded) -> dict[str, object]:
    """The statement's columns after the identity ones, in statement order (the text
    columns coded: perfkit.payout.coded)."""
    cols: dict[str, object] = {"segment": segment, "score": st.get("score")}
    grade = np.where(st.grade < 0, len(st.grade_names), st.grade)
    cols["grade"] = Coded(grade, [*st.grade_names, ""])
    for key in (*PAY_COMPONENTS, "clawback", "guarantee_topup", "total_pay"):
        cols[key] = st.get(key)
    cols["non_cash"] = label_codes(st.reward_masks, st.reward_names, st.n)
    cols["non_cash_value"] = st.get("non_cash_value")
    cols["non_cash_cost"] = st.get("non_cash_cost")
    cols["own_score"] = st.get("own_score")
    for kpi in st.attainment_kpis:
        cols[f"attainment_{kpi}"] = st.get(f"attainment_{kpi}")
    return cols


def _check_columns_read(kpis: pd.DataFrame, scenario: Scenario) -> None:
    """Refuse a table that lacks a KPI a pay rule reads; warn where 0 is a fair reading."""
    if not isinstance(kpis, pd.DataFrame):
        return  # prepare() reports the wrong type
    missing = (c for c in RAW_KPIS if c not in kpis.columns and c not in REQUIRED_COLUMNS)
    absent = {*kpis.attrs.get("absent", ()), *missing}  # prepare() reports required ones
    has_team = bool(kpis.attrs.get("has_team", True)) and "team" in kpis.columns
    ordered = tuple(c for c in RAW_KPIS if c in absent)
    problems, warns = absent_but_read(ordered, has_team, scenario)
    said = kpis.attrs.get("blank_cells") or {}  # by the loader, with their lines
    blank_problems, blank_warns = blank_but_read(said, scenario)
    unsaid = {  # a table from code or a report kernel: blank (NaN) cells it did not list
        c: f"'{c}' on {int(n)} row(s)"
        for c in RAW_KPIS
        if c in kpis.columns
        and c not in said
        and c not in REQUIRED_COLUMNS  # prepare's
        and (n := kpis[c].isna().sum())
    }
    problems, warns = problems + blank_problems, warns + blank_warns
    problems += blank_but_read(unsaid, scenario)[0]
    source = str(kpis.attrs.get("source", "<KPI table>"))
    if problems:
        raise DataError(source, problems)
    for text in warns:
        plan = getattr(scenario, "name", "")
        warnings.warn(f"plan '{plan}' on {source}: {text}", PerfkitWarning, stacklevel=4)


def _check_period(kpis: pd.DataFrame, scenario: Scenario) -> None:
    """A quarterly plan needs quarterly rows, and a monthly plan monthly ones."""
    if not isinstance(kpis, pd.DataFrame) or "period" not in kpis or "agent_id" not in kpis:
        return  # prepare() reports it
    source = str(kpis.attrs.get("source", "<KPI table>"))
    if scenario.period == "quarter" and is_monthly(kpis):
        raise DataError(
            source,
            [
                f"'{scenario.name}' is evaluated per quarter but the rows are months; combine "
                "them first with perfkit.core.quarters.to_quarters (perfkit payout and backtest do)"
            ],
        )
    labels = distinct_periods(kpis)
    if scenario.period == "month" and labels and all(quarter_label(v) for v in labels):
        raise DataError(
            source,
            [
                f"'{scenario.name}' is evaluated per month but the rows are quarters "
                f"(e.g. '{labels[0]}'); give monthly rows, or set period: quarter"
            ],
        )


def compute_statements(
    kpis: pd.DataFrame, scenario: Scenario, history: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Pay statement for every row of ``kpis`` under ``scenario``.

    ``kpis`` has one row per agent × period (× ``run``) with agent_id, team, period
    and the raw KPI columns (missing optional ones count as 0); optional columns
    ``run``, ``role``, ``tenure_months`` and ``capacity`` are used when present.
    The result has the same index and row order, with the identity columns,
    ``segment``, ``score`` (the grading score, after any team blend), ``grade``,
    each pay component, ``total_pay``, the non-cash rewards, ``own_score`` and one
    ``attainment_<kpi>`` column per scorecard KPI.

    ``history``: the KPI table ``split: history`` targets take each agent's own mean
    from (at the scenario's period); default ``kpis`` itself (perfkit.payout.history).

    Raises :class:`~perfkit.core.errors.DataError` for a bad table and
    :class:`~perfkit.core.errors.ScenarioError` for a plan that cannot be paid.
    """
    plans = _plans(scenario)
    check_input(kpis, scenario, plans)
    table = prepare(kpis, scenario)
    past = None if history is None else agent_history(prepare(history, None), table.agent_names)
    table = _credited(table, scenario, past)
    which = assign_segments(table, scenario)
    if "source" in kpis.attrs:  # a client's file, not a simulated or plotted grid
        _warn_segments(which, scenario, str(kpis.attrs["source"]))
    st, segment_label = _by_segment(table, scenario, plans, which)
    _totals(st, table, scenario, plans)
    out = _frame(kpis, table, st, Coded(segment_label, [name for name, _, _ in plans]))
    if "filled" in kpis.columns:  # the blank-cell policy, on each row it changed
        out["filled"] = kpis["filled"].to_numpy(dtype=object)
    if "blank_policy" in kpis.attrs:
        out.attrs["blank_policy"] = kpis.attrs["blank_policy"]
    return out


def check_input(kpis: pd.DataFrame, scenario: Scenario, plans: list | None = None) -> None:
    """What :func:`compute_statements` refuses or warns about before it prices ``kpis``: a
    plan that cannot be paid, a KPI a rule reads but the table lacks, the wrong periods."""
    plans = _plans(scenario) if plans is None else plans
    problems = [p for _, plan, where in plans for p in plan_problems(plan, where, scenario.period)]
    if problems:
        raise ScenarioError(scenario.source, problems)
    _check_columns_read(kpis, scenario)
    _check_period(kpis, scenario)


def statement_columns(
    table: Table, scenario: Scenario, past: AgentHistory | None = None
) -> dict[str, object]:
    """Every statement column but the identity ones (``segment`` … ``attainment_<kpi>``) of
    every row of a prepared table, unchecked (:func:`check_input` once per table shape):
    for tables perfkit builds itself (perfkit.payout.grid_runs), the same columns as
    :func:`compute_statements` gives, the text ones coded (:func:`shown` makes them
    strings: perfkit.payout.coded)."""
    table = _credited(table, scenario, past)
    plans = _plans(scenario)
    st, segment_label = _by_segment(table, scenario, plans, assign_segments(table, scenario))
    _totals(st, table, scenario, plans)
    return _columns(st, Coded(segment_label, [name for name, _, _ in plans]))


def priced_rows(
    table: Table, scenario: Scenario, past: AgentHistory | None = None
) -> dict[str, np.ndarray]:
    """``total_pay``, ``non_cash_value`` and ``score`` of every row of a prepared table,
    unchecked: for tables perfkit builds itself (perfkit.payout.grid), the same numbers
    as :func:`compute_statements` gives (``past``: the history, indexed by agent)."""
    table = _credited(table, scenario, past)
    plans = _plans(scenario)
    st, _ = _by_segment(table, scenario, plans, assign_segments(table, scenario))
    _totals(st, table, scenario, plans)
    return {k: st.get(k) for k in ("total_pay", "non_cash_value", "score")}


def _credited(table: Table, scenario: Scenario, past: AgentHistory | None) -> Table:
    """The prepared table with each agent's own history (for ``split: history`` targets)
    and, under split credit, credited revenue in place of revenue."""
    if past is not None:
        table = replace(table, rows=replace(table.rows, history=past))
    rows = table.rows
    if scenario.split_credit is not None:
        # credited revenue is "revenue" for every rule: scorecard, commission, bonuses,
        # pools, overrides and the revenue tie-break of forced distribution
        rows.raw["revenue"] = split_credit_revenue(
            scenario.split_credit,
            rows.raw["revenue"],
            rows.raw["shared_revenue"],
            rows.role,
            table.role_names,
            table.source,
        )
    return table


def _by_segment(
    table: Table, scenario: Scenario, plans: list, which: np.ndarray
) -> tuple[_Statement, np.ndarray]:
    """Each segment's rows priced under its plan (``which``: the segment of each row, -1
    for the main plan); the statement parts and each row's plan number."""
    rows, n = table.rows, table.rows.n
    quarterly = any(
        isinstance(b, AttainmentBonus) and b.cycle == "quarter"
        for _, plan, _ in plans
        for b in plan.bonuses
    )
    calendar = quarter_calendar(table.periods, scenario.period, table.source) if quarterly else None
    per_quarter = 1 if scenario.period == "quarter" else 3
    st = _Statement(n, plans)
    segment_label = np.full(n, 0, dtype=np.int64)
    for s, (_, plan, _) in enumerate(plans):
        idx = np.flatnonzero(which == s - 1)
        if idx.size == 0:
            continue
        segment_label[idx] = s
        targets, bonus = full_parts(plan, rows, calendar, per_quarter)
        if idx.size == n:
            st.put(slice(None), evaluate_plan(plan, rows, targets, bonus))
        else:
            sub_targets = {k: v[idx] for k, v in targets.items()}
            st.put(idx, evaluate_plan(plan, rows.subset(idx), sub_targets, bonus[idx]))
    return st, segment_label


def _totals(st: _Statement, table: Table, scenario: Scenario, plans: list) -> None:
    """What the floor adds to each row's plan pay: the leader override, the clawback
    charged the next period, the guarantee's top-up; and the total pay."""
    rows = table.rows
    lo = scenario.leader_override
    if lo is not None:
        is_leader = np.isin(rows.role, [i for i, r in enumerate(table.role_names) if r == lo.role])
        kpi = rows.kpi(lo.kpi, margin_rate(plans[0][1]))
        override = leader_override(kpi, is_leader, rows.team, lo.rate)
        st.num["team_bonus"] = st.get("team_bonus") + override
    due = st.get("clawback_due")
    clawback = charge_next(due, table.sequences.next_row) if due.any() else np.zeros(due.size)
    st.num["clawback"] = clawback
    pre = st.get("base_salary") + st.get("performance_pay")
    for key in ("commission", "bonus", "team_bonus", "collaboration"):
        pre += st.get(key)
    pre -= st.get("deductions")
    pre -= clawback
    topup = guarantee_topup(
        pre, st.get("guarantee"), st.recoverable, table.sequences, rows.agent.codes, rows.agent.n
    )
    st.num["guarantee_topup"] = topup
    st.num["total_pay"] = pre + topup


def _warn_segments(which: np.ndarray, scenario: Scenario, source: str) -> None:
    """A segment that covers no row, or every row (so the main plan is never used)."""
    if which.size == 0:
        return
    for i, seg in enumerate(scenario.segments):
        hits = int((which == i).sum())
        if hits == 0:
            text = f"segment '{seg.name}' matches no row of {source}, so its plan pays nobody"
        elif hits == which.size:
            text = (
                f"segment '{seg.name}' matches every row of {source}, so the main plan pays nobody"
            )
        else:
            continue
        warnings.warn(f"plan '{scenario.name}': {text}", PerfkitWarning, stacklevel=3)
