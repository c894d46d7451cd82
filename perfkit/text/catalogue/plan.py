"""The plan in words (perfkit.words.plan): section titles (``plan.title.*``), non-cash
rewards (``reward.*``) and the sentences of each rule (``plan.*``).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # section titles, in reading order
    "plan.title.overview": ("How pay adds up", "薪酬构成"),
    "plan.title.fixed": ("Fixed pay", "固定薪酬"),
    "plan.title.scorecard": ("Scorecard", "考核指标"),
    "plan.title.grades": ("Grades", "绩效等级"),
    "plan.title.commission": ("Commission", "提成"),
    "plan.title.bonuses": ("Bonuses and rank prizes", "奖金与排名奖"),
    "plan.title.team": ("Team share and team pool", "团队权重与团队奖金池"),
    "plan.title.collaboration": ("Collaboration credit", "协作奖励"),
    "plan.title.deductions": ("Deductions", "扣款"),
    "plan.title.guarantee": ("Guarantee", "保底"),
    "plan.title.non_cash": ("Non-cash rewards", "非经济激励"),
    "plan.title.roles": ("Roles", "角色规则"),
    "plan.title.segments": ("Who is on which plan", "分组方案"),
    "plan.title.cycle": ("Evaluation cycle", "考核周期"),
    "plan.title.rules": ("The rules in words", "方案规则说明"),
    # what commission is paid on, where its name is not the KPI's
    "plan.base.collected": ("cash collected (回款)", "回款额"),
    # how pay adds up
    "plan.part.base_salary": ("base salary", "基本工资"),
    "plan.part.performance_pay": ("performance pay", "绩效工资"),
    "plan.part.commission": ("commission", "提成"),
    "plan.part.bonuses": ("bonuses", "奖金"),
    "plan.part.team_pool": ("team pool", "团队奖金"),
    "plan.part.collaboration_credit": ("collaboration credit", "协作奖励"),
    "plan.part.deductions": ("deductions", "扣款"),
    "plan.part.clawbacks": ("clawbacks", "追回"),
    "plan.part.nothing": ("nothing", "无"),
    "plan.overview": (
        "Each {every}'s pay = {formula}{guarantee}.",
        "每{every}薪酬 = {formula}{guarantee}。",
    ),
    "plan.overview_guarantee": (", then topped up to the guarantee", "，再按保底补足"),
    # who is on which plan
    "plan.segment.intro": (
        "Agents are on the first segment plan whose rule matches them; everyone else is on "
        "the main plan.",
        "员工按顺序适用第一个符合条件的分组方案；不属于任何分组的员工适用主方案。",
    ),
    "plan.segment.role": ("with the role {roles}", "角色为{roles}"),
    "plan.segment.tenure_below": ("with under {m} months of tenure", "司龄不足{m}个月"),
    "plan.segment.tenure_at_least": ("with at least {m} months of tenure", "司龄满{m}个月"),
    "plan.segment.agents": ("listed by ID ({ids})", "工号为{ids}"),
    "plan.segment.who": ("Agents {parts}", "{parts}的员工"),
    "plan.segment.none": ("none.", "不设。"),
    "plan.segment.changed": ("{title} — {rules}", "{title}——{rules}"),
    "plan.segment.head": ("{who} are on the plan “{name}”", "{who}适用分组方案“{name}”"),
    "plan.segment.differs": ("{head}. For them: {changes}", "{head}。对他们而言：{changes}"),
    "plan.segment.same": (
        "{head}, with the same rules as the main plan.",
        "{head}，规则与主方案相同。",
    ),
    # the evaluation cycle
    "plan.cycle.scores": ("scores", "考核得分"),
    "plan.cycle.grades": ("grades", "绩效等级"),
    "plan.cycle.pay": ("pay", "薪酬"),
    "plan.cycle.one": ("{What} is worked out every {every}.", "{what}按{every}计算。"),
    "plan.cycle.many": ("{What} are worked out every {every}.", "{what}按{every}计算。"),
    "plan.cycle.quarterly": (
        "Quarterly bonuses are measured over calendar quarters (January–March, April–June, "
        "July–September, October–December) and paid with the quarter's last month; an agent "
        "not on the payroll in that month is not paid.",
        "季度奖按自然季度（1–3月、4–6月、7–9月、10–12月）考核，随季度最后一个月薪酬发放；"
        "该月不在职者不发。",
    ),
    "plan.cycle.ratchet": (
        "Some targets follow results (a ratchet), reset every {every}.",
        "部分目标随业绩调整（棘轮），每{every}重设一次。",
    ),
    # periods
    "plan.period.month": ("month", "月"),
    "plan.period.quarter": ("quarter", "季度"),
    "plan.period.year": ("year", "年"),
    "plan.per.month": ("a month", "每月"),
    "plan.per.quarter": ("a quarter", "每季度"),
    # a KPI's value in its unit
    "plan.unit.orders": ("{x} orders", "{x}单"),
    "plan.unit.minutes": ("{x} minutes", "{x}分钟"),
    "plan.unit.score": ("{x} points", "{x}分"),
    "plan.unit.satisfaction": ("{x} (out of 5)", "{x}分（满分5分）"),
    # well-known non-cash rewards
    "reward.promotion_priority": ("promotion priority", "晋升优先"),
    "reward.advanced_training": ("advanced training", "进阶培训"),
    "reward.monthly_champion_honour": ("the monthly champion honour", "月度冠军荣誉"),
    "reward.monthly_champion": ("the monthly champion honour", "月度冠军荣誉"),
    "reward.flexible_hours": ("flexible hours", "弹性工作时间"),
    "reward.team_outing": ("a team outing", "团队旅游"),
    "reward.honour": ("an honour", "荣誉表彰"),
}
