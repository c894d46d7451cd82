"""Plain-language findings and recommendations, generated from the numbers.

Nothing here is hand-written about a particular plan: every sentence is chosen
and filled from a :class:`~perfkit.analysis.compare.Comparison`, in English or Chinese.
"""

from __future__ import annotations

import math

import pandas as pd

from perfkit.analysis.compare import Comparison
from perfkit.core.kpis import unit
from perfkit.core.precision import CLEAR_SHARE
from perfkit.text import Lang, label, t
from perfkit.text.numbers import decimals_for, fixed, forecast, level_pair, pct, points
from perfkit.words.report.words import metric_change

#: Relative changes smaller than this are reported as "about the same".
SAME = 0.01


def horizon(comp: Comparison, lang: Lang = "en") -> str:
    """'over the 12 simulated months' / '模拟的 12 个月内'."""
    cycle = "month" if comp.period_unit == "month" else "quarter"
    return t(f"findings.horizon_{cycle}", lang, n=comp.periods, unit=comp.period_unit)


def _direction(change: float, lang: Lang) -> str:
    if not math.isfinite(change) or abs(change) < SAME:
        return t("findings.same", lang)
    return t("findings.up" if change > 0 else "findings.down", lang)


def _quoted(name: str, lang: Lang) -> str:
    """A plan's name in quotes: 'A' / 「A」."""
    return t("findings.quoted", lang, name=name)


