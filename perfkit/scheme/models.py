"""Validated plan objects: the scenario language as pydantic models.

Each class documents the rule it encodes, because the payout engine, the
simulation and the report all read the same objects. Amounts are in the
scenario's currency per evaluation period; shares and rates may be written as
fractions (0.6) or percentages ("60%").
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    WithJsonSchema,
    model_validator,
)

from perfkit.kpis import ALL_KPIS, LOWER_IS_BETTER
from perfkit.scheme.base import Model
from perfkit.scheme.population import DataPopulation, Simulation, SyntheticPopulation


def _percent(value: Any) -> Any:
    """Accept "150%" as 1.5; leave everything else to pydantic."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100.0
        except ValueError:
            return value
    return value


_PERCENT_JSON = {"type": "string", "pattern": r"^\s*-?[0-9.]+\s*%\s*$"}
Ratio = Annotated[
    float,
    Field(ge=0),
    BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, _PERCENT_JSON]}),
]
Share = Annotated[
    float,
    Field(ge=0, le=1),
    BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, _PERCENT_JSON]}),
]
Amount = Annotated[float, Field(ge=0)]
#: A share given as a fraction, a percentage string, or percentage points (20 = 20%):
#: the model validator of the owner turns points into fractions.
SharePoints = Annotated[
    float,
    Field(ge=0, le=1),
    BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, _PERCENT_JSON]}),
]


def _check_kpi(name: str) -> str:
    if name not in ALL_KPIS:
        import difflib

        close = difflib.get_close_matches(name, ALL_KPIS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"unknown KPI '{name}'{hint} expected one of: {', '.join(ALL_KPIS)}")
    return name


KpiName = Annotated[str, BeforeValidator(lambda v: _check_kpi(str(v)))]


def _increasing(values: list[float], what: str) -> None:
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must be strictly increasing, got {values}")


