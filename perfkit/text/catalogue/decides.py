"""What decides a comparison's verdict (``decides.*``, ``report.heading.decides``) and the
statement of gross margin and hiring cost on a report's first page.

The table, the tornado and the sentences of perfkit.words.report.decides; the assumptions'
names are ``decides.param.<key>`` (perfkit.scheme.priors.DECISIVE).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "report.heading.decides": ("What decides this verdict", "决定结论的因素"),
    # the assumptions (perfkit.scheme.priors.DECISIVE)
    "decides.param.effort_cost": ("Effort cost (how strongly agents respond to pay)",
                                  "努力成本（员工对薪酬的反应强度）"),
    "decides.param.attrition_rate": ("Annual attrition at market pay", "市场薪酬下的年离职率"),
    "decides.param.attrition_sensitivity": ("How much pay moves attrition",
                                            "薪酬对离职的影响强度"),
    "decides.param.margin_rate": ("Gross margin", "毛利率"),
    "decides.param.hiring_cost": ("Hiring cost per replacement", "每补招一人的招聘成本"),
    "decides.param.timing_share": ("Deals movable across a month end (deal timing)",
                                   "可跨月调整的成交占比（压单 / 提前成交）"),
    # where each value comes from
    "decides.source.estimated": ("Estimated from the client's export", "根据客户数据估计"),
    "decides.source.boundary": (
        "Set at the model's limit: the export lies outside what the model can produce",
        "取模型可达范围的边界：客户数据超出模型能产生的范围"),
    "decides.source.prior": ("Prior: the export does not identify it", "先验值：客户数据无法识别"),
    "decides.source.consultant": ("Set by the consultant: {note}", "由顾问设定：{note}"),
    "decides.source.default": ("Kit default — not confirmed by the client",
                               "工具默认值，未经客户确认"),
    "decides.range.scenario": ("{low} – {high}", "{low} – {high}"),
    "decides.range.default": ("{low} – {high} (default range)", "{low} – {high}（默认范围）"),
    # table columns
    "decides.col.factor": ("Assumption", "假设"),
    "decides.col.source": ("Source", "来源"),
    "decides.col.value": ("Value used", "采用值"),
    "decides.col.range": ("Range tested", "检验范围"),
    "decides.col.gain_low": ("Profit gain at the low end", "取下限时的利润优势"),
    "decides.col.gain_high": ("Profit gain at the high end", "取上限时的利润优势"),
    "decides.col.ranking": ("Ranking", "排名"),
    "decides.ranking.holds": ("holds", "不变"),
    "decides.ranking.flips_near": ("flips near {value}", "在 {value} 附近反转"),
    "decides.ranking.leads": ("flips: {plan} leads at {value}", "反转：取 {value} 时 {plan} 领先"),
    # sentences
    "decides.text.intro": (
        "The verdict rests on assumptions no plan file settles. Each is moved to both ends "
        "of its range, one at a time, and every plan is simulated again on the same draws; "
        "the table gives the profit gain of {leader} over {runner} over {periods} months at "
        "both ends ({gain} at the values used).",
        "结论取决于方案文件之外的若干假设。逐一把每个假设移到其范围的两端，在相同的随机抽样下重新模拟"
        "每个方案；下表给出两端取值下{leader}相对{runner}在 {periods} 个月内的利润优势（采用值下为 {gain}）。"),
    "decides.text.holds": (
        "The ranking holds across every range tested: {leader} makes the most profit at "
        "both ends of each.",
        "在检验的所有范围内排名不变：每个假设取两端时，{leader}的利润都最高。"),
    "decides.text.flips": (
        "The ranking flips within the range of: {factors}. Settle these with the client "
        "before deciding.",
        "以下假设在其范围内会使排名反转：{factors}。作出决定前，请先与客户确认这些假设。"),
    "decides.text.largest": (
        "The gain moves most with {factor}: from {low} to {high} across its range.",
        "利润优势随{factor}变化最大：在其范围内从 {low} 到 {high}。"),
    "decides.text.cost": (
        "Each end: {runs} paired runs of every plan ({sims} simulations, {seconds} s). "
        "A range marked \"default\" is the kit's documented range; the others are the scenario's own.",
        "每一端：每个方案 {runs} 次配对模拟（共 {sims} 次模拟，用时 {seconds} 秒）。标为“默认范围”的是工具文档中的范围，其余来自方案文件。"),
    "decides.text.single": ("One plan only: there is no verdict to explain.",
                            "只有一个方案，没有需要解释的结论。"),
    # the tornado
    "decides.chart.title": ("Profit gain of {leader} over {runner}", "{leader}相对{runner}的利润优势"),
    "decides.chart.low": ("assumption at the low end", "假设取下限"),
    "decides.chart.high": ("assumption at the high end", "假设取上限"),
    "decides.chart.used": ("at the values used", "采用值"),
    "decides.chart.flip": ("no gain: the ranking flips", "优势为零：排名反转"),
    # page 1: what profit assumes
    "decides.text.assumptions": (
        "Profit assumes a gross margin of {margin} ({margin_source}) and a hiring cost of "
        "{hiring} per replacement ({hiring_source}).",
        "利润按毛利率 {margin}（{margin_source}）和每补招一人 {hiring} 的招聘成本"
        "（{hiring_source}）计算。"),
}  # fmt: skip
