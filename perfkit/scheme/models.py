"""Validated plan objects: the scenario language as pydantic models.

Each class documents the rule it encodes, because the payout engine, the
simulation and the report all read the same objects. Amounts are in the
scenario's currency per evaluation period; shares and rates may be written as
fractions (0.6) or percentages ("60%").
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    model_validator,
)

from perfkit.scheme.base import Model
from perfkit.scheme.forecast import Season, Uncertainty
from perfkit.scheme.measures import (
    BandGrades,
    ForcedGrades,
    Grades,
    Guarantee,
    Pay,
    PerformancePay,
    Ratchet,
    ScorecardItem,
    TargetRule,
)
from perfkit.scheme.population import DataPopulation, Simulation, SyntheticPopulation
from perfkit.scheme.proration import Proration
from perfkit.scheme.rules import (
    Accelerator,
    AttainmentBonus,
    Bonus,
    Collaboration,
    Commission,
    Deductions,
    GrantRule,
    LeaderOverride,
    NonCashReward,
    RankBonus,
    SegmentRule,
    SplitCredit,
    Team,
    TeamPool,
)
from perfkit.scheme.types import Amount, Ratio

__all__ = [
    "Accelerator",
    "AttainmentBonus",
    "BandGrades",
    "Budget",
    "Collaboration",
    "Commission",
    "Deductions",
    "ForcedGrades",
    "GrantRule",
    "Guarantee",
    "LeaderOverride",
    "NonCashReward",
    "Pay",
    "PerformancePay",
    "Plan",
    "Proration",
    "RankBonus",
    "Ratchet",
    "Scenario",
    "ScorecardItem",
    "Segment",
    "SegmentRule",
    "SplitCredit",
    "TargetRule",
    "Team",
    "TeamPool",
]


#: Most segment plans a scenario may have: each is merged and checked on its own, and a
#: real scheme has a handful (a 1 MB file of 12,000 segments took minutes).
MAX_SEGMENTS = 100


class Plan(Model):
    """The pay rules that can differ between segments."""

    pay: Pay = Pay()
    scorecard: Annotated[list[ScorecardItem], Field(max_length=50)] = []
    grades: Grades | None = None
    commission: Commission | None = None
    bonuses: Annotated[list[Bonus], Field(max_length=50)] = []
    team: Team = Team()
    collaboration: Collaboration = Collaboration()
    deductions: Deductions = Deductions()
    non_cash: Annotated[list[NonCashReward], Field(max_length=50)] = []
    proration: Proration = Proration()

    @model_validator(mode="after")
    def _coherent(self) -> Plan:
        if self.scorecard:
            total = sum(item.weight for item in self.scorecard)
            if abs(total - 100) > 1e-6:
                raise ValueError(f"scorecard: weights total {total:g}; expected 100")
            kpis = [item.kpi for item in self.scorecard]
            dupes = sorted({k for k in kpis if kpis.count(k) > 1})
            if dupes:
                raise ValueError(f"scorecard: lists {', '.join(dupes)} more than once")
        if self.grades is not None and not self.scorecard:
            raise ValueError("'grades' need a 'scorecard' to score agents")
        scored = {item.kpi for item in self.scorecard}
        for i, bonus in enumerate(self.bonuses):
            if bonus.type == "attainment" and bonus.target is None and bonus.kpi not in scored:
                raise ValueError(
                    f"bonuses[{i}] has no 'target' and '{bonus.kpi}' is not on the scorecard; "
                    "give the bonus a target"
                )
        pp = self.pay.performance_pay
        if pp is not None:
            if self.grades is None:
                raise ValueError("grades: required by pay.performance_pay to pick the coefficient")
            if not self.scorecard:
                raise ValueError("pay.performance_pay: needs a 'scorecard' to score agents")
            missing = [g for g in self.grades.names if g not in pp.grade_coefficients]
            unknown = [g for g in pp.grade_coefficients if g not in self.grades.names]
            if missing:
                parts = [f"no coefficient for grade(s) {', '.join(missing)}"] if missing else []
                parts += [f"unknown grade(s) {', '.join(unknown)}"] if unknown else []
                raise ValueError(
                    f"pay.performance_pay.grade_coefficients: {'; '.join(parts)}; expected "
                    f"one per grade in 'grades' ({', '.join(self.grades.names)})"
                )
        return self


def plan_problems(plan: Plan, where: str = "", period: str = "month") -> list[tuple[str, str]]:
    """Rules that need a part the plan lacks, as (field path, message) pairs.

    Checked for the main plan and every merged segment plan when a scenario is
    loaded, and again by the payout engine for plans built in code. ``period``: the
    scenario's evaluation period (a quarterly plan cannot ratchet monthly).
    """
    out: list[tuple[str, str]] = []
    targets = [(f"scorecard[{i}].target", item.target) for i, item in enumerate(plan.scorecard)]
    targets += [
        (f"bonuses[{i}].target", getattr(b, "target", None)) for i, b in enumerate(plan.bonuses)
    ]
    for path, target in targets:
        r = getattr(target, "ratchet", None)
        if r is not None and period == "quarter" and r.every == "month":
            out.append((f"{where}{path}.ratchet.every", "a quarterly plan sets targets per "
                        "quarter; expected 'quarter' or 'year'"))  # fmt: skip
    out += _anticipation_problems(plan, where)
    scored = bool(plan.scorecard)
    if plan.team.pool is not None and plan.team.pool.split == "by_score" and not scored:
        out.append((f"{where}team.pool.split", "'by_score' needs a 'scorecard' to score agents"))
    for i, reward in enumerate(plan.non_cash):
        if reward.to.grade is not None and plan.grades is None:
            out.append((f"{where}non_cash[{i}].to.grade", "granting by grade needs 'grades'"))
        elif reward.to.grade is not None and plan.grades is not None:
            asked = [reward.to.grade] if isinstance(reward.to.grade, str) else reward.to.grade
            unknown = [g for g in asked if g not in plan.grades.names]
            if unknown:
                out.append(
                    (
                        f"{where}non_cash[{i}].to.grade",
                        f"unknown grade(s) {', '.join(unknown)}; the plan's grades are "
                        + ", ".join(plan.grades.names),
                    )
                )
        if reward.to.min_score is not None and not scored:
            out.append(
                (f"{where}non_cash[{i}].to.min_score", "needs a 'scorecard' to score agents")
            )
        out += _team_goal_problems(plan, reward.to, f"{where}non_cash[{i}].to")
    from perfkit.scheme.sanity import scale_problems  # it reads these models

    return out + scale_problems(plan, where)


def _anticipation_problems(plan: Plan, where: str) -> list[tuple[str, str]]:
    """An anticipated ratchet needs a KPI counted directly, and one way of ratcheting
    each KPI's history targets (agents price one shadow cost per KPI)."""
    from perfkit.core.kpis import RAW_KPIS

    rules = [(f"scorecard[{i}]", item.kpi, item.target) for i, item in enumerate(plan.scorecard)]
    rules += [(f"bonuses[{i}]", b.kpi, getattr(b, "target", None)) for i, b in enumerate(plan.bonuses)]  # fmt: skip
    history = [(p, k, t) for p, k, t in rules if getattr(t, "split", None) == "history"]
    out: list[tuple[str, str]] = []
    for path, kpi, target in history:
        if target.ratchet is None or not target.ratchet.anticipated:
            continue
        field = f"{where}{path}.target.ratchet.anticipated"
        if kpi not in RAW_KPIS:
            out.append((field, f"'{kpi}' is a ratio or derived KPI; an anticipated ratchet "
                        "needs a KPI counted directly (revenue, orders, dials, …)"))  # fmt: skip
        for other, kpi2, t2 in history:
            if other != path and kpi2 == kpi and (t2.ratchet, t2.stretch) != (target.ratchet, target.stretch):  # fmt: skip
                out.append((field, f"{other} sets another history target on '{kpi}' with "
                            "a different ratchet or stretch; an anticipated ratchet needs "
                            "every history target on its KPI ratcheted alike"))  # fmt: skip
                break
    return out


