"""The executive summary on every report's first page (``pagefill.*``): ranking, the
recommendation with its uncertainty, the three numbers that matter and what they rest on
(perfkit.words.page_one)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "pagefill.ranking": (
        "**Ranking** by profit after pay {when}: {listing}.",
        "**排名**（{when}扣薪后毛利）：{listing}。",
    ),
    "pagefill.rank_item": ("{n}. {plan} ({profit})", "{n}. {plan}（{profit}）"),
    "pagefill.recommend": (
        "**Recommendation** for {plan}: {verdict}",
        "**建议**（{plan}）：{verdict}",
    ),
    "pagefill.no_verdict": (
        "no verdict on profit alone: its pay can exceed the budget (see the risks).",
        "仅凭利润无法下结论：其薪酬可能超出预算（见风险部分）。",
    ),
    "pagefill.certainty": ("**How sure**: {sentence}", "**把握程度**：{sentence}"),
    "pagefill.numbers": (
        "**The three numbers that matter** ({plan} against {baseline}, {when}; the change "
        "with its 95% interval from the paired runs):",
        "**最关键的三个数字**（{plan}对比{baseline}，{when}；变化值及其基于配对模拟的 95% 区间）：",
    ),
    "pagefill.numbers_single": (
        "**The three numbers that matter** ({plan}, {when}; mean with the P10–P90 range of the "
        "runs):",
        "**最关键的三个数字**（{plan}，{when}；均值及模拟的 P10–P90 范围）：",
    ),
    "pagefill.col.change": ("Change", "变化"),
    "pagefill.col.interval": ("95% interval", "95% 区间"),
    "pagefill.col.range": ("P10–P90", "P10–P90"),
    "pagefill.span": ("{low} to {high}", "{low} 至 {high}"),
    "pagefill.rests": (
        "**What it rests on**: agents as simulated here ({population}). {assumptions}{decided}",
        "**依据**：模拟的员工群体（{population}）。{assumptions}{decided}",
    ),
    "pagefill.see_decides": (" Details under “{section}”.", "详见“{section}”。"),
}
