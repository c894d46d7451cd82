"""The pilot pages (perfkit.pages.pilot): the pilot plan and its evaluation (``pilot.*``)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "pilot.months_n": ("{n} months", "{n} 个月"),
    "pilot.forecast": ("simulated forecast", "模拟预测效果"),
    "pilot.profit_per_agent_month": ("Profit after pay per agent-month", "人均月扣薪后毛利"),
    "pilot.pilot_teams": ("pilot teams", "试点团队数"),
    "pilot.mde_axis": ("MDE, % of baseline", "最小可检测效果（占基线比例）"),
    "pilot.rel_month": (
        "months from the pilot's start (−1 = reference)",
        "距试点开始月数（−1 为基准月）",
    ),
    "pilot.plan_title": ("Pilot plan", "试点方案"),
    "pilot.plan_lead": (
        (
            "Pilot <b>{scenario}</b> in {k} of {g} teams for {m} months ({start} to {end}); the "
            "other {c} teams stay on <b>{baseline}</b> as the control group."
        ),
        (
            "在 {g} 个团队中选 {k} 个试行 <b>{scenario}</b>，"
            "为期 {m} 个月（{start} 至 {end}）；"
            "其余 {c} 个团队继续执行 <b>{baseline}</b>，作为对照组。"
        ),
    ),
    "pilot.detectable_yes": (
        (
            "With this size and length the pilot detects the simulator's forecast effect on "
            "profit after pay with {power} power (80% needed)."
        ),
        ("按此规模和时长，试点检测出模拟预测的扣薪后毛利效果的把握度为 {power}（要求 80%）。"),
    ),
    "pilot.detectable_no": (
        (
            "Caution: no candidate size and length reaches 80% power for the forecast effect on "
            "profit after pay (best here: {power}). A null result would not show the plan fails; "
            "widen the pilot or accept a larger minimum detectable effect."
        ),
        (
            "注意："
            "所有候选规模和时长对扣薪后毛利预测效果的把握度都达不到 80%（本方案为 {power}）"
            "。若结果不显著，并不说明方案无效；请扩大试点，或接受更大的最小可检测效果。"
        ),
    ),
    "pilot.assignment": (
        "Assignment (stratified randomisation, seed {seed})",
        "分组（分层随机，种子 {seed}）",
    ),
    "pilot.arm": ("Group", "组别"),
    "pilot.pilot": ("pilot", "试点"),
    "pilot.control": ("control", "对照"),
    "pilot.stratum": ("Stratum", "层"),
    "pilot.what_detect": ("What the pilot can detect", "试点能检测出什么"),
    "pilot.outcome": ("Outcome", "指标"),
    "pilot.baseline_level": ("Baseline per agent-month", "基线（人均月）"),
    "pilot.forecast_effect": ("Forecast effect", "预测效果"),
    "pilot.mde": ("Minimum detectable effect", "最小可检测效果"),
    "pilot.power": ("Power at forecast", "预测效果下的把握度"),
    "pilot.profit": ("Profit after pay", "扣薪后毛利"),
    "pilot.curve": ("Power curve", "检验功效曲线"),
    "pilot.curve_note": (
        (
            "Minimum detectable effect (80% power, 5% two-sided) by number of pilot teams and "
            "months; below the dashed line the forecast effect is detectable."
        ),
        (
            "不同试点团队数和时长下的最小可检测效果（把握度 80%，双侧 5%）；曲线低于虚线时，"
            "预测效果可被检测出。"
        ),
    ),
    "pilot.method": ("Method", "方法"),
    "pilot.method_text": (
        (
            "Teams are ordered by size band and revenue per agent over {hist} months of history "
            "and cut into strata; pilot teams are drawn at random within each stratum. Power is "
            "simulated ({reps} re-randomisations): noise is each team's month-to-month variation "
            "in the export (two-way fixed-effects residuals, autocorrelation ρ = {rho}), the "
            "estimator is the difference in differences the evaluation runs, and the forecast "
            "effect comes from the simulation of both plans on the population calibrated "
            "from the export ({runs} runs). Duration rule: {rule}."
        ),
        (
            "按团队规模档和历史 {hist} 个月的人均销售额对团队排序并分层，"
            "在每层内随机抽取试点团队。检验功效通过模拟得到（重新随机分组 {reps} 次）："
            "噪声取自导出数据中各团队逐月波动（双向固定效应残差，自相关 ρ = {rho}），"
            "估计量与试点评估所用的双重差分一致，"
            "预测效果来自在由导出数据校准的人群上对两种方案的模拟（{runs} 次）"
            "。时长规则：{rule}。"
        ),
    ),
    "pilot.rule_text": (
        (
            "the fewest pilot team-months with at least 80% power for the forecast effect on "
            "profit after pay (ties: shorter), with at least 2 pilot and 2 control teams"
        ),
        (
            "试点组与对照组各至少 2 个团队，且扣薪后毛利预测效果的把握度不低于 80% 的方案中，"
            "选试点“团队×月”最少者（相同时选更短）"
        ),
    ),
    "pilot.after": ("After the pilot", "试点结束后"),
    "pilot.after_text": (
        (
            "Export the KPIs of every team through {end} for the pilot's evaluation: difference "
            "in differences and an event study with agent and month fixed effects, errors clustered "
            "by team, and a roll out / adjust / stop recommendation."
        ),
        (
            "导出截至 {end} 所有团队的 KPI 用于试点评估："
            "采用员工与月份双向固定效应的双重差分和事件研究，标准误按团队聚类，"
            "并给出推广 / 调整 / 停止的建议。"
        ),
    ),
    "pilot.footer": (
        "Data: {data} · seed {seed} · perfkit {version}",
        "数据：{data} · 种子 {seed} · perfkit {version}",
    ),
    "pilot.eval_title": ("Pilot evaluation", "试点评估"),
    "pilot.eval_lead": (
        (
            "<b>{scenario}</b> in {k} pilot teams against {c} control teams on "
            "<b>{baseline}</b>: {pre} months before the pilot, {post} months of pilot from "
            "{start}; {agents} agents."
        ),
        (
            "<b>{scenario}</b>："
            "{k} 个试点团队对比 {c} 个执行 <b>{baseline}</b> 的对照团队；"
            "试点前 {pre} 个月，自 {start} 起试点 {post} 个月；"
            "共 {agents} 名员工。"
        ),
    ),
    "pilot.decision_line": ("<b>{decision}</b>: {reasons}.", "<b>{decision}</b>：{reasons}。"),
    "pilot.decision_roll_out": ("Recommendation: roll out", "建议：全面推广"),
    "pilot.decision_adjust": ("Recommendation: adjust", "建议：调整后再议"),
    "pilot.decision_stop": ("Recommendation: stop", "建议：停止"),
    "pilot.reason_profit_up": (
        "profit after pay rose (95% interval above 0)",
        "扣薪后毛利上升（95% 区间在 0 以上）",
    ),
    "pilot.reason_profit_down": (
        "profit after pay fell (95% interval below 0)",
        "扣薪后毛利下降（95% 区间在 0 以下）",
    ),
    "pilot.reason_profit_unclear": (
        "the effect on profit after pay is not clear (95% interval includes 0)",
        "对扣薪后毛利的效果不明确（95% 区间包含 0）",
    ),
    "pilot.reason_worse": ("{what} rose (95% interval above 0)", "{what}上升（95% 区间在 0 以上）"),
    "pilot.reason_pretrend": (
        (
            "pilot and control teams already drifted apart before the pilot on {what} (pre-trend "
            "test p < 0.10)"
        ),
        "试点前试点组与对照组的{what}已出现分化（事前趋势检验 p < 0.10）",
    ),
    "pilot.effects": (
        "Effects per agent-month (team-month for cost of sales and attrition)",
        "效果（人均每月；销售成本率与离职率按团队每月）",
    ),
    "pilot.estimate": ("Effect (95% interval)", "效果（95% 区间）"),
    "pilot.vs_before": ("vs pilot teams before", "相对试点组试点前"),
    "pilot.p_value": ("p", "p 值"),
    "pilot.forecast_col": ("Simulated forecast", "模拟预测"),
    "pilot.in_ci": ("inside", "在区间内"),
    "pilot.outside_ci": ("outside", "在区间外"),
    "pilot.attrition": ("Attrition (monthly share leaving)", "离职率（月度）"),
    "pilot.event": ("Event study", "事件研究"),
    "pilot.event_note": (
        (
            "Pilot minus control by month, relative to the last month before the pilot; flat "
            "before the dashed line is what a fair comparison looks like. Pre-trend slope test "
            "(revenue): p = {p}."
        ),
        (
            "各月试点组减对照组的差异（相对试点前最后一个月）；虚线以前应大致持平，比较才公平。"
            "事前趋势斜率检验（销售额）：p = {p}。"
        ),
    ),
    "pilot.ci_note": (
        "Intervals: {method} ({clusters} teams; {reps} bootstrap draws). Errors clustered by team.",
        "区间：{method}（{clusters} 个团队；自助抽样 {reps} 次）。标准误按团队聚类。",
    ),
    "pilot.wild cluster bootstrap": ("wild cluster bootstrap-t", "野聚类自助法（bootstrap-t）"),
    "pilot.CRV1 t(G-1)": (
        "cluster-robust (CRV1) t with G − 1 degrees of freedom",
        "聚类稳健（CRV1）t 分布，自由度 G − 1",
    ),
    "pilot.rule": ("Decision rule", "决策规则"),
    "pilot.rule_text_eval": (
        (
            "Stop when profit after pay fell (95% interval below 0). Roll out when it rose "
            "(interval above 0), complaints and attrition did not rise, and the pre-trend test "
            "does not reject (p ≥ 0.10). Otherwise adjust."
        ),
        (
            "扣薪后毛利下降（95% 区间在 0 以下）则停止；毛利上升（区间在 0 以上）、"
            "投诉与离职未上升、且事前趋势检验未拒绝（p ≥ 0.10）则推广；其余情况调整后再议。"
        ),
    ),
}
