"""The designer's words for a KPI export it cannot use (``designer.data.*``) and the
estimated plan's name beside its original (``plan.estimated_name``)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # a plan compared with the same plan as perfkit estimate wrote it (same name)
    "plan.estimated_name": ("{name} (estimated)", "{name}（估计）"),
    # the designer's words for a KPI export it cannot use (perfkit.apps.designer.data_problems)
    "designer.data.error": (
        "The export {source} cannot be used: {problems}",
        "导出表 {source} 无法使用：{problems}",
    ),
    "designer.data.missing": ("there is no such file", "找不到这个文件"),
    "designer.data.folder": (
        "this is a folder; give the path of a KPI export (CSV, .xlsx or .parquet)",
        "这是一个文件夹；请填写 KPI 导出表文件的路径",
    ),
    "designer.data.unreadable": ("the file cannot be read ({why})", "无法读取这个文件（{why}）"),
    "designer.data.empty": (
        "the file is empty; it needs a KPI table with a header row",
        "文件是空的；需要一张带表头行的 KPI 表",
    ),
    "designer.data.no_rows": ("the table has no data rows", "表格没有数据行"),
    "designer.data.no_column": (
        "no column {column}; the headers are {headers}",
        "缺少必需的列 {column}；表头为 {headers}",
    ),
    "designer.data.no_column_close": (
        "no column {column}; is {best} that column? (rename it in the export)",
        "缺少必需的列 {column}；{best} 是不是这一列？（请在导出表中改名）",
    ),
    "designer.data.not_kpis": (
        "none of its headers is a KPI column (expected agent_id, period, dials, connected, "
        "orders, revenue, or their Chinese names such as 工号, 月份, 外呼量)",
        "表头中没有任何已知的 KPI 列（应有工号、月份、外呼量、接通量、成交单数、销售额等列）",
    ),
    "designer.data.text": (
        "column {column}: text where a number belongs ({values}) on {where}",
        "列 {column}：{where}应为数字，却是 {values}",
    ),
    "designer.data.negative": (
        "column {column}: negative values ({values}) on {where}",
        "列 {column}：{where}为负数（{values}）",
    ),
    "designer.data.date": (
        "column {column}: dates it cannot read ({values}) on {where}",
        "列 {column}：{where}的日期无法识别（{values}）",
    ),
    "designer.data.period": (
        "column {column}: months it cannot read ({values}) on {where}; write them as "
        "YYYY-MM (or YYYY-Qn for quarters)",
        "列 {column}：{where}的月份无法识别（{values}）；请写成 2025-06 这样的年-月（季度写成 2025-Q2）",
    ),
    "designer.data.blank": (
        "column {column}: blank cells on {where}; fill them or drop those rows in the export",
        "列 {column}：{where}为空；请在导出表中补齐或删除这些行",
    ),
    "designer.data.empty_field": ("{field} is blank on {where}", "{where}的{field}为空"),
    "designer.data.field.agent_id": ("the agent id", "工号"),
    "designer.data.field.team": ("the team", "团队"),
    "designer.data.field.period": ("the month", "月份"),
    "designer.data.twice": (
        "agent {agent} has two rows for {period} (on {where})",
        "员工 {agent} 在 {period} 有重复的行（{where}）",
    ),
    "designer.data.line": ("line {items}", "第 {items} 行"),
    "designer.data.lines": ("lines {items}", "第 {items} 行"),
    "designer.data.row": ("row {items}", "第 {items} 行（表中行号）"),
    "designer.data.rows": ("rows {items}", "第 {items} 行（表中行号）"),
    "designer.data.more_places": (" and {n} more", "等（另有 {n} 行）"),
    "designer.data.more_problems": ("and {n} more", "另有 {n} 个问题"),
    "designer.data.more_values": (" and {n} more", " 等（另有 {n} 个）"),
    "designer.data.above": (
        "{part} above {whole} ({rate} above 1) on {where}",
        "{where}的 {part} 大于 {whole}（{rate} 超过 1）",
    ),
}
