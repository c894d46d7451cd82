"""rate360's words (``r360.*``): its summary lines and the human-readable flag details."""

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
}
