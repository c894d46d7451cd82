"""Labels in English and Chinese for charts, tables and report text.

One dictionary, one lookup: ``label("cost_of_sales", "zh")`` → "销售成本率". An
unknown key falls back to itself with underscores as spaces, so a new metric
still prints sensibly before it is translated.
"""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["en", "zh"]

LABELS: Final[dict[str, tuple[str, str]]] = {
    # headline metrics
    "revenue": ("Revenue", "销售额"),
    "orders": ("Orders", "成交单数"),
    "total_pay": ("Total pay", "薪酬总额"),
    "incentive_pay": ("Incentive pay", "激励薪酬"),
    "cost_of_sales": ("Cost of sales (pay ÷ revenue)", "销售成本率（薪酬÷销售额）"),
    "profit": ("Gross profit after pay", "扣薪后毛利"),
    "mean_effort": ("Mean effort", "平均努力程度"),
    "motivation_index": ("Motivation index", "激励指数"),
    "complaint_rate": ("Complaint rate", "客户投诉率"),
    "csat": ("Customer satisfaction", "客户满意度"),
    "satisfaction": ("Customer satisfaction", "客户满意度"),
    "attrition": ("Attrition", "离职率"),
    "pay_gini": ("Pay inequality (Gini)", "薪酬差距（基尼系数）"),
    "floor_skill": ("Mean skill on the floor (last period)", "在岗员工平均能力（末期）"),
    "new_hire_share": (
        "Share of new hires (< 6 months, last period)",
        "新员工占比（司龄不足 6 个月，末期）",
    ),
    "mean_tenure": ("Mean tenure in months (last period)", "平均司龄（月，末期）"),
    "pay_performance_corr": ("Pay–performance correlation", "薪酬与业绩相关系数"),
    "dials": ("Dials", "外呼量"),
    "connected": ("Connects", "接通量"),
    "connect_rate": ("Connect rate", "接通率"),
    "conversion_rate": ("Conversion rate", "销售转化率"),
    "effective_talk_minutes": ("Effective talk minutes", "有效通话时长"),
    "intents": ("Intent customers", "意向客户数"),
    "collected": ("Cash collected", "回款额"),
    "qa_score": ("QA score", "质检分"),
    "peer_score": ("Peer score", "互评分"),
    "repurchase_rate": ("Repurchase rate", "客户复购率"),
    "average_order_value": ("Average order value", "平均订单金额"),
    "collaboration_credit": ("Collaboration credit", "协作奖励分"),
    "margin": ("Gross margin", "毛利"),
    "net_revenue": ("Net revenue", "净销售额"),
    # pay components
    "base_salary": ("Base salary", "基本工资"),
    "performance_pay": ("Performance pay", "绩效工资"),
    "commission": ("Commission", "提成"),
    "bonus": ("Bonus", "奖金"),
    "team_bonus": ("Team bonus", "团队奖金"),
    "collaboration": ("Collaboration", "协作奖励"),
    "deductions": ("Deductions", "扣款"),
    "clawback": ("Clawback", "追回"),
    "guarantee_topup": ("Guarantee top-up", "保底补差"),
    "non_cash_value": ("Non-cash rewards (value)", "非经济激励（价值）"),
    # chart words
    "attainment": ("Attainment of target", "目标达成率"),
    "pay_per_period": ("Pay per period", "每期薪酬"),
    "pay_per_month_quarter": ("Pay per month, quarter bonus ÷ 3", "月均薪酬（季度奖金÷3）"),
    "weight": ("Weight", "权重"),
    "share_of_agents": ("Share of agents", "员工占比"),
    "agents": ("Agents", "人数"),
    "grade": ("Grade", "绩效等级"),
    "plan": ("Plan", "方案"),
    "component": ("Component", "薪酬构成"),
    "change_vs_baseline": ("Change vs baseline", "相对基准的变化"),
    "gate": ("gate", "门槛"),
    "cap": ("cap", "封顶"),
    "band_edge": ("ladder edge", "阶梯分界"),
    "bonus_threshold": ("bonus threshold", "奖金门槛"),
    "quarter_bonus_threshold": ("quarter bonus", "季度奖门槛"),
    "segment": ("Segment", "分组"),
    "payout_curve": ("Payout curve", "薪酬曲线"),
    "scorecard_weights": ("Scorecard weights", "考核指标权重"),
    "grade_mix": ("Grade mix", "绩效等级分布"),
    "pay_mix": ("Pay mix", "薪酬结构"),
    "per_agent_period": ("Per agent and period", "每人每期"),
    "effort_shift": ("Effort and its allocation", "努力程度与分配"),
    "winners_losers": ("Winners and losers", "收入增减分布"),
    "tornado": ("Sensitivity (tornado)", "敏感性分析（龙卷风图）"),
    "sweep_decision": (
        "{metric}: paired difference to the reference",
        "{metric}：相对参照点的配对差值",
    ),
    "paired_difference": ("Difference to the reference (same draws)", "与参照点之差（相同抽样）"),
    "ci95": ("95% confidence interval", "95% 置信区间"),
    "best_point": ("Best", "最佳"),
    "tied_with_best": ("Not distinguishable from the best", "与最佳无显著差异"),
    "worse_than_best": ("Worse than the best", "明显不如最佳"),
    "reference": ("reference", "参照"),
    "profit_vs_reference": ("Profit vs reference (95% CI)", "毛利相对参照点（95% 置信区间）"),
    "volume_share": ("Effort on volume", "用于外呼量的努力"),
    "help_share": ("Effort on helping others", "用于协作的努力"),
    "funnel": ("Sales funnel", "销售漏斗"),
}


def label(key: str, lang: Lang = "en") -> str:
    """The display label of ``key`` in ``lang``."""
    pair = LABELS.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if lang == "zh" else pair[0]