def headline(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """The executive summary: revenue, cost, profit, motivation, risk in a few sentences."""
    cur = comp.scenarios[plan].currency
    m = lambda metric, stat="mean": comp.metric(plan, metric, stat)  # noqa: E731
    d = lambda metric: comp.metric(plan, metric, "delta_pct")  # noqa: E731
    cash = lambda x: forecast(x, cur, lang)  # noqa: E731
    base = comp.baseline
    when = horizon(comp, lang)
    if plan == base:
        return [t("findings.baseline", lang, when=when, revenue=cash(m("revenue")),
                  p10=forecast(m("revenue", "p10"), cur, lang, like=m("revenue", "p90")),
                  p90=forecast(m("revenue", "p90"), cur, lang, like=m("revenue", "p10")),
                  pay=cash(m("total_pay")), cos=pct(m("cost_of_sales")))]  # fmt: skip
    rev, pay, profit = d("revenue"), d("total_pay"), comp.metric(plan, "profit", "delta")
    cos_before, cos_after = comp.metric(base, "cost_of_sales"), m("cost_of_sales")
    cos_from, cos_to = level_pair(cos_before, cos_after)
    out = [
        t("findings.versus", lang, base=_quoted(base, lang), plan=_quoted(plan, lang),
          revenue=_direction(rev, lang), rev=pct(rev, signed=True), pay_dir=_direction(pay, lang),
          pay=pct(pay, signed=True), when=when, amount=cash(abs(profit)),
          profit=t("findings.rises" if profit >= 0 else "findings.falls", lang)),
        t("findings.cost_and_motivation", lang, before=cos_from, after=cos_to,
          pp=points(cos_after - cos_before, lang), index=fixed(m("motivation_index"), 2, grouped=False),
          base_index=fixed(comp.metric(base, "motivation_index"), 2, grouped=False)),
    ]  # fmt: skip
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
    profit = forecast(comp.metric(best, "profit"), cur, lang)
    if best == comp.baseline:
        lead = t("findings.baseline_leads", lang, best=_quoted(best, lang), profit=profit)
        return [lead, *precision_sentence(comp, lang)]
    gain = comp.metric(best, "profit", "delta_pct")
    verdict = recommendations(comp, best, lang)[0]
    listing = t("punct.list", lang).join(_quoted(p, lang) for p in order)
    lead = t("findings.ranked", lang, listing=listing, best=_quoted(best, lang), profit=profit,
             gain=pct(gain, signed=True), verdict=verdict)  # fmt: skip
    return [lead, *precision_sentence(comp, lang)]


def precision_sentence(comp: Comparison, lang: Lang = "en") -> list[str]:
    """How clearly the profit leader beats the runner-up, run by run on the same draws
    (:attr:`Comparison.decision`): a clear lead, a lead on average only, or noise."""
    d = comp.decision
    if d is None or d.metric != "profit":
        return []
    cur = comp.scenarios[comp.baseline].currency
    diff = forecast(d.mean_diff, cur, lang)
    lo, hi = (
        forecast(d.ci_low, cur, lang, like=d.ci_high),
        forecast(d.ci_high, cur, lang, like=d.ci_low),
    )
    key = {"clear": "clear_draws" if d.draws else "clear",
           "depends_on_parameters": "depends", "ahead_on_average": "ahead_on_average"}  # fmt: skip
    budget = t("findings.whole_budget", lang) if d.runs >= d.max_runs else ""
    share = pct(d.draw_share, 0) if d.draws else ""
    return [t(f"findings.lead_{key.get(d.status, 'noise')}", lang, leader=_quoted(d.leader, lang),
              runner_up=_quoted(d.runner_up, lang), runs=d.runs, share=pct(d.win_share, 0),
              diff=diff, lo=lo, hi=hi, budget=budget, draws=d.draws, draw_share=share)]  # fmt: skip


def customer_and_people(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """Complaints, satisfaction, attrition and fairness, when they move."""
    out = []
    for metric in ("complaint_rate", "csat", "attrition", "pay_gini"):
        if metric not in set(comp.summary["metric"]):
            continue
        change = comp.metric(plan, metric, "delta_pct")
        if not math.isfinite(change) or abs(change) < 0.02:
            continue
        now, before = comp.metric(plan, metric), comp.metric(comp.baseline, metric)
        if unit(metric) == "rate":
            was, is_ = level_pair(before, now, least=2)
            moved = t("findings.moved", lang, pp=points(now - before, lang))
        else:
            d = max(3, decimals_for(before, now, scale=1.0))
            was, is_, moved = fixed(before, d, grouped=False), fixed(now, d, grouped=False), ""
        out.append(t("findings.moves", lang, name=label(metric, lang),
                     direction=_direction(change, lang), was=was, now=is_, moved=moved))  # fmt: skip
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
        out.append(t("findings.winners", lang, lead=t(f"findings.view_{view}", lang),
                     total=total, gain=gain, lose=lose))  # fmt: skip
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
    out = []
    revenue = comp.metric(plan, "revenue", "delta_pct")
    if math.isfinite(revenue) and revenue < REVENUE_DROP:
        out.append(t("findings.harm_revenue", lang, drop=pct(-revenue)))
    names = set(comp.summary["metric"])
    if "attrition" in names:
        before, now = comp.metric(comp.baseline, "attrition"), comp.metric(plan, "attrition")
        if now - before > ATTRITION_RISE:
            was, is_ = level_pair(before, now)
            up = points(now - before, lang)
            out.append(t("findings.harm_attrition", lang, was=was, now=is_, up=up))
    b = comp.bands
    sel = b[(b["plan"] == plan) & (b["view"] == "dynamic") & (b["segment_kind"] == "all")]
    if not sel.empty:
        counts = sel.set_index("band")["agents"]
        total, lose = int(counts.sum()), int(counts.iloc[0])
        if total and lose / total > LOSERS_SHARE:
            out.append(t("findings.harm_losers", lang, total=total, lose=lose))
    return out


def recommendations(comp: Comparison, plan: str, lang: Lang = "en") -> list[str]:
    """Actions that follow from the numbers (profit and its noise, side effects, budget,
    cliffs, fairness, quality); the first is the verdict."""
    if plan == comp.baseline:
        return []
    kinds = set(comp.flags.loc[(comp.flags["plan"] == plan) & comp.flags["triggered"], "flag"])
    if comp.metric(plan, "complaint_rate", "delta_pct") > 0.05:
        kinds.add("complaints_up")
    out = [v] if (v := _verdict(comp, plan, kinds, lang)) else []
    return out + [t(f"findings.advice_{kind}", lang) for kind in _REMEDIES if kind in kinds]


#: What to do about each flag a plan raises (and about rising complaints), in this order
#: (``findings.advice_*``).
_REMEDIES = ("budget_p90", "bunching", "give_up", "concentration", "complaints_up")


def _verdict(comp: Comparison, plan: str, kinds: set[str], lang: Lang) -> str | None:
    """Adopt, pilot or not, from profit after pay, its noise, the side effects and the
    budget flag (``kinds``: the plan's triggered flags); None when the budget rules it out."""
    profit = comp.metric(plan, "profit", "delta")
    if profit <= 0:
        return t("findings.adopt_not_profit", lang)
    if not profit > 0:  # not a number: nothing to say
        return None
    if harms := side_effects(comp, plan, lang):
        return t("findings.adopt_not_harms", lang, harms=t("punct.semicolon", lang).join(harms))
    if (share := profit_gain_share(comp, plan)) < CLEAR_SHARE:
        runs = int((comp.per_run["plan"] == plan).sum())
        return t("findings.inconclusive", lang, share=pct(share, 0), runs=runs)
    if "budget_p90" in kinds:
        return None
    has_budget = comp.scenarios[plan].budget is not None
    return t("findings.pilot_budget" if has_budget else "findings.pilot", lang)


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
        kind = unit(metric)
        if kind == "money":  # both ends of the range in one scale
            f = lambda v, other=None: forecast(v, cur, lang, like=other)  # noqa: E731
        elif kind == "rate":
            least = 3 if metric == "complaint_rate" else 1
            d = max(decimals_for(b, p, least=least), decimals_for(lo, hi, least=least))
            f = lambda v, other=None, d=d: pct(v, d)  # noqa: E731
        else:
            d = max(2, decimals_for(b, p, scale=1.0), decimals_for(lo, hi, scale=1.0))
            f = lambda v, other=None, d=d: fixed(v, d, grouped=False)  # noqa: E731
        rows.append(
            {
                label("metric", lang): label(metric, lang),
                t("findings.baseline_mean", lang): f(b),
                t("findings.plan_mean", lang): f(p),
                label("change", lang): metric_change(metric, b, p, lang),
                t("findings.plan_range", lang): f"{f(lo, hi)} – {f(hi, lo)}",
            }
        )
    return pd.DataFrame(rows)
