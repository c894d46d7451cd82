"""Tables of a client KPI export, its calibration and a back-test (shadow pay)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.scheme import Scenario
from perfkit.text import Lang, label
from perfkit.text.numbers import level_pair, money, pct, plain
from perfkit.words.report.words import metric_change


def data_overview(kpis: pd.DataFrame, lang: Lang = "en") -> pd.DataFrame:
    """Rows, agents, teams, months covered and agents with short histories."""
    months = kpis.groupby("agent_id")["period"].nunique()
    last = kpis["period"].max()
    rows = [
        (label("source", lang), Path(str(kpis.attrs.get("source", ""))).name),
        (label("rows", lang), plain(len(kpis))),
        (label("agents", lang), plain(kpis["agent_id"].nunique())),
        (label("teams", lang), f"{kpis['team'].nunique()}" if "team" in kpis else "—"),
        (label("periods", lang), f"{kpis['period'].min()} – {last} ({kpis['period'].nunique()})"),
        (
            label("in_last_period", lang),
            plain(kpis.loc[kpis["period"] == last, "agent_id"].nunique()),
        ),
        (label("short_history", lang), f"{int((months < 3).sum())}"),
    ]
    return pd.DataFrame(rows, columns=[label("metric", lang), label("value", lang)])


def kpi_summary(kpis: pd.DataFrame, lang: Lang = "en") -> pd.DataFrame:
    """Every measured KPI column: mean per agent-month, P10–P90 and the share of zeros."""
    from perfkit.core.kpis import RAW_KPIS

    rows = []
    for col in (c for c in RAW_KPIS if c in kpis):
        v = kpis[col].astype(float).dropna()  # a blank cell is not a 0
        if v.empty:
            continue
        p10, p90 = np.percentile(v, [10, 90])
        counts = bool((v == v.round()).all())
        spread = ",.0f" if counts or v.abs().max() >= 100 else ",.2f"
        mean = ",.1f" if counts and v.mean() < 100 else spread
        rows.append(
            {
                label("kpi", lang): label(col, lang),
                label("mean_per_month", lang): f"{v.mean():{mean}}",
                label("p10_p90", lang): f"{p10:{spread}} – {p90:{spread}}",
                label("zeros", lang): pct(float((v == 0).mean()), 0),
            }
        )
    return pd.DataFrame(rows)


def missing_kpis(kpis: pd.DataFrame, lang: Lang = "en") -> list[str]:
    """Measured KPIs the export does not have (treated as 0 by calibration and pay rules)."""
    from perfkit.core.kpis import RAW_KPIS

    return [label(c, lang) for c in RAW_KPIS if c not in kpis]


def calibrated_traits(population: Any, lang: Lang = "en") -> pd.DataFrame:
    """Median and P10–P90 of the calibrated traits, with the median shrinkage weight."""
    agents = population.report.agents
    agents = agents[agents["in_roster"]]
    rows = []
    for trait, weight, fmt in (
        ("skill", "weight_skill", ".2f"),
        ("capacity", "weight_capacity", ",.0f"),
        ("connect_rate", "weight_connect", ".1%"),
        ("order_value", "weight_order_value", ",.0f"),
        ("tenure", None, ".0f"),
    ):
        p10, p50, p90 = np.percentile(agents[trait], [10, 50, 90])
        rows.append(
            {
                label("trait", lang): label(trait, lang),
                label("median", lang): f"{p50:{fmt}}",
                label("p10_p90", lang): f"{p10:{fmt}} – {p90:{fmt}}",
                label("own_history", lang): pct(float(agents[weight].median()), 0)
                if weight
                else "—",
            }
        )
    return pd.DataFrame(rows)


def backtest_table(
    bt: Any, kpis: pd.DataFrame, current: Scenario, new: Scenario, lang: Lang = "en"
) -> pd.DataFrame:
    """Total and incentive pay, cost of sales and pay per order under both plans."""
    from perfkit.analysis.backtest import statement_summary

    a = statement_summary(bt.current, kpis)
    b = statement_summary(bt.new, kpis)
    cur = new.currency
    rows = []
    for m in ("total_pay", "incentive_pay", "cost_of_sales", "pay_per_order"):
        x, y = float(a[m]), float(b[m])
        rate_like = m == "cost_of_sales"
        shown = level_pair(x, y) if rate_like else (money(x, cur, lang), money(y, cur, lang))
        rows.append(
            {
                label("metric", lang): label(m, lang),
                current.name: shown[0],
                new.name: shown[1],
                label("change", lang): metric_change(m, x, y, lang),
            }
        )
    return pd.DataFrame(rows)


def backtest_bands(bt: Any, lang: Lang = "en") -> pd.DataFrame:
    """Winners/losers bands of a back-test, for all agents and by team (for the chart)."""
    from perfkit.analysis.winners import BANDS

    a = bt.per_agent.assign(all=label("all", lang))
    rows = []
    for kind in ("all", "team"):
        for seg, g in a.groupby(kind, sort=True):
            counts = g["band"].value_counts().reindex(list(BANDS), fill_value=0)
            name = seg if kind == "all" else f"{label('team', lang)}: {seg}"
            rows += [{"segment": name, "band": b, "agents": int(n)} for b, n in counts.items()]
    return pd.DataFrame(rows)


def backtest_movers(bt: Any, currency: str, lang: Lang = "en", n: int = 5) -> pd.DataFrame:
    """The ``n`` agents gaining and losing most in shadow pay per month in post (a joiner's
    one month is not set against a veteran's year)."""
    a = pd.concat([bt.movers(n, losers=False), bt.movers(n, losers=True).iloc[::-1]])
    a = a.drop_duplicates("agent_id")
    return pd.DataFrame(
        {
            label("agent_id", lang): a["agent_id"].astype(str),
            label("team", lang): a["team"].astype(str),
            label("months", lang): a["months"].astype(int),
            label("difference_per_month", lang): a["difference_per_month"].map(
                lambda v: money(v, currency, lang)
            ),
            label("current_pay", lang): a["current_pay"].map(lambda v: money(v, currency, lang)),
            label("new_pay", lang): a["new_pay"].map(lambda v: money(v, currency, lang)),
            label("change", lang): a["change"].map(lambda v: pct(v, signed=True)),
        }
    ).reset_index(drop=True)


def backtest_mix(bt: Any, current: Scenario, new: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pay mix, grade mix) of the two plans' statements, in the chart functions' shapes."""
    from perfkit.analysis.backtest import COMPONENTS

    parts = [c for c in COMPONENTS if c != "total_pay"]
    mix, grades = [], []
    for sc, st in ((current, bt.current), (new, bt.new)):
        mix += [
            {"plan": sc.name, "component": c, "amount": float(st[c].mean())}
            for c in parts
            if c in st
        ]
        g = st.loc[st["grade"] != "", "grade"].value_counts(normalize=True)
        order = [x for x in (sc.grades.names if sc.grades else []) if x in g.index]
        grades += [{"plan": sc.name, "grade": k, "share": float(g[k])} for k in order]
    mix = pd.DataFrame(mix)
    used = mix.groupby("component")["amount"].transform(lambda s: (s.abs() > 0.5).any())
    return mix[used].reset_index(drop=True), pd.DataFrame(
        grades, columns=["plan", "grade", "share"]
    )
