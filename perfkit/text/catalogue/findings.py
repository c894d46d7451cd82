"""Findings and recommendations filled from a comparison's numbers (perfkit.words.findings):
``findings.*``. Plan names come quoted (``findings.quoted``), amounts and rates formatted.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "findings.horizon_month": ("over the {n} simulated {unit}s", "模拟的 {n} 个月内"),
    "findings.horizon_quarter": ("over the {n} simulated {unit}s", "模拟的 {n} 个季度内"),
    "findings.same": ("about the same", "基本持平"),
    "findings.up": ("up", "上升"),
    "findings.down": ("down", "下降"),
    "findings.rises": ("rises", "增加"),
    "findings.falls": ("falls", "减少"),
    "findings.quoted": ("'{name}'", "「{name}」"),
    # the executive summary
    "findings.baseline": (
        "Under the baseline plan the team books about {revenue} {when} (P10–P90: {p10}–{p90}), "
        "pays {pay}, a cost of sales of {cos}.",
        "在基准方案下，{when}销售额约 {revenue}（P10–P90：{p10}–{p90}），薪酬总额 {pay}，"
        "销售成本率 {cos}。",
    ),
    "findings.versus": (
        "Compared with {base}, {plan} moves revenue {revenue} ({rev}) and total pay {pay_dir} "
        "({pay}); gross profit after pay {profit} by {amount} {when}.",
        "与{base}相比，{plan}预计销售额{revenue}（{rev}），薪酬总额{pay_dir}（{pay}），"
        "{when}扣薪后毛利{profit} {amount}。",
    ),
    "findings.cost_and_motivation": (
        "Cost of sales goes from {before} to {after} ({pp}); the motivation index is {index} "
        "(baseline {base_index}).",
        "销售成本率由 {before} 变为 {after}（{pp}）；激励指数 {index}（基准 {base_index}）。",
    ),
    "findings.moves": (
        "{name} is {direction}: {was} → {now}{moved}.",
        "{name}{direction}：{was} → {now}{moved}。",
    ),
    "findings.moved": (" ({pp})", "（{pp}）"),
    "findings.view_dynamic": ("After agents respond (simulated)", "模拟（员工调整行为后）"),
    "findings.view_static": (
        "Re-pricing the export's history (no behaviour change)",
        "按历史数据重新核算（行为不变）",
    ),
    "findings.winners": (
        "{lead}: of {total} agents, {gain} gain more than 5% in pay and {lose} lose more than 5%.",
        "{lead}：{total} 名员工中，{gain} 人收入增加超过 5%，{lose} 人减少超过 5%。",
    ),
    # ranking and how clear the lead is
    "findings.baseline_leads": (
        "On profit after pay the baseline {best} still ranks first ({profit}); no alternative "
        "beats it.",
        "扣薪后毛利最高的仍是基准方案{best}（{profit}）；没有备选方案胜过它。",
    ),
    "findings.ranked": (
        "Ranked by profit after pay: {listing}. The leader, {best}, makes {profit} ({gain} on "
        "the baseline); its verdict: {verdict}",
        "按扣薪后毛利排序：{listing}。第一名{best}为 {profit}（较基准 {gain}）；其结论：{verdict}",
    ),
    "findings.lead_clear": (
        "{leader} beats {runner_up} on profit after pay in {share} of {runs} paired runs (the "
        "same random draws): a clear lead against Monte Carlo luck only — the scenario "
        "carries no parameter draws, so how uncertain its parameters are is not in this "
        "verdict.",
        "在 {runs} 次配对模拟（相同随机抽样）中，{leader}有 {share} 的扣薪后毛利高于{runner_up}："
        "仅就蒙特卡洛随机波动而言领先明确——该情景不含参数抽样，此结论未考虑参数的不确定性。",
    ),
    "findings.lead_ahead_on_average": (
        "{leader} makes {diff} more profit after pay than {runner_up} on average (95% CI {lo} "
        "to {hi}) but wins only {share} of {runs} paired runs: not a clear lead.",
        "{leader}的扣薪后毛利平均比{runner_up}高 {diff}（95% 置信区间 {lo} 至 {hi}），"
        "但在 {runs} 次配对模拟中只有 {share} 胜出：领先不明确。",
    ),
    "findings.lead_noise": (
        "{leader} and {runner_up} are within the simulation's noise on profit after pay: after "
        "{runs} paired runs{budget} the difference is {diff} (95% CI {lo} to {hi}) and {leader} "
        "wins {share} of them.",
        "{leader}与{runner_up}的扣薪后毛利差异在模拟误差范围内：{runs} 次配对模拟{budget}后，"
        "差值 {diff}（95% 置信区间 {lo} 至 {hi}），{leader}胜出 {share}。",
    ),
    "findings.whole_budget": (" (the whole budget)", "（已用尽模拟预算）"),
    # side effects and recommendations
    "findings.harm_revenue": ("revenue falls {drop}", "销售额下降 {drop}"),
    "findings.harm_attrition": (
        "attrition rises from {was} to {now} ({up})",
        "离职率由 {was} 升至 {now}（{up}）",
    ),
    "findings.harm_losers": (
        "{lose} of {total} agents lose more than 5% of pay",
        "{total} 名员工中 {lose} 人收入减少超过 5%",
    ),
    "findings.adopt_not_harms": (
        "Do not adopt as is: profit after pay rises, but {harms}.",
        "暂不推荐：扣薪后毛利虽有提高，但{harms}。",
    ),
    "findings.inconclusive": (
        "Inconclusive: the profit gain holds in only {share} of {runs} paired runs (a clear "
        "gain holds in 9 of 10); run more simulations (--max-runs) or decide on other grounds.",
        "结论不确定：扣薪后毛利的提高只在 {runs} 次配对模拟中的 {share} 成立（明确需达 90%）；"
        "请增加模拟次数（--max-runs）或以其他指标决策。",
    ),
    "findings.pilot_budget": (
        "Pilot this plan: profit after pay rises and the budget holds at P90.",
        "建议试点该方案：扣薪后毛利提高且未超预算。",
    ),
    "findings.pilot": (
        "Pilot this plan: profit after pay rises.",
        "建议试点该方案：扣薪后毛利提高。",
    ),
    "findings.adopt_not_profit": (
        "Do not adopt as is: profit after pay does not improve; re-tune the pay levels (fixed "
        "part, commission, bonuses), then re-run.",
        "暂不推荐：扣薪后毛利未提高；请调整薪酬水平（固定部分、提成、奖金）后再评估。",
    ),
    "findings.advice_budget_p90": (
        "Pay exceeds the budget in the P90 case: add a cap or lower the top rate.",
        "在 P90 情形下超出预算：设置封顶或降低最高档费率。",
    ),
    "findings.advice_bunching": (
        "Attainment bunches just above a cliff: use a marginal ladder or smooth the threshold.",
        "门槛附近出现业绩扎堆：改用超额累进或平滑门槛。",
    ),
    "findings.advice_give_up": (
        "Some agents give up on out-of-reach targets: add intermediate tiers or lower the quota.",
        "部分员工因目标遥不可及而放弃：引入分档奖励或下调目标。",
    ),
    "findings.advice_concentration": (
        "Incentive pay is concentrated in few agents: review caps and the team weight.",
        "激励薪酬过度集中于少数人：检查封顶与团队权重。",
    ),
    "findings.advice_complaints_up": (
        "Complaints rise: weight quality KPIs more or add a QA deduction.",
        "投诉率上升：提高质量指标权重或加入质检扣款。",
    ),
    # the key-numbers table
    "findings.baseline_mean": ("Baseline (mean)", "基准（均值）"),
    "findings.plan_mean": ("Plan (mean)", "方案（均值）"),
    "findings.plan_range": ("Plan P10–P90", "方案 P10–P90"),
    # risk flags (perfkit.analysis.risk): their sentences, built from the numbers
    "risk.ladder_edge": ("ladder edge {edge}", "阶梯分界 {edge}"),
    "risk.gate": ("commission gate {edge}", "提成门槛 {edge}"),
    "risk.bonus_edge": ("bonus at {at} of {kpi} target", "奖金门槛（目标的 {at}）"),
    "risk.bunching": (
        "Bunching at the {what}: {ratio}× as many agent-periods land just above it as just below.",
        "{what}附近出现扎堆：刚过门槛的人次是刚低于门槛的 {ratio} 倍。",
    ),
    "risk.no_bunching": ("No bunching at the plan's cliffs.", "方案门槛附近未见扎堆。"),
    "risk.no_cliff": ("No cliff in this plan to bunch at.", "该方案没有可能导致扎堆的门槛。"),
    "risk.give_up": (
        "{share} of agent-periods put in no more effort than on flat pay: targets look out of reach.",
        "{share} 的人次努力程度不高于固定薪酬水平：目标可能遥不可及。",
    ),
    "risk.concentration": (
        "The top 10% of agents earn {share} of all incentive pay.",
        "排名前 10% 的员工获得了 {share} 的激励薪酬。",
    ),
    "risk.budget_pay": (
        "Total pay per period at P90 is {p90} against a budget of {budget}.",
        "P90 情形下每期薪酬总额为 {p90}，预算为 {budget}。",
    ),
    "risk.budget_cost": (
        "Cost of sales at P90 is {p90} against a limit of {limit}.",
        "P90 情形下销售成本率为 {p90}，上限为 {limit}。",
    ),
    "risk.attrition_below": (
        "Annual attrition of {rate} is below the {span} range typical of telesales.",
        "年离职率 {rate}，低于电销行业常见的 {span}。",
    ),
    "risk.attrition_inside": (
        "Annual attrition of {rate} is inside the {span} range typical of telesales.",
        "年离职率 {rate}，处于电销行业常见的 {span} 区间内。",
    ),
    "risk.attrition_above": (
        "Annual attrition of {rate} is above the {span} range typical of telesales.",
        "年离职率 {rate}，高于电销行业常见的 {span}。",
    ),
}
