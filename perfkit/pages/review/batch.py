"""Write a whole floor's review: sheets per agent (HTML, PDF), dashboards per team, tables.

Layout under *out* (one folder per review month and language)::

    index.html                 links to every team's dashboard (the notebook report
                               is the floor overview)
    team_<team>.html           team leader's dashboard
    sheets/<team>/<agent>.html one sheet per agent
    sheets/<team>/<agent>.pdf  the same sheet as a one-page PDF
    sheets/<team>.pdf          the team's sheets, one per page, for printing
    sheets/all.pdf             the whole floor's sheets
    coaching.csv, teams.csv    every priced step; each team's goal and progress

One Chromium run per team prints that team's sheets (two at a time); pypdf splits
each into one PDF per agent and merges them into the floor's, so a floor of 500
agents needs a few dozen browser runs, not one per agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfkit.core import children
from perfkit.core.errors import RenderError
from perfkit.files.names import FileNames
from perfkit.files.outputs import atomic_write_text, save_table
from perfkit.pages.review.coaching import coach_first
from perfkit.pages.review.dashboard import DASH_CSS, dashboard_html, team_goal
from perfkit.pages.review.month import MonthReview
from perfkit.pages.review.sheet import SHEET_CSS, Lookups, sheet_html
from perfkit.pages.shell import document
from perfkit.text import Lang, t
from perfkit.words.escape import html_text as esc


@dataclass
class ReviewFiles:
    """What :func:`write_review` wrote."""

    sheets_html: list[Path] = field(default_factory=list)
    sheets_pdf: list[Path] = field(default_factory=list)
    team_pdfs: list[Path] = field(default_factory=list)
    dashboards: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)


def write_review(
    month: MonthReview,
    focus: pd.DataFrame,
    out: str | Path,
    lang: Lang = "en",
    pdf: bool = True,
) -> ReviewFiles:
    """Write every sheet, dashboard and table of *month* under *out*."""
    out = Path(out)
    files = ReviewFiles()
    first = coach_first(focus, month.agents)
    goals = team_goal(month)
    teams = sorted(month.agents["team"].astype(str).unique())
    lookups = Lookups.of(month, focus)
    team_stem = FileNames(teams, reserved=("sheets", "coaching", "teams"))
    pdf_targets: list[Path] = []
    team_pages: dict[str, list[int]] = {}
    for team in teams:
        agents = month.agents[month.agents["team"].astype(str) == team]
        ids = agents.sort_values("agent_id")["agent_id"].astype(str).tolist()
        sections = {a: sheet_html(month, focus, a, lang, lookups) for a in ids}
        folder = out / "sheets" / team_stem(team)
        stem = FileNames(ids)
        for agent, section in sections.items():
            title = f"{t('review.sheet_title', lang)} {month.period} {agent}"
            path = atomic_write_text(
                folder / f"{stem(agent)}.html", document(title, section, lang, SHEET_CSS)
            )
            files.sheets_html.append(path)
        team_pages[team] = list(range(len(pdf_targets), len(pdf_targets) + len(ids)))
        pdf_targets += [folder / f"{stem(a)}.pdf" for a in ids]
        team_title = f"{t('review.sheet_title', lang)} {month.period} {team}"
        atomic_write_text(
            out / "sheets" / f"{team_stem(team)}.html",
            document(team_title, "".join(sections.values()), lang, SHEET_CSS),
        )
        hrefs = {a: f"sheets/{team_stem(team)}/{stem(a)}.html" for a in ids}
        dash = dashboard_html(month, first, goals, team, lang, hrefs)
        path = out / f"team_{team_stem(team)}.html"
        dash_title = f"{t('review.dashboard_title', lang)} {team} {month.period}"
        files.dashboards.append(atomic_write_text(path, document(dash_title, dash, lang, DASH_CSS)))
    if pdf:  # one browser run per team (two at a time), split by agent, merged for the floor
        team_pdfs = print_teams(
            {team: (out / "sheets" / f"{team_stem(team)}.html") for team in teams},
            {team: (out / "sheets" / f"{team_stem(team)}.pdf") for team in teams},
        )
        for team in teams:
            pages = team_pages[team]
            files.sheets_pdf += split_pages(team_pdfs[team], [pdf_targets[i] for i in pages])
        files.team_pdfs = [team_pdfs[team] for team in teams]
        files.team_pdfs.append(merge_pdfs(files.team_pdfs, out / "sheets" / "all.pdf"))
    links = "".join(
        f"<li><a href='team_{esc(team_stem(team))}.html'>{esc(team)}</a></li>" for team in teams
    )
    index = f"<main><h1>{esc(t('review.dashboard_title', lang))} · {esc(month.period)}</h1><ul>{links}</ul></main>"
    atomic_write_text(
        out / "index.html", document(t("review.dashboard_title", lang), index, lang, DASH_CSS)
    )
    files.tables.append(save_table(focus, out / "coaching.csv"))
    files.tables.append(save_table(goals, out / "teams.csv"))
    return files


def print_teams(htmls: dict[str, Path], pdfs: dict[str, Path], workers: int = 2) -> dict[str, Path]:
    """Print each team's sheets with Chromium, *workers* at a time (one long document
    printed slower than its parts in our measurement: 396 s vs 212 s for 535 sheets)."""
    from concurrent.futures import ThreadPoolExecutor

    from perfkit.pages.report.pdf import print_pdf

    with children.stoppable(ThreadPoolExecutor(max_workers=workers)) as pool:  # Ctrl-C:
        # the printing stops at once, not after every team
        futures = {team: pool.submit(print_pdf, htmls[team], pdfs[team]) for team in htmls}
        return {team: f.result() for team, f in futures.items()}


def merge_pdfs(parts: list[Path], target: Path) -> Path:
    """One PDF of *parts* in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    _write_pdf(writer, target)
    return target


def _write_pdf(writer: object, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("wb") as fh:
        writer.write(fh)  # type: ignore[attr-defined]
    tmp.replace(target)


def split_pages(pdf: Path, targets: list[Path]) -> list[Path]:
    """Write page *i* of *pdf* to ``targets[i]``; every sheet must fill exactly one page."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(pdf))
    if len(reader.pages) != len(targets):
        raise RenderError(
            f"{pdf.name}: {len(reader.pages)} pages for {len(targets)} sheets; "
            "a sheet did not fit on one A4 page"
        )
    written = []
    for page_obj, target in zip(reader.pages, targets, strict=True):
        writer = PdfWriter()
        writer.add_page(page_obj)
        _write_pdf(writer, target)
        written.append(target)
    return written
