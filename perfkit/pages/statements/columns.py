"""Column headers, sheet names and number formats of client-ready statements (en / zh)."""

from __future__ import annotations

import re

from perfkit.text.i18n import Lang, label

#: Headers this module names; others come from :func:`perfkit.text.i18n.label`.
HEADERS: dict[str, tuple[str, str]] = {
    "agent_id": ("Agent ID", "工号"),
    "name": ("Name", "姓名"),
    "team": ("Team", "团队"),
    "period": ("Period", "期间"),
    "segment": ("Plan segment", "适用分组"),
    "score": ("Score", "综合得分"),
    "own_score": ("Own score (before team blend)", "个人得分（未计团队）"),
    "grade": ("Grade", "绩效等级"),
    "total_pay": ("Total pay", "应发合计"),
    "non_cash": ("Non-cash rewards", "非经济激励"),
    "non_cash_value": ("Non-cash rewards (value to agent)", "非经济激励（员工价值）"),
    "non_cash_cost": ("Non-cash rewards (cost)", "非经济激励（成本）"),
    "current_pay": ("Current plan pay", "现行方案薪酬"),
    "new_pay": ("New plan pay", "新方案薪酬"),
    "difference": ("Difference", "差额"),
    "change": ("Change", "变化率"),
    "band": ("Change band", "增减区间"),
    "agents": ("Agents", "人数"),
    "agent_periods": ("Agent-periods", "人·期"),
    "pay_per_agent_period": ("Pay per agent-period", "人均每期薪酬"),
    "winners": ("Agents gaining > 0.1%", "增收人数（>0.1%）"),
    "losers": ("Agents losing > 0.1%", "减收人数（>0.1%）"),
    "all_teams": ("All teams", "全部团队"),
    "team_total": ("Team total", "团队合计"),
    "periods": ("Periods", "期数"),
    "pay_per_period": ("Pay per period", "每期平均薪酬"),
    "section": ("Section", "类别"),
    "rule": ("Rule", "规则"),
    "setting": ("Setting", "设置项"),
    "value": ("Value", "取值"),
    "note": ("Note", "备注"),
    "attainment": ("attainment", "达成率"),
    "plan_name": ("Plan", "方案名称"),
    "plan_description": ("Description", "方案说明"),
    "currency": ("Currency", "币种"),
    "plan_period": ("Evaluation cycle", "考核周期"),
    "blank_policy": ("Blank cells in the export", "数据空白单元格处理"),
}

#: Sheet names (at most 31 characters, none of ``[]:*?/\``).
SHEETS: dict[str, tuple[str, str]] = {
    "statements": ("Statements", "薪酬明细"),
    "backtest": ("Back-test", "回测对比"),
    "teams": ("Team summary", "团队汇总"),
    "rules": ("Plan rules", "方案规则"),
    "settings": ("Plan settings", "方案参数"),
    "rules_current": ("Rules - current plan", "现行方案规则"),
    "rules_new": ("Rules - new plan", "新方案规则"),
    "settings_current": ("Settings - current plan", "现行方案参数"),
    "settings_new": ("Settings - new plan", "新方案参数"),
    "team": ("Team {team}", "团队 {team}"),
}

MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
SCORE_FORMAT = "0.00"
SHARE_FORMAT = "0.0%"

#: Columns holding money (number format :data:`MONEY_FORMAT`).
MONEY = frozenset(
    {
        *("base_salary", "performance_pay", "commission", "bonus", "team_bonus"),
        *("collaboration", "deductions", "clawback", "guarantee_topup", "total_pay"),
        *("non_cash_value", "non_cash_cost", "current_pay", "new_pay", "difference"),
        "pay_per_agent_period",
        "pay_per_period",
    }
)
SCORES = frozenset({"score", "own_score"})
COUNTS = frozenset({"agents", "agent_periods", "winners", "losers", "periods"})
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[1] if lang == "zh" else pair[0]


def header(column: str, lang: Lang = "en") -> str:
    """The header of ``column`` in ``lang`` (``attainment_revenue`` → "销售额达成率")."""
    if column in HEADERS:
        return _pick(HEADERS[column], lang)
    if column.startswith("attainment_"):
        kpi = column.removeprefix("attainment_")
        sep = "" if lang == "zh" else " "
        return f"{label(kpi, lang)}{sep}{_pick(HEADERS['attainment'], lang)}"
    return label(column, lang)


def sheet(key: str, lang: Lang = "en") -> str:
    """A sheet's name in ``lang``."""
    return _pick(SHEETS[key], lang)


def team_sheet(team: str, lang: Lang, taken: set[str]) -> str:
    """A sheet name for ``team``'s sheet: Excel's forbidden characters dropped, at most 31
    characters, unique (case-insensitively) among ``taken``, which it joins."""
    base = sheet("team", lang).format(team=_SHEET_BAD.sub("", str(team)).strip("' ") or "_")
    name, n = base[:31], 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(name)
    return name


def number_format(column: str) -> str | None:
    """The number format of ``column``, or None for text and the General format."""
    if column in MONEY:
        return MONEY_FORMAT
    if column in SCORES:
        return SCORE_FORMAT
    if column in COUNTS:
        return COUNT_FORMAT
    if column.startswith("attainment_") or column == "change":
        return SHARE_FORMAT
    return None
