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
from perfkit.words.plan.vocab import join, kpi_name, period_word

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
    k = plan.collaboration
    parts = [
        *["base_salary"] * bool(plan.pay.base_salary),
        *["performance_pay"] * (plan.pay.performance_pay is not None),
        *["commission"] * (plan.commission is not None),
        *["bonuses"] * bool(plan.bonuses),
        *["team_pool"] * (plan.team.pool is not None),
        *["collaboration_credit"] * bool(k.mentor_per_order or k.mentee_per_order),
    ]
    minus = ["deductions"] * pay.has_deductions(plan)
    minus += ["clawbacks"] * (plan.commission is not None and plan.commission.refunds == "clawback")
    formula = " + ".join(t(f"plan.part.{p}", c.lang) for p in parts) or t(
        "plan.part.nothing", c.lang
    )
    formula += "".join(f" − {t(f'plan.part.{m}', c.lang)}" for m in minus)
    then = t("plan.overview_guarantee", c.lang) if guarantee else ""
    return [t("plan.overview", c.lang, every=c.every, formula=formula, guarantee=then)]


def _who(rule: SegmentRule, c: Context) -> str:
    """'agents with role X, under 6 months of tenure' / '角色为 X、司龄不足6个月的员工'."""
    lang, parts = c.lang, []
    if rule.role is not None:
        roles = [rule.role] if isinstance(rule.role, str) else list(rule.role)
        parts.append(t("plan.segment.role", lang, roles=join(roles, lang, "alternative", "or")))
    if rule.tenure_months_below is not None:
        parts.append(t("plan.segment.tenure_below", lang, m=f"{rule.tenure_months_below:g}"))
    if rule.tenure_months_at_least is not None:
        parts.append(t("plan.segment.tenure_at_least", lang, m=f"{rule.tenure_months_at_least:g}"))
    if rule.agents is not None:
        shown = rule.agents[:8] + (["…"] if len(rule.agents) > 8 else [])
        parts.append(t("plan.segment.agents", lang, ids=t("punct.list", lang).join(shown)))
    return t("plan.segment.who", lang, parts=join(parts, lang, last="series_end"))


def _segments(scenario: Scenario, main: Plan, c: Context) -> list[str]:
    """Each segment: who is on it, and the rules that differ from the main plan."""
    if not scenario.segments:
        return []
    out = [t("plan.segment.intro", c.lang)]
    for seg in scenario.segments:
        merged = scenario.plan_for(seg.name)
        changed = []
        for key, make in _PLAN_SECTIONS.items():
            mine, theirs = make(merged, c), make(main, c)
            new = [s for s in mine if s not in theirs]
            if mine != theirs:
                rules = " ".join(new) if mine else t("plan.segment.none", c.lang)
                changed.append(
                    t(
                        "plan.segment.changed",
                        c.lang,
                        title=t(f"plan.title.{key}", c.lang),
                        rules=rules,
                    )
                )
        head = t("plan.segment.head", c.lang, who=_who(seg.when, c), name=seg.name)
        if changed:
            out.append(t("plan.segment.differs", c.lang, head=head, changes=" ".join(changed)))
        else:
            out.append(t("plan.segment.same", c.lang, head=head))
    return out


def _cycle(scenario: Scenario, plans: list[Plan], c: Context) -> list[str]:
    """The evaluation period, quarter-cycle bonuses and ratcheting targets."""
    lang = c.lang
    what = ["scores"] * any(p.scorecard for p in plans)
    what += ["grades"] * any(p.grades is not None for p in plans) + ["pay"]
    listed = join([t(f"plan.cycle.{w}", lang) for w in what], lang)
    key = "plan.cycle.one" if len(what) == 1 else "plan.cycle.many"
    out = [t(key, lang, what=listed, What=listed[:1].upper() + listed[1:], every=c.every)]
    quarterly = any(isinstance(b, AttainmentBonus) and b.cycle == "quarter"
                    for p in plans for b in p.bonuses)  # fmt: skip
    if quarterly:
        out.append(t("plan.cycle.quarterly", lang))
    ratchets = sorted({
        getattr(tg, "ratchet", None).every
        for p in plans
        for tg in [i.target for i in p.scorecard] + [getattr(b, "target", None) for b in p.bonuses]
        if getattr(tg, "ratchet", None) is not None
    })  # fmt: skip
    if ratchets:
        every = join([period_word(r, lang) for r in ratchets], lang, "alternative", "or")
        out.append(t("plan.cycle.ratchet", lang, every=every))
        out += _anticipation(plans, lang)
    return out


def _anticipation(plans: list[Plan], lang: Lang) -> list[str]:
    """Whether the forecast's agents see each ratcheting KPI's ratchet coming."""
    seen: dict[bool, list[str]] = {True: [], False: []}
    for p in plans:
        rules = [(i.kpi, i.target) for i in p.scorecard]
        rules += [(b.kpi, getattr(b, "target", None)) for b in p.bonuses]
        for kpi, tg in rules:
            r = getattr(tg, "ratchet", None)
            if r is not None and kpi not in seen[r.anticipated]:
                seen[r.anticipated].append(kpi)
    key = {True: "plan.cycle.ratchet_anticipated", False: "plan.cycle.ratchet_myopic"}
    return [t(key[a], lang, kpis=join([kpi_name(k, lang) for k in kpis], lang))
            for a, kpis in seen.items() if kpis]  # fmt: skip


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
