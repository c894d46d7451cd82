"""Per-agent and per-team files are named through one helper (perfkit.files.names):
colliding ids get distinct files, reserved names are never taken, links follow the files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from perfkit.files.names import MAX_STEM, FileNames, safe_stem
from perfkit.scheme.loader import parse_scenario
from tests.pages.test_review import FLAT, floor

AGENTS = ["A/1", "A_1", "A.1"]
TEAMS = ["T/1", "T_1", "all"]


def test_stems_are_unique_safe_and_stable() -> None:
    names = FileNames([*AGENTS, "a_1", "index", "../x"])
    stems = [names(a) for a in [*AGENTS, "a_1", "index", "../x"]]
    assert len({s.casefold() for s in stems}) == len(stems)
    assert all(re.fullmatch(r"[\w-]+", s) for s in stems)
    assert "index" not in stems and names("index") == "index_2"
    assert names("A/1") == stems[0]  # the same id, the same stem
    assert FileNames(["all"])("all") == "all_2"
    assert len(safe_stem("x" * 5000)) == MAX_STEM
    assert FileNames(reversed(AGENTS))("A/1") == names("A/1")  # order of ids does not matter


def _colliding() -> pd.DataFrame:
    kpis = floor(n_teams=3, per_team=3)
    kpis["team"] = kpis["team"].map(dict(zip(["T0", "T1", "T2"], TEAMS, strict=True)))
    ids = {f"A0{i}": a for i, a in enumerate(AGENTS)}
    kpis["agent_id"] = kpis["agent_id"].map(lambda a: ids.get(a, a))
    return kpis


def test_review_gives_each_agent_and_team_its_own_files(tmp_path: Path) -> None:
    from perfkit.pages.review import review_month
    from perfkit.pages.review.batch import write_review
    from perfkit.pages.review.coaching import coaching_focus

    month = review_month(_colliding(), parse_scenario(FLAT, source="flat.yaml"), "2025-03")
    files = write_review(month, coaching_focus(month), tmp_path, "en", pdf=False)
    assert len(files.sheets_html) == 9 == len(set(files.sheets_html))
    assert len(files.dashboards) == 3 == len(set(files.dashboards))
    assert not (tmp_path / "team_all.html").exists()  # `all` is reserved
    reached = []
    for dash in files.dashboards:
        for href in re.findall(r"href='(sheets/[^']+)'", dash.read_text("utf-8")):
            title = re.search(r"<title>([^<]*)</title>", (tmp_path / href).read_text("utf-8"))
            assert title is not None
            reached.append(title.group(1).rsplit(" ", 1)[-1])
    assert sorted(reached) == sorted(month.agents["agent_id"].astype(str))  # each its own
    a1 = {p.read_text("utf-8").count("A/1") > 0 for p in files.sheets_html if "A_1" in p.name}
    assert a1 == {True, False}  # A/1 and A_1 are two sheets


def test_letters_give_each_agent_its_own_file(tmp_path: Path) -> None:
    from perfkit.pages.letters.batch import write_letters

    kpis = _colliding()
    batch = write_letters(parse_scenario(FLAT, source="flat.yaml"), kpis, tmp_path, "en")
    letters = [f for f in batch.files if f.startswith("letters/")]
    assert len(letters) == kpis["agent_id"].nunique() == len(set(letters))
