"""Words and number formats of the review pages, in English and Chinese.

Numbers go through Babel (``zh_CN`` / ``en_US``); rates are shown as percentages
with enough decimals that a 0.15% complaint rate and a step of it stay visible,
and a step in a rate is stated in percentage points (pp / 个百分点).
"""

from __future__ import annotations

import math

from babel.numbers import format_currency, format_decimal

from perfkit.text.i18n import Lang, label

LOCALE = {"en": "en_US", "zh": "zh_CN"}

#: KPIs shown as percentages (shares and rates).
RATES = frozenset(
    {"connect_rate", "conversion_rate", "intent_rate", "complaint_rate", "repurchase_rate"}
)
#: KPIs that are amounts of money.
MONEY = frozenset(
    {"revenue", "collected", "refunds", "net_revenue", "margin", "average_order_value"}
)
#: KPIs that are scores on a scale (one decimal).
SCORES = frozenset({"qa_score", "peer_score", "satisfaction", "score", "peer_360"})

TEXT: dict[str, tuple[str, str]] = {
    "sheet_title": ("Performance review", "绩效面谈表"),
    "dashboard_title": ("Team review", "团队绩效看板"),
    "agent": ("Agent", "员工"),
    "agent_id": ("ID", "工号"),
    "team": ("Team", "团队"),
    "period": ("Month", "考核月份"),
    "plan": ("Plan", "方案"),
    "kpis": ("KPIs against target and team", "指标：对比目标与团队"),
    "kpi": ("KPI", "指标"),
    "actual": ("Actual", "实际"),
    "target": ("Target", "目标"),
    "attainment": ("Attainment", "达成率"),
    "team_median": ("Team median", "团队中位数"),
    "trend": ("Trend", "趋势"),
    "weight": ("Weight", "权重"),
    "score": ("Score", "考核得分"),
    "grade": ("Grade", "绩效等级"),
    "pay": ("Pay this month", "本月薪酬"),
    "pay_short": ("Pay", "薪酬"),
    "pay_part": ("Part", "构成"),
    "amount": ("Amount", "金额"),
    "score_trend": ("Score and pay, last months", "近几个月得分与薪酬"),
    "focus": ("Coaching focus", "辅导重点"),
    "focus_line": (
        "{step} of {kpi} ({old} → {new}) is worth {gain} next month{extra}.",
        "{kpi}提升 {step}（{old} → {new}），下月薪酬可增加 {gain}{extra}。",
    ),
    "focus_lower_line": (
        "{step} less {kpi} ({old} → {new}) is worth {gain} next month{extra}.",
        "{kpi}降低 {step}（{old} → {new}），下月薪酬可增加 {gain}{extra}。",
    ),
    "focus_score_line": (
        "{step} of {kpi} ({old} → {new}) raises the score by {score}; pay is unchanged "
        "this month{extra}.",
        "{kpi}提升 {step}（{old} → {new}），得分提高 {score}，本月薪酬不变{extra}。",
    ),
    "focus_score_lower_line": (
        "{step} less {kpi} ({old} → {new}) raises the score by {score}; pay is unchanged "
        "this month{extra}.",
        "{kpi}降低 {step}（{old} → {new}），得分提高 {score}，本月薪酬不变{extra}。",
    ),
    "focus_extra": (", score {score}", "，得分 {score}"),
    "focus_grade": (", grade {old} → {new}", "，等级 {old} → {new}"),
    "focus_none": (
        "No single realistic step raises score or pay this month; "
        "keep the strengths and agree one habit to build.",
        "本月单项指标的合理提升不会提高得分或薪酬；保持优势，约定一个习惯改进。",
    ),
    "focus_rule": (
        "Step: to the team's top quarter, at most 20% of target (5% of target for "
        "agents already there); priced by the plan's payout rules with the rest of "
        "the month unchanged.",
        "提升幅度：达到团队前 25% 水平，最多为目标的 20%（已达到者按目标的 5%）；"
        "按方案的薪酬规则测算，其余数据保持本月不变。",
    ),
    "agent_comments": ("Agent's comments", "员工意见"),
    "leader_comments": ("Team leader's comments", "主管评语"),
    "actions": ("Agreed actions for next month", "下月改进计划"),
    "signatures": (
        "Agent: ____________   Team leader: ____________   Date: ________",
        "员工签字：____________   主管签字：____________   日期：________",
    ),
    "heatmap": ("Agents × KPIs against target", "员工 × 指标 目标达成热力图"),
    "heat_note": (
        "Each cell: attainment of target (100% = met); red below 80%, amber 80–100%, "
        "green at or above target.",
        "每格为目标达成率（100% = 达标）；低于 80% 为红色，80–100% 为黄色，达标为绿色。",
    ),
    "coach_first": ("Who to coach first, and on what", "优先辅导名单"),
    "coach_note": (
        "Ordered by what the realistic step in the agent's best KPI is worth next month.",
        "按每位员工最有价值指标的合理提升带来的下月薪酬增幅排序。",
    ),
    "worth": ("Worth next month", "下月增收"),
    "step": ("Step", "提升幅度"),
    "progress": ("Team progress to goal", "团队目标进度"),
    "goal": ("Goal", "目标"),
    "reached": ("Reached", "完成"),
    "heads": ("Agents", "人数"),
    "sheets_link": ("Review sheets", "面谈表"),
    "mean_score": ("Mean score", "平均得分"),
}