def _team_goal_problems(plan: Plan, to: Any, path: str) -> list[tuple[str, str]]:
    """A team-goal grant needs a goal: its own ``team_goal`` or the team pool's target."""
    if not to.team_goal_met or to.team_goal is not None:
        return []
    pool = plan.team.pool
    if pool is None or not pool.target:
        return [(f"{path}.team_goal", "team_goal_met needs the team's goal: give "
                 "'team_goal' (the team's total of 'kpi' to reach) or a team pool target")]  # fmt: skip
    if pool.kpi != to.kpi:
        return [(f"{path}.kpi", f"'{to.kpi}' is not the team pool's KPI ('{pool.kpi}'), so "
                 "the pool's target is not its goal; give 'team_goal'")]  # fmt: skip
    return []


class Segment(Model):
    """A plan for a role or segment (first matching segment wins, in file order).

    ``plan`` is merged into the main plan key by key: a block given here (e.g.
    ``pay: {base_salary: 3000}``) changes only the keys it states; a list (the
    scorecard, bonuses, non-cash rewards) replaces the main plan's whole list; and
    stating one of two alternatives drops the main plan's other (a ``ladder``
    replaces a flat ``rate``, ``tiers`` replace ``amount``, ``shares`` replace
    ``bands``). Agents no segment matches are paid under the main plan.
    """

    name: str
    when: SegmentRule
    plan: dict[str, Any]


