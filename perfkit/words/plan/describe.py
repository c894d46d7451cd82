"""A scenario's rules as plain sentences, section by section, in English or Chinese.

:func:`describe_plan` is generated from the scenario alone: every rule the plan
configures gets a sentence, and every number in a sentence is the scenario's own
value. User-typed strings (names, descriptions, grade, segment, role and reward
names) are kept as typed; :mod:`perfkit.words.plan.render` escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import perfkit.words.plan.earn_rules as earn
import perfkit.words.plan.pay_rules as pay
from perfkit.scheme.models import AttainmentBonus, Plan, Scenario, SegmentRule
from perfkit.text import Lang, t
from perfkit.words.plan.pay_rules import Context
from perfkit.words.plan.vocab import join

#: Section keys in reading order (titles: ``plan.title.*``).
SECTIONS = (
    "overview", "fixed", "scorecard", "grades", "commission", "bonuses", "team",
    "collaboration", "deductions", "guarantee", "non_cash", "roles", "segments", "cycle",
)  # fmt: skip

#: The plan blocks that may differ between segments, and their sentence makers.
_PLAN_SECTIONS = {
    "fixed": pay.fixed_pay,
    "scorecard": pay.scorecard,
    "grades": pay.grades,
    "commission": earn.commission,
    "bonuses": earn.bonuses,
    "team": earn.team,
    "collaboration": earn.collaboration,
    "deductions": pay.deductions,
    "guarantee": pay.guarantee,
    "non_cash": earn.non_cash,
}


@dataclass(frozen=True)
class Section:
    """One block of rules: a key, its title in the language, and its sentences."""

    key: str
    title: str
    sentences: list[str] = field(default_factory=list)


def plan_name(scenario: Scenario, lang: Lang) -> str:
    """The scenario's name in ``lang`` (``name_zh`` in Chinese when given)."""
    return (scenario.name_zh or scenario.name) if lang == "zh" else scenario.name


def plan_description(scenario: Scenario, lang: Lang) -> str:
    """The scenario's description in ``lang``; in Chinese only ``description_zh``, so an
    English description never leaks into a Chinese report."""
    text = scenario.description_zh if lang == "zh" else scenario.description
    return (text or "").strip()


def localized(scenario: Scenario, lang: Lang) -> Scenario:
    """The scenario with its name and description in ``lang`` (same rules, same source)."""
    if lang != "zh":
        return scenario
    return scenario.model_copy(
        update={"name": plan_name(scenario, lang), "description": plan_description(scenario, lang)}
    )


def _overview(plan: Plan, c: Context, guarantee: bool) -> list[str]:
    """The pay formula with only the parts the plan has."""
    parts: list[tuple[str, str]] = []
    if plan.pay.base_salary:
        parts.append(("base salary", "基本工资"))
    if plan.pay.performance_pay is not None:
        parts.append(("performance pay", "绩效工资"))
    if plan.commission is not None:
        parts.append(("commission", "提成"))
    if plan.bonuses:
        parts.append(("bonuses", "奖金"))
    if plan.team.pool is not None:
        parts.append(("team pool", "团队奖金"))
    k = plan.collaboration
    if k.mentor_per_order or k.mentee_per_order:
        parts.append(("collaboration credit", "协作奖励"))
    minus: list[tuple[str, str]] = []
    if pay.has_deductions(plan):
        minus.append(("deductions", "扣款"))
    if plan.commission is not None and plan.commission.refunds == "clawback":
        minus.append(("clawbacks", "追回"))
    en = " + ".join(p[0] for p in parts) or "nothing"
    zh = " + ".join(p[1] for p in parts) or "无"
    en += "".join(f" − {m[0]}" for m in minus)
    zh += "".join(f" − {m[1]}" for m in minus)
    every = c.say(c.period, "季度" if c.period == "quarter" else "月")
    out = [c.say(f"Each {every}'s pay = {en}" + (", then topped up to the guarantee" if guarantee else "") + ".",
                 f"每{every}薪酬 = {zh}" + ("，再按保底补足" if guarantee else "") + "。")]  # fmt: skip
    return out


def _who(rule: SegmentRule, c: Context) -> str:
    """'agents with role X, under 6 months of tenure' / '角色为 X、司龄不足6个月的员工'."""
    parts = []
    if rule.role is not None:
        roles = [rule.role] if isinstance(rule.role, str) else list(rule.role)
        parts.append(c.say(f"with the role {join(roles, 'en', 'or')}", f"角色为{'或'.join(roles)}"))
    if rule.tenure_months_below is not None:
        m = f"{rule.tenure_months_below:g}"
        parts.append(c.say(f"with under {m} months of tenure", f"司龄不足{m}个月"))
    if rule.tenure_months_at_least is not None:
        m = f"{rule.tenure_months_at_least:g}"
        parts.append(c.say(f"with at least {m} months of tenure", f"司龄满{m}个月"))
    if rule.agents is not None:
        shown = rule.agents[:8] + (["…"] if len(rule.agents) > 8 else [])
        parts.append(c.say(f"listed by ID ({', '.join(shown)})", f"工号为{'、'.join(shown)}"))
    return c.say(f"Agents {join(parts, 'en')}", f"{'、'.join(parts)}的员工")


