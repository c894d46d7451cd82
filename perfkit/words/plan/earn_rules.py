"""Sentences for what is earned beyond fixed pay: commission, bonuses, rank prizes, the
team share and pool, collaboration credit, non-cash rewards and role rules.

Worked examples of a ladder are priced with the payout engine's own ladder
arithmetic (:func:`perfkit.payout.ladders.commission_on`), so the words and the
pay agree.
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.ladders import commission_on
from perfkit.scheme.models import AttainmentBonus, Commission, Plan, RankBonus
from perfkit.words.plan.numbers import plain, rate
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
        return ctx.say(f"{ctx.money(r)} per order", f"每单{ctx.money(r)}")
    return rate(r)


def _base_name(c: Commission, ctx: Context) -> str:
    name = base_name(c.base, ctx.lang)
    if c.base == "margin":
        name += ctx.say(
            f" (net revenue × {rate(c.margin_rate)})", f"（净销售额 × {rate(c.margin_rate)}）"
        )
    return name


def commission(plan: Plan, ctx: Context) -> list[str]:
    """提成: flat, marginal (超额累进) or whole-amount (全额累进), with gate, accelerator,
    cap and the refund rule, and a worked example for a ladder."""
    c = plan.commission
    if c is None:
        return []
    on = _base_name(c, ctx)
    v = lambda x: base_value(c.base, x, ctx.currency, ctx.lang)  # noqa: E731
    out: list[str] = []
    if c.mode == "flat":
        if c.base == "orders":
            out.append(ctx.say(f"Commission: {ctx.money(c.rate)} per order.", f"提成：每成交一单{ctx.money(c.rate)}。"))  # fmt: skip
        else:
            out.append(ctx.say(f"Commission: {rate(c.rate)} of {on}.", f"提成：按{on}的{rate(c.rate)}计提。"))  # fmt: skip
    else:
        bands = c.bands
        edges = [b[0] for b in bands[1:]]
        if c.mode == "marginal":
            parts = []
            for i, (lo, r) in enumerate(bands):
                hi = bands[i + 1][0] if i + 1 < len(bands) else None
                if i == 0:
                    parts.append(ctx.say(f"{_rate_of(c, r, ctx)} on the part up to {v(hi)}",
                                         f"{v(hi)}以内的部分{_rate_of(c, r, ctx)}"))  # fmt: skip
                elif hi is None:
                    parts.append(ctx.say(f"{_rate_of(c, r, ctx)} on the part above {v(lo)}",
                                         f"{v(lo)}以上的部分{_rate_of(c, r, ctx)}"))  # fmt: skip
                else:
                    parts.append(ctx.say(f"{_rate_of(c, r, ctx)} on the part from {v(lo)} to {v(hi)}",
                                         f"{v(lo)}至{v(hi)}的部分{_rate_of(c, r, ctx)}"))  # fmt: skip
            out.append(ctx.say(
                f"Commission on {on}, marginal ladder (超额累进: each band's rate applies only to "
                f"the part of the amount inside that band, like tax brackets): {join(parts, 'en')}.",
                f"提成按{on}超额累进计算（每档比例只适用于落在该档内的部分，类似个人所得税）："
                f"{'；'.join(parts)}。",
            ))  # fmt: skip
            x = (edges[0] + (edges[1] if len(edges) > 1 else 2 * edges[0])) / 2
            pieces = []
            for i, (lo, r) in enumerate(bands):
                hi = bands[i + 1][0] if i + 1 < len(bands) else np.inf
                inside = min(x, hi) - lo
                if inside > 0:
                    pieces.append(f"{v(inside)} × {_rate_of(c, r, ctx)}")
            out.append(ctx.say(
                f"For example, {v(x)} earns {' + '.join(pieces)} = {ctx.money(priced(c, x))}.",
                f"例如{v(x)}的提成为 {' + '.join(pieces)} = {ctx.money(priced(c, x))}。",
            ))  # fmt: skip
        else:
            parts = [ctx.say(f"{_rate_of(c, bands[0][1], ctx)} below {v(edges[0])}",
                             f"不足{v(edges[0])}按{_rate_of(c, bands[0][1], ctx)}")]  # fmt: skip
            for lo, r in bands[1:]:
                parts.append(ctx.say(f"{_rate_of(c, r, ctx)} on the whole amount once it reaches {v(lo)}",
                                     f"达到{v(lo)}，全部按{_rate_of(c, r, ctx)}"))  # fmt: skip
            out.append(ctx.say(
                f"Commission on {on}, whole-amount ladder (全额累进: the rate of the band reached "
                f"applies to the whole amount, not only to the part above the edge): "
                f"{join(parts, 'en')}.",
                f"提成按{on}全额累进计算（达到哪一档，全部金额都按该档比例计提，而不只是超出部分）："
                f"{'；'.join(parts)}。",
            ))  # fmt: skip
            edge = edges[0]
            below, at = priced(c, edge - 1), priced(c, edge)
            out.append(ctx.say(
                f"So pay jumps at each band edge: at {v(edge - 1)} commission is "
                f"{ctx.money(below)}, at {v(edge)} it is {ctx.money(at)}.",
                f"因此跨过分界点时提成跳升：{v(edge - 1)}时提成{ctx.money(below)}，"
                f"达到{v(edge)}时为{ctx.money(at)}。",
            ))  # fmt: skip
    if c.gate > 0:
        out.append(ctx.say(f"No commission while {on} is below {v(c.gate)} (a gate, 门槛).",
                           f"门槛：{on}低于{v(c.gate)}时不计提成。"))  # fmt: skip
    if c.accelerator is not None:
        a = c.accelerator
        out.append(ctx.say(
            f"Accelerator: commission earned on the part above {v(a.above)} is multiplied by {plain(a.multiplier)}.",
            f"加速：超过{v(a.above)}部分的提成乘以{plain(a.multiplier)}。",
        ))  # fmt: skip
    if c.cap is not None:
        out.append(ctx.say(f"Commission is capped at {ctx.money(c.cap)} a {ctx.period} (封顶).",
                           f"封顶：每{'季度' if ctx.period == 'quarter' else '月'}提成最多{ctx.money(c.cap)}。"))  # fmt: skip
    if c.base != "orders":
        if c.refunds == "net":
            out.append(ctx.say("Refunds are taken off the commission base in the period they occur.",
                               "退款在发生当期从提成基数中扣除。"))  # fmt: skip
        else:
            out.append(ctx.say(
                "Commission is paid on the gross amount; commission on refunds is clawed back "
                "(追回) from the agent's next period's pay, at that period's effective rate.",
                "提成按未扣退款的金额计发；退款对应的提成按当期实际提成比例，在下一期薪酬中追回。",
            ))  # fmt: skip
    return out


# --------------------------------------------------------------------------- bonuses
def _attainment_bonus(b: AttainmentBonus, plan: Plan, ctx: Context) -> str:
    name = kpi_name(b.kpi, ctx.lang)
    item = next((i for i in plan.scorecard if i.kpi == b.kpi), None)
    target = b.target if b.target is not None else item.target
    own = target_phrase(b.kpi, target, ctx)
    tiers = [ctx.say(f"{ctx.money(amt)} at {rate(att)} of target", f"达成{rate(att)}奖{ctx.money(amt)}")
             for att, amt in b.tier_list]  # fmt: skip
    if b.cycle == "quarter":
        qt = ""
        own_target = ctx.targets.get(b.kpi) if ctx.targets else None
        fixed = own_target if own_target is not None else target
        if isinstance(fixed, float | int):
            qt = ctx.say(f" ({kpi_value(b.kpi, 3 * fixed, ctx.currency, 'en')})",
                         f"（{kpi_value(b.kpi, 3 * fixed, ctx.currency, 'zh')}）")  # fmt: skip
        when = ctx.say(
            f"measured on the quarter: the quarter's {name} against 3 × the monthly target{qt}, "
            "paid in the quarter's last month",
            f"按季度考核：季度{name}对照3倍月度目标{qt}，在季度最后一个月发放",
        )
    else:
        when = ctx.say(
            f"measured each {ctx.period}", f"每{'季度' if ctx.period == 'quarter' else '月'}考核"
        )
    several = len(tiers) > 1
    return ctx.say(
        f"Bonus on {name} ({own}), {when}: {join(tiers, 'en')}"
        + ("; the highest tier reached is paid" if several else "")
        + ". Nothing is paid just below a threshold (a cliff).",
        f"{name}达成奖（{own}），{when}：{'，'.join(tiers)}"
        + ("；按达到的最高档发放" if several else "")
        + "。未达门槛不发（悬崖式）。",
    )


def _rank_bonus(b: RankBonus, ctx: Context) -> str:
    where = (
        ctx.say("in the company", "全公司")
        if b.within == "company"
        else ctx.say("in each team", "各团队内")
    )
    prizes = [ctx.say(f"{ctx.money(p)} to the {_ordinal(k + 1)}", f"第{k + 1}名{ctx.money(p)}")
              for k, p in enumerate(b.prizes)]  # fmt: skip
    name = kpi_name(b.kpi, ctx.lang)
    every = "季度" if ctx.period == "quarter" else "月"
    return ctx.say(
        f"Rank prizes on {name}, every {ctx.period} {where}: {join(prizes, 'en')}.",
        f"排名奖：每{every}{where}按{name}排名，{'、'.join(prizes)}。",
    )


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
    t, out = plan.team, []
    if t.weight > 0:
        own, lam = rate(1 - t.weight), rate(t.weight)
        parts_en, parts_zh = [], []
        if plan.scorecard:
            parts_en.append(
                f"the grading score is {own} your own score + {lam} your team's mean score"
            )
            parts_zh.append(f"评级得分 = {own} × 个人得分 + {lam} × 团队平均得分")
        if plan.commission is not None:
            parts_en.append(
                f"commission is {own} your own commission + {lam} the team's mean commission"
            )
            parts_zh.append(f"提成 = {own} × 个人提成 + {lam} × 团队人均提成")
        out.append(ctx.say(f"Team weight {lam}: {'; '.join(parts_en)}.",
                           f"团队权重{lam}：{'；'.join(parts_zh)}。"))  # fmt: skip
    p = t.pool
    if p is not None:
        name = kpi_name(p.kpi, ctx.lang)
        size = ctx.money(p.amount) if p.amount is not None else ctx.say(
            f"{rate(p.rate)} of the team's {name}", f"团队{name}的{rate(p.rate)}")  # fmt: skip
        split = {
            "equal": ctx.say("split equally among its members", "由成员平均分配"),
            "by_score": ctx.say("split in proportion to each member's score", "按成员个人得分比例分配"),
            "by_revenue": ctx.say(f"split in proportion to each member's {name}", f"按成员个人{name}比例分配"),
        }[p.split]  # fmt: skip
        every = "季度" if ctx.period == "quarter" else "月"
        if p.target > 0:
            goal = kpi_value(p.kpi, p.target, ctx.currency, ctx.lang)
            out.append(ctx.say(
                f"Team pool: when a team's total {name} reaches {goal} in a {ctx.period}, the team "
                f"receives {size}, {split}.",
                f"团队奖金池：团队当{every}{name}合计达到{goal}时，发放{size}，{split}。",
            ))  # fmt: skip
        else:
            out.append(ctx.say(f"Team pool: every {ctx.period} each team receives {size}, {split}.",
                               f"团队奖金池：每{every}各团队发放{size}，{split}。"))  # fmt: skip
    return out


def collaboration(plan: Plan, ctx: Context) -> list[str]:
    """协作奖励 per mentored order."""
    k = plan.collaboration
    out = []
    if k.mentor_per_order:
        out.append(ctx.say(
            f"Collaboration credit: {ctx.money(k.mentor_per_order)} to a mentor for each order a "
            "new colleague closes with their help.",
            f"协作奖励：新同事在带教下每成交一单，带教人得{ctx.money(k.mentor_per_order)}。",
        ))  # fmt: skip
    if k.mentee_per_order:
        out.append(ctx.say(
            f"The new colleague earns {ctx.money(k.mentee_per_order)} for each order closed with a mentor.",
            f"被带教的新同事每成交一单得{ctx.money(k.mentee_per_order)}。",
        ))  # fmt: skip
    return out


# --------------------------------------------------------------------------- non-cash
def non_cash(plan: Plan, ctx: Context) -> list[str]:
    """非经济激励: who gets each reward, its value to the agent and its cost."""
    out = []
    every = "季度" if ctx.period == "quarter" else "月"
    for r in plan.non_cash:
        to = r.to
        if to.grade is not None:
            gs = [to.grade] if isinstance(to.grade, str) else list(to.grade)
            who = ctx.say(f"agents graded {join(gs, 'en', 'or')}", f"{'、'.join(gs)}级员工")
        elif to.min_score is not None:
            who = ctx.say(
                f"agents scoring at least {plain(to.min_score)}",
                f"得分不低于{plain(to.min_score)}分的员工",
            )
        elif to.team_goal_met:
            goal = to.team_goal
            if goal is None and plan.team.pool is not None:
                goal = plan.team.pool.target
            amount = (
                ctx.money(goal) if to.kpi in ("revenue", "collected", "margin") else plain(goal)
            )
            who = ctx.say(
                f"every member of a team whose {kpi_name(to.kpi, 'en')} reaches {amount} "
                f"in the {ctx.period}",
                f"当{every}团队{kpi_name(to.kpi, 'zh')}达到{amount}的团队全体成员",
            )
        elif to.team_top is not None:
            who = ctx.say(
                f"every member of the top {to.team_top} team(s) on {kpi_name(to.kpi, 'en')} "
                f"each {ctx.period}",
                f"每{every}团队{kpi_name(to.kpi, 'zh')}前{to.team_top}名的团队全体成员",
            )
        elif to.top == 1:
            who = ctx.say(f"the best agent on {kpi_name(to.kpi, 'en')} each {ctx.period}",
                          f"每{every}{kpi_name(to.kpi, 'zh')}第1名")  # fmt: skip
        else:
            who = ctx.say(f"the top {to.top} on {kpi_name(to.kpi, 'en')} each {ctx.period}",
                          f"每{every}{kpi_name(to.kpi, 'zh')}前{to.top}名")  # fmt: skip
        name = reward_name(r.reward, ctx.lang)
        worth = []
        if r.value_to_agent:
            worth.append(ctx.say(f"worth about {ctx.money(r.value_to_agent)} to the agent",
                                 f"员工估值约{ctx.money(r.value_to_agent)}"))  # fmt: skip
        if r.cost:
            worth.append(
                ctx.say(f"costing the firm {ctx.money(r.cost)}", f"企业成本{ctx.money(r.cost)}")
            )
        if getattr(r, "cash_per_head", 0):
            worth.append(ctx.say(f"plus {ctx.money(r.cash_per_head)} in cash each",
                                 f"另每人现金{ctx.money(r.cash_per_head)}"))  # fmt: skip
        tail = ctx.say(f" ({', '.join(worth)})", f"（{'，'.join(worth)}）") if worth else ""
        out.append(
            ctx.say(f"{name[:1].upper()}{name[1:]} for {who}{tail}.", f"{name}：授予{who}{tail}。")
        )
    return out


# --------------------------------------------------------------------------- roles
def roles(split_credit, leader_override, ctx: Context) -> list[str]:
    """Opener/closer credit split and the team leader's override (scenario-wide rules)."""
    out = []
    if split_credit is not None:
        shares = [f"{role} {rate(s)}" for role, s in split_credit.shares.items()]
        out.append(ctx.say(
            f"Revenue of shared orders is credited by role: {join(shares, 'en')}.",
            f"协作成交的销售额按角色分配：{'、'.join(shares)}。",
        ))  # fmt: skip
    if leader_override is not None:
        lo = leader_override
        name = kpi_name(lo.kpi, ctx.lang)
        out.append(ctx.say(
            f"Agents with the role {lo.role} earn {rate(lo.rate)} of the rest of their team's {name}.",
            f"角色为 {lo.role} 的员工另得本团队其他成员{name}合计的{rate(lo.rate)}。",
        ))  # fmt: skip
    return out
