"""Display tables built from a :class:`~perfkit.analysis.compare.Comparison` (formatted for a client)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.compare import Comparison
from perfkit.analysis.metrics import TENURE_LABELS
from perfkit.scheme import Scenario
from perfkit.text import Lang, has, label, t
from perfkit.text.numbers import fixed, forecast, forecast_amount, pct, plain
from perfkit.words.report.words import (
    _nb,
    fmt_metric,
    metric_change,
    segment_word,
)

#: Skill quartiles in display order (perfkit.analysis.metrics.segments labels).
SKILL_ORDER = ("Q1 (low)", "Q2", "Q3", "Q4 (high)")


def key_metrics_table(
    comp: Comparison, lang: Lang = "en", metrics: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Metric rows × plan columns: mean and change against the baseline."""
    metrics = metrics or (
        "revenue",
        "total_pay",
        "cost_of_sales",
        "profit",
        "motivation_index",
        "complaint_rate",
        "attrition",
        "pay_gini",
        "pay_performance_corr",
    )
    present = set(comp.summary["metric"])
    cur = comp.scenarios[comp.baseline].currency
    rows = []
    for m in (m for m in metrics if m in present):
        row = {label("metric", lang): label(m, lang)}
        for p in comp.plans:
            value = _nb(fmt_metric(m, comp.metric(p, m), cur, lang))
            if p != comp.baseline:
                value += (
                    f" ({metric_change(m, comp.metric(comp.baseline, m), comp.metric(p, m), lang)})"
                )
            row[p] = value
        rows.append(row)
    return pd.DataFrame(rows)


