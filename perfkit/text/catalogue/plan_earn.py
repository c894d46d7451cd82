"""The plan in words, what is earned beyond fixed pay (perfkit.words.plan.earn_rules): commission,
bonuses, rank prizes, team, collaboration, non-cash rewards and roles (``plan.*``).

``{period}`` is the cycle as the scenario names it ('month'); ``{every}`` is its Chinese
('月'); amounts, rates and band edges come formatted.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # commission
    "plan.commission.per_order": ("{amount} per order", "每单{amount}"),
    "plan.commission.margin_of": (" (net revenue × {rate})", "（净销售额 × {rate}）"),
    "plan.commission.flat_orders": (
        "Commission: {amount} per order.",
        "提成：每成交一单{amount}。",
    ),
    "plan.commission.flat": ("Commission: {rate} of {on}.", "提成：按{on}的{rate}计提。"),
    "plan.commission.band_first": ("{rate} on the part up to {hi}", "{hi}以内的部分{rate}"),
    "plan.commission.band_last": ("{rate} on the part above {lo}", "{lo}以上的部分{rate}"),
    "plan.commission.band_mid": ("{rate} on the part from {lo} to {hi}", "{lo}至{hi}的部分{rate}"),
    "plan.commission.marginal": (
        "Commission on {on}, marginal ladder (超额累进: each band's rate applies only to the "
        "part of the amount inside that band, like tax brackets): {bands}.",
        "提成按{on}超额累进计算（每档比例只适用于落在该档内的部分，类似个人所得税）：{bands}。",
    ),
    "plan.commission.example": (
        "For example, {x} earns {pieces} = {total}.",
        "例如{x}的提成为 {pieces} = {total}。",
    ),
    "plan.commission.whole_first": ("{rate} below {edge}", "不足{edge}按{rate}"),
    "plan.commission.whole_band": (
        "{rate} on the whole amount once it reaches {lo}",
        "达到{lo}，全部按{rate}",
    ),
    "plan.commission.whole": (
        "Commission on {on}, whole-amount ladder (全额累进: the rate of the band reached applies "
        "to the whole amount, not only to the part above the edge): {bands}.",
        "提成按{on}全额累进计算（达到哪一档，全部金额都按该档比例计提，而不只是超出部分）：{bands}。",
    ),
    "plan.commission.jump": (
        "So pay jumps at each band edge: at {before} commission is {below}, at {edge} it is {at}.",
        "因此跨过分界点时提成跳升：{before}时提成{below}，达到{edge}时为{at}。",
    ),
    "plan.commission.gate": (
        "No commission while {on} is below {gate} (a gate, 门槛).",
        "门槛：{on}低于{gate}时不计提成。",
    ),
    "plan.commission.accelerator": (
        "Accelerator: commission earned on the part above {above} is multiplied by {x}.",
        "加速：超过{above}部分的提成乘以{x}。",
    ),
    "plan.commission.cap": (
        "Commission is capped at {amount} a {period} (封顶).",
        "封顶：每{every}提成最多{amount}。",
    ),
    "plan.commission.refunds_net": (
        "Refunds are taken off the commission base in the period they occur.",
        "退款在发生当期从提成基数中扣除。",
    ),
    "plan.commission.clawback": (
        "Commission is paid on the gross amount; commission on refunds is clawed back (追回) "
        "from the agent's next period's pay, at that period's effective rate.",
        "提成按未扣退款的金额计发；退款对应的提成按当期实际提成比例，在下一期薪酬中追回。",
    ),
    # attainment bonuses and rank prizes
    "plan.bonus.tier": ("{amount} at {at} of target", "达成{at}奖{amount}"),
    "plan.bonus.quarter_target": (" ({value})", "（{value}）"),
    "plan.bonus.quarterly": (
        "measured on the quarter: the quarter's {name} against 3 × the monthly target{qt}, "
        "paid in the quarter's last month",
        "按季度考核：季度{name}对照3倍月度目标{qt}，在季度最后一个月发放",
    ),
    "plan.bonus.each": ("measured each {period}", "每{every}考核"),
    "plan.bonus.highest": ("; the highest tier reached is paid", "；按达到的最高档发放"),
    "plan.bonus.attainment": (
        "Bonus on {name} ({own}), {when}: {tiers}{highest}. Nothing is paid just below a "
        "threshold (a cliff).",
        "{name}达成奖（{own}），{when}：{tiers}{highest}。未达门槛不发（悬崖式）。",
    ),
    "plan.rank.in_company": ("in the company", "全公司"),
    "plan.rank.in_team": ("in each team", "各团队内"),
    "plan.rank.prize": ("{amount} to the {ordinal}", "第{n}名{amount}"),
    "plan.rank.prizes": (
        "Rank prizes on {name}, every {period} {where}: {prizes}.",
        "排名奖：每{every}{where}按{name}排名，{prizes}。",
    ),
    # team weight and pool
    "plan.team.score_blend": (
        "the grading score is {own} your own score + {lam} your team's mean score",
        "评级得分 = {own} × 个人得分 + {lam} × 团队平均得分",
    ),
    "plan.team.commission_blend": (
        "commission is {own} your own commission + {lam} the team's mean commission",
        "提成 = {own} × 个人提成 + {lam} × 团队人均提成",
    ),
    "plan.team.weight": ("Team weight {lam}: {parts}.", "团队权重{lam}：{parts}。"),
    "plan.team.pool_rate": ("{rate} of the team's {name}", "团队{name}的{rate}"),
    "plan.team.split_equal": ("split equally among its members", "由成员平均分配"),
    "plan.team.split_by_score": (
        "split in proportion to each member's score",
        "按成员个人得分比例分配",
    ),
    "plan.team.split_by_revenue": (
        "split in proportion to each member's {name}",
        "按成员个人{name}比例分配",
    ),
    "plan.team.pool_goal": (
        "Team pool: when a team's total {name} reaches {goal} in a {period}, the team receives "
        "{size}, {split}.",
        "团队奖金池：团队当{every}{name}合计达到{goal}时，发放{size}，{split}。",
    ),
    "plan.team.pool": (
        "Team pool: every {period} each team receives {size}, {split}.",
        "团队奖金池：每{every}各团队发放{size}，{split}。",
    ),
    # collaboration credit
    "plan.collaboration.mentor": (
        "Collaboration credit: {amount} to a mentor for each order a new colleague closes with "
        "their help.",
        "协作奖励：新同事在带教下每成交一单，带教人得{amount}。",
    ),
    "plan.collaboration.mentee": (
        "The new colleague earns {amount} for each order closed with a mentor.",
        "被带教的新同事每成交一单得{amount}。",
    ),
    # non-cash rewards
    "plan.noncash.grade": ("agents graded {grades}", "{grades}级员工"),
    "plan.noncash.min_score": ("agents scoring at least {score}", "得分不低于{score}分的员工"),
    "plan.noncash.team_goal": (
        "every member of a team whose {kpi} reaches {amount} in the {period}",
        "当{every}团队{kpi}达到{amount}的团队全体成员",
    ),
    "plan.noncash.team_top": (
        "every member of the top {n} team(s) on {kpi} each {period}",
        "每{every}团队{kpi}前{n}名的团队全体成员",
    ),
    "plan.noncash.best": ("the best agent on {kpi} each {period}", "每{every}{kpi}第1名"),
    "plan.noncash.top": ("the top {n} on {kpi} each {period}", "每{every}{kpi}前{n}名"),
    "plan.noncash.value": ("worth about {amount} to the agent", "员工估值约{amount}"),
    "plan.noncash.cost": ("costing the firm {amount}", "企业成本{amount}"),
    "plan.noncash.cash": ("plus {amount} in cash each", "另每人现金{amount}"),
    "plan.noncash.worth": (" ({items})", "（{items}）"),
    "plan.noncash.reward": ("{Name} for {who}{tail}.", "{name}：授予{who}{tail}。"),
    # roles
    "plan.roles.split": (
        "Revenue of shared orders is credited by role: {shares}.",
        "协作成交的销售额按角色分配：{shares}。",
    ),
    "plan.roles.leader": (
        "Agents with the role {role} earn {rate} of the rest of their team's {name}.",
        "角色为 {role} 的员工另得本团队其他成员{name}合计的{rate}。",
    ),
}
