"""Plain-language findings and recommendations, generated from the numbers.

Nothing here is hand-written about a particular plan: every sentence is chosen
and filled from a :class:`~perfkit.analysis.compare.Comparison`, in English or Chinese.
"""

from __future__ import annotations

import math

import pandas as pd

from perfkit.analysis.compare import Comparison
from perfkit.core.precision import CLEAR_SHARE
from perfkit.text import Lang, label
from perfkit.words.plan.numbers import change, decimals_for, level_pair, money, points

#: Relative changes smaller than this are reported as "about the same".
SAME = 0.01


def _money(x: float, currency: str, lang: Lang = "en") -> str:
    return money(x, currency, lang)


def _pct(x: float, digits: int = 1) -> str:
    return "n/a" if not math.isfinite(x) else f"{x * 100:+.{digits}f}%"


def _level_pct(x: float, digits: int = 1) -> str:
    return "n/a" if not math.isfinite(x) else f"{x * 100:.{digits}f}%"


def horizon(comp: Comparison, lang: Lang = "en") -> str:
    """'over the 12 simulated months' / '模拟的 12 个月内'."""
    if lang == "zh":
        return f"模拟的 {comp.periods} 个{'月' if comp.period_unit == 'month' else '季度'}内"
    return f"over the {comp.periods} simulated {comp.period_unit}s"


def _direction(change: float, lang: Lang) -> str:
    if not math.isfinite(change) or abs(change) < SAME:
        return "基本持平" if lang == "zh" else "about the same"
    if lang == "zh":
        return "上升" if change > 0 else "下降"
    return "up" if change > 0 else "down"


