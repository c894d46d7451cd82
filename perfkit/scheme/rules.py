"""How pay is earned beyond the scorecard: commission, bonuses, team, collaboration,
deductions, non-cash rewards and role rules.

Each class documents the rule it encodes; the payout engine implements exactly that.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    Tag,
    model_validator,
)

from perfkit.scheme.base import Model
from perfkit.scheme.measures import Target
from perfkit.scheme.types import (
    MAX_AMOUNT,
    Amount,
    KpiName,
    Ratio,
    Share,
    _increasing,
    _non_decreasing,
    _tag,
)


# --------------------------------------------------------------------------- commission
class Accelerator(Model):
    """Commission earned on the part of the base above ``above`` is multiplied."""

    above: Amount
    multiplier: Annotated[float, Field(ge=1, le=20)]


class Commission(Model):
    """提成.

    ``base``: revenue, collected (回款), margin (net revenue × ``margin_rate``), or
    orders (rates are then amounts per order). ``mode``: ``flat`` (one ``rate``),
    ``marginal`` (超额累进: each band at its own rate) or ``whole`` (全额累进: the
    reached band's rate on everything). ``ladder``: [[from, rate], ...] starting at 0,
    or the same rows as mappings: ``[{from: 0, rate: 2%}, {from: 30000, rate: 4%}]``.
    A rate on a money base is a share of it (at most 100%: ``2`` is refused, with
    "did you mean 2%?"); on ``orders`` it is an amount per order.
    ``gate`` (门槛): no commission while the base is below it. ``cap`` (封顶): at most
    this much per period. ``refunds``: ``net`` reduces the period's base by its refunds;
    ``clawback`` pays on the gross base and claws back the commission on refunds
    (at the period's effective rate) in the agent's next period.
    """

    base: Literal["revenue", "collected", "margin", "orders"] = "revenue"
    mode: Literal["flat", "marginal", "whole"] = "flat"
    rate: Ratio | None = None
    ladder: Annotated[list[tuple[Amount, Ratio]], Field(max_length=100)] | None = None
    margin_rate: Share = 1.0
    gate: Amount = 0.0
    accelerator: Accelerator | None = None
    cap: Amount | None = None
    refunds: Literal["net", "clawback"] = "net"

    @model_validator(mode="before")
    @classmethod
    def _ladder_dicts(cls, data: Any) -> Any:
        """Accept ladder rows as {from: x, rate: r} as well as [x, r] (documented in
        the class docstring, so in docs/scenario-reference.md)."""
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
        self._plausible_rates()
        return self

    def _plausible_rates(self) -> None:
        """A rate on money above 100% pays more than the sale brings: almost always a
        percentage written as a plain number (2 for 2%). On orders a rate is an amount."""
        rows = [("rate", self.rate)] if self.mode == "flat" else [
            (f"ladder[{i}] rate", r) for i, (_, r) in enumerate(self.ladder or [])
        ]  # fmt: skip
        for where, rate in rows:
            if self.base == "orders":
                if rate > MAX_AMOUNT:
                    raise ValueError(
                        f"{where} {rate:g} per order is implausibly large; expected at most "
                        f"{MAX_AMOUNT:,.0f}"
                    )
            elif rate > 1:
                raise ValueError(
                    f"{where} is {rate:g} ({rate:.0%} of {self.base}), which pays "
                    f"more than the {self.base} itself; did you mean {rate:g}%? (write "
                    f"'{rate:g}%' or {rate / 100:g})"
                )

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
    tiers: Annotated[list[tuple[Ratio, Amount]], Field(max_length=100)] | None = None
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
    prizes: Annotated[list[Amount], Field(max_length=1000)]
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
    """质检扣款: ``amount`` off in a period whose QA score is below ``line``."""

    line: Annotated[float, Field(ge=0, le=100)]
    amount: Amount


class ComplaintDeduction(Model):
    """投诉扣款: ``per_complaint`` for each complaint in a period beyond the first ``free``."""

    per_complaint: Amount
    free: Annotated[int, Field(ge=0)] = 0


class ActivityDeduction(Model):
    """Missed minimum activity: ``amount`` off when ``kpi`` is below ``min`` in a period."""

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
    """Who gets a non-cash reward: a grade, a minimum score, the top N by a KPI, or a team rule.

    Team rules grant every member of a team: ``team_goal_met: true`` when the team's
    total ``kpi`` reaches ``team_goal`` (default: the team pool's target, which must
    then be on the same KPI), or ``team_top: N`` for the members of the N teams with
    the highest total ``kpi`` (lowest for lower-is-better KPIs) in the period.
    """

    grade: str | list[str] | None = None
    min_score: float | None = None
    top: Annotated[int, Field(gt=0)] | None = None
    team_goal_met: bool | None = None
    team_top: Annotated[int, Field(gt=0)] | None = None
    team_goal: Amount | None = None
    kpi: KpiName = "revenue"

    @model_validator(mode="after")
    def _one(self) -> GrantRule:
        if self.team_goal_met is False:
            raise ValueError("team_goal_met: write 'true' (or leave it out and use another rule)")
        rules = (self.grade, self.min_score, self.top, self.team_goal_met, self.team_top)
        if sum(x is not None for x in rules) != 1:
            raise ValueError(
                "grant by exactly one of 'grade', 'min_score', 'top', 'team_goal_met' or 'team_top'"
            )
        if self.team_goal is not None and not self.team_goal_met:
            raise ValueError("'team_goal' only applies with team_goal_met: true")
        return self

    @property
    def by_team(self) -> bool:
        """Whether the rule grants whole teams."""
        return bool(self.team_goal_met) or self.team_top is not None


class NonCashReward(Model):
    """非经济激励 (promotion priority, training, honours, flexible hours, outings).

    ``value_to_agent`` and ``cost`` are per agent granted (per head for a team rule,
    so a team outing costs heads × ``cost`` for each qualifying team).
    ``cash_per_head`` adds a cash bonus to each agent granted (in ``team_bonus`` for
    a team rule, else in ``bonus``): a team bonus for reaching the goal or by rank.
    """

    reward: str
    to: GrantRule
    value_to_agent: Amount = 0.0
    cost: Amount = 0.0
    cash_per_head: Amount = 0.0

    @model_validator(mode="before")
    @classmethod
    def _short_grade(cls, data: Any) -> Any:
        """Accept ``to: grade S`` as ``to: {grade: S}`` (and ``to: team_top 1``)."""
        if isinstance(data, dict) and isinstance(data.get("to"), str):
            parts = data["to"].split()
            if len(parts) == 2 and parts[0] in {"grade", "top", "team_top"}:
                key, val = parts
                data = {**data, "to": {key: val if key == "grade" else int(val)}}
            elif parts == ["team_goal_met"]:
                data = {**data, "to": {"team_goal_met": True}}
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
    """Which agents a segment plan covers: by role, tenure, or agent list (all that are
    given must hold)."""

    role: str | list[str] | None = None
    tenure_months_below: float | None = None
    tenure_months_at_least: float | None = None
    agents: list[str] | None = None

    @model_validator(mode="after")
    def _selects(self) -> SegmentRule:
        if not self.model_fields_set - {"note"}:
            raise ValueError(
                "a segment's 'when' needs at least one of role, tenure_months_below, "
                "tenure_months_at_least or agents (an empty rule would match every agent)"
            )
        return self
