"""Sentences for the fixed pay, the scorecard, the grades, the deductions and the guarantee.

Each function takes one block of a plan and returns plain sentences (no Markdown,
user strings as typed: :mod:`perfkit.words.plan.render` escapes them); the sentences
are the ``plan.*`` templates of :mod:`perfkit.text.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfkit.core.kpis import KPI_UNITS
from perfkit.payout.proration import is_volume
from perfkit.scheme.models import BandGrades, Plan, ScorecardItem, TargetRule
from perfkit.text import Lang, t
from perfkit.text.numbers import plain, rate
from perfkit.words.plan.vocab import (
    amount,
    join,
    kpi_name,
    kpi_value,
    per_period,
    period_word,
)


@dataclass(frozen=True)
class Context:
    """What every sentence needs besides the rule: currency, period, language, and the
    agent's own targets when the plan is written for one agent (a plan letter)."""

    currency: str
    period: str
    lang: Lang
    targets: dict[str, float] | None = None

    def money(self, x: float) -> str:
        return amount(x, self.currency, self.lang)

    @property
    def per(self) -> str:
        """'a month' / '每月'."""
        return per_period(self.period, self.lang)

    @property
    def every(self) -> str:
        """'month' / '月'."""
        return period_word(self.period, self.lang)


# --------------------------------------------------------------------------- fixed pay
def fixed_pay(plan: Plan, c: Context) -> list[str]:
    """Base salary and performance pay by grade."""
    out = []
    pay = plan.pay
    if pay.base_salary:
        out.append(t("plan.fixed.base_salary", c.lang, amount=c.money(pay.base_salary), per=c.per))
    pp = pay.performance_pay
    if pp is not None:
        parts = [
            t("plan.fixed.grade_pay", c.lang, grade=grade, k=plain(k),
              paid=c.money(pp.base * k) if k else t("plan.fixed.nothing", c.lang))
            for grade, k in pp.grade_coefficients.items()
        ]  # fmt: skip
        out.append(t("plan.fixed.performance_pay", c.lang, base=c.money(pp.base),
                     grades=join(parts, c.lang, last="series_end")))  # fmt: skip
    return out + proration(plan, c)


def proration(plan: Plan, c: Context) -> list[str]:
    """How a joiner's or leaver's month is paid (:class:`perfkit.scheme.proration.Proration`),
    where the plan has fixed pay or fixed volume targets to prorate."""
    p = plan.proration
    fixed = bool(plan.pay.base_salary or plan.pay.performance_pay or plan.pay.guarantee)
    volume = any(isinstance(i.target, int | float) and is_volume(i.kpi) for i in plan.scorecard)
    base, targets = p.base and fixed, p.targets and volume
    if p.method == "none" or not (base or targets):
        return []
    which = "both" if base and targets else "base" if base else "targets"
    days, example = (t(f"plan.fixed.{k}.{p.method}", c.lang) for k in ("days", "example"))
    return [t(f"plan.fixed.proration_{which}", c.lang, days=days, example=example)]


# --------------------------------------------------------------------------- scorecard
def target_phrase(kpi: str, target: float | TargetRule, c: Context) -> str:
    """'CNY 25,000 a month', or how the target is decomposed, or the agent's own target."""
    own = c.targets.get(kpi) if c.targets else None
    if own is not None or not isinstance(target, TargetRule):
        value = kpi_value(kpi, own if own is not None else target, c.currency, c.lang)
        whose = t("plan.target.yours" if own is not None else "plan.target.plain", c.lang)
        if KPI_UNITS.get(kpi) in ("rate", "score", "satisfaction"):  # a level, not a volume
            return t("plan.target.level", c.lang, target=whose, value=value)
        return t("plan.target.volume", c.lang, target=whose, value=value, per=c.per)
    return rule_phrase(kpi, target, c)


def rule_phrase(kpi: str, rule: TargetRule, c: Context) -> str:
    """A decomposed target (目标分解) in words, with its stretch and ratchet."""
    scope = "company" if rule.per == "company" else "team"
    if rule.goal is not None:
        among = t(f"plan.target.among_{scope}", c.lang)
        how = t(f"plan.target.split_{rule.split}", c.lang, among=among)
        goal = kpi_value(kpi, rule.goal, c.currency, c.lang)
        unit = t(f"plan.target.unit_{scope}", c.lang)
        text = t("plan.target.goal", c.lang, unit=unit, goal=goal, per=c.per, how=how)
    else:
        text = t("plan.target.own_average", c.lang)
    if rule.stretch != 1:
        text += t("plan.target.stretch", c.lang, x=plain(rule.stretch))
    if rule.ratchet is not None:
        every = period_word(rule.ratchet.every, c.lang)
        text += t("plan.target.ratchet", c.lang, every=every, share=rate(rule.ratchet.share))
    return text


