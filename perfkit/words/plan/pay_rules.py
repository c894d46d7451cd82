"""Sentences for the fixed pay, the scorecard, the grades, the deductions and the guarantee.

Each function takes one block of a plan and returns plain sentences (no Markdown,
user strings as typed: :mod:`perfkit.words.plan.render` escapes them).
"""

from __future__ import annotations

from dataclasses import dataclass

from perfkit.scheme.models import BandGrades, Plan, ScorecardItem, TargetRule
from perfkit.text import Lang
from perfkit.words.plan.numbers import plain, rate
from perfkit.words.plan.vocab import (
    RATE_KPIS,
    SCORE_KPIS,
    amount,
    join,
    kpi_name,
    kpi_value,
    per_period,
    pick,
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

    def say(self, en: str, zh: str) -> str:
        return pick(self.lang, en, zh)


# --------------------------------------------------------------------------- fixed pay
def fixed_pay(plan: Plan, c: Context) -> list[str]:
    """Base salary and performance pay by grade."""
    out = []
    pay = plan.pay
    if pay.base_salary:
        out.append(c.say(f"Base salary: {c.money(pay.base_salary)} {per_period(c.period, 'en')}.",
                         f"基本工资：{per_period(c.period, 'zh')}{c.money(pay.base_salary)}。"))  # fmt: skip
    pp = pay.performance_pay
    if pp is not None:
        parts = []
        for grade, k in pp.grade_coefficients.items():
            paid = c.money(pp.base * k) if k else c.say("nothing", "不发")
            parts.append(
                c.say(f"{grade} × {plain(k)} ({paid})", f"{grade}级 × {plain(k)}（{paid}）")
            )
        out.append(c.say(
            f"Performance pay: {c.money(pp.base)} × the coefficient of the grade earned: "
            f"{join(parts, 'en')}.",
            f"绩效工资：{c.money(pp.base)} × 所得绩效等级的系数：{'、'.join(parts)}。",
        ))  # fmt: skip
    return out


# --------------------------------------------------------------------------- scorecard
def target_phrase(kpi: str, target: float | TargetRule, c: Context) -> str:
    """'CNY 25,000 a month', or how the target is decomposed, or the agent's own target."""
    own = c.targets.get(kpi) if c.targets else None
    if own is not None or not isinstance(target, TargetRule):
        value = kpi_value(kpi, own if own is not None else target, c.currency, c.lang)
        en, zh = ("your target", "你的目标") if own is not None else ("target", "目标")
        if kpi in RATE_KPIS or kpi in SCORE_KPIS or kpi == "satisfaction":
            return c.say(f"{en} {value}", f"{zh}{value}")
        return c.say(f"{en} {value} {per_period(c.period, 'en')}",
                     f"{zh}{per_period(c.period, 'zh')}{value}")  # fmt: skip
    return rule_phrase(kpi, target, c)


def rule_phrase(kpi: str, t: TargetRule, c: Context) -> str:
    """A decomposed target (目标分解) in words, with its stretch and ratchet."""
    unit = c.say("the company's", "公司") if t.per == "company" else c.say("each team's", "各团队")
    among = c.say("the company's agents", "全公司员工") if t.per == "company" else c.say(
        "the team's agents", "团队成员")  # fmt: skip
    if t.goal is not None:
        goal = kpi_value(kpi, t.goal, c.currency, c.lang)
        how = {
            "equal": c.say(f"split equally among {among}", f"在{among}之间平均分配"),
            "capacity": c.say(f"split among {among} by dial capacity", f"按外呼能力在{among}之间分配"),
            "history": c.say(f"split among {among} by their own past results",
                             f"按各人历史业绩在{among}之间分配"),
        }[t.split]  # fmt: skip
        text = c.say(f"target: {unit} goal of {goal} {per_period(c.period, 'en')}, {how}",
                     f"目标：{unit}{per_period(c.period, 'zh')}目标{goal}，{how}")  # fmt: skip
    else:
        text = c.say("target: each agent's own past average", "目标：本人历史平均值")
    if t.stretch != 1:
        text += c.say(f", × {plain(t.stretch)}", f"，再乘以{plain(t.stretch)}")
    if t.ratchet is not None:
        every = {"month": ("month", "月"), "quarter": ("quarter", "季度"), "year": ("year", "年")}
        en, zh = every[t.ratchet.every]
        share = rate(t.ratchet.share)
        text += c.say(
            f"; every {en} the target moves {share} of the way to the agent's average of the "
            f"previous {en} (a ratchet)",
            f"；每{zh}初，目标向本人上{zh}平均值移动差额的{share}（棘轮）",
        )
    return text


def scorecard_item(item: ScorecardItem, c: Context) -> str:
    """One KPI's weight, target, direction, floor, cap and curve."""
    name = kpi_name(item.kpi, c.lang)
    head = c.say(f"{name[:1].upper()}{name[1:]}: weight {plain(item.weight)}%, "
                 f"{target_phrase(item.kpi, item.target, c)}",
                 f"{name}：权重{plain(item.weight)}%，{target_phrase(item.kpi, item.target, c)}")  # fmt: skip
    how = c.say(", lower is better", "，越低越好") if item.direction == "lower" else ""
    if item.curve == "stepped":
        steps = [c.say(f"{plain(p)} points from {rate(a)} attainment", f"达成率{rate(a)}及以上得{plain(p)}分")
                 for a, p in item.steps]  # fmt: skip
        pts = c.say(f"; points by steps (the highest step reached): {join(steps, 'en')}",
                    f"；按档计分（取达到的最高档）：{'、'.join(steps)}")  # fmt: skip
    else:
        pts = ""
        if item.floor > 0:
            pts += c.say(f", no points below {rate(item.floor)} attainment",
                         f"，达成率低于{rate(item.floor)}不得分")  # fmt: skip
        pts += c.say(
            f", at most {plain(item.cap * 100)} points", f"，最高{plain(item.cap * 100)}分"
        )
    return head + how + pts + c.say(".", "。")


def scorecard(plan: Plan, c: Context) -> list[str]:
    """How the score is made, then one sentence per KPI."""
    if not plan.scorecard:
        return []
    intro = c.say(
        f"Each {c.period} every agent gets a score: the weighted sum of each KPI's points "
        "(100 means every target exactly met). A KPI's points are its attainment × 100: "
        "attainment is actual ÷ target, or for a lower-is-better KPI 2 − actual ÷ target "
        "(each 1% worse than target costs 1 point), never below 0.",
        f"每{'季度' if c.period == 'quarter' else '月'}按各项指标得分加权汇总为考核得分"
        "（100分表示各项指标恰好达标）。单项得分 = 达成率 × 100：达成率 = 实际值 ÷ 目标；"
        "越低越好的指标，达成率 = 2 − 实际值 ÷ 目标（每比目标差1%扣1分），最低为0。",
    )
    return [intro, *(scorecard_item(item, c) for item in plan.scorecard)]


# --------------------------------------------------------------------------- grades
def grades(plan: Plan, c: Context) -> list[str]:
    """Band or forced-distribution grades."""
    g = plan.grades
    if g is None:
        return []
    if isinstance(g, BandGrades):
        bands = [c.say(f"{name} from {plain(lo)} points", f"{name}级为{plain(lo)}分及以上")
                 for name, lo in g.bands.items()]  # fmt: skip
        lowest = min(g.bands.values())
        below = c.say(
            f"{g.below} below {plain(lowest)} points", f"{g.below}级为低于{plain(lowest)}分"
        )
        if g.below not in g.bands:
            bands.append(below)
        return [c.say(f"Grades by score: {join(bands, 'en')}.", f"按得分评定绩效等级：{'；'.join(bands)}。")]  # fmt: skip
    where = (
        c.say("the company", "全公司") if g.within == "company" else c.say("each team", "各团队内")
    )
    shares = [c.say(f"{rate(s)} {name}", f"{name}级{rate(s)}") for name, s in g.shares.items()]
    text = c.say(
        f"Grades by rank (forced distribution, 强制分布) within {where} every {c.period}, "
        f"best first: {join(shares, 'en')}. Group sizes are rounded so they add up to the headcount.",
        f"绩效等级按强制分布评定：每{'季度' if c.period == 'quarter' else '月'}在{where}按得分排名，"
        f"由高到低依次为{'、'.join(shares)}；各等级人数取整后合计等于总人数。",
    )
    if g.tie_rule == "exact":
        text += c.say(" Equal scores are ordered by revenue, then by agent ID.",
                      "得分相同时按销售额、再按工号排序。")  # fmt: skip
    else:
        text += c.say(" An agent tied with someone in a better grade gets that better grade.",
                      "与较高等级员工得分相同者，一律评为较高等级。")  # fmt: skip
    return [text]


# --------------------------------------------------------------------------- deductions
def deductions(plan: Plan, c: Context) -> list[str]:
    """扣款: QA below a line, complaints beyond the free ones, missed minimum activity."""
    d, out = plan.deductions, []
    month = c.say(c.period, "季度" if c.period == "quarter" else "月")
    if d.qa_below is not None:
        q = d.qa_below
        out.append(c.say(
            f"QA deduction: {c.money(q.amount)} off in any {month} whose QA score is below {plain(q.line)}.",
            f"质检扣款：当{month}质检分低于{plain(q.line)}分，扣{c.money(q.amount)}。",
        ))  # fmt: skip
    if d.complaints is not None:
        k = d.complaints
        if k.free:
            out.append(c.say(
                f"Complaint deduction: {c.money(k.per_complaint)} for each complaint in a {month} "
                f"beyond the first {k.free}.",
                f"投诉扣款：当{month}投诉超过{k.free}次的部分，每次扣{c.money(k.per_complaint)}。",
            ))  # fmt: skip
        else:
            out.append(c.say(
                f"Complaint deduction: {c.money(k.per_complaint)} for each complaint.",
                f"投诉扣款：每次投诉扣{c.money(k.per_complaint)}。",
            ))  # fmt: skip
    if d.min_activity is not None:
        a = d.min_activity
        least = kpi_value(a.kpi, a.min, c.currency, c.lang)
        out.append(c.say(
            f"Minimum activity: {c.money(a.amount)} off in a {month} with {kpi_name(a.kpi, 'en')} "
            f"below {least}.",
            f"最低工作量扣款：当{month}{kpi_name(a.kpi, 'zh')}低于{least}，扣{c.money(a.amount)}。",
        ))  # fmt: skip
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
            what = c.say(
                join(["deductions"] * has_deductions(plan) + ["clawbacks"] * clawback, "en"),
                join(["扣款"] * has_deductions(plan) + ["追回"] * clawback, "zh"),
            )
            return [c.say(
                f"There is no guaranteed minimum (保底): {what} come straight off pay, so they "
                "can take pay below the base salary.",
                f"未设保底：{what}直接从薪酬中扣除，可能使当期薪酬低于基本工资。",
            )]  # fmt: skip
        return [c.say("There is no guaranteed minimum (保底).", "未设保底。")]
    x = c.money(g.amount)
    first = c.say(
        f"Guarantee (保底): when total pay after deductions and clawbacks is below {x}, it is "
        f"topped up to {x}.",
        f"保底：扣款和追回之后的薪酬总额低于{x}的，补足到{x}。",
    )
    if g.recoverable:
        repay = c.say(
            f" The top-up is an advance (a draw): it is recovered from later {c.period}s' pay "
            f"above {x}, never taking pay below {x}.",
            f"补差为预支（可收回）：从以后各期超过{x}的部分中扣回，扣回后不低于{x}。",
        )
    else:
        repay = c.say(" The top-up is not repaid.", "补差无需归还。")
    below = c.say(
        f" Deductions are taken before the guarantee, so they cannot take pay below {x}.",
        f"扣款在保底之前计算，因此扣款不会使薪酬低于{x}。",
    )
    return [first + repay + below]
