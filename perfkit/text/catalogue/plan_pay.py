"""The plan in words, fixed pay to guarantee (perfkit.words.plan.pay_rules): ``plan.*``.

``{per}`` is 'a month' / '每月'; ``{every}`` is 'month' / '月'; amounts come formatted.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "plan.full_stop": (".", "。"),
    # fixed pay
    "plan.fixed.base_salary": ("Base salary: {amount} {per}.", "基本工资：{per}{amount}。"),
    "plan.fixed.nothing": ("nothing", "不发"),
    "plan.fixed.grade_pay": ("{grade} × {k} ({paid})", "{grade}级 × {k}（{paid}）"),
    "plan.fixed.performance_pay": (
        "Performance pay: {base} × the coefficient of the grade earned: {grades}.",
        "绩效工资：{base} × 所得绩效等级的系数：{grades}。",
    ),
    # targets
    "plan.target.plain": ("target", "目标"),
    "plan.target.yours": ("your target", "你的目标"),
    "plan.target.level": ("{target} {value}", "{target}{value}"),
    "plan.target.volume": ("{target} {value} {per}", "{target}{per}{value}"),
    "plan.target.unit_company": ("the company's", "公司"),
    "plan.target.unit_team": ("each team's", "各团队"),
    "plan.target.among_company": ("the company's agents", "全公司员工"),
    "plan.target.among_team": ("the team's agents", "团队成员"),
    "plan.target.split_equal": ("split equally among {among}", "在{among}之间平均分配"),
    "plan.target.split_capacity": (
        "split among {among} by dial capacity",
        "按外呼能力在{among}之间分配",
    ),
    "plan.target.split_history": (
        "split among {among} by their own past results",
        "按各人历史业绩在{among}之间分配",
    ),
    "plan.target.goal": (
        "target: {unit} goal of {goal} {per}, {how}",
        "目标：{unit}{per}目标{goal}，{how}",
    ),
    "plan.target.own_average": ("target: each agent's own past average", "目标：本人历史平均值"),
    "plan.target.stretch": (", × {x}", "，再乘以{x}"),
    "plan.target.ratchet": (
        "; every {every} the target moves {share} of the way to the agent's average of the "
        "previous {every} (a ratchet)",
        "；每{every}初，目标向本人上{every}平均值移动差额的{share}（棘轮）",
    ),
    # scorecard
    "plan.scorecard.intro": (
        "Each {every} every agent gets a score: the weighted sum of each KPI's points (100 "
        "means every target exactly met). A KPI's points are its attainment × 100: attainment "
        "is actual ÷ target, or for a lower-is-better KPI 2 − actual ÷ target (each 1% worse "
        "than target costs 1 point), never below 0.",
        "每{every}按各项指标得分加权汇总为考核得分（100分表示各项指标恰好达标）。"
        "单项得分 = 达成率 × 100：达成率 = 实际值 ÷ 目标；越低越好的指标，"
        "达成率 = 2 − 实际值 ÷ 目标（每比目标差1%扣1分），最低为0。",
    ),
    "plan.scorecard.item": (
        "{Name}: weight {weight}%, {target}",
        "{name}：权重{weight}%，{target}",
    ),
    "plan.scorecard.lower": (", lower is better", "，越低越好"),
    "plan.scorecard.step": ("{points} points from {at} attainment", "达成率{at}及以上得{points}分"),
    "plan.scorecard.steps": (
        "; points by steps (the highest step reached): {steps}",
        "；按档计分（取达到的最高档）：{steps}",
    ),
    "plan.scorecard.floor": (", no points below {floor} attainment", "，达成率低于{floor}不得分"),
    "plan.scorecard.cap": (", at most {points} points", "，最高{points}分"),
    # grades
    "plan.grades.band": ("{name} from {low} points", "{name}级为{low}分及以上"),
    "plan.grades.below": ("{name} below {low} points", "{name}级为低于{low}分"),
    "plan.grades.bands": ("Grades by score: {bands}.", "按得分评定绩效等级：{bands}。"),
    "plan.grades.within_company": ("the company", "全公司"),
    "plan.grades.within_team": ("each team", "各团队内"),
    "plan.grades.share": ("{share} {name}", "{name}级{share}"),
    "plan.grades.forced": (
        "Grades by rank (forced distribution, 强制分布) within {where} every {every}, best "
        "first: {shares}. Group sizes are rounded so they add up to the headcount.",
        "绩效等级按强制分布评定：每{every}在{where}按得分排名，由高到低依次为{shares}；"
        "各等级人数取整后合计等于总人数。",
    ),
    "plan.grades.tie_exact": (
        " Equal scores are ordered by revenue, then by agent ID.",
        "得分相同时按销售额、再按工号排序。",
    ),
    "plan.grades.tie_better": (
        " An agent tied with someone in a better grade gets that better grade.",
        "与较高等级员工得分相同者，一律评为较高等级。",
    ),
    # deductions
    "plan.deductions.qa": (
        "QA deduction: {amount} off in any {every} whose QA score is below {line}.",
        "质检扣款：当{every}质检分低于{line}分，扣{amount}。",
    ),
    "plan.deductions.complaints_beyond": (
        "Complaint deduction: {amount} for each complaint in a {every} beyond the first {free}.",
        "投诉扣款：当{every}投诉超过{free}次的部分，每次扣{amount}。",
    ),
    "plan.deductions.complaints": (
        "Complaint deduction: {amount} for each complaint.",
        "投诉扣款：每次投诉扣{amount}。",
    ),
    "plan.deductions.min_activity": (
        "Minimum activity: {amount} off in a {every} with {kpi} below {least}.",
        "最低工作量扣款：当{every}{kpi}低于{least}，扣{amount}。",
    ),
    # guarantee
    "plan.guarantee.none_taken": (
        "There is no guaranteed minimum (保底): {what} come straight off pay, so they can take "
        "pay below the base salary.",
        "未设保底：{what}直接从薪酬中扣除，可能使当期薪酬低于基本工资。",
    ),
    "plan.guarantee.none": ("There is no guaranteed minimum (保底).", "未设保底。"),
    "plan.guarantee.topped_up": (
        "Guarantee (保底): when total pay after deductions and clawbacks is below {x}, it is "
        "topped up to {x}.",
        "保底：扣款和追回之后的薪酬总额低于{x}的，补足到{x}。",
    ),
    "plan.guarantee.advance": (
        " The top-up is an advance (a draw): it is recovered from later {period}s' pay above "
        "{x}, never taking pay below {x}.",
        "补差为预支（可收回）：从以后各期超过{x}的部分中扣回，扣回后不低于{x}。",
    ),
    "plan.guarantee.not_repaid": (" The top-up is not repaid.", "补差无需归还。"),
    "plan.guarantee.before": (
        " Deductions are taken before the guarantee, so they cannot take pay below {x}.",
        "扣款在保底之前计算，因此扣款不会使薪酬低于{x}。",
    ),
}
