"""Words and number formats of the client reports, in English and Chinese.

Section headings, the fixed sentences that explain a method (never a result),
table column names and segment names; money and percentage formats matching
:mod:`perfkit.words.findings`.
"""

from __future__ import annotations

import math
from typing import Any

from perfkit.text.i18n import Lang
from perfkit.text.i18n import label as _i18n_label
from perfkit.words.escape import md_text

#: Section headings, numbered in report order by :func:`heading`.
HEADINGS: dict[str, tuple[str, str]] = {
    "report_title": ("Incentive plan briefing", "激励方案评估报告"),
    "designer_title": ("Plan designer", "方案设计器"),
    "summary": ("Executive summary", "执行摘要"),
    "anatomy": ("Plan anatomy", "方案结构"),
    "population": ("Population", "员工群体"),
    "behaviour": ("Behavioural response", "行为反应"),
    "outcomes": ("Outcomes", "经营结果"),
    "fairness": ("Pay and fairness", "薪酬与公平"),
    "winners": ("Winners and losers", "收入增减"),
    "risks": ("Risks", "风险"),
    "sensitivity": ("Sensitivity", "敏感性分析"),
    "recommendations": ("Recommendations", "建议"),
    "appendix": ("Appendix: assumptions and parameters", "附录：假设与参数"),
    "comparison_title": ("Incentive plans compared", "激励方案对比"),
    "key_metrics": ("Key metrics", "核心指标"),
    "distributions": ("Distributions", "结果分布"),
    "pay_mix": ("Pay mix", "薪酬结构"),
    "grade_mix": ("Grade mix", "绩效等级分布"),
    "flags": ("Risk flags", "风险提示"),
    "plan_recommendations": ("Findings and recommendations by plan", "各方案结论与建议"),
    "plans": ("The plans", "参与对比的方案"),
    "calibration_title": ("Calibration from the client's data", "基于客户数据的群体校准"),
    "data_checks": ("Data checks", "数据检查"),
    "calibrated": ("Calibrated population", "校准后的员工群体"),
    "fit": ("Fit report", "拟合报告"),
    "backtest": ("Back-test: current vs new plan", "回测：现行方案与新方案"),
    "static": ("Static view: last year's results re-priced", "静态视角：按历史业绩重新计薪"),
    "dynamic": ("Dynamic view: after agents respond", "动态视角：员工行为调整之后"),
    "movers": ("Agents whose pay moves most", "收入变化最大的员工"),
    "non_cash": ("Non-cash rewards", "非经济激励"),
    "by_segment": ("Average change by segment", "各分组平均变化"),
    "key_numbers": ("Key numbers", "关键数字"),
    "grade_rules": ("Grade rules", "绩效等级规则"),
    "scenario_parameters": ("Scenario parameters", "方案参数"),
    "population_parameters": ("Population parameters", "群体参数"),
    "run_settings": ("Simulation settings and versions", "模拟设置与版本"),
    "notes": ("Simulation notes", "模拟说明"),
}

