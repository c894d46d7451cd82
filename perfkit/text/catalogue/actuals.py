"""The plan in force against what happened (``actuals.*``): the briefing report's check
that the model reproduces the export's last months (perfkit.words.report.actuals)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "actuals.heading": (
        "The plan in force against what happened",
        "现行方案：模型预测与实际对照",
    ),
    "actuals.how.plan_column": (
        "The export's plan column names this plan for most rows of its last month ({month}): "
        "it is the plan the floor is on now.",
        "导出数据的方案列显示，最后一个月（{month}）的多数记录执行本方案：这是团队现行的方案。",
    ),
    "actuals.how.population_plan": (
        "The export names no plan per row, and the baseline's population names this plan as "
        "the one in force while the export was recorded (`population.plan`): it is the plan "
        "the floor is on now.",
        "导出数据未逐行注明方案，基准方案的群体设置（`population.plan`）指明数据期间执行的是本方案："
        "这是团队现行的方案。",
    ),
    "actuals.how.baseline": (
        "The export names no plan, so the baseline, this plan, is taken as the plan in force.",
        "导出数据未注明方案，因此以基准方案（即本方案）作为现行方案。",
    ),
    "actuals.intro": (
        "If the model is right, its forecast of this plan reproduces what the floor did. The "
        "export's last {n} months ({first} to {last}, {agents} agents) stand beside the "
        "model's forecast of the same calendar months ({model_first} to {model_last}; "
        "{runs} runs). A measure differs when the export lies outside the model's P10–P90 "
        "and more than ±10% from the model's mean (attrition: ±5 percentage points a year; "
        "trend: ±1 percentage point a month).",
        "模型若可信，它对本方案的预测应能重现团队的实际表现。下表把导出数据最近 {n} 个月"
        "（{first} 至 {last}，{agents} 名员工）与模型对相同月份的预测（{model_first} 至 "
        "{model_last}，{runs} 次模拟）并列比较。实际值落在模型 P10–P90 区间之外、且与模型均值相差"
        "超过 ±10%（流失率为每年 ±5 个百分点，趋势为每月 ±1 个百分点）时，判为不一致。",
    ),
    "actuals.intro_first_months": (
        "If the model is right, its forecast of this plan reproduces what the floor did. The "
        "export's last {n} months ({first} to {last}, {agents} agents) stand beside the "
        "model's first {n} forecast months ({model_first} to {model_last}; {runs} runs). A "
        "measure differs when the export lies outside the model's P10–P90 and more than ±10% "
        "from the model's mean (attrition: ±5 percentage points a year; trend: ±1 percentage "
        "point a month).",
        "模型若可信，它对本方案的预测应能重现团队的实际表现。下表把导出数据最近 {n} 个月"
        "（{first} 至 {last}，{agents} 名员工）与模型预测的前 {n} 个月（{model_first} 至 "
        "{model_last}，{runs} 次模拟）并列比较。实际值落在模型 P10–P90 区间之外、且与模型均值相差"
        "超过 ±10%（流失率为每年 ±5 个百分点，趋势为每月 ±1 个百分点）时，判为不一致。",
    ),
    "actuals.pay.paid": (
        "The export's pay is its own pay column ({column}): what was paid.",
        "实际薪酬取自导出数据自带的薪酬列（{column}），即实际发放的薪酬。",
    ),
    "actuals.pay.priced": (
        "The export has no pay column, so its pay is priced by the payout engine from its KPIs "
        "under the plan in force: it checks the KPIs, not the plan's rules against payroll "
        "(add a `total_pay` / `应发工资` column to check those).",
        "导出数据没有薪酬列，实际薪酬由计薪引擎按现行方案根据其 KPI 计算：这检验的是 KPI，"
        "而非方案规则与实际发薪是否一致（如需检验，请在数据中加入 `total_pay` / `应发工资` 列）。",
    ),
    "actuals.col.measure": ("Measure", "指标"),
    "actuals.col.export": ("What happened", "实际"),
    "actuals.col.model": ("Model", "模型预测"),
    "actuals.col.band": ("Model P10–P90", "模型 P10–P90"),
    "actuals.col.gap": ("Difference", "差异"),
    "actuals.col.verdict": ("Verdict", "结论"),
    "actuals.verdict.agrees": ("agrees", "一致"),
    "actuals.verdict.differs": ("differs", "不一致"),
    "actuals.measure.revenue": ("Revenue per agent-month", "人均月销售额"),
    "actuals.measure.total_pay": ("Pay per agent-month", "人均月薪酬"),
    "actuals.measure.cost_of_sales": (
        "Cost of sales (pay ÷ revenue)",
        "销售成本率（薪酬 ÷ 销售额）",
    ),
    "actuals.measure.attrition": ("Attrition (quits per year)", "流失率（按离职人数，年化）"),
    "actuals.measure.trend": ("Trend of revenue per agent-month", "人均月销售额趋势"),
    "actuals.per_month": ("{value} a month", "每月 {value}"),
    "actuals.range": ("{low} to {high}", "{low} 至 {high}"),
    "actuals.agree_all": (
        "The model reproduces the export's last {n} months on every measure: the forecasts "
        "start from the floor as it is.",
        "模型在各项指标上都与导出数据最近 {n} 个月的实际相符：各项预测从团队的真实现状出发。",
    ),
    "actuals.differs_intro": (
        "Where the model and what happened differ:",
        "模型预测与实际不一致之处：",
    ),
    "actuals.diff.higher": (
        "{measure}: {actual} in the export, {gap} above the model's {model} (P10–P90 {band}).",
        "{measure}：实际为 {actual}，比模型预测的 {model}（P10–P90 {band}）高 {gap}。",
    ),
    "actuals.diff.lower": (
        "{measure}: {actual} in the export, {gap} below the model's {model} (P10–P90 {band}).",
        "{measure}：实际为 {actual}，比模型预测的 {model}（P10–P90 {band}）低 {gap}。",
    ),
    "actuals.hint.revenue": (
        "The model's sales level comes from the whole export; a trend, a season or a change "
        "of the floor in the last months moves them away from it.",
        "模型的销售水平来自整个导出数据；最近几个月的趋势、季节性或团队变化会使实际偏离模型。",
    ),
    "actuals.hint.total_pay_paid": (
        "The pay column is what was paid: check the scenario's pay rules (base salary, rates, "
        "bonuses) against payroll before trusting any comparison of pay.",
        "薪酬列是实际发放的金额：请先核对方案中的薪酬规则（基本工资、提成比例、奖金）与工资表是否一致，"
        "再采信任何薪酬比较。",
    ),
    "actuals.hint.total_pay_priced": (
        "The export's pay is priced from its KPIs under this plan, so the gap follows the "
        "sales gap.",
        "实际薪酬由其 KPI 按本方案计算，因此差异源自销售差异。",
    ),
    "actuals.hint.cost_of_sales": (
        "Cost of sales follows pay and revenue: see those lines.",
        "销售成本率由薪酬与销售额决定：见上两项。",
    ),
    "actuals.hint.attrition": (
        "The forecast's attrition is the scenario's `simulation.attrition`; `perfkit estimate` "
        "sets it from who left in the export.",
        "预测中的流失率来自方案的 `simulation.attrition` 设置；`perfkit estimate` 可根据导出数据中的"
        "离职情况估计它。",
    ),
    "actuals.hint.trend": (
        "The forecast carries no trend the export shows (growth, ramping hires, a season): "
        "later months of the forecast drift away from what will happen.",
        "预测未包含导出数据中的趋势（增长、新人爬坡、季节性）：预测越往后，偏离越大。",
    ),
}
