"""The one-page feedback sheet (绩效面谈表) of one agent, as HTML.

Pure functions from a :class:`~perfkit.pages.review.month.MonthReview` and the priced
coaching table to an HTML string; every user-typed value (names, teams, plan
name, grade names) is escaped (:func:`perfkit.words.escape.html_text`). A sheet is
the shared shell (:func:`perfkit.pages.shell.document`) with :data:`SHEET_CSS` added;
sheets of a team print one per A4 page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.pages.review.month import MonthReview, pay_parts
from perfkit.pages.review.words import attainment, kpi_step, kpi_value
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, money_symbol
from perfkit.text.numbers import month as month_label
from perfkit.words.escape import html_text as esc
from perfkit.words.plan.describe import plan_name

#: The sheets' addition to the shared base stylesheet.
SHEET_CSS = """
@page { margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-size: 12px; }
.sheet { width: 186mm; height: 273mm; margin: 0 auto; padding: 0; overflow: hidden;
  page-break-after: always; break-after: page; display: flex; flex-direction: column; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
@media screen { .sheet { margin: 16px auto; padding: 0 4mm; height: auto; min-height: 273mm; } }
header { display: flex; justify-content: space-between; align-items: flex-end;
  border-bottom: 2px solid var(--pk-accent); padding-bottom: 6px; margin-bottom: 8px; }
h1 { font-size: 20px; margin: 0; color: var(--pk-accent); }
h2 { font-size: 13px; margin: 10px 0 4px; color: var(--pk-accent); text-transform: none; }
.who { font-size: 12px; color: var(--pk-muted); }
.who b { color: var(--pk-ink); font-size: 15px; }
.badge { display: inline-block; min-width: 42px; text-align: center; font-size: 22px;
  font-weight: 700; border-radius: 6px; padding: 2px 8px; color: #fff; background: var(--pk-accent); }
.score { text-align: right; font-size: 11px; color: var(--pk-muted); white-space: nowrap; }
.score b { font-size: 18px; color: var(--pk-ink); }
table { width: 100%; }
th, td { padding: 3px 6px; }
th { background: var(--pk-stripe); font-weight: 600; font-size: 11px; }
th:first-child, td:first-child { white-space: nowrap; }
td.att { font-weight: 600; }
.good { color: #17703a; } .mid { color: #9a6700; } .bad { color: #b42318; }
.cols { display: flex; gap: 12px; }
.cols > div { flex: 1; }
.total td { font-weight: 700; border-top: 2px solid var(--pk-ink); }
.focus { border-left: 4px solid var(--pk-accent); background: #eef4fb; padding: 6px 10px;
  margin: 4px 0; font-size: 13px; }
.note { font-size: 10px; margin: 2px 0; }
.box { border: 1px solid #9aa5b1; border-radius: 4px; flex: 1 1 22mm; min-height: 9mm;
  margin-bottom: 6px;
  padding: 3px 6px; color: var(--pk-muted); font-size: 11px; }
.sign { margin-top: auto; padding-top: 6px; font-size: 12px; }
svg.spark { vertical-align: middle; }
"""


@dataclass(frozen=True)
class Lookups:
    """Each agent's month row, focus rows and trend rows, grouped once for a whole floor."""

    rows: pd.DataFrame
    focus: dict[str, pd.DataFrame]
    trend: dict[str, pd.DataFrame]

    @classmethod
    def of(cls, month: MonthReview, focus: pd.DataFrame) -> Lookups:
        hist = month.history[month.history["period"].isin(month.trend_periods)]
        hist = hist.sort_values("period")
        chosen = focus[focus["focus"]].sort_values("rank")
        return cls(
            rows=month.agents.set_index("agent_id"),
            focus={str(a): g for a, g in chosen.groupby("agent_id")},
            trend={str(a): g for a, g in hist.groupby("agent_id")},
        )


def sparkline(values: list[float], width: int = 90, height: int = 20) -> str:
    """An inline SVG line of *values* (oldest first) with the last point marked."""
    vals = [v for v in values if math.isfinite(v)]
    if len(vals) < 2:
        return ""
    lo, hi = min(vals), max(vals)
    span = hi - lo or 1.0
    xs = np.linspace(3, width - 3, len(vals))
    ys = [height - 3 - (v - lo) / span * (height - 6) for v in vals]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<polyline fill="none" stroke="#1f5f99" stroke-width="1.5" points="{pts}"/>'
        f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="2.5" fill="#1f5f99"/></svg>'
    )


def attainment_class(att: float) -> str:
    """CSS class of an attainment: good (≥ 100%), mid (80–100%) or bad (< 80%)."""
    if not math.isfinite(att):
        return ""
    return "good" if att >= 1 - 1e-9 else "mid" if att >= 0.8 else "bad"


def _kpi_rows(month: MonthReview, row: pd.Series, trend: pd.DataFrame, lang: Lang) -> str:
    """Each KPI against its target (a scorecard) or the agent's own last months (none)."""
    cur = month.scenario.currency
    ref = "target" if month.scored else "own_median"
    out = []
    for k in month.kpis:
        att = float(row[f"vs_{k.kpi}"])
        weight = f" <span class='note'>{k.weight:g}%</span>" if month.scored else ""
        out.append(
            "<tr>"
            f"<td>{esc(label(k.kpi, lang))}{weight}</td>"
            f"<td>{esc(kpi_value(k.kpi, float(row[k.kpi]), lang, cur))}</td>"
            f"<td>{esc(kpi_value(k.kpi, float(row[f'{ref}_{k.kpi}']), lang, cur))}</td>"
            f"<td class='att {attainment_class(att)}'>{attainment(att)}</td>"
            f"<td>{esc(kpi_value(k.kpi, float(row[f'team_median_{k.kpi}']), lang, cur))}</td>"
            f"<td>{sparkline(trend[k.kpi].tolist())}</td>"
            "</tr>"
        )
    keys = ("target", "attainment_rate") if month.scored else ("own_median", "vs_own")
    head = "".join(
        f"<th>{esc(label(key, lang, within='review'))}</th>"
        for key in ("kpi", "actual", *keys, "team_median", "trend")
    )
    return f"<table><tr>{head}</tr>{''.join(out)}</table>"


def _pay_table(month: MonthReview, row: pd.Series, lang: Lang) -> str:
    cur = month.scenario.currency
    body = []
    for part, value in pay_parts(row):
        sign = -1 if part in ("deductions", "clawback") else 1
        css = " class='total'" if part == "total_pay" else ""
        body.append(
            f"<tr{css}><td>{esc(label(part, lang))}</td>"
            f"<td>{esc(money_symbol(sign * value, cur, lang, 2))}</td></tr>"
        )
    head = f"<tr><th>{esc(t('review.pay_part', lang))}</th><th>{esc(t('review.amount', lang))}</th></tr>"
    return f"<table>{head}{''.join(body)}</table>"


def _trend_table(month: MonthReview, trend: pd.DataFrame, lang: Lang) -> str:
    cur = month.scenario.currency
    # in Chinese, month labels as 6月 keep the six columns narrow
    head = "".join(f"<th>{esc(month_label(str(p), lang))}</th>" for p in trend["period"])
    score = "".join(f"<td>{fixed(float(v), 1)}</td>" for v in trend["score"])
    grade = "".join(f"<td>{esc(v)}</td>" for v in trend["grade"])
    pay = "".join(f"<td>{esc(money_symbol(float(v), cur, lang))}</td>" for v in trend["total_pay"])
    graded = (
        f"<tr><td>{esc(t('review.score', lang))}</td>{score}</tr>"
        f"<tr><td>{esc(label('grade', lang))}</td>{grade}</tr>"
        if month.scored
        else ""
    )
    return (
        f"<table><tr><th></th>{head}</tr>{graded}"
        f"<tr><td>{esc(label('pay', lang))}</td>{pay}</tr></table>"
    )


def focus_sentences(
    month: MonthReview,
    focus: pd.DataFrame,
    agent: str,
    lang: Lang,
    lookups: Lookups | None = None,
) -> list[str]:
    """The coaching focus of one agent in plain words (escaped HTML), best first."""
    lookups = lookups or Lookups.of(month, focus)
    cur, row = month.scenario.currency, lookups.rows.loc[agent]
    mine = lookups.focus.get(str(agent), focus.iloc[:0])
    out = []
    for f in mine.itertuples():
        pays = f.pay_gain >= 0.5
        extra = ""
        if pays and abs(f.score_gain) >= 0.05:
            extra = t(
                "review.focus_extra", lang, score=fixed(f.score_gain, 1, signed=True, grouped=False)
            )
        if str(f.new_grade) != str(row["grade"]):
            extra += t("review.focus_grade", lang, old=row["grade"], new=f.new_grade)
        lower = f.direction == "lower"
        if pays and not month.scored and f.pay_part:
            key = "review.focus_part_lower_line" if lower else "review.focus_part_line"
        elif pays:
            key = "review.focus_lower_line" if lower else "review.focus_line"
        else:
            key = "review.focus_score_lower_line" if lower else "review.focus_score_line"
        out.append(
            esc(
                t(
                    key,
                    lang,
                    step=kpi_step(f.kpi, f.step, lang, cur),
                    kpi=label(f.kpi, lang),
                    old=kpi_value(f.kpi, f.value, lang, cur),
                    new=kpi_value(f.kpi, f.new_value, lang, cur),
                    gain=money_symbol(f.pay_gain, cur, lang, signed=True),
                    extra=extra,
                    score=fixed(f.score_gain, 1, signed=True, grouped=False),
                    part=label(f.pay_part or "total_pay", lang).lower(),  # mid-sentence
                )
            )
        )
    return out or [esc(t("review.focus_none", lang))]


def sheet_html(
    month: MonthReview,
    focus: pd.DataFrame,
    agent: str,
    lang: Lang,
    lookups: Lookups | None = None,
) -> str:
    """The ``<section class="sheet">`` of one agent (*lookups* speed up a whole floor)."""
    lookups = lookups or Lookups.of(month, focus)
    row = lookups.rows.loc[agent]
    trend = lookups.trend[str(agent)]
    name = row["name"] or agent
    scored = month.scored
    badge = (
        f'<div class="score">{esc(t("review.score", lang))} '
        f"<b>{fixed(float(row['score']), 1, grouped=False)}</b><br>"
        f'<span class="badge">{esc(row["grade"])}</span></div>'
        if scored
        else ""
    )
    kpis_head = t("review.kpis" if scored else "review.kpis_own", lang)
    trend_head = t("review.score_trend" if scored else "review.pay_trend", lang)
    rule = t("review.focus_rule" if scored else "review.focus_rule_own", lang)
    lines = "".join(
        f"<div class='focus'>{s}</div>" for s in focus_sentences(month, focus, agent, lang, lookups)
    )
    boxes = "".join(
        f"<h2>{esc(t(key, lang))}</h2><div class='box'></div>"
        for key in ("review.agent_comments", "review.leader_comments", "review.actions")
    )
    return f"""<section class="sheet">
<header><div><h1>{esc(t("review.sheet_title", lang))} · {esc(month.period)}</h1>
<div class="who"><b>{esc(name)}</b> · {esc(t("review.agent_id", lang))} {esc(agent)} ·
{esc(label("team", lang))} {esc(row["team"])} · {esc(label("plan", lang))} {esc(plan_name(month.scenario, lang))}</div></div>
{badge}</header>
<h2>{esc(kpis_head)}</h2>{_kpi_rows(month, row, trend, lang)}
<div class="cols"><div><h2>{esc(t("review.pay", lang))}</h2>{_pay_table(month, row, lang)}</div>
<div><h2>{esc(trend_head)}</h2>{_trend_table(month, trend, lang)}</div></div>
<h2>{esc(t("review.focus", lang))}</h2>{lines}<p class="note">{esc(rule)}</p>
{boxes}<div class="sign">{esc(t("review.signatures", lang))}</div>
</section>"""
