"""rate360's words (``r360.*``): its summary lines and the human-readable flag details; the
plan designer's tab titles and option names (``designer.tab.*``, ``designer.option.*``)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "r360.summary": (
        "{rated} of {total} agent-periods rated by at least {least} raters; fallback "
        "{fallback} for {fell}; {blank} with no 360 score keep the export's own {column} "
        "(blank if it has none)",
        "{total} 个员工·月中 {rated} 个有至少 {least} 位评价人；{fell} 个按{fallback}补位；"
        "{blank} 个没有 360 得分，沿用导出表原有的 {column}（原来没有则留空）",
    ),
    "r360.files": (
        "{flags} flag(s); files in {out}/ ({file}: the export with {column} from the 360)",
        "{flags} 条提示；文件在 {out}/（{file}：导出表，{column} 取 360 得分）",
    ),
    "r360.fallback.team_mean": ("the team's mean", "团队平均分"),
    "r360.fallback.leader": ("the leader's rating", "上级评分"),
    "r360.fallback.blank": ("blank", "留空"),
    "r360.reciprocal": (
        "each rates the other {there} / {back} points above the ratee's other raters",
        "互相给分，分别比被评人的其他评价人高 {there} / {back} 分",
    ),
    "r360.outlier": (
        "on average {mean} points against the other raters, over {ratees} ratees",
        "对 {ratees} 位被评人，平均比其他评价人{direction} {size} 分",
    ),
    "r360.higher": ("higher", "高"),
    "r360.lower": ("lower", "低"),
    # the designer's tabs: one or two words each, all different (ten fit one row)
    "designer.tab.weights": ("Scorecard", "考核权重"),
    "designer.tab.shares": ("Shares", "强制分布"),
    "designer.tab.commission": ("Commission", "提成"),
    "designer.tab.grades": ("Grades", "绩效等级"),
    "designer.tab.team": ("Bonus", "达成奖金"),
    "designer.tab.pool": ("Team pool", "团队奖金池"),
    "designer.tab.rank": ("Prizes", "排名奖"),
    "designer.tab.deductions": ("Deductions", "扣款"),
    "designer.tab.collaboration": ("Mentoring", "协作带教"),
    "designer.tab.non_cash": ("Non-cash", "非现金激励"),
    "designer.tab.data": ("Data, save", "数据与保存"),
    # the designer's dropdown options (the values stay the scenario's codes)
    "designer.option.marginal": ("marginal (on the part above each edge)", "超额累进"),
    "designer.option.whole": ("whole amount", "全额累进"),
    "designer.option.company": ("the company", "全公司"),
    "designer.option.team": ("the team", "团队内"),
    "designer.option.equal": ("equal shares", "平均分配"),
    "designer.option.by_score": ("by score", "按得分"),
    "designer.option.by_revenue": ("by revenue", "按业绩"),
    "designer.no_change": ("—", "—"),
    "designer.error": ("The design cannot be priced: {message}", "该设计无法计算：{message}"),
    "designer.no_weight": (
        "scorecard: give at least one KPI a weight above 0",
        "考核指标：至少一项指标的权重要大于 0",
    ),
}
