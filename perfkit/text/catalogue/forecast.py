"""Season, parameter draws and team-month noise in forecasts; verdicts across draws
(``forecast.*``, ``findings.lead_*`` for parameter draws)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "forecast.draws": (
        "Runs are spread across {draws} joint draws of the estimated parameters ({source}): "
        "the ranges hold parameter uncertainty as well as Monte Carlo luck.",
        "模拟次数分摊到估计参数的 {draws} 组联合抽样（{source}）：区间同时包含参数不确定性和"
        "蒙特卡洛随机波动。",
    ),
    "forecast.season": (
        "Levels per month (the levels table) carry the floor's season{trend}, estimated from "
        "its export; every plan shares it, so pay, profit and the lifts between plans do not "
        "move with it.",
        "按月水平（水平表）包含该团队的季节效应{trend}，由其数据估计；所有方案共用，"
        "因此薪酬、利润和方案间差异不受其影响。",
    ),
    "forecast.trend": (" and trend", "和趋势"),
    "forecast.noise": (
        "Levels per team and month carry the export's own team-month noise (AR(1): {kpis}).",
        "按团队按月的水平包含数据本身的团队月度波动（一阶自回归：{kpis}）。",
    ),
    "findings.lead_clear_draws": (
        "{leader} beats {runner_up} on profit after pay in {share} of {runs} paired runs, and "
        "on average in {draw_share} of {draws} draws of the estimated parameters: a clear "
        "lead, across both Monte Carlo luck and the parameters' uncertainty.",
        "在 {runs} 次配对模拟中，{leader}有 {share} 的扣薪后毛利高于{runner_up}；在估计参数的 "
        "{draws} 组抽样中，有 {draw_share} 平均领先：领先明确（已包含蒙特卡洛随机波动和参数"
        "不确定性）。",
    ),
    "findings.lead_depends": (
        "{leader} beats {runner_up} on profit after pay in {share} of {runs} paired runs, but "
        "on average in only {draw_share} of {draws} draws of the estimated parameters: the "
        "lead depends on the uncertain parameters, not a clear lead.",
        "在 {runs} 次配对模拟中，{leader}有 {share} 的扣薪后毛利高于{runner_up}，但在估计参数的 "
        "{draws} 组抽样中只有 {draw_share} 平均领先：领先取决于不确定的参数，领先不明确。",
    ),
}
