"""A pilot design's or evaluation's folder: its tables (``to_dir`` of the result) and, in
the same staging, its pages in English and Chinese (HTML, and PDF when a browser is found)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from perfkit.analysis.pilot.design import DESIGN_FILES, PilotDesign
from perfkit.analysis.pilot.evaluate import EVALUATION_FILES, PilotEvaluation
from perfkit.core.errors import PerfkitWarning
from perfkit.files.outputs import atomic_write_text

LANGS = ("en", "zh")


def _pdfs(stage: Path, pages: list[Path]) -> list[str]:
    """Print each page to PDF with headless Chromium; a missing browser is a warning."""
    from perfkit.pages.report.pdf import ChromiumNotFoundError, print_pdf

    done = []
    for page in pages:
        try:
            print_pdf(page, page.with_suffix(".pdf"))
        except ChromiumNotFoundError as err:
            warnings.warn(f"{err}; wrote HTML only", PerfkitWarning, stacklevel=2)
            return done
        done.append(page.with_suffix(".pdf").name)
    return done


def write_design(d: PilotDesign, out: str | Path, pdf: bool = True) -> list[str]:
    """assignment.csv, power.csv, forecast.csv, design.json, pilot_plan_{en,zh}.html/.pdf."""
    from perfkit.pages.pilot.page import plan_page

    names = _with_pages(d.to_dir, out, lambda lang: (f"pilot_plan_{lang}", plan_page(d, lang)), pdf)
    return [*DESIGN_FILES, *names]


def write_evaluation(e: PilotEvaluation, out: str | Path, pdf: bool = True) -> list[str]:
    """effects.csv, event_study.csv, pretrend.csv, evaluation.json, evaluation_{en,zh}.html/.pdf."""
    from perfkit.pages.pilot.evaluation_page import evaluation_page

    page = lambda lang: (f"evaluation_{lang}", evaluation_page(e, lang))  # noqa: E731
    return [*EVALUATION_FILES, *_with_pages(e.to_dir, out, page, pdf)]


def _with_pages(
    to_dir: Callable[..., Path],
    out: str | Path,
    page: Callable[[str], tuple[str, str]],
    pdf: bool,
) -> list[str]:
    """A result's ``to_dir`` with its page in each language (``page(lang)``: file stem and
    HTML) written into the same staging folder, and printed to PDF when asked; the
    pages' file names."""
    names: list[str] = []

    def pages(stage: Path) -> None:
        written = [
            atomic_write_text(stage / f"{stem}.html", html)
            for stem, html in (page(lang) for lang in LANGS)
        ]
        names.extend([p.name for p in written] + (_pdfs(stage, written) if pdf else []))

    to_dir(out, pages)
    return names