#: Fixed sentences explaining methods (never results); ``{name}`` fields are filled in.
TEXTS: dict[str, tuple[str, str]] = {
    "intro": (
        "Plan under study: **{plan}**, compared with **{baseline}** on the same agents "
        "({population}) and the same random draws ({runs} runs × {periods} periods, seed {seed}). "
        "Money is in {currency}, totals for the whole team over the simulated periods.",
        "评估方案：**{plan}**，对照方案：**{baseline}**；两者使用同一批员工（{population}）和相同的随机抽样"
        "（{runs} 次模拟 × {periods} 期，随机种子 {seed}）。金额单位 {currency}，为全体员工在模拟期内的合计。",
    ),
    "baseline_intro": (
        "The baseline plan **{plan}** on its own: {population}; {runs} runs × {periods} "
        "periods, seed {seed}. Money is in {currency}, totals for the whole team over the "
        "simulated periods.",
        "基准方案 **{plan}** 单独评估：{population}；{runs} 次模拟 × {periods} 期，随机种子 {seed}。"
        "金额单位 {currency}，为全体员工在模拟期内的合计。",
    ),
    "comparison_intro": (
        "{n} plans compared with **{baseline}** on the same agents ({population}) and the "
        "same random draws ({runs} runs × {periods} periods, seed {seed}). Money is in {currency}.",
        "共 {n} 个方案与 **{baseline}** 对比，使用同一批员工（{population}）和相同的随机抽样"
        "（{runs} 次模拟 × {periods} 期，随机种子 {seed}）。金额单位 {currency}。",
    ),
    "designer_intro": (
        "Move a control to re-simulate the team; numbers compare the design with the starting "
        "plan on the same agents and random draws. The preview uses a fast, approximate "
        "behavioural solve: render a report for final numbers.",
        "调整任一控件即重新模拟团队；数字为当前设计与初始方案在同一批员工、相同随机抽样下的对比。"
        "预览采用快速近似求解，正式数字请以生成的报告为准。",
    ),
    "first_action": ("**First action:** {action}", "**首要建议：** {action}"),
    "description": ("*{text}*", "*{text}*"),
    "population_data": (
        "{agents} agents in {teams} teams, calibrated from the client's export {source}",
        "根据客户 KPI 数据 {source} 校准的 {agents} 名员工、{teams} 个团队",
    ),
    "population_synthetic": (
        "{agents} synthetic agents in {teams} teams, drawn from documented telesales ranges, "
        "not from a client's export",
        "{agents} 名模拟员工、{teams} 个团队，按公开的电销行业区间生成，未使用客户数据",
    ),
    "population_used": (
        "Every plan is simulated on the same population: {population}.",
        "所有方案均在同一员工群体上模拟：{population}。",
    ),
    "population_ignored": (
        "Not used: the population stated by {plans} ({stated}); every plan runs on the one "
        "above, so differences between plans come from the plans alone.",
        "未采用 {plans} 自带的员工群体设定（{stated}）；所有方案均使用上述同一群体，"
        "方案之间的差异仅来自方案本身。",
    ),
    "stated_data": ("calibrated from {source}", "根据 {source} 校准"),
    "stated_synthetic": (
        "{agents} synthetic agents in {teams} teams",
        "{agents} 名模拟员工，{teams} 个团队",
    ),
    "stated_other": ("{stated}, other settings", "{stated}，其他设定不同"),
    "traits_by_team": (
        "Skill and tenure by team (bars: P10–P90, dot: median).",
        "各团队的能力与司龄分布（竖线：P10–P90，圆点：中位数）。",
    ),
    "behaviour_intro": (
        "Agents choose effort, its split between volume and conversation quality, and time spent "
        "helping colleagues, to maximise expected pay and non-cash rewards less the cost of effort.",
        "员工在预期薪酬与非经济激励、努力成本之间权衡，选择努力程度、外呼量与沟通质量之间的分配，"
        "以及帮助同事的时间。",
    ),
    "payout_curve_note": (
        "The payout curve is one typical agent's pay as their revenue varies, other KPIs held "
        "at typical levels. Rules that depend on colleagues (team share and pool, forced "
        "distribution, rank prizes) cannot be drawn for one agent and are only approximate "
        "here; their effect is in the simulated outcomes below.",
        "薪酬曲线为一名典型员工在销售额变化时的薪酬，其他指标保持在典型水平。"
        "取决于同事的规则（团队占比与奖金池、强制分布、排名奖）无法按单个员工绘制，图中仅为近似；"
        "其影响见下文模拟结果。",
    ),
    "non_cash_intro": (
        "Who receives each reward in the simulation, what it is worth to them and what it "
        "costs the firm. The rewards cost {cost} over the simulated periods; profit after pay "
        "is net of this cost, total pay is not.",
        "模拟中各项非经济激励的授予人数、对员工的价值及企业成本。模拟期内非经济激励总成本为 {cost}；"
        "扣薪后毛利已扣除该成本，薪酬总额不含该成本。",
    ),
    "outcomes_intro": (
        "Spread across {runs} simulated runs: bars show P10–P90, the dot the median; the table "
        "gives the median with the P10–P90 range in brackets.",
        "{runs} 次模拟结果的分布：竖线为 P10–P90，圆点为中位数；表中为中位数，括号内为 P10–P90 区间。",
    ),
    "no_data": (
        "No KPI export was given, so only the dynamic view is shown.",
        "未提供 KPI 数据，仅展示动态视角。",
    ),
    "no_risks": ("No risk flag is triggered.", "未触发任何风险提示。"),
    "sweep_intro": (
        "The plan's main lever, **{param}**, is varied from {low} to {high} with everything "
        "else fixed and the same random draws.",
        "保持其他条件与随机抽样不变，将方案的主要参数 **{param}** 从 {low} 调整到 {high}。",
    ),
    "sweep_decision_note": (
        "Each value's profit minus the plan's own ({reference}), run by run on the same draws, "
        "with its 95% confidence band: the star is the best value, filled dots are not "
        "distinguishable from it, hollow dots are clearly worse ({runs} runs per value).",
        "每个取值的毛利减去方案当前取值（{reference}）的毛利，逐次配对（相同抽样），阴影为 95% 置信区间："
        "星号为最佳取值，实心点与最佳无显著差异，空心点明显较差（每个取值 {runs} 次模拟）。",
    ),
    "no_sweep": (
        "Sensitivity is not shown: {reason}.",
        "未展示敏感性分析：{reason}。",
    ),
    "no_recommendations": (
        "This is the baseline plan: no change is recommended.",
        "此为基准方案，无需调整。",
    ),
    "no_grades": ("The plan has no grade tiers.", "该方案未设绩效等级。"),
    "no_scorecard": ("The plan has no scorecard.", "该方案未设考核指标。"),
    "calibration_intro": (
        "Skill, activity, connect rate and order value are estimated per agent from their history, "
        "given the effort the plan then in force induced, shrinking short histories toward the "
        "population average; the fit shows how well the calibrated model reproduces the export.",
        "按每名员工的历史数据估计能力、活动量、接通率与客单价，并扣除当时执行方案所激发的努力程度，"
        "历史较短者向整体均值收缩；拟合报告显示校准模型对原始数据的还原程度。",
    ),
    "missing_kpis": (
        "Not in the export (treated as 0): {kpis}.",
        "导出数据中缺少以下指标（按 0 处理）：{kpis}。",
    ),
    "revenue_by_month": (
        "Revenue per agent and month, month by month (bars: P10–P90, dot: median).",
        "每名员工每月销售额的逐月分布（竖线：P10–P90，圆点：中位数）。",
    ),
    "backtest_intro": (
        "Each agent's real results are re-priced under both plans with no change in behaviour "
        "(shadow pay).",
        "在业绩不变的前提下，按两种方案重新计算每名员工的薪酬（影子薪酬）。",
    ),
}