def _segments(scenario: Scenario, main: Plan, c: Context) -> list[str]:
    """Each segment: who is on it, and the rules that differ from the main plan."""
    if not scenario.segments:
        return []
    out = [c.say(
        "Agents are on the first segment plan whose rule matches them; everyone else is on the main plan.",
        "员工按顺序适用第一个符合条件的分组方案；不属于任何分组的员工适用主方案。",
    )]  # fmt: skip
    for seg in scenario.segments:
        merged = scenario.plan_for(seg.name)
        changed = []
        for key, make in _PLAN_SECTIONS.items():
            mine, theirs = make(merged, c), make(main, c)
            new = [s for s in mine if s not in theirs]
            if mine != theirs:
                title = t(f"plan.title.{key}", c.lang)
                gone = c.say("none.", "不设。")
                changed.append(f"{title}{c.say(' — ', '——')}{' '.join(new) if mine else gone}")
        head = c.say(f"{_who(seg.when, c)} are on the plan “{seg.name}”",
                     f"{_who(seg.when, c)}适用分组方案“{seg.name}”")  # fmt: skip
        if changed:
            out.append(head + c.say(". For them: ", "。对他们而言：") + " ".join(changed))
        else:
            out.append(
                head + c.say(", with the same rules as the main plan.", "，规则与主方案相同。")
            )
    return out


def _cycle(scenario: Scenario, plans: list[Plan], c: Context) -> list[str]:
    """The evaluation period, quarter-cycle bonuses and ratcheting targets."""
    every = c.say(c.period, "季度" if c.period == "quarter" else "月")
    what = [("scores", "考核得分")] * any(p.scorecard for p in plans)
    what += [("grades", "绩效等级")] * any(p.grades is not None for p in plans)
    what += [("pay", "薪酬")]
    en = join([w[0] for w in what], "en")
    out = [c.say(f"{en[:1].upper()}{en[1:]} {'is' if len(what) == 1 else 'are'} worked out every {every}.",
                 f"{join([w[1] for w in what], 'zh')}按{every}计算。")]  # fmt: skip
    quarterly = any(isinstance(b, AttainmentBonus) and b.cycle == "quarter"
                    for p in plans for b in p.bonuses)  # fmt: skip
    if quarterly:
        out.append(c.say(
            "Quarterly bonuses are measured over calendar quarters (January–March, April–June, "
            "July–September, October–December) and paid with the quarter's last month; an agent "
            "not on the payroll in that month is not paid.",
            "季度奖按自然季度（1–3月、4–6月、7–9月、10–12月）考核，随季度最后一个月薪酬发放；"
            "该月不在职者不发。",
        ))  # fmt: skip
    ratchets = sorted({
        getattr(t, "ratchet", None).every
        for p in plans
        for t in [i.target for i in p.scorecard] + [getattr(b, "target", None) for b in p.bonuses]
        if getattr(t, "ratchet", None) is not None
    })  # fmt: skip
    if ratchets:
        words = {"month": ("month", "月"), "quarter": ("quarter", "季度"), "year": ("year", "年")}
        out.append(c.say(
            f"Some targets follow results (a ratchet), reset every {join([words[r][0] for r in ratchets], 'en', 'or')}.",
            f"部分目标随业绩调整（棘轮），每{'或'.join(words[r][1] for r in ratchets)}重设一次。",
        ))  # fmt: skip
    return out


def describe_plan(
    scheme: Scenario,
    lang: Lang = "en",
    *,
    segment: str | None = None,
    targets: dict[str, float] | None = None,
) -> list[Section]:
    """Every rule of ``scheme`` in plain sentences, as titled sections (empty ones left out).

    ``segment``: write the plan of that segment (as a plan letter for one of its agents
    does) instead of the main plan with its segments; ``targets``: the agent's own
    target per KPI, stated instead of the rule that decomposes it.
    """
    c = Context(scheme.currency, scheme.period, lang, targets)
    main = scheme.main_plan
    plan = main if segment in (None, "main") else scheme.plan_for(segment)
    plans = [main, *(scheme.plan_for(s.name) for s in scheme.segments)]
    body = {key: make(plan, c) for key, make in _PLAN_SECTIONS.items()}
    body["roles"] = earn.roles(scheme.split_credit, scheme.leader_override, c)
    body["overview"] = _overview(plan, c, plan.pay.guarantee is not None)
    body["segments"] = _segments(scheme, main, c) if segment is None else []
    body["cycle"] = _cycle(scheme, plans if segment is None else [plan], c)
    return [
        Section(key, t(f"plan.title.{key}", lang), body[key]) for key in SECTIONS if body.get(key)
    ]


def sentences(sections: list[Section]) -> list[str]:
    """All sentences of the sections, in order."""
    return [s for sec in sections for s in sec.sentences]
