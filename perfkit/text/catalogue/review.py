"""The monthly review pages (perfkit.pages.review): the feedback sheet, the team dashboard and
the floor against its forecast (``review.*``).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "review.sheet_title": ("Performance review", "绩效面谈表"),
    "review.dashboard_title": ("Team review", "团队绩效看板"),
    "review.agent_id": ("ID", "工号"),
    "review.period": ("Month", "考核月份"),
    "review.kpis": ("KPIs against target and team", "指标：对比目标与团队"),
    "review.actual": ("Actual", "实际"),
    "review.team_median": ("Team median", "团队中位数"),
    "review.trend": ("Trend", "趋势"),
    "review.score": ("Score", "考核得分"),
    "review.pay": ("Pay this month", "本月薪酬"),
    "review.pay_part": ("Part", "构成"),
    "review.amount": ("Amount", "金额"),
    "review.score_trend": ("Score and pay, last months", "近几个月得分与薪酬"),
    "review.focus": ("Coaching focus", "辅导重点"),
    "review.focus_line": (
        "{step} of {kpi} ({old} → {new}) is worth {gain} next month{extra}.",
        "{kpi}提升 {step}（{old} → {new}），下月薪酬可增加 {gain}{extra}。",
    ),
    "review.focus_lower_line": (
        "{step} less {kpi} ({old} → {new}) is worth {gain} next month{extra}.",
        "{kpi}降低 {step}（{old} → {new}），下月薪酬可增加 {gain}{extra}。",
    ),
    "review.focus_score_line": (
        (
            "{step} of {kpi} ({old} → {new}) raises the score by {score}; pay is unchanged this "
            "month{extra}."
        ),
        ("{kpi}提升 {step}（{old} → {new}），得分提高 {score}，本月薪酬不变{extra}。"),
    ),
    "review.focus_score_lower_line": (
        (
            "{step} less {kpi} ({old} → {new}) raises the score by {score}; pay is unchanged "
            "this month{extra}."
        ),
        ("{kpi}降低 {step}（{old} → {new}），得分提高 {score}，本月薪酬不变{extra}。"),
    ),
    "review.focus_extra": (", score {score}", "，得分 {score}"),
    "review.focus_grade": (", grade {old} → {new}", "，等级 {old} → {new}"),
    "review.focus_none": (
        (
            "No single realistic step raises score or pay this month; keep the strengths and "
            "agree one habit to build."
        ),
        "本月单项指标的合理提升不会提高得分或薪酬；保持优势，约定一个习惯改进。",
    ),
    "review.focus_rule": (
        (
            "Step: to the team's top quarter, at most 20% of target (5% of target for agents "
            "already there); priced by the plan's payout rules with the rest of the month "
            "unchanged."
        ),
        (
            "提升幅度：达到团队前 25% 水平，最多为目标的 20%（已达到者按目标的 5%）；"
            "按方案的薪酬规则测算，其余数据保持本月不变。"
        ),
    ),
    "review.agent_comments": ("Agent's comments", "员工意见"),
    "review.leader_comments": ("Team leader's comments", "主管评语"),
    "review.actions": ("Agreed actions for next month", "下月改进计划"),
    "review.signatures": (
        "Agent: ____________   Team leader: ____________   Date: ________",
        "员工签字：____________   主管签字：____________   日期：________",
    ),
    "review.heatmap": ("Agents × KPIs against target", "员工 × 指标 目标达成热力图"),
    "review.heat_note": (
        (
            "Each cell: attainment of target (100% = met); red below 80%, amber 80–100%, green "
            "at or above target."
        ),
        ("每格为目标达成率（100% = 达标）；低于 80% 为红色，80–100% 为黄色，达标为绿色。"),
    ),
    "review.coach_first": ("Who to coach first, and on what", "优先辅导名单"),
    "review.coach_note": (
        "Ordered by what the realistic step in the agent's best KPI is worth next month.",
        "按每位员工最有价值指标的合理提升带来的下月薪酬增幅排序。",
    ),
    "review.worth": ("Worth next month", "下月增收"),
    "review.step": ("Step", "提升幅度"),
    "review.step_points": ("{x} pp", "{x} 个百分点"),
    "review.step_up": ("+{x}", "{x}"),
    "review.progress": ("Team progress to goal", "团队目标进度"),
    "review.goal": ("Goal", "目标"),
    "review.reached": ("Reached", "完成"),
    "review.sheets_link": ("Review sheets", "面谈表"),
    "review.mean_score": ("Mean score", "平均得分"),
    # floor metrics, with their definitions
    "review.metric.revenue_per_agent": ("Revenue per agent", "人均销售额"),
    "review.metric.orders_per_agent": ("Orders per agent", "人均成交单数"),
    "review.metric.dials_per_agent": ("Dials per agent", "人均外呼量"),
    "review.metric.conversion_rate": (
        "Conversion rate (orders ÷ connects)",
        "销售转化率（成交÷接通）",
    ),
    "review.metric.complaint_rate": ("Complaint rate (÷ connects)", "客户投诉率（÷接通）"),
    "review.metric.pay_per_agent": ("Pay per agent", "人均薪酬"),
    # the month against the forecast band
    "review.flag_header": ("Flag", "提示"),
    "review.actual_vs_median": ("actual ÷ forecast median", "实际 ÷ 预测中位数"),
    "review.plan_caveat": (
        "⚠ Note: the export was paid under {stated}, not this plan; the band below is what "
        "this plan would have produced, so a month outside it says nothing about how this "
        "plan is running.",
        "⚠ 注意：该数据期间实际执行的是 {stated}，不是本方案；"
        "下方区间是本方案若在执行时的预测，偏离区间不代表本方案执行走样。",
    ),
    "review.flag.ok": ("within P10–P90", "在 P10–P90 区间内"),
    "review.flag.below": ("below P10", "低于 P10"),
    "review.flag.above": ("above P90", "高于 P90"),
    # the monthly review notebook
    "review.title": ("Monthly review", "月度绩效回顾"),
    "review.lead": (
        "Plan: **{plan}**. {agents} agents in {teams} teams this month; every agent's feedback "
        "sheet and every team leader's dashboard are linked below.",
        "方案：**{plan}**。本月 {agents} 名员工、{teams} 个团队；每位员工的绩效面谈表与每个团队的看板见下方链接。",
    ),
    "review.forecast_title": ("The month against the forecast", "实际与预测区间对比"),
    "review.forecast_note": (
        "Forecast: this plan simulated {runs} times on the agents calibrated from the {months} "
        "months before; per-agent volumes and floor rates outside P10–P90 are flagged (✓ good "
        "news, ⚠ look into it).",
        "预测：本方案在由此前 {months} 个月数据校准的员工群体上模拟 {runs} 次；"
        "人均指标与全场比率落在 P10–P90 之外时提示（✓ 为利好，⚠ 需关注）。",
    ),
    # the goal decomposition of the briefing report (perfkit.pages.goals.report)
    "goals.title": ("Goal decomposition: company → team → agent", "目标分解：公司 → 团队 → 员工"),
    "goals.intro": (
        "The targets the plan sets in {period}, the last month of the export: volumes add up "
        "from agents to teams to the company; a rate's team and company rows are the mean of "
        "their agents' targets. Each agent's own targets are in the agent target sheet.",
        "{period}（数据最后一个月）方案设定的目标：数量类指标由员工逐级加总到团队与公司；"
        "比率类指标的团队与公司行为员工目标的平均值。各员工的目标见员工目标明细表。",
    ),
    "goals.company": ("Company", "公司"),
    "goals.unit": ("Unit", "团队"),
}
