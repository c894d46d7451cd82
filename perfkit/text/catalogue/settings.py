"""Settings in words (the reports' appendix: a population's traits and funnel rates, with
their units and sources) and the words that replace 'n/a' (``setting.*``, ``missing.*``)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "report.heading.plan_settings": ("The plan's settings", "方案设定"),
    "setting.column.item": ("Item", "项目"),
    "setting.column.rule": ("Rule", "规则"),
    "setting.column.setting": ("Setting", "设定"),
    "setting.column.value": ("Value", "数值"),
    "setting.column.source": ("Source", "依据"),
    "setting.source.data": ("calibrated from the KPI export", "根据 KPI 数据校准"),
    "setting.source.range": (
        "published telesales ranges (no client export used)",
        "电销行业公开区间（未使用客户数据）",
    ),
    "setting.source.assumption": (
        "assumption from published studies: an export cannot show it",
        "假设值，取自公开研究（KPI 数据无法反映）",
    ),
    "setting.source.plan": ("the plan file", "方案文件"),
    "setting.spread.cv": ("{mean} on average, spread (CV) {cv}", "平均{mean}，离散系数 {cv}"),
    "setting.spread.sd": ("{mean} on average, SD {sd}", "平均{mean}，标准差 {sd}"),
    # units
    "setting.unit.money_month": ("CNY {x} a month", "每月 {x} 元"),
    "setting.unit.money_order": ("CNY {x} an order", "每单 {x} 元"),
    "setting.unit.dials_month": ("{x} dials a month", "每月 {x} 次拨打"),
    "setting.unit.times": ("×{x}", "×{x}"),
    "setting.unit.months": ("{x} months", "{x} 个月"),
    "setting.unit.minutes": ("{x} min", "{x} 分钟"),
    "setting.unit.points": ("{x} points", "{x} 分"),
    "setting.unit.per_yuan": ("{x} per yuan", "每元 {x}"),
    "setting.unit.plain": ("{x}", "{x}"),
    # the population's traits (perfkit.scheme.population.Traits)
    "setting.trait.skill": (
        "Conversion ability (1 = the average agent)",
        "成交能力（1 为平均水平）",
    ),
    "setting.trait.capacity": ("Dials a month at full effort", "满负荷时每月拨打量"),
    "setting.trait.effort_cost": (
        "Cost of effort (what extra effort is worth to an agent)",
        "努力成本（员工对额外付出的估价）",
    ),
    "setting.trait.baseline_effort": (
        "Effort on a flat salary (1 = fills capacity)",
        "固定工资下的努力程度（1 为满负荷）",
    ),
    "setting.trait.risk_aversion": ("Risk aversion", "风险厌恶系数"),
    "setting.trait.noncash_value": (
        "Value of non-cash rewards (1 = as the plan states)",
        "非现金奖励的主观价值（1 为按方案标价）",
    ),
    "setting.trait.helpfulness": ("Willingness to help colleagues", "帮助同事的意愿"),
    "setting.trait.outside_option": ("Best outside job's pay", "外部工作机会的薪酬"),
    "setting.trait.effort_cap": (
        "Most effort an agent can give (share of the legal ceiling)",
        "员工可付出的最大努力（占法定上限的比例）",
    ),
    "setting.trait.tenure_months": ("Average tenure at the start", "期初平均司龄"),
    "setting.trait.learning_gap": ("A new hire's shortfall in conversion", "新员工成交能力的差距"),
    "setting.trait.learning_months": ("Months to proficiency", "达到熟练所需时间"),
    # the funnel (perfkit.scheme.population.FunnelRates)
    "setting.funnel.connect_rate": ("Connects per dial", "接通率（接通 ÷ 拨打）"),
    "setting.funnel.effective_share": (
        "Effective conversations per connect",
        "有效通话占比（有效通话 ÷ 接通）",
    ),
    "setting.funnel.minutes_per_effective_call": (
        "Talk time per effective conversation",
        "每次有效通话时长",
    ),
    "setting.funnel.intent_rate": (
        "Intents per effective conversation",
        "意向率（意向 ÷ 有效通话）",
    ),
    "setting.funnel.order_rate": ("Orders per intent", "成交率（成单 ÷ 意向）"),
    "setting.funnel.order_value": ("Average order value by agent", "员工平均客单价"),
    "setting.funnel.order_value_cv": ("Spread of one order's value (CV)", "单笔订单金额的离散系数"),
    "setting.funnel.refund_rate": ("Refunded orders per order", "退款率"),
    "setting.funnel.collected_share": ("Cash collected per net revenue", "回款率"),
    "setting.funnel.complaint_rate": ("Complaints per connect", "投诉率（投诉 ÷ 接通）"),
    "setting.funnel.repeat_rate": ("Repurchasing customers per order", "复购率"),
    "setting.funnel.satisfaction": ("Customer satisfaction (1–5)", "客户满意度（1–5 分）"),
    "setting.funnel.qa_score": ("QA score", "质检分"),
    "setting.funnel.peer_score": ("Peer score", "互评分"),
    "setting.funnel.dial_noise": (
        "Month-to-month spread of dials (CV)",
        "拨打量的月度波动（离散系数）",
    ),
    "setting.funnel.count_dispersion": (
        "Month-to-month spread of order counts (variance ÷ mean)",
        "成单数的月度波动（方差 ÷ 均值）",
    ),
    # run settings
    "setting.run.versions": ("Software", "软件版本"),
    # the payslip workbook's record of blank cells filled (--fill)
    "payslip.filled": ("Blank cells filled", "空白单元格填补"),
    "fill.agent_mean": ("{kpi}: the agent's mean", "{kpi}：按该员工均值填补"),
    "fill.team_mean": ("{kpi}: the team's mean", "{kpi}：按团队均值填补"),
    "fill.zero": ("{kpi}: 0", "{kpi}：按 0 填补"),
    "fill.count": ("{n} blank cell(s) — {what}", "{n} 个空白单元格——{what}"),
    "fill.dropped": (
        "{n} row(s) with blank KPI cells dropped ({rows})",
        "删除含空白 KPI 的 {n} 行（{rows}）",
    ),
    # why a value is missing (instead of 'n/a')
    "missing.no_cliff": ("no cliff in this plan", "本方案无门槛"),
    "missing.no_value": ("not measured", "未测得"),
}
