"""What is measured and how it is graded: targets, base and performance pay, scorecard, grades.

Each class documents the rule it encodes; the payout engine implements exactly that.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    Tag,
    field_validator,
    model_validator,
)

from perfkit.core.kpis import LOWER_IS_BETTER
from perfkit.scheme.base import Model
from perfkit.scheme.types import (
    Amount,
    KpiName,
    Ratio,
    Share,
    SharePoints,
    _decreasing,
    _increasing,
    _non_decreasing,
    _percent,
    _tag,
)


# --------------------------------------------------------------------------- targets
class Ratchet(Model):
    """A target that follows output (棘轮): at the start of every ``every`` cycle, each
    agent's target moves by ``share`` × (their mean KPI over the previous cycle − their
    target then). Cycles are calendar months, quarters or years of the period labels;
    each agent's first cycle keeps the history-based target.

    The only way a target follows output. ``anticipated``: whether agents in a
    simulation see it coming. With ``false`` (the default) they choose effort against
    the plan-start target; the ratchet moves what each run pays them. With ``true``
    they also price the later targets their output raises (Weitzman 1980): a unit more
    of their mean output over a cycle raises the next cycle's target by ``share``, the
    one after by share × (1 − share), and so on, each costing them what a unit of
    target costs them then, so they hold back. It needs
    a target from the agent's own history without a ``goal``, on a KPI counted
    directly (revenue, orders, dials…, not a ratio).
    """

    every: Literal["month", "quarter", "year"] = "quarter"
    share: Share = 0.5
    anticipated: bool = False


class TargetRule(Model):
    """A target decomposed from a goal (目标分解).

    ``split``: ``equal`` (goal ÷ agents in the unit), ``capacity`` (by each agent's
    share of dials, or of a ``capacity`` column when the data has one), or
    ``history`` (by each agent's own mean of the KPI over their history). Without a
    ``goal``, ``history`` sets each agent's target to their own mean × ``stretch``.
    ``per``: the goal is for the whole company or for each team, per period.

    The history: in a back-test, the re-priced data itself; in a simulation, fixed at
    plan start: the client export's own history when the population is calibrated
    from one, else each agent's expected output at flat-pay effort; agents it does not
    know (new hires) get the others' mean. Only a ``ratchet`` moves it afterwards.
    """

    goal: Amount | None = None
    per: Literal["company", "team"] = "company"
    split: Literal["equal", "capacity", "history"] = "equal"
    stretch: Annotated[float, Field(gt=0)] = 1.0
    ratchet: Ratchet | None = None

    @field_validator("goal")
    @classmethod
    def _goal_above_zero(cls, goal: float | None) -> float | None:
        if goal is not None and not goal > 0:
            raise ValueError(
                f"goal {goal:g}: expected a goal above 0 (a target of 0 makes every "
                "attainment infinite)"
            )
        return goal

    @model_validator(mode="after")
    def _goal_needed(self) -> TargetRule:
        if self.goal is None and self.split != "history":
            raise ValueError(f"split '{self.split}' needs a 'goal' (the amount to decompose)")
        if self.ratchet is not None and self.split != "history":
            raise ValueError(
                f"ratchet: moves each agent's own target, so it needs split 'history' "
                f"(got '{self.split}')"
            )
        if self.ratchet is not None and self.ratchet.anticipated and self.goal is not None:
            raise ValueError(
                "ratchet.anticipated: agents price how their output raises their own later "
                "target, which a goal split across agents does not tell; expected no 'goal' "
                "(each agent's own history × stretch) or anticipated: false"
            )
        return self


Target = Annotated[float, Field(gt=0)] | TargetRule


# --------------------------------------------------------------------------- pay
class PerformancePay(Model):
    """绩效工资 = ``base`` × grade coefficient (绩效系数)."""

    base: Amount
    grade_coefficients: dict[str, Annotated[float, Field(ge=0, le=20)]]


class Guarantee(Model):
    """保底: total pay is topped up to ``amount``.

    Non-recoverable: the top-up is a gift. Recoverable (a draw): top-ups are
    recovered from later periods' pay above the guarantee, never taking pay
    below it.
    """

    amount: Amount
    recoverable: bool = False


class Pay(Model):
    """Fixed pay: base salary (基本工资), performance pay by grade, and the guarantee (保底)."""

    base_salary: Amount = 0.0
    performance_pay: PerformancePay | None = None
    guarantee: Guarantee | None = None


# --------------------------------------------------------------------------- scorecard
class ScorecardItem(Model):
    """One KPI on the scorecard.

    Attainment: higher-is-better ``actual ÷ target``; lower-is-better
    ``2 − actual ÷ target`` (each 1% worse than target costs 1% attainment),
    never below 0, and 0 for a rate with nothing under it (no connects, no orders). Points: ``linear`` = attainment × 100, 0 below ``floor``,
    at most ``cap`` × 100; ``stepped`` = the points of the highest step reached.
    The item contributes weight/100 × points to the score (100 = every target met).
    """

    kpi: KpiName
    weight: Annotated[float, Field(gt=0)]
    target: Target
    direction: Literal["higher", "lower"] | None = None
    floor: Ratio = 0.0
    cap: Ratio = 1.2
    curve: Literal["linear", "stepped"] = "linear"
    steps: list[tuple[Ratio, Annotated[float, Field(ge=0)]]] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ScorecardItem:
        if self.direction is None:
            object.__setattr__(
                self, "direction", "lower" if self.kpi in LOWER_IS_BETTER else "higher"
            )
        if self.cap < self.floor:
            raise ValueError(f"cap ({self.cap}) is below floor ({self.floor})")
        if self.curve == "stepped":
            if not self.steps:
                raise ValueError("curve 'stepped' needs 'steps': [[attainment, points], ...]")
            _increasing([s[0] for s in self.steps], "steps attainments")
            _non_decreasing([s[1] for s in self.steps], "steps points")
        elif self.steps:
            raise ValueError("'steps' only applies with curve: stepped")
        return self


# --------------------------------------------------------------------------- grades
class BandGrades(Model):
    """Grades by score bands: ``bands`` lists each grade's minimum score, best first.

    A score below every band gets the ``below`` grade.
    """

    method: Literal["bands"] = "bands"
    bands: dict[str, float]
    below: str = "D"

    @model_validator(mode="after")
    def _ordered(self) -> BandGrades:
        _decreasing(list(self.bands.values()), "bands (best grade first)")
        return self

    @property
    def names(self) -> list[str]:
        names = list(self.bands)
        return names if self.below in names else [*names, self.below]


class ForcedGrades(Model):
    """Forced distribution (强制分布): ``shares`` per grade, best first, totalling 100%.

    Agents are ranked by score within the company or within each team, per period.
    Grade sizes are share × headcount rounded by largest remainder, so they always
    add up to the headcount. Tie rule ``exact``: equal scores are ordered by revenue,
    then by agent_id, so shares hold exactly; ``generous``: every agent tied with
    someone in a better grade gets that better grade (shares may be exceeded).
    """

    method: Literal["forced"] = "forced"
    shares: dict[str, SharePoints]
    within: Literal["company", "team"] = "company"
    tie_rule: Literal["exact", "generous"] = "exact"

    @model_validator(mode="before")
    @classmethod
    def _percent_points(cls, data: Any) -> Any:
        """Shares written as 20/70/10 (points) become fractions."""
        if isinstance(data, dict) and isinstance(data.get("shares"), dict):
            vals = [_percent(v) for v in data["shares"].values()]
            numeric = all(isinstance(v, int | float) and v >= 0 for v in vals)
            if numeric and sum(vals) > 1.5:
                data = {
                    **data,
                    "shares": {k: v / 100 for k, v in zip(data["shares"], vals, strict=True)},
                }
        return data

    @model_validator(mode="after")
    def _total(self) -> ForcedGrades:
        total = sum(self.shares.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"shares total {total:.1%}; expected 100%")
        return self

    @property
    def names(self) -> list[str]:
        return list(self.shares)


Grades = Annotated[
    Annotated[BandGrades, Tag("bands")] | Annotated[ForcedGrades, Tag("forced")],
    _tag("method", "bands"),
]