class Budget(Model):
    """Limits a plan must respect: total pay per period and/or cost of sales (pay ÷ revenue)."""

    total_pay: Amount | None = None
    cost_of_sales: Ratio | None = None


def _population_kind(data: Any) -> str:
    source = data.get("source", "synthetic") if isinstance(data, dict) else data.source
    return "synthetic" if source == "synthetic" else "data"


Population = Annotated[
    Annotated[SyntheticPopulation, Tag("synthetic")] | Annotated[DataPopulation, Tag("data")],
    Discriminator(_population_kind),
]


# --------------------------------------------------------------------------- scenario
class Scenario(Plan):
    """A whole scheme: a main plan, optional segment plans, and its context.

    ``name_zh`` / ``description_zh``: the plan's name and description in Chinese, shown
    by Chinese reports and plan letters instead of ``name`` / ``description``.
    """

    name: str
    description: str = ""
    name_zh: str | None = None
    description_zh: str | None = None
    currency: str = "CNY"
    period: Literal["month", "quarter"] = "month"
    population: Population | None = None
    budget: Budget | None = None
    simulation: Simulation | None = None
    season: Season | None = None
    uncertainty: Uncertainty | None = None
    segments: Annotated[list[Segment], Field(max_length=MAX_SEGMENTS)] = []
    split_credit: SplitCredit | None = None
    leader_override: LeaderOverride | None = None
    _source: str = PrivateAttr(default="<scenario>")
    _notes: dict[str, str] = PrivateAttr(default_factory=dict)
    _notes_zh: dict[str, str] = PrivateAttr(default_factory=dict)
    _ranges: dict[str, tuple[float, float]] = PrivateAttr(default_factory=dict)
    _segment_plans: dict[str, Plan] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str:
        """The file this scenario was read from."""
        return self._source

    @property
    def notes(self) -> dict[str, str]:
        """Notes/sources attached to values, by field path."""
        return dict(self._notes)

    @property
    def notes_zh(self) -> dict[str, str]:
        """The Chinese of notes that give one (``note_zh:``), by field path."""
        return dict(self._notes_zh)

    def notes_in(self, lang: str) -> dict[str, str]:
        """Notes by field path as a page in ``lang`` shows them: in Chinese the ``note_zh``
        where the file gives one, else the note as written."""
        return {**self._notes, **self._notes_zh} if lang == "zh" else dict(self._notes)

    @property
    def ranges(self) -> dict[str, tuple[float, float]]:
        """Plausible ``(low, high)`` of values that state one, by field path."""
        return dict(self._ranges)

    @property
    def main_plan(self) -> Plan:
        """The plan for agents no segment covers."""
        return Plan.model_validate(self.model_dump(include=set(Plan.model_fields)))

    def plan_for(self, segment: str) -> Plan:
        """The merged plan of one segment."""
        return self._segment_plans[segment]
