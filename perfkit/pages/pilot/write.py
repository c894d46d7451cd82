"""Write a pilot design or evaluation to a folder, atomically (perfkit.files.outputs)."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.analysis.pilot.design import PilotDesign
from perfkit.analysis.pilot.evaluate import PilotEvaluation
from perfkit.core.errors import PerfkitWarning
from perfkit.files.outputs import atomic_write_text, save_table, staged_dir

LANGS = ("en", "zh")


def _json(obj: object) -> str:
    def default(o: object) -> object:
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        raise TypeError(type(o).__name__)

    return json.dumps(obj, ensure_ascii=False, indent=2, default=default, allow_nan=True)


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


def _plans_beside(assignment: pd.DataFrame, out: Path) -> pd.DataFrame:
    """The assignment with its plan files relative to the folder it is written to, so
    ``pilot evaluate`` finds them from any current folder (it looks beside the file)."""
    folder = out.resolve()
    fixed = assignment.copy()
    for col in ("scenario", "baseline"):
        if col in fixed:
            fixed[col] = [
                os.path.relpath(Path(v).resolve(), folder) if isinstance(v, str) and v else v
                for v in fixed[col]
            ]
    return fixed


def write_design(d: PilotDesign, out: str | Path, pdf: bool = True) -> list[str]:
    """assignment.csv, power.csv, forecast.csv, design.json, pilot_plan_{en,zh}.html/.pdf."""
    from perfkit.pages.pilot.page import plan_page

    with staged_dir(out) as stage:
        assignment = _plans_beside(d.assignment, Path(out))
        save_table(assignment, stage / "assignment.csv")  # formula-safe: perfkit.files.cells
        save_table(d.power, stage / "power.csv")
        save_table(d.forecast, stage / "forecast.csv")
        atomic_write_text(stage / "design.json", _json({"choice": d.choice, "meta": d.meta}))
        pages = [
            atomic_write_text(stage / f"pilot_plan_{lang}.html", plan_page(d, lang))
            for lang in LANGS
        ]
        names = [p.name for p in pages] + (_pdfs(stage, pages) if pdf else [])
    return ["assignment.csv", "power.csv", "forecast.csv", "design.json", *names]


def write_evaluation(e: PilotEvaluation, out: str | Path, pdf: bool = True) -> list[str]:
    """effects.csv, event_study.csv, pretrend.csv, evaluation.json, evaluation_{en,zh}.html/.pdf."""
    from perfkit.pages.pilot.evaluation_page import evaluation_page

    with staged_dir(out) as stage:
        save_table(e.effects, stage / "effects.csv")
        save_table(e.event_study, stage / "event_study.csv")
        save_table(e.pretrend, stage / "pretrend.csv")
        atomic_write_text(
            stage / "evaluation.json",
            _json({"recommendation": e.recommendation, "meta": e.meta,
                   "effects": e.effects.to_dict(orient="records"),
                   "pretrend": e.pretrend.to_dict(orient="records")}),
        )  # fmt: skip
        pages = [
            atomic_write_text(stage / f"evaluation_{lang}.html", evaluation_page(e, lang))
            for lang in LANGS
        ]
        names = [p.name for p in pages] + (_pdfs(stage, pages) if pdf else [])
    return ["effects.csv", "event_study.csv", "pretrend.csv", "evaluation.json", *names]