def scorecard_item(item: ScorecardItem, c: Context) -> str:
    """One KPI's weight, target, direction, floor, cap and curve."""
    name = kpi_name(item.kpi, c.lang)
    head = t("plan.scorecard.item", c.lang, name=name, Name=name[:1].upper() + name[1:],
             weight=plain(item.weight), target=target_phrase(item.kpi, item.target, c))  # fmt: skip
    how = t("plan.scorecard.lower", c.lang) if item.direction == "lower" else ""
    if item.curve == "stepped":
        steps = [
            t("plan.scorecard.step", c.lang, points=plain(p), at=rate(a)) for a, p in item.steps
        ]
        pts = t("plan.scorecard.steps", c.lang, steps=join(steps, c.lang, last="series_end"))
    else:
        pts = ""
        if item.floor > 0:
            pts += t("plan.scorecard.floor", c.lang, floor=rate(item.floor))
        pts += t("plan.scorecard.cap", c.lang, points=plain(item.cap * 100))
    return head + how + pts + t("plan.full_stop", c.lang)


def scorecard(plan: Plan, c: Context) -> list[str]:
    """How the score is made, then one sentence per KPI."""
    if not plan.scorecard:
        return []
    intro = t("plan.scorecard.intro", c.lang, every=c.every)
    return [intro, *(scorecard_item(item, c) for item in plan.scorecard)]


# --------------------------------------------------------------------------- grades
def grades(plan: Plan, c: Context) -> list[str]:
    """Band or forced-distribution grades."""
    g = plan.grades
    if g is None:
        return []
    if isinstance(g, BandGrades):
        bands = [
            t("plan.grades.band", c.lang, name=name, low=plain(low))
            for name, low in g.bands.items()
        ]
        if g.below not in g.bands:
            lowest = plain(min(g.bands.values()))
            bands.append(t("plan.grades.below", c.lang, name=g.below, low=lowest))
        return [t("plan.grades.bands", c.lang, bands=join(bands, c.lang, "clause", "clause_end"))]
    where = t(
        "plan.grades.within_company" if g.within == "company" else "plan.grades.within_team", c.lang
    )
    shares = [
        t("plan.grades.share", c.lang, name=name, share=rate(s)) for name, s in g.shares.items()
    ]
    text = t("plan.grades.forced", c.lang, where=where, every=c.every,
             shares=join(shares, c.lang, last="series_end"))  # fmt: skip
    tie = "plan.grades.tie_exact" if g.tie_rule == "exact" else "plan.grades.tie_better"
    return [text + t(tie, c.lang)]


# --------------------------------------------------------------------------- deductions
def deductions(plan: Plan, c: Context) -> list[str]:
    """扣款: QA below a line, complaints beyond the free ones, missed minimum activity."""
    d, out = plan.deductions, []
    if d.qa_below is not None:
        q = d.qa_below
        out.append(t("plan.deductions.qa", c.lang, amount=c.money(q.amount), every=c.every,
                     line=plain(q.line)))  # fmt: skip
    if d.complaints is not None:
        k = d.complaints
        key = "plan.deductions.complaints_beyond" if k.free else "plan.deductions.complaints"
        out.append(t(key, c.lang, amount=c.money(k.per_complaint), every=c.every, free=k.free))
    if d.min_activity is not None:
        a = d.min_activity
        least = kpi_value(a.kpi, a.min, c.currency, c.lang)
        out.append(t("plan.deductions.min_activity", c.lang, amount=c.money(a.amount),
                     every=c.every, kpi=kpi_name(a.kpi, c.lang), least=least))  # fmt: skip
    return out


def has_deductions(plan: Plan) -> bool:
    d = plan.deductions
    return any(x is not None for x in (d.qa_below, d.complaints, d.min_activity))


# --------------------------------------------------------------------------- guarantee
def guarantee(plan: Plan, c: Context) -> list[str]:
    """保底, and whether deductions can take pay below it (the engine applies the
    guarantee last, on pay after deductions and clawbacks, so they cannot)."""
    g = plan.pay.guarantee
    clawback = plan.commission is not None and plan.commission.refunds == "clawback"
    if g is None:
        if has_deductions(plan) or clawback:
            what = join(
                [t("plan.part.deductions", c.lang)] * has_deductions(plan)
                + [t("plan.part.clawbacks", c.lang)] * clawback,
                c.lang,
            )
            return [t("plan.guarantee.none_taken", c.lang, what=what)]
        return [t("plan.guarantee.none", c.lang)]
    x = c.money(g.amount)
    first = t("plan.guarantee.topped_up", c.lang, x=x)
    key = "plan.guarantee.advance" if g.recoverable else "plan.guarantee.not_repaid"
    return [first + t(key, c.lang, x=x, period=c.period) + t("plan.guarantee.before", c.lang, x=x)]
