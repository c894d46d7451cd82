"""Write a batch of plan letters: one HTML (and PDF) per agent, an index, and one PDF of all.

Written atomically through a staging folder (:func:`perfkit.files.outputs.staged_dir`): a
failed run leaves the output folder as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.core.errors import ParameterError
from perfkit.files.names import FileNames
from perfkit.files.outputs import staged_dir
from perfkit.pages.letters.page import index_page, letter_body, page
from perfkit.pages.letters.whatif import LEVELS, _quarterly, typical_month, what_if
from perfkit.payout.proration import period_bounds
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
    skipped: dict[str, str] = field(default_factory=dict)  # agent → why no letter


def leavers(kpis: pd.DataFrame) -> dict[str, str]:
    """Agents who have left, by id → why we think so: a leave date on their latest row,
    by the end of the export, or no row in its latest period (their last month is named)."""
    periods = kpis["period"].astype(str)
    last = kpis.assign(_p=periods).sort_values("_p", kind="stable").groupby("agent_id").last()
    latest = periods.max()
    end = period_bounds(np.array([latest]))[1][0]  # a leave date after it: still in post
    out: dict[str, str] = {}
    for agent, row in last.iterrows():
        left = row.get("leave_date")
        if left is not None and not pd.isna(left) and pd.Timestamp(left) <= end:
            out[str(agent)] = f"left on {pd.Timestamp(left):%Y-%m-%d}"
        elif row["_p"] < latest:
            out[str(agent)] = f"no row after {row['_p']} (the export runs to {latest})"
    return out


def write_letters(
    scenario: Scenario,
    kpis: pd.DataFrame,
    out: str | Path,
    lang: Lang = "zh",
    agents: list[str] | None = None,
    formats: tuple[str, ...] = ("html",),
) -> Batch:
    """One letter per agent (all agents in post, or ``agents``, even one who left; the
    others who left are in :attr:`Batch.skipped`) into ``out``: ``letters/<id>.html``
    always (the index links them), and with ``pdf`` one ``letters.pdf`` of all letters plus
    ``letters/<id>.pdf`` when there are at most :data:`SPLIT_PDF_LIMIT`."""
    bad = [f for f in formats if f not in ("html", "pdf")]
    if bad or not formats:
        raise ParameterError(
            f"--format: unknown format(s) {', '.join(bad)}; expected html, pdf or html,pdf"
        )
    t0 = time.perf_counter()
    skipped = {} if agents else leavers(kpis)  # an agent listed by name gets a letter
    if skipped:
        ids = kpis["agent_id"].astype(str)
        agents = list(dict.fromkeys(ids[~ids.isin(set(skipped))]))
        if not agents:
            raise ParameterError(
                f"every agent in the export has left ({len(skipped)}); expected some in post, "
                "or list agents with --agents"
            )
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
    return Batch(folder, len(entries), written, t1 - t0, t2 - t1, t3 - t2, skipped)