def _decreasing(values: list[float], what: str) -> None:
    if any(b >= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must be strictly decreasing, got {values}")


def _non_decreasing(values: list[float], what: str) -> None:
    if any(b < a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must not decrease, got {values}")


# --------------------------------------------------------------------------- targets
class TargetRule(Model):
    """A target decomposed from a goal (目标分解).

    ``split``: ``equal`` (goal ÷ agents in the unit), ``capacity`` (by each agent's
    share of dials, or of a ``capacity`` column when the data has one), or
    ``history`` (by each agent's own mean of the KPI over the data). Without a
    ``goal``, ``history`` sets each agent's target to their own mean × ``stretch``.
    ``per``: the goal is for the whole company or for each team, per period.
    """

    goal: Amount | None = None
    per: Literal["company", "team"] = "company"
    split: Literal["equal", "capacity", "history"] = "equal"
    stretch: Annotated[float, Field(gt=0)] = 1.0

    @model_validator(mode="after")
    def _goal_needed(self) -> TargetRule:
        if self.goal is None and self.split != "history":
            raise ValueError(f"split '{self.split}' needs a 'goal' (the amount to decompose)")
        return self


Target = Annotated[float, Field(gt=0)] | TargetRule


# --------------------------------------------------------------------------- pay
class PerformancePay(Model):
    """绩效工资 = ``base`` × grade coefficient (绩效系数)."""

    base: Amount
    grade_coefficients: dict[str, Annotated[float, Field(ge=0)]]


class Guarantee(Model):
    """保底: total pay is topped up to ``amount``.

    Non-recoverable: the top-up is a gift. Recoverable (a draw): top-ups are
    recovered from later periods' pay above the guarantee, never taking pay
    below it.
    """

    amount: Amount
    recoverable: bool = False


class Pay(Model):
    base_salary: Amount = 0.0
    performance_pay: PerformancePay | None = None
    guarantee: Guarantee | None = None


# --------------------------------------------------------------------------- scorecard
class ScorecardItem(Model):
    """One KPI on the scorecard.

    Attainment: higher-is-better ``actual ÷ target``; lower-is-better
    ``2 − actual ÷ target`` (each 1% worse than target costs 1% attainment),
    never below 0. Points: ``linear`` = attainment × 100, 0 below ``floor``,
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


def _tag(key: str, default: str):
    """A discriminator that falls back to ``default`` when the tag key is left out."""

    def pick(data: Any) -> str:
        return data.get(key, default) if isinstance(data, dict) else getattr(data, key, default)

    return Discriminator(pick)


Grades = Annotated[
    Annotated[BandGrades, Tag("bands")] | Annotated[ForcedGrades, Tag("forced")],
    _tag("method", "bands"),
]


# --------------------------------------------------------------------------- commission
class Accelerator(Model):
    """Commission earned on the part of the base above ``above`` is multiplied."""

    above: Amount
    multiplier: Annotated[float, Field(ge=1)]


class Commission(Model):
    """提成.

    ``base``: revenue, collected (回款), margin (net revenue × ``margin_rate``), or
    orders (rates are then amounts per order). ``mode``: ``flat`` (one ``rate``),
    ``marginal`` (超额累进: each band at its own rate) or ``whole`` (全额累进: the
    reached band's rate on everything). ``ladder``: [[from, rate], ...] starting at 0.
    ``gate`` (门槛): no commission while the base is below it. ``cap`` (封顶): at most
    this much per period. ``refunds``: ``net`` reduces the period's base by its refunds;
    ``clawback`` pays on the gross base and claws back the commission on refunds
    (at the period's effective rate) in the agent's next period.
    """

    base: Literal["revenue", "collected", "margin", "orders"] = "revenue"
    mode: Literal["flat", "marginal", "whole"] = "flat"
    rate: Ratio | None = None
    ladder: list[tuple[Amount, Ratio]] | None = None
    margin_rate: Share = 1.0
    gate: Amount = 0.0
    accelerator: Accelerator | None = None
    cap: Amount | None = None
    refunds: Literal["net", "clawback"] = "net"

    @model_validator(mode="before")
    @classmethod
    def _ladder_dicts(cls, data: Any) -> Any:
        """Accept ladder rows as {from: x, rate: r} as well as [x, r]."""
        if isinstance(data, dict) and isinstance(data.get("ladder"), list):
            rows = [
                [r.get("from"), r.get("rate")] if isinstance(r, dict) else r for r in data["ladder"]
            ]
            data = {**data, "ladder": rows}
        return data

    @model_validator(mode="after")
    def _shape(self) -> Commission:
        if self.mode == "flat":
            if self.rate is None:
                raise ValueError("mode 'flat' needs 'rate'")
            if self.ladder:
                raise ValueError(
                    "mode 'flat' takes 'rate', not 'ladder'; use mode marginal or whole"
                )
        else:
            if not self.ladder:
                raise ValueError(f"mode '{self.mode}' needs 'ladder': [[from, rate], ...]")
            if self.rate is not None:
                raise ValueError(f"mode '{self.mode}' takes 'ladder', not 'rate'")
            starts = [row[0] for row in self.ladder]
            if starts[0] != 0:
                raise ValueError(f"ladder must start at 0, got {starts[0]}")
            _increasing(starts, "ladder band starts")
            if self.mode == "whole":
                _non_decreasing([row[1] for row in self.ladder], "whole-amount ladder rates")
        return self

    @property
    def bands(self) -> list[tuple[float, float]]:
        """The ladder as (from, rate) rows; a flat rate is one band from 0."""
        return [(0.0, float(self.rate))] if self.mode == "flat" else [tuple(r) for r in self.ladder]


# --------------------------------------------------------------------------- bonuses
class AttainmentBonus(Model):
    """Lump sum when a KPI's attainment reaches ``at`` (a cliff: nothing just below).

    ``tiers`` [[attainment, amount], ...] pays the highest tier reached instead.
    ``cycle: quarter`` measures the quarter's total against 3 × the monthly
    target and pays in the quarter's last month. The target defaults to the
    KPI's scorecard target.
    """

    type: Literal["attainment"] = "attainment"
    kpi: KpiName = "revenue"
    target: Target | None = None
    at: Ratio = 1.0
    amount: Amount | None = None
    tiers: list[tuple[Ratio, Amount]] | None = None
    cycle: Literal["period", "quarter"] = "period"

    @model_validator(mode="after")
    def _one_form(self) -> AttainmentBonus:
        if (self.amount is None) == (self.tiers is None):
            raise ValueError("give either 'amount' (with 'at') or 'tiers', not both or neither")
        if self.tiers:
            _increasing([t[0] for t in self.tiers], "tiers attainments")
        return self

    @property
    def tier_list(self) -> list[tuple[float, float]]:
        return list(self.tiers) if self.tiers else [(self.at, float(self.amount))]


class RankBonus(Model):
    """Rank prizes (e.g. monthly champion 月度冠军): ``prizes[k]`` to the (k+1)-th best."""

    type: Literal["rank"] = "rank"
    kpi: KpiName = "revenue"
    prizes: list[Amount]
    within: Literal["company", "team"] = "company"


Bonus = Annotated[
    Annotated[AttainmentBonus, Tag("attainment")] | Annotated[RankBonus, Tag("rank")],
    _tag("type", "attainment"),
]


# --------------------------------------------------------------------------- team
class TeamPool(Model):
    """Team pool: paid when the team's total ``kpi`` reaches ``target``.

    Size: ``amount``, or ``rate`` × the team's total KPI. Split equally, by score,
    or by each member's own KPI (``by_revenue`` uses the pool's KPI).
    """

    kpi: KpiName = "revenue"
    target: Amount = 0.0
    amount: Amount | None = None
    rate: Share | None = None
    split: Literal["equal", "by_score", "by_revenue"] = "equal"

    @model_validator(mode="before")
    @classmethod
    def _alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and "per_team_target" in data:
            data = {**data, "target": data["per_team_target"]}
            del data["per_team_target"]
        return data

    @model_validator(mode="after")
    def _size(self) -> TeamPool:
        if (self.amount is None) == (self.rate is None):
            raise ValueError("give the pool either an 'amount' or a 'rate', not both or neither")
        return self


class Team(Model):
    """Team share ``weight`` (λ) of the variable pay.

    The grading score is (1 − λ) × own score + λ × team mean score, and commission
    is (1 − λ) × own commission + λ × team mean commission, so a team of N pays
    each member a marginal share (1 − λ) + λ/N of their own output.
    """

    weight: Share = 0.0
    pool: TeamPool | None = None


class Collaboration(Model):
    """协作奖励: per mentored order to the mentor, per assisted order to the mentee."""

    mentor_per_order: Amount = 0.0
    mentee_per_order: Amount = 0.0


# --------------------------------------------------------------------------- deductions
class QaDeduction(Model):
    line: Annotated[float, Field(ge=0, le=100)]
    amount: Amount


class ComplaintDeduction(Model):
    per_complaint: Amount
    free: Annotated[int, Field(ge=0)] = 0


class ActivityDeduction(Model):
    kpi: KpiName = "dials"
    min: Amount
    amount: Amount


class Deductions(Model):
    """扣款: QA below a line, per complaint beyond ``free``, missed minimum activity."""

    qa_below: QaDeduction | None = None
    complaints: ComplaintDeduction | None = None
    min_activity: ActivityDeduction | None = None


# --------------------------------------------------------------------------- non-cash
class GrantRule(Model):
    """Who gets a non-cash reward: a grade, a minimum score, or the top N by a KPI."""

    grade: str | list[str] | None = None
    min_score: float | None = None
    top: Annotated[int, Field(gt=0)] | None = None
    kpi: KpiName = "revenue"

    @model_validator(mode="after")
    def _one(self) -> GrantRule:
        given = [x is not None for x in (self.grade, self.min_score, self.top)]
        if sum(given) != 1:
            raise ValueError("grant by exactly one of 'grade', 'min_score' or 'top'")
        return self


class NonCashReward(Model):
    """非经济激励 (promotion priority, training, honours, flexible hours, outings)."""

    reward: str
    to: GrantRule
    value_to_agent: Amount = 0.0
    cost: Amount = 0.0

    @model_validator(mode="before")
    @classmethod
    def _short_grade(cls, data: Any) -> Any:
        """Accept ``to: grade S`` as ``to: {grade: S}``."""
        if isinstance(data, dict) and isinstance(data.get("to"), str):
            parts = data["to"].split()
            if len(parts) == 2 and parts[0] in {"grade", "top"}:
                key, val = parts
                data = {**data, "to": {key: int(val) if key == "top" else val}}
        return data


# --------------------------------------------------------------------------- roles
class SplitCredit(Model):
    """Opener (邀约) / closer (成交) split of shared orders' revenue, by role."""

    shares: dict[str, Share]

    @model_validator(mode="after")
    def _total(self) -> SplitCredit:
        if abs(sum(self.shares.values()) - 1.0) > 1e-6:
            raise ValueError(f"split shares total {sum(self.shares.values()):.0%}; expected 100%")
        return self


class LeaderOverride(Model):
    """A team leader earns ``rate`` × the rest of the team's total ``kpi``."""

    role: str = "team_leader"
    kpi: KpiName = "revenue"
    rate: Share


class SegmentRule(Model):
    """Which agents a segment plan covers: by role, tenure, or agent list."""

    role: str | list[str] | None = None
    tenure_months_below: float | None = None
    tenure_months_at_least: float | None = None
    agents: list[str] | None = None


class Plan(Model):
    """The pay rules that can differ between segments."""

    pay: Pay = Pay()
    scorecard: list[ScorecardItem] = []
    grades: Grades | None = None
    commission: Commission | None = None
    bonuses: list[Bonus] = []
    team: Team = Team()
    collaboration: Collaboration = Collaboration()
    deductions: Deductions = Deductions()
    non_cash: list[NonCashReward] = []

    @model_validator(mode="after")
    def _coherent(self) -> Plan:
        if self.scorecard:
            total = sum(item.weight for item in self.scorecard)
            if abs(total - 100) > 1e-6:
                raise ValueError(f"scorecard weights total {total:g}; expected 100")
            kpis = [item.kpi for item in self.scorecard]
            dupes = sorted({k for k in kpis if kpis.count(k) > 1})
            if dupes:
                raise ValueError(f"scorecard lists {', '.join(dupes)} more than once")
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
                raise ValueError("pay.performance_pay needs 'grades' to pick the coefficient")
            if not self.scorecard:
                raise ValueError("pay.performance_pay needs a 'scorecard' to score agents")
            missing = [g for g in self.grades.names if g not in pp.grade_coefficients]
            if missing:
                raise ValueError(
                    f"pay.performance_pay.grade_coefficients has no coefficient for grade(s) "
                    f"{', '.join(missing)}; expected one per grade in 'grades'"
                )
        return self


class Segment(Model):
    """A plan for a role or segment; ``plan`` keys override the main plan's."""

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
    """A whole scheme: a main plan, optional segment plans, and its context."""

    name: str
    description: str = ""
    currency: str = "CNY"
    period: Literal["month", "quarter"] = "month"
    population: Population | None = None
    budget: Budget | None = None
    simulation: Simulation | None = None
    segments: list[Segment] = []
    split_credit: SplitCredit | None = None
    leader_override: LeaderOverride | None = None
    _source: str = PrivateAttr(default="<scenario>")
    _notes: dict[str, str] = PrivateAttr(default_factory=dict)
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
    def main_plan(self) -> Plan:
        """The plan for agents no segment covers."""
        return Plan.model_validate(self.model_dump(include=set(Plan.model_fields)))

    def plan_for(self, segment: str) -> Plan:
        """The merged plan of one segment."""
        return self._segment_plans[segment]
