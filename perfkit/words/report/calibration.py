"""The calibration report's first page: what the export holds, how well the calibrated
model reproduces it, and what the back-test (shadow pay) says, in the words and layout of
:mod:`perfkit.words.page_one` (bold-led bullets, then the numbers that matter).

A back-test re-prices real results, so its amounts are money paid (to the yuan), not
forecasts; the fit is read from the calibration report's agent-level revenue row.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from perfkit.analysis.winners import BANDS
from perfkit.scheme import Scenario
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, money, plain
from perfkit.words.escape import md_text
from perfkit.words.plan.describe import plan_name
from perfkit.words.report.client_data import backtest_table
from perfkit.words.report.words import bullets

#: The back-test's numbers that matter, in this order.
THREE = ("total_pay", "incentive_pay", "cost_of_sales")


def _quoted(plan: Scenario, lang: Lang) -> str:
    """A plan's name in ``lang``, quoted ('A' / 「A」) and escaped for Markdown."""
    return t("findings.quoted", lang, name=md_text(plan_name(plan, lang)))


def _data_line(kpis: pd.DataFrame, lang: Lang) -> str:
    months = kpis.groupby("agent_id")["period"].nunique()
    return t("calsum.data", lang, agents=plain(kpis["agent_id"].nunique()),
             teams=kpis["team"].nunique() if "team" in kpis else 1,
             months=kpis["period"].nunique(), first=kpis["period"].min(),
             last=kpis["period"].max(), short=int((months < 3).sum()))  # fmt: skip


def _fit_line(report: Any, lang: Lang) -> str:
    fit = report.fit.set_index(["kpi", "level"])
    r2 = {lvl: float(fit.loc[("revenue", lvl), "r2"]) for lvl in ("agent", "agent-period")
          if ("revenue", lvl) in fit.index}  # fmt: skip
    return t("calsum.fit", lang, agent=fixed(r2.get("agent", float("nan")), 2, grouped=False),
             month=fixed(r2.get("agent-period", float("nan")), 2, grouped=False))  # fmt: skip


def _backtest_line(bt: Any, current: Scenario, new: Scenario, lang: Lang) -> str:
    per, cur = bt.per_agent, new.currency
    before, after = float(per["current_pay"].sum()), float(per["new_pay"].sum())
    bands = bt.bands.reindex(list(BANDS), fill_value=0)
    gain, lose = int(bands.iloc[3:].sum()), int(bands.iloc[:2].sum())
    key = "calsum.backtest_up" if after >= before else "calsum.backtest_down"
    return t(key, lang, new=_quoted(new, lang), current=_quoted(current, lang),
             after=money(after, cur, lang), before=money(before, cur, lang),
             diff=money(abs(after - before), cur, lang), agents=plain(len(per)),
             gain=gain, lose=lose)  # fmt: skip


def calibration_summary(
    kpis: pd.DataFrame, report: Any, bt: Any, current: Scenario, new: Scenario, lang: Lang = "en"
) -> tuple[str, str, pd.DataFrame]:
    """(Markdown bullets, the table's lead-in, the table): the export, the fit, the
    back-test in a sentence, what it rests on; then total pay, incentive pay and cost of
    sales under both plans with the change (``report``: the calibration report)."""
    lines = [_data_line(kpis, lang)]
    if report is not None:
        lines.append(_fit_line(report, lang))
    lines += [_backtest_line(bt, current, new, lang), t("calsum.rests", lang)]
    table = backtest_table(bt, kpis, current, new, lang)
    table = table[table.iloc[:, 0].isin([label(m, lang) for m in THREE])].reset_index(drop=True)
    lead = t("calsum.numbers", lang, new=_quoted(new, lang), current=_quoted(current, lang),
             months=kpis["period"].nunique())  # fmt: skip
    return bullets(lines, markdown=True), lead, table
