"""The pay statements and back-test workbooks (perfkit.pages.statements): column headers in
payslip vocabulary (``payslip.*``; 应发合计, not the report's 薪酬总额) and sheet names
(``payslip.sheet.*``: at most 31 characters, none of ``[]:*?/\\``).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # column headers (others: label.*)
    "payslip.attainment_of": ("{kpi} attainment", "{kpi}达成率"),
    "payslip.name": ("Name", "姓名"),
    "payslip.period": ("Period", "期间"),
    "payslip.segment": ("Plan segment", "适用分组"),
    "payslip.score": ("Score", "综合得分"),
    "payslip.own_score": ("Own score (before team blend)", "个人得分（未计团队）"),
    "payslip.total_pay": ("Total pay", "应发合计"),
    "payslip.non_cash": ("Non-cash rewards", "非经济激励"),
    "payslip.non_cash_value": ("Non-cash rewards (value to agent)", "非经济激励（员工价值）"),
    "payslip.non_cash_cost": ("Non-cash rewards (cost)", "非经济激励（成本）"),
    "payslip.current_pay": ("Current plan pay", "现行方案薪酬"),
    "payslip.new_pay": ("New plan pay", "新方案薪酬"),
    "payslip.difference": ("Difference", "差额"),
    "payslip.change": ("Change", "变化率"),
    "payslip.band": ("Change band", "增减区间"),
    "payslip.agent_periods": ("Agent-periods", "人·期"),
    "payslip.pay_per_agent_period": ("Pay per agent-period", "人均每期薪酬"),
    "payslip.winners": ("Agents gaining > 0.1%", "增收人数（>0.1%）"),
    "payslip.losers": ("Agents losing > 0.1%", "减收人数（>0.1%）"),
    "payslip.all_teams": ("All teams", "全部团队"),
    "payslip.team_total": ("Team total", "团队合计"),
    "payslip.pay_per_period": ("Pay per period", "每期平均薪酬"),
    "payslip.section": ("Section", "类别"),
    "payslip.rule": ("Rule", "规则"),
    "payslip.setting": ("Setting", "设置项"),
    "payslip.value": ("Value", "取值"),
    "payslip.plan_name": ("Plan", "方案名称"),
    "payslip.plan_description": ("Description", "方案说明"),
    "payslip.currency": ("Currency", "币种"),
    "payslip.plan_period": ("Evaluation cycle", "考核周期"),
    "payslip.blank_policy": ("Blank cells in the export", "数据空白单元格处理"),
    # the evaluation cycle on the settings sheet
    "payslip.cycle.month": ("month", "月度"),
    "payslip.cycle.quarter": ("quarter", "季度"),
    # sheet names
    "payslip.sheet.statements": ("Statements", "薪酬明细"),
    "payslip.sheet.backtest": ("Back-test", "回测对比"),
    "payslip.sheet.teams": ("Team summary", "团队汇总"),
    "payslip.sheet.rules": ("Plan rules", "方案规则"),
    "payslip.sheet.settings": ("Plan settings", "方案参数"),
    "payslip.sheet.rules_current": ("Rules - current plan", "现行方案规则"),
    "payslip.sheet.rules_new": ("Rules - new plan", "新方案规则"),
    "payslip.sheet.settings_current": ("Settings - current plan", "现行方案参数"),
    "payslip.sheet.settings_new": ("Settings - new plan", "新方案参数"),
    "payslip.sheet.team": ("Team {team}", "团队 {team}"),
}