def headline(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """The executive summary: revenue, cost, profit, motivation, risk in a few sentences."""
    cur = comp.scenarios[plan].currency
    m = lambda metric, stat="mean": comp.metric(plan, metric, stat)  # noqa: E731
    d = lambda metric: comp.metric(plan, metric, "delta_pct")  # noqa: E731
    base = comp.baseline
    out: list[str] = []
    if plan == base:
        if lang == "zh":
            out.append(
                f"在基准方案下，{horizon(comp, lang)}销售额约 {_money(m('revenue'), cur, lang)}（P10–P90：{_money(m('revenue', 'p10'), cur, lang)}–"
                f"{_money(m('revenue', 'p90'), cur, lang)}），薪酬总额 {_money(m('total_pay'), cur, lang)}，"
                f"销售成本率 {_level_pct(m('cost_of_sales'))}。"
            )
        else:
            out.append(
                f"Under the baseline plan the team books about {_money(m('revenue'), cur, lang)} {horizon(comp, lang)} "
                f"(P10–P90: {_money(m('revenue', 'p10'), cur, lang)}–{_money(m('revenue', 'p90'), cur, lang)}), "
                f"pays {_money(m('total_pay'), cur, lang)}, a cost of sales of {_level_pct(m('cost_of_sales'))}."
            )
        return out
    rev, pay, profit = d("revenue"), d("total_pay"), comp.metric(plan, "profit", "delta")
    cos_before, cos_after = comp.metric(base, "cost_of_sales"), m("cost_of_sales")
    cos_from, cos_to = level_pair(cos_before, cos_after)
    cos_pp = points(cos_after - cos_before, lang)
    if lang == "zh":
        out.append(
            f"与「{base}」相比，「{plan}」预计销售额{_direction(rev, lang)}（{_pct(rev)}），"
            f"薪酬总额{_direction(pay, lang)}（{_pct(pay)}），{horizon(comp, lang)}扣薪后毛利"
            f"{'增加' if profit >= 0 else '减少'} {_money(abs(profit), cur, lang)}。"
        )
        out.append(
            f"销售成本率由 {cos_from} 变为 {cos_to}（{cos_pp}）；"
            f"激励指数 {m('motivation_index'):.2f}（基准 {comp.metric(base, 'motivation_index'):.2f}）。"
        )
    else:
        out.append(
            f"Compared with '{base}', '{plan}' moves revenue {_direction(rev, lang)} ({_pct(rev)}) and total pay "
            f"{_direction(pay, lang)} ({_pct(pay)}); gross profit after pay "
            f"{'rises' if profit >= 0 else 'falls'} by {_money(abs(profit), cur, lang)} {horizon(comp, lang)}."
        )
        out.append(
            f"Cost of sales goes from {cos_from} to {cos_to} ({cos_pp}); the motivation index is {m('motivation_index'):.2f} "
            f"(baseline {comp.metric(base, 'motivation_index'):.2f})."
        )
    out += customer_and_people(comp, plan, lang)
    out += winners_sentence(comp, plan, lang)
    return out


def ranking(comp: Comparison, lang: Lang = "en") -> list[str]:
    """Which plan leads on profit after pay, and what its own verdict says."""
    others = comp.plans[1:]
    if not others:
        return []
    cur = comp.scenarios[comp.baseline].currency
    order = sorted(comp.plans, key=lambda p: comp.metric(p, "profit"), reverse=True)
    best = order[0]
    if best == comp.baseline:
        lead = (
            f"扣薪后毛利最高的仍是基准方案「{best}」（{_money(comp.metric(best, 'profit'), cur, lang)}）；"
            "没有备选方案胜过它。"
            if lang == "zh"
            else f"On profit after pay the baseline '{best}' still ranks first "
            f"({_money(comp.metric(best, 'profit'), cur, lang)}); no alternative beats it."
        )
        return [lead, *precision_sentence(comp, lang)]
    gain = comp.metric(best, "profit", "delta_pct")
    verdict = recommendations(comp, best, lang)[0]
    listing = ("、" if lang == "zh" else ", ").join(
        f"「{p}」" if lang == "zh" else f"'{p}'" for p in order
    )
    if lang == "zh":
        lead = (
            f"按扣薪后毛利排序：{listing}。第一名「{best}」为 {_money(comp.metric(best, 'profit'), cur, lang)}"
            f"（较基准 {_pct(gain)}）；其结论：{verdict}"
        )
    else:
        lead = (
            f"Ranked by profit after pay: {listing}. The leader, '{best}', makes "
            f"{_money(comp.metric(best, 'profit'), cur, lang)} ({_pct(gain)} on the baseline); its "
            f"verdict: {verdict}"
        )
    return [lead, *precision_sentence(comp, lang)]


def precision_sentence(comp: Comparison, lang: Lang = "en") -> list[str]:
    """How clearly the profit leader beats the runner-up, run by run on the same draws
    (:attr:`Comparison.decision`): a clear lead, a lead on average only, or noise."""
    d = comp.decision
    if d is None or d.metric != "profit":
        return []
    cur = comp.scenarios[comp.baseline].currency
    diff, lo, hi = (_money(v, cur, lang) for v in (d.mean_diff, d.ci_low, d.ci_high))
    share, spent = f"{d.win_share:.0%}", d.runs >= d.max_runs
    if lang == "zh":
        if d.status == "clear":
            return [
                f"在 {d.runs} 次配对模拟（相同随机抽样）中，「{d.leader}」有 {share} 的扣薪后毛利高于「{d.runner_up}」：领先明确。"
            ]
        if d.status == "ahead_on_average":
            return [f"「{d.leader}」的扣薪后毛利平均比「{d.runner_up}」高 {diff}（95% 置信区间 {lo} 至 {hi}），"
                    f"但在 {d.runs} 次配对模拟中只有 {share} 胜出：领先不明确。"]  # fmt: skip
        budget = "（已用尽模拟预算）" if spent else ""
        return [f"「{d.leader}」与「{d.runner_up}」的扣薪后毛利差异在模拟误差范围内：{d.runs} 次配对模拟{budget}后，"
                f"差值 {diff}（95% 置信区间 {lo} 至 {hi}），「{d.leader}」胜出 {share}。"]  # fmt: skip
    if d.status == "clear":
        return [f"'{d.leader}' beats '{d.runner_up}' on profit after pay in {share} of "
                f"{d.runs} paired runs (the same random draws): a clear lead."]  # fmt: skip
    if d.status == "ahead_on_average":
        return [f"'{d.leader}' makes {diff} more profit after pay than '{d.runner_up}' on "
                f"average (95% CI {lo} to {hi}) but wins only {share} of {d.runs} paired runs: "
                "not a clear lead."]  # fmt: skip
    budget = " (the whole budget)" if spent else ""
    return [f"'{d.leader}' and '{d.runner_up}' are within the simulation's noise on profit "
            f"after pay: after {d.runs} paired runs{budget} the difference is {diff} (95% CI "
            f"{lo} to {hi}) and '{d.leader}' wins {share} of them."]  # fmt: skip


def customer_and_people(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """Complaints, satisfaction, attrition and fairness, when they move."""
    out = []
    for metric in ("complaint_rate", "csat", "attrition", "pay_gini"):
        if metric not in set(comp.summary["metric"]):
            continue
        change = comp.metric(plan, metric, "delta_pct")
        if not math.isfinite(change) or abs(change) < 0.02:
            continue
        name = label(metric, lang)
        now, before = comp.metric(plan, metric), comp.metric(comp.baseline, metric)
        if metric in {"csat", "pay_gini"}:
            d = max(3, decimals_for(before, now, scale=1.0))
            was, is_ = f"{before:.{d}f}", f"{now:.{d}f}"
            moved = ""
        else:
            was, is_ = level_pair(before, now, least=2)
            moved = points(now - before, lang)
            moved = f"（{moved}）" if lang == "zh" else f" ({moved})"
        if lang == "zh":
            out.append(f"{name}{_direction(change, lang)}：{was} → {is_}{moved}。")
        else:
            out.append(f"{name} is {_direction(change, lang)}: {was} → {is_}{moved}.")
    return out


def winners_sentence(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """How many agents gain or lose more than 5%: after behaviour responds (simulated) and,
    when the client's export was given, on its history re-priced (the back-test)."""
    out = []
    for view in ("dynamic", "static"):
        b = comp.bands
        sel = b[(b["plan"] == plan) & (b["view"] == view) & (b["segment_kind"] == "all")]
        if sel.empty:
            continue
        counts = sel.set_index("band")["agents"]
        total = int(counts.sum())
        lose, gain = int(counts.iloc[0]), int(counts.iloc[-1])
        if lang == "zh":
            lead = (
                "模拟（员工调整行为后）" if view == "dynamic" else "按历史数据重新核算（行为不变）"
            )
            out.append(
                f"{lead}：{total} 名员工中，{gain} 人收入增加超过 5%，{lose} 人减少超过 5%。"
            )
        else:
            lead = (
                "After agents respond (simulated)"
                if view == "dynamic"
                else "Re-pricing the export's history (no behaviour change)"
            )
            out.append(
                f"{lead}: of {total} agents, {gain} gain more than 5% in pay and {lose} lose "
                "more than 5%."
            )
    return out


def risk_sentences(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """One sentence per triggered risk flag (the flag's own computed message)."""
    f = comp.flags[(comp.flags["plan"] == plan) & comp.flags["triggered"]]
    col = "message_zh" if lang == "zh" and "message_zh" in f else "message"
    return [str(msg) for msg in f[col]]


#: Side effects that stop a recommendation to pilot on profit alone.
REVENUE_DROP = -0.05  # revenue falls by more than 5%
ATTRITION_RISE = 0.05  # annualised attrition up by more than 5 points
LOSERS_SHARE = 0.5  # most agents lose more than 5% of pay


def profit_gain_share(comp: Comparison, plan: str) -> float:
    """Share of runs in which the plan's profit after pay beats the baseline's (same draws)."""
    pr = comp.per_run
    if "profit" not in pr:
        return float("nan")
    base = pr[pr["plan"] == comp.baseline].set_index("run")["profit"]
    new = pr[pr["plan"] == plan].set_index("run")["profit"]
    diff = (new - base.reindex(new.index)).dropna()
    return float((diff > 0).mean()) if len(diff) else float("nan")


def side_effects(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """Harms large enough to outweigh a profit gain: lost revenue, quits, most agents losing."""
    zh = lang == "zh"
    out = []
    revenue = comp.metric(plan, "revenue", "delta_pct")
    if math.isfinite(revenue) and revenue < REVENUE_DROP:
        drop = _level_pct(-revenue)
        out.append(f"销售额下降 {drop}" if zh else f"revenue falls {drop}")
    names = set(comp.summary["metric"])
    if "attrition" in names:
        before, now = comp.metric(comp.baseline, "attrition"), comp.metric(plan, "attrition")
        if now - before > ATTRITION_RISE:
            was, is_ = level_pair(before, now)
            up = points(now - before, lang)
            out.append(
                f"流失率由 {was} 升至 {is_}（{up}）"
                if zh
                else f"attrition rises from {was} to {is_} ({up})"
            )
    b = comp.bands
    sel = b[(b["plan"] == plan) & (b["view"] == "dynamic") & (b["segment_kind"] == "all")]
    if not sel.empty:
        counts = sel.set_index("band")["agents"]
        total, lose = int(counts.sum()), int(counts.iloc[0])
        if total and lose / total > LOSERS_SHARE:
            out.append(
                f"{total} 名员工中 {lose} 人收入减少超过 5%"
                if zh
                else f"{lose} of {total} agents lose more than 5% of pay"
            )
    return out


def recommendations(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """Actions that follow from the numbers (profit and its noise, side effects, budget,
    cliffs, fairness, quality); the first is the verdict."""
    if plan == comp.baseline:
        return []
    zh = lang == "zh"
    out: list[str] = []
    profit = comp.metric(plan, "profit", "delta")
    clear = profit_gain_share(comp, plan) >= CLEAR_SHARE
    harms = side_effects(comp, plan, lang)
    flags = comp.flags[(comp.flags["plan"] == plan) & comp.flags["triggered"]]
    kinds = set(flags["flag"])
    has_budget = comp.scenarios[plan].budget is not None
    if profit > 0 and harms:
        joined = "；".join(harms) if zh else "; ".join(harms)
        out.append(
            f"暂不推荐：扣薪后毛利虽有提高，但{joined}。"
            if zh
            else f"Do not adopt as is: profit after pay rises, but {joined}."
        )
    elif profit > 0 and not clear:
        share, runs = profit_gain_share(comp, plan), int((comp.per_run["plan"] == plan).sum())
        out.append(
            f"结论不确定：扣薪后毛利的提高只在 {runs} 次配对模拟中的 {share:.0%} 成立（明确需达 90%）；"
            "请增加模拟次数（--max-runs）或以其他指标决策。"
            if zh
            else f"Inconclusive: the profit gain holds in only {share:.0%} of {runs} paired runs "
            "(a clear gain holds in 9 of 10); run more simulations (--max-runs) or decide on "
            "other grounds."
        )
    elif profit > 0 and "budget_p90" not in kinds:
        if has_budget:
            out.append(
                "建议试点该方案：扣薪后毛利提高且未超预算。"
                if zh
                else "Pilot this plan: profit after pay rises and the budget holds at P90."
            )
        else:
            out.append(
                "建议试点该方案：扣薪后毛利提高。"
                if zh
                else "Pilot this plan: profit after pay rises."
            )
    elif profit <= 0:
        out.append(
            "暂不推荐：扣薪后毛利未提高；请调整薪酬水平（固定部分、提成、奖金）后再评估。"
            if zh
            else "Do not adopt as is: profit after pay does not improve; re-tune the pay levels "
            "(fixed part, commission, bonuses), then re-run."
        )
    if "budget_p90" in kinds:
        out.append(
            "在 P90 情形下超出预算：设置封顶或降低最高档费率。"
            if zh
            else "Pay exceeds the budget in the P90 case: add a cap or lower the top rate."
        )
    if "bunching" in kinds:
        out.append(
            "门槛附近出现业绩扎堆：改用超额累进或平滑门槛。"
            if zh
            else "Attainment bunches just above a cliff: use a marginal ladder or smooth the threshold."
        )
    if "give_up" in kinds:
        out.append(
            "部分员工因目标遥不可及而放弃：引入分档奖励或下调目标。"
            if zh
            else "Some agents give up on out-of-reach targets: add intermediate tiers or lower the quota."
        )
    if "concentration" in kinds:
        out.append(
            "激励薪酬过度集中于少数人：检查封顶与团队权重。"
            if zh
            else "Incentive pay is concentrated in few agents: review caps and the team weight."
        )
    if comp.metric(plan, "complaint_rate", "delta_pct") > 0.05:
        out.append(
            "投诉率上升：提高质量指标权重或加入质检扣款。"
            if zh
            else "Complaints rise: weight quality KPIs more or add a QA deduction."
        )
    return out


def key_numbers(comp: Comparison, plan: str, lang: Lang = "en") -> pd.DataFrame:
    """The headline table: metric, baseline, plan, change (formatted for a client)."""
    metrics = [
        "revenue",
        "total_pay",
        "incentive_pay",
        "cost_of_sales",
        "profit",
        "motivation_index",
        "complaint_rate",
        "csat",
        "attrition",
        "pay_gini",
    ]
    cur = comp.scenarios[plan].currency
    rows = []
    for metric in metrics:
        if metric not in set(comp.summary["metric"]):
            continue
        b, p = comp.metric(comp.baseline, metric), comp.metric(plan, metric)
        lo, hi = comp.metric(plan, metric, "p10"), comp.metric(plan, metric, "p90")
        if metric in {"revenue", "total_pay", "incentive_pay", "profit"}:
            f = lambda v: _money(v, cur, lang)  # noqa: E731
        elif metric in {"cost_of_sales", "attrition", "complaint_rate"}:
            least = 3 if metric == "complaint_rate" else 1
            d = max(decimals_for(b, p, least=least), decimals_for(lo, hi, least=least))
            f = lambda v, d=d: _level_pct(v, d)  # noqa: E731
        else:
            d = max(2, decimals_for(b, p, scale=1.0), decimals_for(lo, hi, scale=1.0))
            f = lambda v, d=d: f"{v:.{d}f}"  # noqa: E731
        rows.append(
            {
                ("指标" if lang == "zh" else "Metric"): label(metric, lang),
                ("基准（均值）" if lang == "zh" else "Baseline (mean)"): f(b),
                ("方案（均值）" if lang == "zh" else "Plan (mean)"): f(p),
                ("变化" if lang == "zh" else "Change"): change(metric, b, p, lang),
                ("方案 P10–P90" if lang == "zh" else "Plan P10–P90"): f"{f(lo)} – {f(hi)}",
            }
        )
    return pd.DataFrame(rows)
