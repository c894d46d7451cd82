"""The monthly review's first page: the month in four sentences, in the words and layout
of :mod:`perfkit.words.page_one` — goals reached, the month against its forecast band,
whom to coach first, and what it rests on (Markdown bullets; names escaped here); and the
links to the team dashboards and sheets the review wrote (only files that exist)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from perfkit.pages.review.words import attainment, kpi_step, kpi_value
from perfkit.text import Lang, label, t
from perfkit.text.numbers import money_symbol
from perfkit.words.escape import md_text
from perfkit.words.plan.describe import plan_name
from perfkit.words.report.words import bullets

if TYPE_CHECKING:
    from perfkit.pages.review.floor import Review


def _goals(review: Review, lang: Lang) -> str | None:
    g, cur = review.goals, review.month.scenario.currency
    target = g["goal"].fillna(g["pool_goal"])
    known = target.notna()
    if not known.any():
        return None
    kpi = str(g["kpi"].iloc[0])
    goal, actual = float(target[known].sum()), float(g.loc[known, "actual"].sum())
    return t("revsum.goals", lang, reached=int((g.loc[known, "progress"] >= 1).sum()),
             teams=int(known.sum()), kpi=label(kpi, lang).lower(),
             actual=kpi_value(kpi, actual, lang, cur), goal=kpi_value(kpi, goal, lang, cur),
             share=attainment(actual / goal if goal else float("nan")))  # fmt: skip


def _forecast(review: Review, lang: Lang) -> str | None:
    b = review.bands
    if b is None or b.empty:
        return None
    out = b[b["flag"] != "ok"]
    if out.empty:
        return t("revsum.forecast_inside", lang, n=len(b))
    names = [label(m, lang, within="review.metric") + " " + t(f"review.flag.{f}", lang)
             + (" ✓" if good == "yes" else " ⚠")
             for m, f, good in zip(out["metric"], out["flag"], out["good"], strict=True)]  # fmt: skip
    return t("revsum.forecast_outside", lang, n=len(out), m=len(b),
             which=t("punct.semicolon", lang).join(md_text(n) for n in names))  # fmt: skip


def _coach(review: Review, lang: Lang) -> str | None:
    f = review.first.dropna(subset=["kpi"]).sort_values(
        ["pay_gain", "score_gain"], ascending=False, kind="stable"
    )
    if f.empty:
        return None
    top, cur = f.iloc[0], review.month.scenario.currency
    who = str(top["name"] or top["agent_id"])
    return t("revsum.coach", lang, who=md_text(who), team=md_text(str(top["team"])),
             kpi=label(str(top["kpi"]), lang), step=kpi_step(str(top["kpi"]), top["step"], lang, cur),
             worth=money_symbol(float(top["pay_gain"]), cur, lang))  # fmt: skip


def review_summary(review: Review, runs: int, lang: Lang = "en", caveat: str | None = None) -> str:
    """Markdown bullets: goals reached, the month against its forecast (with ``caveat``,
    the plan-in-force warning, when the export was paid under another plan), whom to coach
    first and what it rests on (a sentence is left out where the review has no such part)."""
    forecast = _forecast(review, lang)
    if forecast and caveat:
        forecast += " " + md_text(caveat)
    lines = [s for s in (_goals(review, lang), forecast, _coach(review, lang)) if s]
    plan = md_text(plan_name(review.month.scenario, lang))
    key = "revsum.rests_forecast" if review.bands is not None else "revsum.rests"
    lines.append(t(key, lang, plan=plan, agents=len(review.month.agents), runs=runs))
    return bullets(lines, markdown=True)


def team_links(review: Review, out_dir: str | Path, links: str, lang: Lang = "en") -> str:
    """One Markdown line per team: its dashboard and its sheets' PDF, each linked only when
    the review wrote that file (no PDF link when no PDF was printed), at ``links`` (the
    folder as the report reaches it) + the file's path under ``out_dir``."""
    out, files = Path(out_dir), review.files
    teams = sorted(review.month.agents["team"].astype(str).unique())
    pdfs = dict(zip(teams, files.team_pdfs, strict=False))  # the floor's all.pdf comes last
    lines = []
    for team, dash in zip(teams, files.dashboards, strict=True):
        parts = [
            f"[{md_text(team)}]({_href(links, dash, out)})" if dash.exists() else md_text(team)
        ]
        if (pdf := pdfs.get(team)) is not None and pdf.exists():
            parts.append(f"[{t('review.sheets_link', lang)} PDF]({_href(links, pdf, out)})")
        lines.append("- " + " · ".join(parts))
    return "\n".join(lines)


def _href(links: str, path: Path, out: Path) -> str:
    """The link to ``path`` (under ``out``) from the report: ``links``/its relative path."""
    rel = path.resolve().relative_to(out.resolve()).as_posix()
    return quote(f"{links.rstrip('/')}/{rel}" if links else rel, safe="/")
