"""Review and letter words (joiners and leavers, reviews without a scorecard,
letters' whole counts); the ``review`` namespace's own words are in :mod:`.review`."""

from __future__ import annotations

from typing import Final

ENTRIES: Final[dict[str, tuple[str, str]]] = {
    "label.months": ("Months in period", "在职月数"),
    "label.difference_per_month": ("Difference per month", "月均差额"),
    # joiners and leavers, in the plan in words (perfkit.words.plan.pay_rules.proration)
    "plan.fixed.proration_both": (
        "In the month an agent joins or leaves, fixed pay and the fixed targets of sales and "
        "volumes follow the {days} in post ({example}); commission is not prorated.",
        "入职或离职当月，固定薪酬及销售与业务量类固定目标按在职{days}折算（{example}）；提成不折算。",
    ),
    "plan.fixed.proration_base": (
        "In the month an agent joins or leaves, fixed pay follows the {days} in post "
        "({example}); commission is not prorated.",
        "入职或离职当月，固定薪酬按在职{days}折算（{example}）；提成不折算。",
    ),
    "plan.fixed.proration_targets": (
        "In the month an agent joins or leaves, the fixed targets of sales and volumes follow "
        "the {days} in post ({example}).",
        "入职或离职当月，销售与业务量类固定目标按在职{days}折算（{example}）。",
    ),
    "plan.fixed.days.calendar_days": ("calendar days", "日历天数"),
    "plan.fixed.days.working_days": ("working days (Monday to Friday)", "工作日天数（周一至周五）"),
    "plan.fixed.example.calendar_days": (
        "hired on 18 September: 13 of 30 days",
        "9月18日入职：按30天中的13天计",
    ),
    "plan.fixed.example.working_days": (
        "hired on 18 September 2025: 9 of 22 working days",
        "2025年9月18日入职：按22个工作日中的9天计",
    ),
    # the review of a plan without a scorecard: KPIs against the agent's own last months
    "review.own_median": ("Own median, last months", "本人近月中位数"),
    "review.vs_own": ("Against own", "对比本人"),
    "review.kpis_own": ("KPIs against own last months and team", "指标：对比本人近月与团队"),
    "review.pay_trend": ("Pay, last months", "近几个月薪酬"),
    "review.focus_part_line": (
        "{step} of {kpi} ({old} → {new}) → {gain} {part} next month.",
        "{kpi}提升 {step}（{old} → {new}）→ 下月{part} {gain}。",
    ),
    "review.focus_part_lower_line": (
        "{step} less {kpi} ({old} → {new}) → {gain} {part} next month.",
        "{kpi}降低 {step}（{old} → {new}）→ 下月{part} {gain}。",
    ),
    "review.focus_rule_own": (
        (
            "Step: to the team's top quarter, at most 20% of the agent's own value (5% for "
            "agents already there); priced by the plan's payout rules with the rest of the "
            "month unchanged."
        ),
        (
            "提升幅度：达到团队前 25% 水平，最多为本人当月数值的 20%（已达到者按 5%）；"
            "按方案的薪酬规则测算，其余数据保持本月不变。"
        ),
    ),
    "review.pool_goal": ("Team pool pays at", "团队奖金池门槛"),
    "review.goal_vs_pool": (
        (
            "Goal: the sum of the agents' {kpi} targets ({goal}), as in the target "
            "decomposition. The team pool is a separate rule: it pays when the team reaches "
            "{pool}."
        ),
        "目标为本组员工{kpi}目标之和（{goal}），与目标分解一致；团队奖金池是另一条规则，团队达到 {pool} 时发放。",
    ),
    "review.goals_vs_pool": (
        (
            "Goal: the sum of each team's agents' {kpi} targets, as in the target "
            "decomposition. The team pool is a separate rule: it pays a team that reaches "
            "{pool}."
        ),
        "目标为各团队员工{kpi}目标之和，与目标分解一致；团队奖金池是另一条规则，团队达到 {pool} 时发放。",
    ),
    "review.goal_pool_only": (
        "The plan sets no individual targets; the goal shown is the team pool's threshold.",
        "方案未设个人目标，此处目标为团队奖金池门槛。",
    ),
    "review.goal_none": (
        "The plan sets no targets (no scorecard, no team pool), so progress is not measured "
        "against a goal.",
        "方案未设目标（无考核指标、无团队奖金池），因此不计算目标进度。",
    ),
    "review.heatmap_own": (
        "Agents × KPIs against their own last months",
        "员工 × 指标 对比本人近月热力图",
    ),
    "review.heat_note_own": (
        (
            "The plan has no targets, so each cell compares the month with the agent's own "
            "median of the months before (100% = as usual); red below 80%, amber 80–100%, "
            "green at or above; – for a first month."
        ),
        (
            "方案未设目标，每格为本月与本人此前各月中位数之比（100% = 与以往持平）；"
            "低于 80% 为红色，80–100% 为黄色，持平或以上为绿色；首月无对比，显示 –。"
        ),
    ),
}