#: Column names and other words not in :mod:`perfkit.text.i18n`.
WORDS: dict[str, tuple[str, str]] = {
    "metric": ("Metric", "指标"),
    "value": ("Value", "数值"),
    "note": ("Note", "备注"),
    "parameter": ("Parameter", "参数"),
    "baseline": ("Baseline", "基准"),
    "plan": ("Plan", "方案"),
    "change": ("Change", "变化"),
    "status": ("Status", "状态"),
    "threshold": ("Threshold", "阈值"),
    "triggered": ("Triggered", "触发"),
    "ok": ("OK", "正常"),
    "agent_id": ("Agent", "工号"),
    "team": ("Team", "团队"),
    "teams": ("Teams", "团队数"),
    "agents": ("Agents", "人数"),
    "skill": ("Skill", "能力"),
    "tenure": ("Tenure (months)", "司龄（月）"),
    "order_value": ("Order value", "客单价"),
    "effort": ("Effort", "努力程度"),
    "quality": ("Quality share", "质量投入占比"),
    "help": ("Helping share", "协作投入占比"),
    "effective_calls": ("Effective calls", "有效通话数"),
    "left": ("Left before the last month", "已离职员工"),
    "skill_quartile": ("Skill quartile", "能力四分位"),
    "tenure_group": ("Tenure", "司龄"),
    "all": ("All agents", "全体员工"),
    "segment": ("Segment", "分组"),
    "mean_change": ("Mean change", "平均变化"),
    "current_pay": ("Current pay (all months)", "现行方案薪酬（全部月份）"),
    "new_pay": ("New pay (all months)", "新方案薪酬（全部月份）"),
    "min_score": ("Minimum score", "最低得分"),
    "share": ("Share of agents", "人数占比"),
    "coefficient": ("Pay coefficient", "绩效系数"),
    "kpi": ("KPI", "指标"),
    "level": ("Level", "层级"),
    "r2": ("R²", "R²"),
    "mae": ("Mean absolute error", "平均绝对误差"),
    "actual_mean": ("Actual mean", "实际均值"),
    "agent-period": ("agent-month", "人·月"),
    "agent": ("agent average", "人均"),
    "source": ("Source", "来源"),
    "median": ("Median", "中位数"),
    "p10_p90": ("P10–P90", "P10–P90"),
    "rows": ("Rows", "行数"),
    "periods": ("Periods", "期数"),
    "runs": ("Runs", "模拟次数"),
    "seed": ("Seed", "随机种子"),
    "new_hires": ("Share under 6 months", "司龄不足 6 个月占比"),
    "bunching": ("Bunching at a cliff", "门槛扎堆"),
    "give_up": ("Giving up on targets", "放弃目标"),
    "concentration": ("Incentive pay concentration", "激励集中度"),
    "budget_p90": ("Budget at P90", "P90 预算"),
    "attrition": ("Attrition", "离职率"),
    "top_rate": ("Top commission rate", "最高档提成比例"),
    "commission_rate": ("Commission rate", "提成比例"),
    "base_salary": ("Base salary", "基本工资"),
    "weight": ("weight", "权重"),
    "per_period": ("/ period", "/ 期"),
    "risks": ("Risks", "风险"),
    "recommendations": ("Recommendations", "建议"),
    "refunds": ("Refunds", "退款额"),
    "complaints": ("Complaints", "投诉数"),
    "repeat_customers": ("Repeat customers", "复购客户数"),
    "assisted_orders": ("Orders closed with a mentor", "被带教成交单数"),
    "shared_revenue": ("Shared revenue", "协作成交额"),
    "weight_of": ("Weight of {kpi}", "{kpi}权重"),
    "in_last_period": ("Agents in the last month", "最后一个月在岗人数"),
    "short_history": ("Agents with under 3 months of history", "历史数据不足 3 个月的人数"),
    "mean_per_month": ("Mean per agent-month", "人均每月"),
    "zeros": ("Share of zeros", "零值占比"),
    "trait": ("Trait", "特征"),
    "own_history": ("Weight on own history (median)", "个人历史权重（中位数）"),
    "capacity": ("Dials capacity per month", "每月外呼能力"),
    "pay_per_order": ("Pay per order", "每单薪酬成本"),
    "target": ("target", "目标"),
    "floor": ("floor", "门槛"),
    "cap": ("cap", "封顶"),
    "higher": ("higher is better", "越高越好"),
    "lower": ("lower is better", "越低越好"),
    "linear": ("linear", "线性"),
    "stepped": ("stepped", "阶梯"),
    "steps": ("steps", "档位"),
    "revenue_per_agent_month": ("Revenue per agent-month", "人均月销售额"),
}

