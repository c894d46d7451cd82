"""The team leader's dashboard: heatmap of agents × KPIs, who to coach, progress to goal.

A team's goal is the sum of its agents' targets of the heaviest scorecard KPI that is a
volume (revenue first): the team row of ``perfkit targets`` (the same engine targets,
prorated for joiners). A team pool's own threshold is another number (what the team must
reach for the pool to pay) and is shown beside it, named as such; a plan without a
scorecard has no targets, so its only team goal is the pool's threshold, if any. Pure
functions to tables and escaped HTML.
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
    """Per team: ``kpi``, ``goal`` (Σ agents' targets), ``pool_goal`` (the team pool's
    threshold on the same KPI, NaN without one), ``actual``, ``progress`` (actual ÷ goal,
    else ÷ the pool's threshold), ``heads``."""
    a = month.agents
    pool = month.scenario.main_plan.team.pool
    heads = a.groupby("team")["agent_id"].count()
    pooled = pool is not None and bool(getattr(pool, "target", None))
    volumes = [k.kpi for k in month.kpis if unit(k.kpi) != "rate" and k.direction == "higher"]
    kpi = "revenue" if "revenue" in volumes else (volumes[0] if volumes else "revenue")
    kpi = pool.kpi if pooled and not month.scored else kpi
    goal = a.groupby("team")[f"target_{kpi}"].sum(min_count=1) if month.scored else None
    goal = goal if goal is not None else pd.Series(np.nan, index=heads.index)
    same = pooled and pool.kpi == kpi
    pool_goal = pd.Series(float(pool.target) if same else np.nan, index=heads.index)
    actual = a.groupby("team")[kpi].sum()
    out = pd.DataFrame({"kpi": kpi, "goal": goal, "pool_goal": pool_goal, "actual": actual,
                        "heads": heads})  # fmt: skip
    out["progress"] = out["actual"] / out["goal"].fillna(out["pool_goal"])
    out["mean_score"] = a.groupby("team")["score"].mean()
    return out.reset_index(names="team")


def heatmap_html(
    month: MonthReview, team: str, lang: Lang, links: bool | Mapping[str, str] = True
) -> str:
    """Agents × KPIs of *team* as a table coloured by attainment (value in the tooltip);
    ``links``: each agent's sheet, by agent id (True: the one-id-per-stem default)."""
    order = "score" if month.scored else "total_pay"
    a = month.agents[month.agents["team"] == team].sort_values(order, ascending=False)
    cur = month.scenario.currency
    head = "".join(f"<th>{esc(label(k.kpi, lang))}</th>" for k in month.kpis)
    rows = []
    for r in a.itertuples(index=False):
        r = r._asdict()
        cells = []
        for k in month.kpis:
            att = float(r[f"vs_{k.kpi}"])
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
        graded = (
            f"<td>{fixed(float(r['score']), 1, grouped=False)}</td><td>{esc(r['grade'])}</td>"
            if month.scored
            else ""
        )
        rows.append(
            f"<tr><td>{who}</td>{''.join(cells)}{graded}"
            f"<td>{esc(money_symbol(float(r['total_pay']), cur, lang))}</td></tr>"
        )
    tail = "".join(
        f"<th>{esc(label(k, lang, within='review'))}</th>"
        for k in (("score", "grade", "pay") if month.scored else ("pay",))
    )
    note = t("review.heat_note" if month.scored else "review.heat_note_own", lang)
    return (
        f"<table><tr><th>{esc(label('employee', lang))}</th>{head}{tail}</tr>{''.join(rows)}</table>"
        f"<p class='note'>{esc(note)}</p>"
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
            f"<td>{esc(money_symbol(r.pay_gain, cur, lang, signed=True))}</td>"
            + (
                f"<td>{fixed(r.score_gain, 1, signed=True, grouped=False)}</td>"
                if month.scored
                else ""
            )
            + "</tr>"
        )
    head = "".join(
        f"<th>{esc(label(k, lang, within='review'))}</th>"
        for k in ("employee", "kpi", "step", "worth", *(("score",) if month.scored else ()))
    )
    return (
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"<p class='note'>{esc(t('review.coach_note', lang))}</p>"
    )


def progress_html(goals: pd.DataFrame, team: str, lang: Lang, currency: str) -> str:
    """The team's goal, what it reached and a bar (red line = goal)."""
    g = goals.set_index("team").loc[team]
    if not math.isfinite(float(g["progress"])):  # no goal: what the team did, and why no bar
        return _no_goal_html(g, lang, currency)
    share = float(g["progress"])
    width = max(0.0, min(share, 1.5)) / 1.5 * 100
    goal_at = 100 / 1.5
    kpi = str(g["kpi"])
    pool = math.isfinite(float(g["pool_goal"]))
    pool_head = f"<th>{esc(t('review.pool_goal', lang))}</th>" if pool else ""
    pool_cell = (
        f"<td>{esc(kpi_value(kpi, float(g['pool_goal']), lang, currency))}</td>" if pool else ""
    )
    return (
        f"<table><tr><th>{esc(label('kpi', lang))}</th><th>{esc(t('review.goal', lang))}</th>"
        f"{pool_head}<th>{esc(t('review.actual', lang))}</th><th>{esc(t('review.reached', lang))}</th>"
        f"<th>{esc(label('agents', lang))}</th></tr>"
        f"<tr><td>{esc(label(kpi, lang))}</td>"
        f"<td>{esc(kpi_value(kpi, float(g['goal']), lang, currency))}</td>{pool_cell}"
        f"<td>{esc(kpi_value(kpi, float(g['actual']), lang, currency))}</td>"
        f"<td class='att {attainment_class(share)}'>{attainment(share)}</td><td>{int(g['heads'])}</td></tr></table>"
        f"<div class='bar' style='margin-top:6px'><span style='width:{width:.1f}%'></span>"
        f"<i style='left:{goal_at:.1f}%'></i></div>"
        + (f"<p class='note'>{esc(note)}</p>" if (note := goal_note(g, lang, currency)) else "")
    )


def _no_goal_html(g: pd.Series, lang: Lang, currency: str) -> str:
    """A team's month without a goal to measure it against: its actual and the reason."""
    kpi = str(g["kpi"])
    return (
        f"<table><tr><th>{esc(label('kpi', lang))}</th><th>{esc(t('review.actual', lang))}</th>"
        f"<th>{esc(label('agents', lang))}</th></tr><tr><td>{esc(label(kpi, lang))}</td>"
        f"<td>{esc(kpi_value(kpi, float(g['actual']), lang, currency))}</td>"
        f"<td>{int(g['heads'])}</td></tr></table>"
        f"<p class='note'>{esc(goal_note(g, lang, currency))}</p>"
    )


def goal_note(g: pd.Series, lang: Lang, currency: str) -> str:
    """Why the team's goal and its pool's threshold differ (or that the plan sets no
    targets), in words (plain text); '' when there is nothing to explain."""
    kpi, goal, pool = str(g["kpi"]), float(g["goal"]), float(g["pool_goal"])
    if math.isfinite(goal) and math.isfinite(pool) and abs(goal - pool) > 0.5:
        text = t("review.goal_vs_pool", lang, kpi=label(kpi, lang).lower(),
                 goal=kpi_value(kpi, goal, lang, currency), pool=kpi_value(kpi, pool, lang, currency))  # fmt: skip
    elif not math.isfinite(goal):
        text = t("review.goal_pool_only" if math.isfinite(pool) else "review.goal_none", lang)
    else:
        return ""
    return text


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
<h2>{esc(t("review.heatmap" if month.scored else "review.heatmap_own", lang))}</h2>{heatmap_html(month, team, lang, True if hrefs is None else hrefs)}
</main>"""


def slug(value: object) -> str:
    """A file-name-safe form of an id or team name (letters, digits, - and _ kept); not
    unique: files are named through perfkit.files.names.FileNames."""
    return safe_stem(value)
