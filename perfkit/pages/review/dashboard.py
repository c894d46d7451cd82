"""The team leader's dashboard: heatmap of agents × KPIs, who to coach, progress to goal.

A team's goal is the team pool's target when the plan has one (its KPI and target),
otherwise the sum of the team's agents' targets of the heaviest scorecard KPI that
is a volume (revenue first). Pure functions to tables and escaped HTML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from perfkit.core.kpis import unit
from perfkit.files.names import safe_stem
from perfkit.pages.review.month import MonthReview
from perfkit.pages.review.sheet import SHEET_CSS, attainment_class
from perfkit.pages.review.words import attainment, kpi_step, kpi_value
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, money_symbol
from perfkit.words.escape import html_text as esc
from perfkit.words.plan.describe import plan_name

#: The dashboards' addition to the shared base stylesheet: the sheets' components,
#: landscape paper, the heatmap's cells and the progress bar.
DASH_CSS = (
    SHEET_CSS
    + """
@page { size: A4 landscape; margin: 10mm; }
main { max-width: 1120px; margin: 0 auto; padding: 16px 24px; }
td.cell { text-align: center; font-weight: 600; color: var(--pk-ink); }
td.cell.good { background: #c7ebd1; } td.cell.mid { background: #fbe7b5; }
td.cell.bad { background: #f6c3bd; }
.bar { background: #e4e7eb; border-radius: 4px; height: 14px; width: 100%; position: relative; }
.bar span { display: block; height: 14px; border-radius: 4px; background: var(--pk-accent); }
.bar i { position: absolute; left: 100%; top: -3px; height: 20px; border-left: 2px solid #b42318; }
"""
)


def team_goal(month: MonthReview) -> pd.DataFrame:
    """Per team: ``kpi``, ``goal``, ``actual``, ``progress`` (actual ÷ goal), ``heads``."""
    a = month.agents
    pool = month.scenario.team.pool
    heads = a.groupby("team")["agent_id"].count()
    if pool is not None and getattr(pool, "target", None):
        kpi = pool.kpi
        goal = pd.Series(float(pool.target), index=heads.index)
    else:
        volumes = [k.kpi for k in month.kpis if unit(k.kpi) != "rate" and k.direction == "higher"]
        kpi = "revenue" if "revenue" in volumes else (volumes[0] if volumes else "revenue")
        if f"target_{kpi}" in a.columns:
            goal = a.groupby("team")[f"target_{kpi}"].sum()
        else:
            goal = pd.Series(np.nan, index=heads.index)
    actual = a.groupby("team")[kpi].sum()
    out = pd.DataFrame({"kpi": kpi, "goal": goal, "actual": actual, "heads": heads})
    out["progress"] = out["actual"] / out["goal"]
    out["mean_score"] = a.groupby("team")["score"].mean()
    return out.reset_index(names="team")


def heatmap_html(
    month: MonthReview, team: str, lang: Lang, links: bool | Mapping[str, str] = True
) -> str:
    """Agents × KPIs of *team* as a table coloured by attainment (value in the tooltip);
    ``links``: each agent's sheet, by agent id (True: the one-id-per-stem default)."""
    a = month.agents[month.agents["team"] == team].sort_values("score", ascending=False)
    cur = month.scenario.currency
    head = "".join(f"<th>{esc(label(k.kpi, lang))}</th>" for k in month.kpis)
    rows = []
    for r in a.itertuples(index=False):
        r = r._asdict()
        cells = []
        for k in month.kpis:
            att = float(r[f"attainment_{k.kpi}"])
            tip = esc(kpi_value(k.kpi, float(r[k.kpi]), lang, cur))
            cells.append(
                f"<td class='cell {attainment_class(att)}' title='{tip}'>{attainment(att)}</td>"
            )
        who = esc(r["name"] or r["agent_id"])
        href = (
            links.get(str(r["agent_id"]))
            if isinstance(links, Mapping)
            else (links and f"sheets/{slug(team)}/{slug(r['agent_id'])}.html")
        )
        if href:
            who = f"<a href='{esc(href)}'>{who}</a>"
        rows.append(
            f"<tr><td>{who}</td>{''.join(cells)}<td>{fixed(float(r['score']), 1, grouped=False)}</td>"
            f"<td>{esc(r['grade'])}</td><td>{esc(money_symbol(float(r['total_pay']), cur, lang))}</td></tr>"
        )
    tail = "".join(
        f"<th>{esc(label(k, lang, within='review'))}</th>" for k in ("score", "grade", "pay")
    )
    return (
        f"<table><tr><th>{esc(label('employee', lang))}</th>{head}{tail}</tr>{''.join(rows)}</table>"
        f"<p class='note'>{esc(t('review.heat_note', lang))}</p>"
    )


def coach_first_html(
    month: MonthReview, first: pd.DataFrame, team: str, lang: Lang, n: int = 5
) -> str:
    """The top *n* agents of *team* by what their best coaching step is worth."""
    cur = month.scenario.currency
    rows = []
    for r in first[first["team"] == team].head(n).itertuples():
        if not isinstance(r.kpi, str) or not (r.pay_gain > 0.005 or r.score_gain > 0.05):
            continue
        rows.append(
            f"<tr><td>{esc(r.name or r.agent_id)}</td><td>{esc(label(r.kpi, lang))}</td>"
            f"<td>{esc(kpi_step(r.kpi, r.step, lang, cur))}</td>"
            f"<td>{esc(money_symbol(r.pay_gain, cur, lang, signed=True))}</td><td>{fixed(r.score_gain, 1, signed=True, grouped=False)}</td></tr>"
        )
    head = "".join(
        f"<th>{esc(label(k, lang, within='review'))}</th>"
        for k in ("employee", "kpi", "step", "worth", "score")
    )
    return (
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"<p class='note'>{esc(t('review.coach_note', lang))}</p>"
    )


def progress_html(goals: pd.DataFrame, team: str, lang: Lang, currency: str) -> str:
    """The team's goal, what it reached and a bar (red line = goal)."""
    g = goals.set_index("team").loc[team]
    share = float(g["progress"]) if math.isfinite(float(g["progress"])) else 0.0
    width = max(0.0, min(share, 1.5)) / 1.5 * 100
    goal_at = 100 / 1.5
    kpi = str(g["kpi"])
    return (
        f"<table><tr><th>{esc(label('kpi', lang))}</th><th>{esc(t('review.goal', lang))}</th>"
        f"<th>{esc(t('review.actual', lang))}</th><th>{esc(t('review.reached', lang))}</th>"
        f"<th>{esc(label('agents', lang))}</th></tr>"
        f"<tr><td>{esc(label(kpi, lang))}</td>"
        f"<td>{esc(kpi_value(kpi, float(g['goal']), lang, currency))}</td>"
        f"<td>{esc(kpi_value(kpi, float(g['actual']), lang, currency))}</td>"
        f"<td class='att {attainment_class(share)}'>{attainment(share)}</td><td>{int(g['heads'])}</td></tr></table>"
        f"<div class='bar' style='margin-top:6px'><span style='width:{width:.1f}%'></span>"
        f"<i style='left:{goal_at:.1f}%'></i></div>"
    )


def dashboard_html(
    month: MonthReview,
    first: pd.DataFrame,
    goals: pd.DataFrame,
    team: str,
    lang: Lang,
    hrefs: Mapping[str, str] | None = None,
) -> str:
    """The whole dashboard ``<main>`` of one team."""
    return f"""<main>
<header><div><h1>{esc(t("review.dashboard_title", lang))} · {esc(team)} · {esc(month.period)}</h1>
<div class="who">{esc(label("plan", lang))} {esc(plan_name(month.scenario, lang))}</div></div></header>
<h2>{esc(t("review.progress", lang))}</h2>{progress_html(goals, team, lang, month.scenario.currency)}
<h2>{esc(t("review.coach_first", lang))}</h2>{coach_first_html(month, first, team, lang)}
<h2>{esc(t("review.heatmap", lang))}</h2>{heatmap_html(month, team, lang, True if hrefs is None else hrefs)}
</main>"""


def slug(value: object) -> str:
    """A file-name-safe form of an id or team name (letters, digits, - and _ kept); not
    unique: files are named through perfkit.files.names.FileNames."""
    return safe_stem(value)