#: Segment names of perfkit.analysis.metrics.segments, in Chinese.
SEGMENTS_ZH: dict[str, str] = {
    "Q1 (low)": "Q1（低）",
    "Q4 (high)": "Q4（高）",
    "< 6 months": "不足 6 个月",
    "6–24 months": "6–24 个月",
    "> 24 months": "24 个月以上",
}


def _pick(table: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    pair = table[key]
    return pair[1] if lang == "zh" else pair[0]


def word(key: str, lang: Lang = "en") -> str:
    """A column name or word: this module's, else :func:`perfkit.text.i18n.label`."""
    return _pick(WORDS, key, lang) if key in WORDS else _i18n_label(key, lang)


def title(key: str, lang: Lang = "en") -> str:
    """A heading's text."""
    return _pick(HEADINGS, key, lang)


def heading(key: str, lang: Lang = "en", number: int | None = None, level: int = 2) -> str:
    """A markdown heading, e.g. ``## 1. Executive summary`` (``### Grade rules`` at level 3)."""
    text_ = title(key, lang)
    if number is not None:
        text_ = f"{number}. {text_}" if lang == "en" else f"{number}、{text_}"
    return f"{'#' * level} {text_}"


def text(key: str, lang: Lang = "en", **values: Any) -> str:
    """A fixed sentence with its fields filled in."""
    return _pick(TEXTS, key, lang).format(**values)


def bullets(lines: list[str], markdown: bool = False) -> str:
    """Markdown bullet list of plain-text ``lines`` (escaped: they may quote plan names).

    ``markdown=True``: the lines are Markdown already, their user-typed parts escaped
    with :func:`~perfkit.words.escape.md_text` by the caller.
    """
    return "\n".join(f"- {line if markdown else md_text(line)}" for line in lines)


def segment_word(segment: str, lang: Lang = "en") -> str:
    """A segment name (skill quartile, tenure group) in the report language."""
    return SEGMENTS_ZH.get(segment, segment) if lang == "zh" else segment


def colon(lang: Lang = "en") -> str:
    """The colon between a title and a name."""
    return "：" if lang == "zh" else ": "


def money(x: float, currency: str = "CNY", lang: Lang = "en") -> str:
    """``CNY 12,345``; in Chinese ``123.5万元`` (the format of :mod:`perfkit.words.findings`)."""
    from perfkit.words.plan.numbers import money as _money

    return _money(x, currency, lang)


def pct(x: float, digits: int = 1, signed: bool = False) -> str:
    """A fraction as a percentage."""
    if not math.isfinite(x):
        return "n/a"
    return f"{x * 100:+.{digits}f}%" if signed else f"{x * 100:.{digits}f}%"


def rate(x: float) -> str:
    """A rate as exactly as it was set: 0.0125 → '1.25%', 0.02 → '2%' (at most 2 decimals)."""
    if not math.isfinite(x):
        return "n/a"
    return f"{x * 100:.2f}".rstrip("0").rstrip(".") + "%"


def fmt_metric(metric: str, x: float, currency: str = "CNY", lang: Lang = "en") -> str:
    """A metric's value in the unit a client reads it in."""
    if not math.isfinite(x):
        return "n/a"
    if metric in {"revenue", "net_revenue", "total_pay", "incentive_pay", "profit"}:
        return money(x, currency, lang)
    shares = {"cost_of_sales", "attrition", "quality_share", "help_share", "new_hire_share"}
    if metric in shares | {"conversion_rate"}:
        return pct(x, 2 if metric == "conversion_rate" else 1)
    if metric == "complaint_rate":
        return pct(x, 3)
    if metric in {"orders", "dials", "hires"}:
        return f"{x:,.0f}"
    if metric == "mean_tenure":
        return f"{x:.1f}"
    return f"{x:.2f}"


def _nb(s: str) -> str:
    """Keep a number and its currency on one line in a table cell."""
    return s.replace(" ", "\u00a0")
