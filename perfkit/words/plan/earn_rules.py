"""Sentences for what is earned beyond fixed pay: commission, bonuses, rank prizes, the
team share and pool, collaboration credit, non-cash rewards and role rules (the
``plan.*`` templates of :mod:`perfkit.text.catalogue`).

Worked examples of a ladder are priced with the payout engine's own ladder
arithmetic (:func:`perfkit.payout.ladders.commission_on`), so the words and the
pay agree.
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.ladders import commission_on
from perfkit.scheme.models import AttainmentBonus, Commission, Plan, RankBonus
from perfkit.text import t
from perfkit.text.numbers import plain, rate
from perfkit.words.plan.pay_rules import Context, target_phrase
from perfkit.words.plan.vocab import (
    base_name,
    base_value,
    join,
    kpi_name,
    kpi_value,
    reward_name,
)


def priced(c: Commission, base: float) -> float:
    """Commission on ``base`` under ``c`` (ladder, accelerator, gate, cap), by the engine."""
    starts, rates = zip(*c.bands, strict=True)
    accel = None if c.accelerator is None else (c.accelerator.above, c.accelerator.multiplier)
    got = commission_on(np.array([base]), np.array(starts, float), np.array(rates, float),
                        c.mode, c.gate, accel, c.cap)  # fmt: skip
    return float(got[0])


def _rate_of(c: Commission, r: float, ctx: Context) -> str:
    """A band rate: a percentage, or an amount per order."""
    if c.base == "orders":
        return t("plan.commission.per_order", ctx.lang, amount=ctx.money(r))
    return rate(r)


def _base_name(c: Commission, ctx: Context) -> str:
    name = base_name(c.base, ctx.lang)
    if c.base == "margin":
        name += t("plan.commission.margin_of", ctx.lang, rate=rate(c.margin_rate))
    return name


def _ladder(c: Commission, ctx: Context, on: str) -> list[str]:
    """A marginal (超额累进) or whole-amount (全额累进) ladder, with a worked example."""
    lang, bands = ctx.lang, c.bands
    v = lambda x: base_value(c.base, x, ctx.currency, lang)  # noqa: E731
    edges = [b[0] for b in bands[1:]]
    if c.mode == "marginal":
        parts = []
        for i, (lo, r) in enumerate(bands):
            hi = bands[i + 1][0] if i + 1 < len(bands) else None
            kind = "first" if i == 0 else "last" if hi is None else "mid"
            parts.append(t(f"plan.commission.band_{kind}", lang, rate=_rate_of(c, r, ctx),
                           lo=v(lo), hi=v(hi) if hi is not None else ""))  # fmt: skip
        x = (edges[0] + (edges[1] if len(edges) > 1 else 2 * edges[0])) / 2
        pieces = []
        for i, (lo, r) in enumerate(bands):
            hi = bands[i + 1][0] if i + 1 < len(bands) else np.inf
            inside = min(x, hi) - lo
            if inside > 0:
                pieces.append(f"{v(inside)} × {_rate_of(c, r, ctx)}")
        return [
            t("plan.commission.marginal", lang, on=on, bands=join(parts, lang, "clause", "clause_end")),
            t("plan.commission.example", lang, x=v(x), pieces=" + ".join(pieces),
              total=ctx.money(priced(c, x))),
        ]  # fmt: skip
    parts = [
        t("plan.commission.whole_first", lang, rate=_rate_of(c, bands[0][1], ctx), edge=v(edges[0]))
    ]
    parts += [
        t("plan.commission.whole_band", lang, rate=_rate_of(c, r, ctx), lo=v(lo))
        for lo, r in bands[1:]
    ]
    edge = edges[0]
    return [
        t("plan.commission.whole", lang, on=on, bands=join(parts, lang, "clause", "clause_end")),
        t("plan.commission.jump", lang, before=v(edge - 1), below=ctx.money(priced(c, edge - 1)),
          edge=v(edge), at=ctx.money(priced(c, edge))),
    ]  # fmt: skip


def commission(plan: Plan, ctx: Context) -> list[str]:
    """提成: flat, marginal (超额累进) or whole-amount (全额累进), with gate, accelerator,
    cap and the refund rule, and a worked example for a ladder."""
    c = plan.commission
    if c is None:
        return []
    lang, on = ctx.lang, _base_name(c, ctx)
    v = lambda x: base_value(c.base, x, ctx.currency, lang)  # noqa: E731
    if c.mode == "flat" and c.base == "orders":
        out = [t("plan.commission.flat_orders", lang, amount=ctx.money(c.rate))]
    elif c.mode == "flat":
        out = [t("plan.commission.flat", lang, rate=rate(c.rate), on=on)]
    else:
        out = _ladder(c, ctx, on)
    if c.gate > 0:
        out.append(t("plan.commission.gate", lang, on=on, gate=v(c.gate)))
    if c.accelerator is not None:
        a = c.accelerator
        out.append(t("plan.commission.accelerator", lang, above=v(a.above), x=plain(a.multiplier)))
    if c.cap is not None:
        out.append(t("plan.commission.cap", lang, amount=ctx.money(c.cap), period=ctx.period,
                     every=ctx.every))  # fmt: skip
    if c.base != "orders":
        key = "plan.commission.refunds_net" if c.refunds == "net" else "plan.commission.clawback"
        out.append(t(key, lang))
    return out


# --------------------------------------------------------------------------- bonuses
def _attainment_bonus(b: AttainmentBonus, plan: Plan, ctx: Context) -> str:
    lang, name = ctx.lang, kpi_name(b.kpi, ctx.lang)
    item = next((i for i in plan.scorecard if i.kpi == b.kpi), None)
    target = b.target if b.target is not None else item.target
    own = target_phrase(b.kpi, target, ctx)
    tiers = [
        t("plan.bonus.tier", lang, amount=ctx.money(amt), at=rate(att)) for att, amt in b.tier_list
    ]
    if b.cycle == "quarter":
        qt = ""
        own_target = ctx.targets.get(b.kpi) if ctx.targets else None
        fixed = own_target if own_target is not None else target
        if isinstance(fixed, float | int):
            qt = t("plan.bonus.quarter_target", lang,
                   value=kpi_value(b.kpi, 3 * fixed, ctx.currency, lang))  # fmt: skip
        when = t("plan.bonus.quarterly", lang, name=name, qt=qt)
    else:
        when = t("plan.bonus.each", lang, period=ctx.period, every=ctx.every)
    highest = t("plan.bonus.highest", lang) if len(tiers) > 1 else ""
    return t("plan.bonus.attainment", lang, name=name, own=own, when=when, highest=highest,
             tiers=join(tiers, lang, "comma", "comma_end"))  # fmt: skip


def _rank_bonus(b: RankBonus, ctx: Context) -> str:
    lang = ctx.lang
    where = t("plan.rank.in_company" if b.within == "company" else "plan.rank.in_team", lang)
    prizes = [t("plan.rank.prize", lang, amount=ctx.money(p), ordinal=_ordinal(k + 1), n=k + 1)
              for k, p in enumerate(b.prizes)]  # fmt: skip
    return t("plan.rank.prizes", lang, name=kpi_name(b.kpi, lang), period=ctx.period,
             every=ctx.every, where=where, prizes=join(prizes, lang, last="series_end"))  # fmt: skip


def _ordinal(k: int) -> str:
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def bonuses(plan: Plan, ctx: Context) -> list[str]:
    """Attainment bonuses (period or quarter) and rank prizes."""
    return [
        _rank_bonus(b, ctx) if isinstance(b, RankBonus) else _attainment_bonus(b, plan, ctx)
        for b in plan.bonuses
    ]


# --------------------------------------------------------------------------- team
def team(plan: Plan, ctx: Context) -> list[str]:
    """Team weight λ (score and commission blend) and the team pool."""
    lang, tm, out = ctx.lang, plan.team, []
    if tm.weight > 0:
        own, lam = rate(1 - tm.weight), rate(tm.weight)
        parts = [t("plan.team.score_blend", lang, own=own, lam=lam)] * bool(plan.scorecard)
        parts += [t("plan.team.commission_blend", lang, own=own, lam=lam)] * (
            plan.commission is not None
        )
        out.append(
            t("plan.team.weight", lang, lam=lam, parts=t("punct.semicolon", lang).join(parts))
        )
    p = tm.pool
    if p is not None:
        name = kpi_name(p.kpi, lang)
        size = (ctx.money(p.amount) if p.amount is not None
                else t("plan.team.pool_rate", lang, rate=rate(p.rate), name=name))  # fmt: skip
        split = t(f"plan.team.split_{p.split}", lang, name=name)
        if p.target > 0:
            goal = kpi_value(p.kpi, p.target, ctx.currency, lang)
            out.append(t("plan.team.pool_goal", lang, name=name, goal=goal, period=ctx.period,
                         every=ctx.every, size=size, split=split))  # fmt: skip
        else:
            out.append(t("plan.team.pool", lang, period=ctx.period, every=ctx.every, size=size,
                         split=split))  # fmt: skip
    return out


def collaboration(plan: Plan, ctx: Context) -> list[str]:
    """协作奖励 per mentored order."""
    k = plan.collaboration
    out = []
    if k.mentor_per_order:
        out.append(t("plan.collaboration.mentor", ctx.lang, amount=ctx.money(k.mentor_per_order)))
    if k.mentee_per_order:
        out.append(t("plan.collaboration.mentee", ctx.lang, amount=ctx.money(k.mentee_per_order)))
    return out


# --------------------------------------------------------------------------- non-cash
def _who(to, plan: Plan, ctx: Context) -> str:
    """Who receives a non-cash reward."""
    lang, fields = ctx.lang, {"period": ctx.period, "every": ctx.every}
    if to.grade is not None:
        gs = [to.grade] if isinstance(to.grade, str) else list(to.grade)
        return t("plan.noncash.grade", lang, grades=join(gs, lang, last="either_end"))
    if to.min_score is not None:
        return t("plan.noncash.min_score", lang, score=plain(to.min_score))
    kpi = kpi_name(to.kpi, lang)
    if to.team_goal_met:
        goal = to.team_goal
        if goal is None and plan.team.pool is not None:
            goal = plan.team.pool.target
        amount = ctx.money(goal) if to.kpi in ("revenue", "collected", "margin") else plain(goal)
        return t("plan.noncash.team_goal", lang, kpi=kpi, amount=amount, **fields)
    if to.team_top is not None:
        return t("plan.noncash.team_top", lang, kpi=kpi, n=to.team_top, **fields)
    if to.top == 1:
        return t("plan.noncash.best", lang, kpi=kpi, **fields)
    return t("plan.noncash.top", lang, kpi=kpi, n=to.top, **fields)


def non_cash(plan: Plan, ctx: Context) -> list[str]:
    """非经济激励: who gets each reward, its value to the agent and its cost."""
    out, lang = [], ctx.lang
    for r in plan.non_cash:
        worth = []
        if r.value_to_agent:
            worth.append(t("plan.noncash.value", lang, amount=ctx.money(r.value_to_agent)))
        if r.cost:
            worth.append(t("plan.noncash.cost", lang, amount=ctx.money(r.cost)))
        if getattr(r, "cash_per_head", 0):
            worth.append(t("plan.noncash.cash", lang, amount=ctx.money(r.cash_per_head)))
        tail = (
            t("plan.noncash.worth", lang, items=t("punct.comma", lang).join(worth)) if worth else ""
        )
        name = reward_name(r.reward, lang)
        out.append(t("plan.noncash.reward", lang, name=name, Name=name[:1].upper() + name[1:],
                     who=_who(r.to, plan, ctx), tail=tail))  # fmt: skip
    return out


# --------------------------------------------------------------------------- roles
def roles(split_credit, leader_override, ctx: Context) -> list[str]:
    """Opener/closer credit split and the team leader's override (scenario-wide rules)."""
    out = []
    if split_credit is not None:
        shares = [f"{role} {rate(s)}" for role, s in split_credit.shares.items()]
        out.append(
            t("plan.roles.split", ctx.lang, shares=join(shares, ctx.lang, last="series_end"))
        )
    if leader_override is not None:
        lo = leader_override
        out.append(t("plan.roles.leader", ctx.lang, role=lo.role, rate=rate(lo.rate),
                     name=kpi_name(lo.kpi, ctx.lang)))  # fmt: skip
    return out
