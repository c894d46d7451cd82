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

One Chromium run prints the whole floor's sheets; pypdf splits that file into one
PDF per team and per agent, so a floor of 500 agents needs one browser run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfkit.errors import RenderError
from perfkit.i18n import Lang
from perfkit.outputs import atomic_write_text, save_table
from perfkit.review.coaching import coach_first
from perfkit.review.dashboard import DASH_CSS, dashboard_html, slug, team_goal
from perfkit.review.month import MonthReview
from perfkit.review.sheet import Lookups, page, sheet_html
from perfkit.review.words import esc, t

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ReviewFiles:
    """What :func:`write_review` wrote."""

    sheets_html: list[Path] = field(default_factory=list)
    sheets_pdf: list[Path] = field(default_factory=list)
    team_pdfs: list[Path] = field(default_factory=list)
    dashboards: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)


def as_text_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that start like a formula get a leading apostrophe (shown as text)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col].astype(str)
            risky = s.str.startswith(FORMULA_START)
            out[col] = s.where(~risky, "'" + s)
    return out


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
    floor_sections: list[str] = []
    pdf_targets: list[Path] = []
    team_pages: dict[str, list[int]] = {}
    for team in teams:
        agents = month.agents[month.agents["team"].astype(str) == team]
        ids = agents.sort_values("agent_id")["agent_id"].astype(str).tolist()
        sections = {a: sheet_html(month, focus, a, lang, lookups) for a in ids}
        folder = out / "sheets" / slug(team)
        for agent, section in sections.items():
            title = f"{t('sheet_title', lang)} {month.period} {agent}"
            path = atomic_write_text(folder / f"{slug(agent)}.html", page(title, section, lang))
            files.sheets_html.append(path)
        team_pages[team] = list(range(len(pdf_targets), len(pdf_targets) + len(ids)))
        pdf_targets += [folder / f"{slug(a)}.pdf" for a in ids]
        floor_sections += sections.values()
        dash = dashboard_html(month, first, goals, team, lang)
        path = out / f"team_{slug(team)}.html"
        dash_title = f"{t('dashboard_title', lang)} {team} {month.period}"
        files.dashboards.append(atomic_write_text(path, page(dash_title, dash, lang, DASH_CSS)))
    if pdf:  # one browser run for the whole floor, then split by agent and by team
        floor_title = f"{t('sheet_title', lang)} {month.period}"
        floor_html = atomic_write_text(
            out / "sheets" / "all.html", page(floor_title, "".join(floor_sections), lang)
        )
        floor_pdf = _print(floor_html, out / "sheets" / "all.pdf")
        files.team_pdfs.append(floor_pdf)
        files.sheets_pdf += split_pages(floor_pdf, pdf_targets)
        for team, pages in team_pages.items():
            files.team_pdfs.append(
                extract_pages(floor_pdf, pages, out / "sheets" / f"{slug(team)}.pdf")
            )
    links = "".join(
        f"<li><a href='team_{esc(slug(team))}.html'>{esc(team)}</a></li>" for team in teams
    )
    index = f"<main><h1>{esc(t('dashboard_title', lang))} · {esc(month.period)}</h1><ul>{links}</ul></main>"
    atomic_write_text(out / "index.html", page(t("dashboard_title", lang), index, lang, DASH_CSS))
    files.tables.append(save_table(as_text_cells(focus), out / "coaching.csv"))
    files.tables.append(save_table(as_text_cells(goals), out / "teams.csv"))
    return files


def _print(html: Path, pdf: Path) -> Path:
    from perfkit.report.pdf import print_pdf

    return print_pdf(html, pdf)


def extract_pages(pdf: Path, pages: list[int], target: Path) -> Path:
    """Write *pages* (0-based) of *pdf* to *target*."""
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(str(pdf)), PdfWriter()
    for i in pages:
        writer.add_page(reader.pages[i])
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