def ranges_table(
    comp: Comparison, lang: Lang = "en", metrics: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Metric rows × plan columns: median and the P10–P90 range over runs."""
    metrics = metrics or ("revenue", "total_pay", "profit", "cost_of_sales")
    cur = comp.scenarios[comp.baseline].currency

    def cell(p: str, m: str) -> str:
        lo, mid, hi = (comp.metric(p, m, s) for s in ("p10", "p50", "p90"))
        plain = m not in {"revenue", "net_revenue", "total_pay", "incentive_pay", "profit"}
        if plain:
            rng = (fmt_metric(m, lo, cur, lang), fmt_metric(m, hi, cur, lang))
        else:
            rng = (forecast_amount(lo, lang, like=hi), forecast_amount(hi, lang, like=lo))
        return f"{_nb(fmt_metric(m, mid, cur, lang))} ({_nb(rng[0])}\u00a0–\u00a0{_nb(rng[1])})"

    rows = [
        {label("metric", lang): label(m, lang), **{p: cell(p, m) for p in comp.plans}}
        for m in metrics
    ]
    return pd.DataFrame(rows)


def measures_table(comp: Comparison, table: str, lang: Lang = "en") -> pd.DataFrame:
    """A long plan × measure table (``effort`` or ``funnel``) as measure rows × plan columns."""
    data = getattr(comp, table)
    key = "measure" if "measure" in data else "stage"
    wide = data.pivot_table(index=key, columns="plan", values="value", sort=False)[comp.plans]
    if table == "effort":
        out = wide.apply(
            lambda r: r.map((lambda v: fixed(v, 2, grouped=False)) if r.name == "effort" else pct),
            axis=1,
        )
    else:
        out = wide.map(lambda v: fixed(v, 1))
    out.index = [label(k, lang) for k in out.index]
    return out.rename_axis(label("metric", lang)).reset_index()


def labelled(data: pd.DataFrame, column: str, lang: Lang = "en") -> pd.DataFrame:
    """``data`` with the keys in ``column`` replaced by their display words (for charts)."""
    return data.assign(**{column: data[column].map(lambda k: label(k, lang))})


def pay_mix(comp: Comparison) -> pd.DataFrame:
    """Pay components that are not zero under every plan (for the pay-mix chart)."""
    mix = comp.pay_mix
    used = mix.groupby("component", sort=False)["amount"].apply(lambda a: (a.abs() > 0.5).any())
    return mix[mix["component"].isin(used[used].index)].reset_index(drop=True)


def grade_mix(comp: Comparison, plans: list[str] | None = None) -> pd.DataFrame:
    """Grade shares in scheme order (best first) for plans that have grades."""
    plans = plans or comp.plans
    data = comp.grade_mix[comp.grade_mix["plan"].isin(plans)]
    order: list[str] = []
    for p in plans:
        g = comp.scenarios[p].grades
        order += [n for n in (g.names if g is not None else []) if n not in order]
    order += sorted(set(data["grade"]) - set(order))
    rank = {g: i for i, g in enumerate(order)}
    return data.sort_values("grade", key=lambda s: s.map(rank), kind="stable").reset_index(
        drop=True
    )


def grade_rules(scenario: Scenario, lang: Lang = "en") -> pd.DataFrame | None:
    """Grade, entry rule (minimum score or forced share) and pay coefficient."""
    g = scenario.grades
    if g is None:
        return None
    coef = scenario.pay.performance_pay.grade_coefficients if scenario.pay.performance_pay else {}
    rows = []
    for name in g.names:
        if g.method == "bands":
            rule = f"{g.bands[name]:g}" if name in g.bands else f"< {min(g.bands.values()):g}"
            col = label("min_score", lang)
        else:
            rule, col = pct(g.shares[name], 0), label("share", lang)
        rows.append(
            {
                label("grade", lang): name,
                col: rule,
                label("coefficient", lang): f"{coef[name]:g}" if name in coef else "—",
            }
        )
    return pd.DataFrame(rows)


def segment_bands(comp: Comparison, plan: str, view: str, lang: Lang = "en") -> pd.DataFrame:
    """Winners/losers bands of one plan and view, segments labelled by kind (for the chart)."""
    b = comp.bands
    b = b[(b["plan"] == plan) & (b["view"] == view) & (b["segment_kind"] != "team")]
    left = b["segment"].astype(str) == "n/a"  # in the history, gone by its last month
    b = b[~(left & (b["segment_kind"] == "tenure_group"))]
    left = b["segment"].astype(str) == "n/a"
    seg = np.where(
        b["segment_kind"] == "all",
        label("all", lang),
        b["segment_kind"].map(lambda k: label(k, lang) + t("punct.colon", lang))
        + b["segment"].astype(str).map(lambda x: segment_word(x, lang)),
    )
    seg = np.where(left, label("left", lang), seg)
    order = {s: i for i, s in enumerate(("all", *SKILL_ORDER, *TENURE_LABELS, "n/a"))}
    key = b["segment"].astype(str).map(lambda s: order.get(s, len(order)))
    return b.assign(segment=seg, _k=key).sort_values("_k", kind="stable").drop(columns="_k")


def plan_bands(comp: Comparison, view: str = "dynamic") -> pd.DataFrame:
    """Winners/losers bands of every plan (all agents), one chart row per plan."""
    b = comp.bands
    b = b[(b["view"] == view) & (b["segment_kind"] == "all")]
    order = {p: i for i, p in enumerate(comp.plans)}
    b = b.sort_values("plan", key=lambda s: s.map(order), kind="stable")
    return b.assign(segment=b["plan"])


def flags_table(comp: Comparison, plan: str, lang: Lang = "en") -> pd.DataFrame:
    """Every computed risk flag of ``plan``: value, threshold and whether it triggered."""
    f = comp.flags[comp.flags["plan"] == plan]
    cur = comp.scenarios[plan].currency

    def fmt(flag: str, v: float) -> str:
        if not math.isfinite(v):  # say why there is no value
            return t("missing.no_cliff" if flag == "bunching" else "missing.no_value", lang)
        if flag == "bunching":
            return fixed(v, 1, grouped=False) + "×"
        if flag == "budget_p90" and v > 1:
            return forecast(v, cur, lang)
        return pct(v, 0)

    return pd.DataFrame(
        {
            label("metric", lang): [label(k, lang) if has(f"label.{k}") else k for k in f["flag"]],
            label("value", lang): [fmt(k, v) for k, v in zip(f["flag"], f["value"], strict=True)],
            label("threshold", lang): [
                fmt(k, v) for k, v in zip(f["flag"], f["threshold"], strict=True)
            ],
            label("status", lang): [
                f"⚠ {label('triggered', lang)}" if t else label("ok", lang) for t in f["triggered"]
            ],
        }
    )


def flags_matrix(comp: Comparison, lang: Lang = "en") -> pd.DataFrame:
    """Risk flag rows × plan columns: the flag's value, marked ⚠ when triggered."""
    rows: dict[str, dict[str, str]] = {}
    for p in comp.plans:
        t = flags_table(comp, p, lang)
        for name, value, status in zip(
            t[label("metric", lang)], t[label("value", lang)], t[label("status", lang)], strict=True
        ):
            rows.setdefault(name, {})[p] = f"⚠ {value}" if status.startswith("⚠") else value
    out = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=comp.plans).fillna("—")
    return out.rename_axis(label("metric", lang)).reset_index()


