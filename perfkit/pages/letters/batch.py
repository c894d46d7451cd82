"""Write a batch of plan letters: one HTML (and PDF) per agent, an index, and one PDF of all.

Written atomically through a staging folder (:func:`perfkit.files.outputs.staged_dir`): a
failed run leaves the output folder as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from perfkit.core.errors import ParameterError
from perfkit.files.names import FileNames
from perfkit.files.outputs import staged_dir
from perfkit.pages.letters.page import index_page, letter_body, page
from perfkit.pages.letters.whatif import LEVELS, _quarterly, typical_month, what_if
from perfkit.scheme.models import Scenario
from perfkit.text import Lang, t

#: Above this many letters, PDFs come as one file of all letters only (one page each).
SPLIT_PDF_LIMIT = 50


@dataclass(frozen=True)
class Batch:
    """What was written and how long it took (seconds)."""

    folder: Path
    letters: int
    files: list[str]
    seconds_pricing: float
    seconds_html: float
    seconds_pdf: float


def write_letters(
    scenario: Scenario,
    kpis: pd.DataFrame,
    out: str | Path,
    lang: Lang = "zh",
    agents: list[str] | None = None,
    formats: tuple[str, ...] = ("html",),
) -> Batch:
    """One letter per agent (all agents, or ``agents``) into ``out``: ``letters/<id>.html``
    always (the index links them), and with ``pdf`` one ``letters.pdf`` of all letters plus
    ``letters/<id>.pdf`` when there are at most :data:`SPLIT_PDF_LIMIT`."""
    bad = [f for f in formats if f not in ("html", "pdf")]
    if bad or not formats:
        raise ParameterError(
            f"--format: unknown format(s) {', '.join(bad)}; expected html, pdf or html,pdf"
        )
    t0 = time.perf_counter()
    table = what_if(kpis, scenario, agents, LEVELS)
    t1 = time.perf_counter()
    info = typical_month(kpis).set_index(typical_month(kpis)["agent_id"].astype(str))
    quarterly = _quarterly(scenario)
    file_stem = FileNames(table["agent_id"].astype(str), reserved=("letters",))
    entries, bodies, written = [], [], []
    folder = Path(out)
    with staged_dir(folder) as stage:
        (stage / "letters").mkdir()
        for agent, rows in table.groupby("agent_id", sort=False):
            row = info.loc[agent]
            who = {"agent_id": agent, "name": str(row.get("name", "") or ""),
                   "team": str(row.get("team", "")), "segment": rows["segment"].iloc[0]}  # fmt: skip
            body = letter_body(scenario, who, rows, lang, quarterly)
            stem = file_stem(agent)
            title = f"{t('letter.title', lang)} · {agent}"
            (stage / "letters" / f"{stem}.html").write_text(page(title, body, lang), "utf-8")
            entries.append((agent, who["name"], who["team"], f"letters/{stem}.html"))
            bodies.append((stem, body))
        (stage / "index.html").write_text(index_page(scenario, entries, lang), "utf-8")
        t2 = time.perf_counter()
        if "pdf" in formats:
            from perfkit.pages.report.pdf import print_pdf

            every = stage / ".all.html"
            every.write_text(
                page(t("letter.index", lang), "".join(b for _, b in bodies), lang), "utf-8"
            )
            print_pdf(every, stage / "letters.pdf", timeout=600)
            every.unlink()
            if len(bodies) <= SPLIT_PDF_LIMIT:
                for stem, _ in bodies:
                    print_pdf(stage / "letters" / f"{stem}.html", stage / "letters" / f"{stem}.pdf")
        t3 = time.perf_counter()
        written = sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file())
    return Batch(folder, len(entries), written, t1 - t0, t2 - t1, t3 - t2)
