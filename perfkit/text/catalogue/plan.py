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
    # well-known non-cash rewards
    "reward.promotion_priority": ("promotion priority", "晋升优先"),
    "reward.advanced_training": ("advanced training", "进阶培训"),
    "reward.monthly_champion_honour": ("the monthly champion honour", "月度冠军荣誉"),
    "reward.monthly_champion": ("the monthly champion honour", "月度冠军荣誉"),
    "reward.flexible_hours": ("flexible hours", "弹性工作时间"),
    "reward.team_outing": ("a team outing", "团队旅游"),
    "reward.honour": ("an honour", "荣誉表彰"),
}
