"""What a sensitivity sweep's best value means for
the recommendation (``lever.*``), the executive summaries of the calibration and monthly
review reports (``calsum.*``, ``revsum.*``) and the optimum at a search bound
(``optimum.*``), and the designer's problems in its language (``designer.problem.*``)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "lever.baseline": (
        "This is the baseline plan's own report: it compares no alternative plan, so it "
        "recommends none; the comparison report ranks the alternatives.",
        "本报告只评估基准方案本身，没有可比较的备选方案，因此不提出调整建议；备选方案的排名见方案对比报告。",
    ),
    "lever.gain": (
        "**Sensitivity**: {param} at {best} makes {gain} more profit after pay than the "
        "plan's own {reference} (95% interval {low} to {high}, same draws). This is a finding, "
        "not a recommendation: it moves one lever with everything else fixed on a simulated "
        "floor; write it as a plan of its own and compare it (pay, attrition, quality) before "
        "changing the plan.",
        "**敏感性**：{param}取 {best} 时，扣薪后毛利比方案当前取值（{reference}）高 {gain}"
        "（95% 区间 {low} 至 {high}，相同抽样）。这是一项发现，并非调整建议：它只改变一个参数、"
        "其余条件不变，且基于模拟的员工群体；如需调整，请先将其写成一个独立方案，"
        "与现行方案对比薪酬、离职与质量后再决定。",
    ),
    "lever.at_bound": (
        " {best} is the {end} value tried, so the best value may lie beyond it.",
        "{best} 已是所试范围的{end}，最优值可能在范围之外。",
    ),
    "lever.end.low": ("lowest", "下限"),
    "lever.end.high": ("highest", "上限"),
    "lever.holds": (
        "**Sensitivity**: no value of {param} tried makes clearly more profit after pay than "
        "the plan's own {reference}.",
        "**敏感性**：在所试范围内，{param}的任何取值都没有明显高于方案当前取值（{reference}）的扣薪后毛利。",
    ),
}
ENTRIES |= {
    "calsum.data": (
        "**The export**: {agents} agents in {teams} teams over {months} months ({first} to "
        "{last}); {short} of them with under 3 months of history (their traits lean on the "
        "floor's average).",
        "**数据**：{agents} 名员工、{teams} 个团队，共 {months} 个月（{first} 至 {last}）；"
        "其中 {short} 人不足 3 个月（其特征更多参照全体平均水平）。",
    ),
    "calsum.fit": (
        "**How well the model reproduces it**: revenue per agent with R² {agent} over the "
        "whole period, {month} month by month (details under the fit report).",
        "**模型还原程度**：按员工全期销售额 R² 为 {agent}，按员工逐月为 {month}（详见拟合报告）。",
    ),
    "calsum.backtest_up": (
        "**Back-test**: re-priced under {new}, the {agents} agents' real results pay {after}, "
        "{diff} more than the {before} under {current}; {gain} agents gain more than 0.1%, "
        "{lose} lose more than 0.1%.",
        "**回测**：按{new}重新计算，{agents} 名员工的实际业绩共应发 {after}，比{current}下的 "
        "{before} 多 {diff}；{gain} 人增收超过 0.1%，{lose} 人减收超过 0.1%。",
    ),
    "calsum.backtest_down": (
        "**Back-test**: re-priced under {new}, the {agents} agents' real results pay {after}, "
        "{diff} less than the {before} under {current}; {gain} agents gain more than 0.1%, "
        "{lose} lose more than 0.1%.",
        "**回测**：按{new}重新计算，{agents} 名员工的实际业绩共应发 {after}，比{current}下的 "
        "{before} 少 {diff}；{gain} 人增收超过 0.1%，{lose} 人减收超过 0.1%。",
    ),
    "calsum.rests": (
        "**What it rests on**: the export as given, re-priced with no change in behaviour "
        "(shadow pay); how agents would respond to the new plan is the briefing report's "
        "forecast.",
        "**依据**：客户数据原样按两种方案重新计算，假设员工行为不变（影子薪酬）；员工对新方案的"
        "反应见方案评估报告中的预测。",
    ),
    "calsum.numbers": (
        "**The numbers that matter** ({new} against {current}, the export's {months} months):",
        "**最关键的数字**（{new}对比{current}，数据覆盖的 {months} 个月）：",
    ),
}
ENTRIES |= {
    "revsum.goals": (
        "**Goals**: {reached} of {teams} teams reached their {kpi} goal; the floor made "
        "{actual} against {goal} ({share}).",
        "**目标**：{teams} 个团队中 {reached} 个达成{kpi}目标；全场完成 {actual}，目标 {goal}（{share}）。",
    ),
    "revsum.forecast_inside": (
        "**Against the forecast**: all {n} measures are within the forecast's P10–P90.",
        "**对照预测**：全部 {n} 项指标都在预测的 P10–P90 区间内。",
    ),
    "revsum.forecast_outside": (
        "**Against the forecast**: {n} of {m} measures outside the forecast's P10–P90 "
        "(✓ good news, ⚠ look into it): {which}.",
        "**对照预测**：{m} 项指标中有 {n} 项超出预测的 P10–P90 区间（✓ 利好，⚠ 需关注）：{which}。",
    ),
    "revsum.coach": (
        "**Coach first**: {who} ({team}): {step} in {kpi} is worth {worth} in pay next month; "
        "the agents whose coaching is worth most are listed below.",
        "**优先辅导**：{who}（{team}）：{kpi}提升 {step}，下月可多得 {worth}；辅导价值最高的员工见下文。",
    ),
    "revsum.rests": (
        "**What it rests on**: the month's export ({agents} agents) priced under {plan}.",
        "**依据**：本月数据（{agents} 名员工）按{plan}计算。",
    ),
    "revsum.rests_forecast": (
        "**What it rests on**: the month's export ({agents} agents) priced under {plan}; the "
        "forecast band from {runs} simulated runs of this plan on the agents calibrated from "
        "the months before.",
        "**依据**：本月数据（{agents} 名员工）按{plan}计算；预测区间来自本方案在由此前数据校准的"
        "员工群体上的 {runs} 次模拟。",
    ),
}
ENTRIES |= {
    "designer.problem.commission.increasing": (
        "commission: each band must start above the one before (now {values})",
        "提成：各档起点必须逐档提高（当前为 {values}）",
    ),
    "designer.problem.grades.decreasing": (
        "grades: each grade's line must be below the grade above it (now {values}, best first)",
        "绩效等级：各等级分数线必须由高到低（当前从最高等级起为 {values}）",
    ),
    "designer.problem.other": ("{section}: {message}", "{section}：{message}"),
}
