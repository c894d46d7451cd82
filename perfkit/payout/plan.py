"""One plan over the rows it covers: score, grade and every pay component.

Rules about a unit (decomposed targets) and about an agent's own history
(quarter-cycle bonuses) are resolved over the whole table by :func:`full_parts`;
every other cross-agent rule (team means, forced distribution, rank prizes, team
pools, top-N rewards) is among the rows the plan covers, by :func:`evaluate_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from perfkit.core.kpis import LOWER_IS_BETTER
from perfkit.payout.adjustments import activity_deduction, complaint_deduction, qa_deduction
from perfkit.payout.bonuses import quarter_attainment_bonus, rank_prizes, tier_amount
from perfkit.payout.commission import plan_commission
from perfkit.payout.frame import RATIO_KPIS, Rows
from perfkit.payout.grades import band_grades, forced_grades
from perfkit.payout.noncash import granted
from perfkit.payout.proration import is_volume
from perfkit.payout.scoring import attainment, item_points, weighted_score
from perfkit.payout.targets import resolve_target
from perfkit.payout.team import blend_with_team, collaboration_pay, team_pool
from perfkit.scheme.models import AttainmentBonus, BandGrades, Plan, RankBonus


@dataclass
class PlanResult:
    """Per-row results of one plan (arrays over the plan's rows)."""

    own_score: np.ndarray
    score: np.ndarray
    attainments: dict[str, np.ndarray]
    grade: np.ndarray
    grade_names: list[str]
    pay: dict[str, np.ndarray]
    clawback_due: np.ndarray
    guarantee: np.ndarray
    recoverable: bool
    rewards: list[tuple[str, np.ndarray, float, float]] = field(default_factory=list)


def margin_rate(plan: Plan) -> float:
    """The plan's gross-margin share of net revenue (its commission's, else 1)."""
    return plan.commission.margin_rate if plan.commission is not None else 1.0


def direction_of(plan: Plan, kpi: str) -> str:
    """The scorecard's direction for ``kpi``, else the catalogue default."""
    for item in plan.scorecard:
        if item.kpi == kpi:
            return item.direction
    return "lower" if kpi in LOWER_IS_BETTER else "higher"


def worked(plan: Plan, rows: Rows, part: str) -> np.ndarray | float:
    """The share of each row's period the agent was in post, where the plan prorates
    ``part`` (``base`` or ``targets``: :class:`perfkit.scheme.proration.Proration`); else 1."""
    p = plan.proration
    if rows.worked is None or p.method == "none" or not getattr(p, part):
        return 1.0
    return rows.worked


def plan_target(plan: Plan, target: object, kpi: str, rows: Rows, months: int) -> np.ndarray:
    """A target per row: resolved (:func:`resolve_target`), and a fixed volume target
    prorated by the days worked."""
    out = resolve_target(target, kpi, rows, margin_rate(plan), months)
    share = worked(plan, rows, "targets")
    if isinstance(target, int | float) and is_volume(kpi) and not isinstance(share, float):
        out = out * share  # (× 1.0 where nothing is prorated: the same target)
    return out


def full_parts(
    plan: Plan, rows: Rows, calendar: tuple[np.ndarray, np.ndarray] | None, per_quarter: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(scorecard targets by KPI, attainment bonuses) over the whole table."""
    mr, months = margin_rate(plan), 3 // per_quarter
    targets = {item.kpi: plan_target(plan, item.target, item.kpi, rows, months)
               for item in plan.scorecard}  # fmt: skip
    bonus = np.zeros(rows.n)
    for b in plan.bonuses:
        if not isinstance(b, AttainmentBonus):
            continue
        own_target = b.target is not None
        target = plan_target(plan, b.target, b.kpi, rows, months) if own_target else targets[b.kpi]
        direction = direction_of(plan, b.kpi)
        if b.cycle == "quarter":
            bonus += quarter_attainment_bonus(
                rows, b.kpi, target, direction, b.tier_list, calendar, per_quarter, mr
            )
        else:
            att = attainment(rows.kpi(b.kpi, mr), target, direction)
            bonus += tier_amount(_no_activity_no_credit(rows, b.kpi, direction, att), b.tier_list)
    return targets, bonus


def _no_activity_no_credit(rows: Rows, kpi: str, direction: str, att: np.ndarray) -> np.ndarray:
    """A lower-is-better rate over nothing (no connects, no orders) earns no attainment:
    an agent who made no calls must not top the complaint-rate ranking."""
    if direction != "lower" or kpi not in RATIO_KPIS:
        return att
    return np.where(rows.kpi(RATIO_KPIS[kpi][1]) > 0, att, 0.0)


def _grades(plan: Plan, rows: Rows, score: np.ndarray) -> tuple[np.ndarray, list[str]]:
    g = plan.grades
    if g is None:
        return np.full(rows.n, -1, dtype=np.int64), []
    if isinstance(g, BandGrades):
        names = g.names
        return band_grades(score, list(g.bands.values()), names.index(g.below)), names
    shares = np.asarray(list(g.shares.values()), dtype=float)
    unit = rows.company if g.within == "company" else rows.team
    grade = forced_grades(
        score, unit, shares, rows.kpi("revenue"), rows.agent_order, g.tie_rule == "generous"
    )
    return grade, g.names


def evaluate_plan(
    plan: Plan, rows: Rows, targets: dict[str, np.ndarray], attainment_bonus: np.ndarray
) -> PlanResult:
    """Score, grade and pay every row of ``rows`` under ``plan``."""
    n, mr, lam = rows.n, margin_rate(plan), plan.team.weight
    attainments, own = _scorecard(plan, rows, targets)
    score = blend_with_team(own, rows.team, lam) if plan.scorecard else own
    grade, grade_names = _grades(plan, rows, score)

    perf = np.zeros(n)
    pp = plan.pay.performance_pay
    if pp is not None:
        coef = np.array([pp.grade_coefficients[name] for name in grade_names] + [0.0])
        perf = pp.base * worked(plan, rows, "base") * coef[grade]  # grade −1: the trailing 0

    commission, clawback_due = np.zeros(n), np.zeros(n)
    if plan.commission is not None:
        own_commission, clawback_due = plan_commission(rows, plan.commission)
        commission = blend_with_team(own_commission, rows.team, lam)

    bonus = attainment_bonus.copy()
    for b in plan.bonuses:
        if isinstance(b, RankBonus):
            unit = rows.company if b.within == "company" else rows.team
            higher = b.kpi not in LOWER_IS_BETTER
            bonus += rank_prizes(rows.kpi(b.kpi, mr), unit, b.prizes, higher)

    team_bonus = np.zeros(n)
    if plan.team.pool is not None:
        pool = plan.team.pool
        team_bonus = team_pool(pool, rows.kpi(pool.kpi, mr), own, rows.team)

    c = plan.collaboration
    unread = np.zeros(n)  # a rate of 0 reads nothing: the column may not be there
    collab = collaboration_pay(
        c.mentor_per_order,
        c.mentee_per_order,
        rows.kpi("collaboration_credit") if c.mentor_per_order else unread,
        rows.kpi("assisted_orders") if c.mentee_per_order else unread,
    )
    rewards, bonus, team_bonus = _non_cash(plan, rows, grade, grade_names, score, bonus, team_bonus)
    g = plan.pay.guarantee
    fixed = worked(plan, rows, "base")
    return PlanResult(
        own_score=own,
        score=score,
        attainments=attainments,
        grade=grade,
        grade_names=grade_names,
        pay={
            "base_salary": _fixed(n, plan.pay.base_salary, fixed),
            "performance_pay": perf,
            "commission": commission,
            "bonus": bonus,
            "team_bonus": team_bonus,
            "collaboration": collab,
            "deductions": _deductions(plan, rows),
        },
        clawback_due=clawback_due,
        guarantee=np.full(n, np.nan) if g is None else _fixed(n, g.amount, fixed),
        recoverable=bool(g is not None and g.recoverable),
        rewards=rewards,
    )


def _fixed(n: int, amount: float, worked: np.ndarray | float) -> np.ndarray:
    """A fixed amount on each of n rows × the share of the period worked (a number or a row
    array): one array, as ``np.full(n, amount) * worked`` gives."""
    if isinstance(worked, float):
        return np.full(n, amount * worked)
    return np.full(n, amount) * worked


def _scorecard(
    plan: Plan, rows: Rows, targets: dict[str, np.ndarray]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each scorecard KPI's attainment, and the agent's own weighted score (NaN without
    a scorecard)."""
    mr = margin_rate(plan)
    attainments, own = {}, np.full(rows.n, np.nan)
    if plan.scorecard:
        points = []
        for item in plan.scorecard:
            att = attainment(rows.kpi(item.kpi, mr), targets[item.kpi], item.direction)
            att = _no_activity_no_credit(rows, item.kpi, item.direction, att)
            attainments[item.kpi] = att
            points.append(item_points(item, att))
        own = weighted_score(points, [item.weight for item in plan.scorecard])
    return attainments, own


def _deductions(plan: Plan, rows: Rows) -> np.ndarray:
    """Deductions for QA below the line, complaints and too little activity."""
    d = plan.deductions
    deductions = np.zeros(rows.n)
    if d.qa_below is not None:
        deductions += qa_deduction(rows.kpi("qa_score"), d.qa_below.line, d.qa_below.amount)
    if d.complaints is not None:
        deductions += complaint_deduction(
            rows.kpi("complaints"), d.complaints.per_complaint, d.complaints.free
        )
    if d.min_activity is not None:
        act = d.min_activity
        deductions += activity_deduction(rows.kpi(act.kpi, margin_rate(plan)), act.min, act.amount)
    return deductions


def _non_cash(
    plan: Plan,
    rows: Rows,
    grade: np.ndarray,
    grade_names: list[str],
    score: np.ndarray,
    bonus: np.ndarray,
    team_bonus: np.ndarray,
) -> tuple[list[tuple[str, np.ndarray, float, float]], np.ndarray, np.ndarray]:
    """Who is granted each non-cash reward; its cash per head, if any, added to the bonus
    (or, by team, to the team bonus)."""
    pool_target = plan.team.pool.target if plan.team.pool is not None else None
    rewards = []
    for r in plan.non_cash:
        mask = granted(r.to, rows, grade, grade_names, score, pool_target)
        rewards.append((r.reward, mask, r.value_to_agent, r.cost))
        if r.cash_per_head:  # a team bonus (or a cash prize) for each agent granted
            cash = np.where(mask, r.cash_per_head, 0.0)
            if r.to.by_team:
                team_bonus = team_bonus + cash
            else:
                bonus = bonus + cash
    return rewards, bonus, team_bonus