def change_by_segment(comp: Comparison, plan: str, lang: Lang = "en") -> pd.DataFrame:
    """Mean pay change (dynamic view) by skill quartile, tenure group and team, largest first."""
    a = comp.agents[comp.agents["plan"] == plan]
    a = a[np.isfinite(a["change"])]
    rows = [
        {
            label(
                "segment", lang
            ): f"{label(kind, lang)}{t('punct.colon', lang)}{segment_word(str(seg), lang)}",
            label("agents", lang): len(g),
            label("mean_change", lang): g["change"].mean(),
        }
        for kind in ("skill_quartile", "tenure_group", "team")
        for seg, g in a.groupby(kind, sort=True, observed=True)
    ]
    out = pd.DataFrame(rows).sort_values(label("mean_change", lang), ascending=False)
    out[label("mean_change", lang)] = out[label("mean_change", lang)].map(
        lambda v: pct(v, signed=True)
    )
    return out.reset_index(drop=True)


def movers(comp: Comparison, plan: str, lang: Lang = "en", n: int = 5) -> pd.DataFrame:
    """The ``n`` biggest gainers and losers (dynamic view): who, team, segment, pay before/after."""
    cur = comp.scenarios[plan].currency
    base = comp.agents[comp.agents["plan"] == comp.baseline].set_index("agent_id")["pay"]
    a = comp.agents[comp.agents["plan"] == plan].sort_values("change", ascending=False)
    a = pd.concat([a.head(n), a.tail(n)]).drop_duplicates("agent_id")
    return pd.DataFrame(
        {
            label("agent_id", lang): a["agent_id"].astype(str),
            label("team", lang): a["team"].astype(str),
            label("skill_quartile", lang): a["skill_quartile"]
            .astype(str)
            .map(lambda x: segment_word(x, lang)),
            label("tenure_group", lang): a["tenure_group"]
            .astype(str)
            .map(lambda x: segment_word(x, lang)),
            f"{label('baseline', lang)} {label('per_period', lang)}": a["agent_id"]
            .map(base)
            .map(lambda v: forecast(v, cur, lang)),
            f"{label('plan', lang)} {label('per_period', lang)}": a["pay"].map(
                lambda v: forecast(v, cur, lang)
            ),
            label("change", lang): a["change"].map(lambda v: pct(v, signed=True)),
        }
    ).reset_index(drop=True)


def population_overview(pop: pd.DataFrame, source: str, lang: Lang = "en") -> pd.DataFrame:
    """Headcount, teams and trait ranges of a population table (``SimulationResult.population``)."""

    def spread(col: str, fmt: str) -> str:
        p10, p50, p90 = np.percentile(pop[col], [10, 50, 90])
        return f"{p50:{fmt}} ({p10:{fmt}} – {p90:{fmt}})"

    rows = [
        (label("source", lang), Path(source).name if source != "synthetic" else source),
        (label("agents", lang), plain(len(pop))),
        (label("teams", lang), f"{pop['team'].nunique()}"),
        (f"{label('tenure', lang)}: {label('median', lang)} (P10 – P90)", spread("tenure", ".0f")),
        (label("new_hires", lang), pct(float((pop["tenure"] < 6).mean()), 0)),
        (f"{label('skill', lang)}: {label('median', lang)} (P10 – P90)", spread("skill", ".2f")),
        (
            f"{label('order_value', lang)}: {label('median', lang)} (P10 – P90)",
            spread("order_value", ",.0f"),
        ),
    ]
    return pd.DataFrame(rows, columns=[label("metric", lang), label("value", lang)])


def fit_table(report: Any, lang: Lang = "en") -> pd.DataFrame:
    """A :class:`~perfkit.model.population.CalibrationReport` fit table for display."""
    f = report.fit
    return pd.DataFrame(
        {
            label("kpi", lang): f["kpi"].map(lambda k: label(k, lang)),
            label("level", lang): f["level"].map(lambda k: label(k, lang)),
            label("r2", lang): f["r2"].map(lambda v: fixed(v, 2, grouped=False)),
            label("mae", lang): f["mae"].map(lambda v: fixed(v, 1)),
            label("actual_mean", lang): f["mean"].map(lambda v: fixed(v, 1)),
        }
    )
