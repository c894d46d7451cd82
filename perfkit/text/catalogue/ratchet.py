"""Which assumption a forecast makes about a ratcheting target: whether agents see it
coming (``ratchet.anticipated``; perfkit.model.behaviour.ratchet), in the plan's words."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "plan.cycle.ratchet_anticipated": (
        "In the forecast agents see the ratchet on {kpis} coming: they hold back now to keep "
        "their later targets low.",
        "预测中员工预见到{kpis}目标的棘轮：为压低以后的目标，当期会有所保留。",
    ),
    "plan.cycle.ratchet_myopic": (
        "In the forecast agents do not anticipate the ratchet on {kpis}: they work towards "
        "today's target, and the ratchet only moves what they are paid.",
        "预测中员工不预判{kpis}目标的棘轮：按当期目标努力，棘轮只改变其所得薪酬。",
    ),
}