def t(key: str, lang: Lang, **kw: object) -> str:
    """The text *key* in *lang*, formatted with *kw* (values are not escaped here)."""
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**kw)


def kpi_name(kpi: str, lang: Lang) -> str:
    """A KPI's label (the shared catalogue, else the key with spaces)."""
    if kpi == "peer_360":
        return "360 score" if lang == "en" else "360 度评估分"
    return label(kpi, lang)


def money(value: float, currency: str, lang: Lang, digits: int = 0) -> str:
    """``CN¥4,564`` / ``¥4,564``; blank for NaN."""
    if not math.isfinite(value):
        return "–"
    fmt = "¤#,##0" if digits == 0 else "¤#,##0." + "0" * digits
    return format_currency(value, currency, format=fmt, locale=LOCALE[lang], currency_digits=False)


def signed_money(value: float, currency: str, lang: Lang) -> str:
    """``+CN¥380`` or ``−CN¥20``."""
    sign = "+" if value >= 0 else "−"
    return sign + money(abs(value), currency, lang)


def kpi_value(kpi: str, value: float, lang: Lang, currency: str = "CNY") -> str:
    """A KPI value as a team leader reads it."""
    if not math.isfinite(value):
        return "–"
    if kpi in RATES:
        return f"{value * 100:.{_rate_digits(value)}f}%"
    if kpi in MONEY:
        return money(value, currency, lang)
    if kpi in SCORES:
        return format_decimal(value, format="#,##0.0", locale=LOCALE[lang])
    return format_decimal(value, format="#,##0", locale=LOCALE[lang])


def kpi_step(kpi: str, step: float, lang: Lang, currency: str = "CNY") -> str:
    """The size of a step: percentage points for rates, else the KPI's own unit."""
    size = abs(step)
    if kpi in RATES:
        pts = size * 100
        digits = max(1, _rate_digits(size))
        return f"{pts:.{digits}f} pp" if lang == "en" else f"{pts:.{digits}f} 个百分点"
    sign = "" if lang == "zh" else "+"
    return sign + kpi_value(kpi, size, lang, currency)


def _rate_digits(value: float) -> int:
    """Decimals so that a small rate keeps two significant digits (26.1%, 0.15%)."""
    pct = abs(value) * 100
    if pct == 0 or pct >= 10:
        return 1
    return min(4, max(1, 1 - math.floor(math.log10(pct))))


def pct(value: float) -> str:
    """An attainment, ``97%``."""
    return "–" if not math.isfinite(value) else f"{value * 100:.0f}%"
