"""The client reports: section headings (``report.heading.*``) and the fixed sentences that
explain a method, never a result (``report.text.*``; ``{field}`` templates).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # section headings, numbered in report order by perfkit.words.report.heading
    "report.heading.numbered": ("{n}. {title}", "{n}、{title}"),
    "report.heading.report_title": ("Incentive plan briefing", "激励方案评估报告"),
    "report.heading.designer_title": ("Plan designer", "方案设计器"),
    "report.heading.summary": ("Executive summary", "执行摘要"),
    "report.heading.anatomy": ("Plan anatomy", "方案结构"),
    "report.heading.population": ("Population", "员工群体"),
    "report.heading.behaviour": ("Behavioural response", "行为反应"),
    "report.heading.outcomes": ("Outcomes", "经营结果"),
    "report.heading.fairness": ("Pay and fairness", "薪酬与公平"),
    "report.heading.winners": ("Winners and losers", "收入增减"),
    "report.heading.risks": ("Risks", "风险"),
    "report.heading.sensitivity": ("Sensitivity", "敏感性分析"),
    "report.heading.recommendations": ("Recommendations", "建议"),
    "report.heading.appendix": ("Appendix: assumptions and parameters", "附录：假设与参数"),
    "report.heading.comparison_title": ("Incentive plans compared", "激励方案对比"),
    "report.heading.key_metrics": ("Key metrics", "核心指标"),
    "report.heading.distributions": ("Distributions", "结果分布"),
    "report.heading.pay_mix": ("Pay mix", "薪酬结构"),
    "report.heading.grade_mix": ("Grade mix", "绩效等级分布"),
    "report.heading.flags": ("Risk flags", "风险提示"),
    "report.heading.plan_recommendations": (
        "Findings and recommendations by plan",
        "各方案结论与建议",
    ),
    "report.heading.plans": ("The plans", "参与对比的方案"),
    "report.heading.calibration_title": (
        "Calibration from the client's data",
        "基于客户数据的群体校准",
    ),
    "report.heading.data_checks": ("Data checks", "数据检查"),
    "report.heading.calibrated": ("Calibrated population", "校准后的员工群体"),
    "report.heading.fit": ("Fit report", "拟合报告"),
    "report.heading.backtest": ("Back-test: current vs new plan", "回测：现行方案与新方案"),
    "report.heading.static": (
        "Static view: last year's results re-priced",
        "静态视角：按历史业绩重新计薪",
    ),
    "report.heading.dynamic": ("Dynamic view: after agents respond", "动态视角：员工行为调整之后"),
    "report.heading.movers": (
        "Agents whose pay moves most per month in post",
        "按在职月均计收入变化最大的员工",
    ),
    "report.heading.non_cash": ("Non-cash rewards", "非经济激励"),
    "report.heading.by_segment": ("Average change by segment", "各分组平均变化"),
    "report.heading.key_numbers": ("Key numbers", "关键数字"),
    "report.heading.grade_rules": ("Grade rules", "绩效等级规则"),
    "report.heading.scenario_parameters": ("Scenario parameters", "方案参数"),
    "report.heading.population_parameters": ("Population parameters", "群体参数"),
    "report.heading.run_settings": ("Simulation settings and versions", "模拟设置与版本"),
    "report.heading.notes": ("Simulation notes", "模拟说明"),
    # the briefing's "how well the model predicts this floor" (perfkit.analysis.estimate.holdout)
    "report.holdout.title": ("How well the model predicts this floor", "模型对本团队的预测准确度"),
    "report.holdout.intro": (
        "Fitted on the months before {start}, the model forecast the months from {start} "
        "under the plan actually in force; the table compares forecast and actual per team "
        "and month. About 80% of actuals inside P10–P90 means honest ranges.",
        "用 {start} 之前的月份拟合模型，按实际执行的方案预测 {start} 起的月份，"
        "并按团队和月份对比预测与实际。约 80% 的实际值落在 P10–P90 区间内，说明预测区间可信。",
    ),
    "report.holdout.mape": ("MAPE", "平均绝对百分比误差"),
    "report.holdout.bias": ("bias", "偏差"),
    "report.holdout.coverage": ("actual inside P10–P90", "实际值落在 P10–P90 内"),
    "report.holdout.n": ("team-months", "团队×月"),
    # the non-cash rewards table (perfkit.words.report.rewards)
    "report.reward.reward": ("Reward", "奖励"),
    "report.reward.granted_to": ("Granted to", "授予规则"),
    "report.reward.per_period": ("Agents per period", "每期人数"),
    "report.reward.share": ("Share of agents", "占比"),
    "report.reward.value": ("Value to agent", "对员工价值"),
    "report.reward.cost": ("Cost per period", "每期成本"),
    "report.reward.grade": ("grade {grades}", "等级 {grades}"),
    "report.reward.min_score": ("score ≥ {score}", "得分 ≥ {score}"),
    "report.reward.team_goal": (
        "every member of a team reaching its {kpi_lower} goal{goal}",
        "团队{kpi}达成目标{goal}的全体成员",
    ),
    "report.reward.team_top": (
        "every member of the top {n} team(s) by {kpi_lower}",
        "团队{kpi}前 {n} 名的全体成员",
    ),
    "report.reward.top": ("top {n} by {kpi_lower}", "{kpi}前 {n} 名"),
    # the solver's notes in plain words (perfkit.words.report.notes)
    "report.note.flipping": (
        "{period}: {n} agents at a pay cliff or rank boundary had no stable best choice "
        "(switching could gain up to {gain}); the report uses the average of their choices.",
        "{period}：{n} 名员工处于薪酬门槛或排名边界，没有稳定的最优选择（改变选择最多可多得 "
        "{gain}）；报告采用其选择的平均值。",
    ),
    "report.note.unsettled": (
        "In {k} period(s) ({labels}) the choices of {n} agents did not fully settle (up to "
        "{gain} a period at stake), as is common when pay depends on rank or team thresholds; "
        "the report uses the average of their choices.",
        "{k} 个期间（{labels}）中有 {n} 名员工的选择未完全收敛（最多可多得 {gain}/期），"
        "常见于按排名或团队门槛付酬的方案；报告采用其选择的平均值。",
    ),
    "report.note.split": (
        "{note}",
        "未模拟邀约/成交分成：模拟中员工各自成交（无共享销售额），分成规则在此不起作用；"
        "请用记录共享销售额的历史数据回测。",
    ),
    # fixed sentences
    "report.text.intro": (
        (
            "Plan under study: **{plan}**, compared with **{baseline}** on the same agents "
            "({population}) and the same random draws ({runs} runs × {periods} periods, seed "
            "{seed}). Money is in {currency}, totals for the whole team over the simulated "
            "periods."
        ),
        (
            "评估方案：**{plan}**，对照方案：**{baseline}**；"
            "两者使用同一批员工（{population}）"
            "和相同的随机抽样（{runs} 次模拟 × {periods} 期，"
            "随机种子 {seed}）。金额以{currency}计，为全体员工在模拟期内的合计。"
        ),
    ),
    "report.text.baseline_intro": (
        (
            "The baseline plan **{plan}** on its own: {population}; {runs} runs × {periods} "
            "periods, seed {seed}. Money is in {currency}, totals for the whole team over the "
            "simulated periods."
        ),
        (
            "基准方案 **{plan}** 单独评估：{population}；"
            "{runs} 次模拟 × {periods} 期，随机种子 {seed}。"
            "金额以{currency}计，为全体员工在模拟期内的合计。"
        ),
    ),
    "report.text.comparison_intro": (
        (
            "{n} plans compared with **{baseline}** on the same agents ({population}) and the "
            "same random draws ({runs} runs × {periods} periods, seed {seed}). Money is in "
            "{currency}."
        ),
        (
            "共 {n} 个方案与 **{baseline}** 对比，"
            "使用同一批员工（{population}）"
            "和相同的随机抽样（{runs} 次模拟 × {periods} 期，"
            "随机种子 {seed}）。金额以{currency}计。"
        ),
    ),
    "report.text.designer_intro": (
        (
            "Move a control to re-simulate the team; numbers compare the design with the "
            "starting plan on the same agents and random draws. The preview uses a fast, "
            "approximate behavioural solve: render a report for final numbers."
        ),
        (
            "调整任一控件即重新模拟团队；数字为当前设计与初始方案在同一批员工、相同随机抽样下的对比。"
            "预览采用快速近似求解，正式数字请以生成的报告为准。"
        ),
    ),
    "report.text.description": ("*{text}*", "*{text}*"),
    "report.text.population_data": (
        "{agents} agents in {teams} teams, calibrated from the client's export {source}",
        "根据客户 KPI 数据 {source} 校准的 {agents} 名员工、{teams} 个团队",
    ),
    "report.text.population_synthetic": (
        (
            "{agents} synthetic agents in {teams} teams, drawn from documented telesales ranges, "
            "not from a client's export"
        ),
        ("{agents} 名模拟员工、{teams} 个团队，按公开的电销行业区间生成，未使用客户数据"),
    ),
    "report.text.population_used": (
        "Every plan is simulated on the same population: {population}.",
        "所有方案均在同一员工群体上模拟：{population}。",
    ),
    "report.text.population_ignored": (
        (
            "Not used: the population stated by {plans} ({stated}); every plan runs on the one "
            "above, so differences between plans come from the plans alone."
        ),
        (
            "未采用 {plans} 自带的员工群体设定（{stated}）；"
            "所有方案均使用上述同一群体，方案之间的差异仅来自方案本身。"
        ),
    ),
    "report.text.stated_data": ("calibrated from {source}", "根据 {source} 校准"),
    "report.text.stated_synthetic": (
        "{agents} synthetic agents in {teams} teams",
        "{agents} 名模拟员工，{teams} 个团队",
    ),
    "report.text.stated_other": ("{stated}, other settings", "{stated}，其他设定不同"),
    "report.text.traits_by_team": (
        "Skill and tenure by team (bars: P10–P90, dot: median).",
        "各团队的能力与司龄分布（竖线：P10–P90，圆点：中位数）。",
    ),
    "report.text.behaviour_intro": (
        (
            "Agents choose effort, its split between volume and conversation quality, and time "
            "spent helping colleagues, to maximise expected pay and non-cash rewards less the "
            "cost of effort."
        ),
        (
            "员工在预期薪酬与非经济激励、努力成本之间权衡，选择努力程度、外呼量与沟通质量之间的分配，"
            "以及帮助同事的时间。"
        ),
    ),
    "report.text.payout_curve_note": (
        (
            "The payout curve is one typical agent's pay as their revenue varies, other KPIs "
            "held at typical levels. Rules that depend on colleagues (team share and pool, "
            "forced distribution, rank prizes) cannot be drawn for one agent and are only "
            "approximate here; their effect is in the simulated outcomes below."
        ),
        (
            "薪酬曲线为一名典型员工在销售额变化时的薪酬，其他指标保持在典型水平。"
            "取决于同事的规则（团队占比与奖金池、强制分布、排名奖）无法按单个员工绘制，图中仅为近似；"
            "其影响见下文模拟结果。"
        ),
    ),
    "report.text.non_cash_intro": (
        (
            "Who receives each reward in the simulation, what it is worth to them and what it "
            "costs the firm. The rewards cost {cost} over the simulated periods; profit after "
            "pay is net of this cost, total pay is not."
        ),
        (
            "模拟中各项非经济激励的授予人数、对员工的价值及企业成本。"
            "模拟期内非经济激励总成本为 {cost}；扣薪后毛利已扣除该成本，薪酬总额不含该成本。"
        ),
    ),
    "report.text.outcomes_intro": (
        (
            "Spread across {runs} simulated runs: bars show P10–P90, the dot the median; the "
            "table gives the median with the P10–P90 range in brackets."
        ),
        (
            "{runs} 次模拟结果的分布：竖线为 P10–P90，圆点为中位数；表中为中位数，"
            "括号内为 P10–P90 区间。"
        ),
    ),
    "report.text.no_data": (
        "No KPI export was given, so only the dynamic view is shown.",
        "未提供 KPI 数据，仅展示动态视角。",
    ),
    "report.text.no_risks": ("No risk flag is triggered.", "未触发任何风险提示。"),
    "report.text.sweep_intro": (
        (
            "The plan's main lever, **{param}**, is varied from {low} to {high} with everything "
            "else fixed and the same random draws."
        ),
        ("保持其他条件与随机抽样不变，将方案的主要参数 **{param}** 从 {low} 调整到 {high}。"),
    ),
    "report.text.sweep_decision_note": (
        (
            "Each value's profit minus the plan's own ({reference}), run by run on the same "
            "draws, with its 95% confidence band: the star is the best value, filled dots are "
            "not distinguishable from it, hollow dots are clearly worse ({runs} runs per value)."
        ),
        (
            "每个取值的毛利减去方案当前取值（{reference}）的毛利，逐次配对（相同抽样），"
            "阴影为 95% 置信区间：星号为最佳取值，实心点与最佳无显著差异，"
            "空心点明显较差（每个取值 {runs} 次模拟）。"
        ),
    ),
    "report.text.no_sweep": ("Sensitivity is not shown: {reason}.", "未展示敏感性分析：{reason}。"),
    "report.text.no_lever": ("no parameter to vary", "没有可调整的参数"),
    "report.text.no_result": ("no result", "没有结果"),
    "report.text.no_grades": ("The plan has no grade tiers.", "该方案未设绩效等级。"),
    "report.text.no_scorecard": ("The plan has no scorecard.", "该方案未设考核指标。"),
    "report.text.calibration_intro": (
        (
            "Skill, activity, connect rate and order value are estimated per agent from their "
            "history, given the effort the plan then in force induced, shrinking short histories "
            "toward the population average; the fit shows how well the calibrated model "
            "reproduces the export."
        ),
        (
            "按每名员工的历史数据估计能力、活动量、接通率与客单价，"
            "并扣除当时执行方案所激发的努力程度，历史较短者向整体均值收缩；"
            "拟合报告显示校准模型对原始数据的还原程度。"
        ),
    ),
    "report.text.missing_kpis": (
        "Not in the export (treated as 0): {kpis}.",
        "导出数据中缺少以下指标（按 0 处理）：{kpis}。",
    ),
    "report.text.revenue_by_month": (
        "Revenue per agent and month, month by month (bars: P10–P90, dot: median).",
        "每名员工每月销售额的逐月分布（竖线：P10–P90，圆点：中位数）。",
    ),
    "report.text.backtest_intro": (
        (
            "Each agent's real results are re-priced under both plans with no change in "
            "behaviour (shadow pay)."
        ),
        "在业绩不变的前提下，按两种方案重新计算每名员工的薪酬（影子薪酬）。",
    ),
}
