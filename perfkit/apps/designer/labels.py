"""The designer's words in English and Chinese (controls, sections, status lines)."""

from __future__ import annotations

from perfkit.text.i18n import Lang

_LABELS: dict[str, tuple[str, str]] = {
    "weights": ("Scorecard weights (normalised to 100)", "考核指标权重（自动归一到 100）"),
    "commission": ("Commission", "提成"),
    "mode": ("Ladder", "阶梯方式"),
    "rate": ("Rate", "比例"),
    "from": ("From", "起点"),
    "grades": ("Grade bands (minimum score)", "绩效等级（最低得分）"),
    "shares": ("Forced shares (normalised to 100%)", "强制分布比例（自动归一）"),
    "team": ("Team and bonus", "团队与奖金"),
    "team_weight": ("Team weight", "团队权重"),
    "bonus": ("Bonus at 100% of target", "达成 100% 目标奖金"),
    "pool": ("Team pool (0 = none)", "团队奖金池（0 = 不设）"),
    "pool_amount": ("Pool per team", "每队奖金池"),
    "pool_rate": ("Pool rate", "奖金池比例"),
    "pool_target": ("Team target", "团队目标"),
    "pool_split": ("Split", "分配方式"),
    "rank": ("Rank prizes (0 = none)", "排名奖（0 = 不设）"),
    "rank_prize": ("First prize", "第一名奖金"),
    "rank_winners": ("Prizes", "获奖名额"),
    "rank_within": ("Ranked within", "排名范围"),
    "deductions": ("Deductions (0 = none)", "扣款（0 = 不设）"),
    "qa_line": ("QA line", "质检线"),
    "qa_amount": ("Below the QA line", "低于质检线扣款"),
    "complaint_amount": ("Per complaint", "每次投诉扣款"),
    "complaint_free": ("Free complaints", "免扣投诉数"),
    "activity_min": ("Minimum {kpi}", "最低{kpi}"),
    "activity_amount": ("Below the minimum", "未达最低量扣款"),
    "collaboration": ("Collaboration credit", "协作奖励"),
    "mentor": ("Mentor per order", "带教每单奖励"),
    "mentee": ("Mentee per order", "被带教每单奖励"),
    "non_cash": ("Non-cash rewards (value to agent, cost)", "非经济激励（员工价值、成本）"),
    "nc_value": ("{reward}: value", "{reward}：价值"),
    "nc_cost": ("{reward}: cost", "{reward}：成本"),
    "data": ("Client's KPI export", "客户 KPI 数据"),
    "data_path": ("Export", "数据文件"),
    "use_data": ("Use this export", "使用该数据"),
    "save": ("Save scenario", "保存方案"),
    "name": ("Name", "名称"),
    "file": ("File", "文件"),
    "design": ("This design", "当前设计"),
    "start": ("Starting plan", "初始方案"),
    "per_period": ("per period, whole team", "每期，全体员工"),
    "timing": (
        "Simulated {agents} agents × {periods} periods × {runs} runs in {seconds:.2f} s",
        "模拟 {agents} 人 × {periods} 期 × {runs} 次，用时 {seconds:.2f} 秒",
    ),
    "team_is": ("Team: {population}", "团队：{population}"),
    "saved": ("Saved {path}", "已保存 {path}"),
}


def t(key: str, lang: Lang) -> str:
    """The designer's label ``key`` in ``lang``."""
    en, zh = _LABELS[key]
    return zh if lang == "zh" else en
