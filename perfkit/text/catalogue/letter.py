"""The plan letter (个人绩效方案确认书, perfkit.pages.letters): ``letter.*``."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "letter.title": ("Individual performance plan letter", "个人绩效方案确认书"),
    "letter.segment": ("Segment plan", "适用分组"),
    "letter.main": ("main plan", "主方案"),
    "letter.intro": (
        (
            "This letter states the incentive plan that applies to you, what you would earn at "
            "different levels of attainment, and asks you and your team leader to confirm it."
        ),
        "本确认书说明适用于你的绩效与激励方案、不同达成水平下的预计薪酬，请你与团队主管签字确认。",
    ),
    "letter.rules": ("1. Your plan in words", "一、方案规则"),
    "letter.whatif": ("2. What you would earn", "二、薪酬测算"),
    "letter.whatif_note": (
        (
            "Pay per month if your sales and volumes are at the stated share of target and "
            "quality (QA, satisfaction, complaints, peer score) is as in your typical month, as "
            "each row shows; counts are whole. Priced by the payout engine with your team at "
            "its typical month; before refunds and clawbacks. {reference}"
        ),
        (
            "假设销售与业务量指标达到目标的相应比例，质量指标（质检、满意度、投诉、互评）保持你的常规月份水平，"
            "各行均已列出；次数按整数计。由薪酬计算引擎按本方案计算的月薪酬；"
            "团队其他成员按其常规月份业绩计算；未计退款与追回。{reference}"
        ),
    ),
    "letter.no_target": (
        "The plan has no targets: 100% is your typical month's {kpi} ({value}).",
        "本方案未设目标：100% 为你常规月份的{kpi}（{value}）。",
    ),
    "letter.own_average": (
        (
            "Targets decomposed from a goal are your own share, as the payout engine computes it "
            "for your latest month."
        ),
        "由目标分解得到的指标，目标为薪酬计算引擎按你最近一个月计算的个人分解目标。",
    ),
    "letter.quarter_note": (
        "A quarterly bonus is shown per month (÷ 3).",
        "季度奖按月均（÷3）列示。",
    ),
    "letter.sign": ("3. Confirmation", "三、签字确认"),
    "letter.sign_text": (
        "I have read and understood the plan above.",
        "本人已阅读并理解上述方案。",
    ),
    "letter.sign_agent": ("Agent", "员工签字"),
    "letter.sign_leader": ("Team leader", "团队主管签字"),
    "letter.date": ("Date", "日期"),
    "letter.index": ("Plan letters", "个人绩效方案确认书"),
    "letter.letters": ("letters", "份"),
    # short pay-part headers of the what-if table (other parts: label.*)
    "letter.part.base_salary": ("Base", "基本工资"),
    "letter.part.team_bonus": ("Team", "团队奖金"),
}
