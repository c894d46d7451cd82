"""Builders for the second hostile corpus (tests/apps/test_hostile_corpus.py): the case
record, the folder layout and the files the cases are made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.apps.test_bad_input_corpus import BODY, COLS, GOOD, scenario_text

ROOT = Path(__file__).resolve().parents[2]
DATA = "\n".join([",".join(COLS), *BODY]) + "\n"
NO_SCORECARD = (
    "name: no scorecard\npay: {base_salary: 3000}\ncommission: {base: revenue, rate: 2%}\n"
)
EVIL = scenario_text(name="Another client's plan", pay__base_salary=99999)
S, D = "{tmp}/c/p/s.yaml", "{tmp}/c/p/d.csv"


@dataclass(frozen=True)
class Link:
    """A symbolic link to ``target`` (``{tmp}`` allowed) in a case's files."""

    target: str


@dataclass
class Case:
    """One command line and what it must do; ``out``: the folder or file it may write."""

    argv: list[str]
    code: int
    word: str
    files: dict[str, str | bytes | Link] = field(default_factory=dict)
    out: str = "o"


def with_plan(values: str | list[str]) -> str:
    """The export with a ``plan`` column: one value for every row, or one per row."""
    rows = [r.split(",") for r in BODY]
    vals = values if isinstance(values, list) else [values] * len(rows)
    return (
        "\n".join(
            [",".join([*COLS, "plan"])]
            + [",".join([*r, v]) for r, v in zip(rows, vals, strict=True)]
        )
        + "\n"
    )


def files(**more: str | bytes | Link) -> dict[str, str | bytes | Link]:
    """The scenario, the export, a second plan beside them and one outside."""
    base: dict[str, str | bytes | Link] = {
        "c/p/s.yaml": GOOD,
        "c/p/d.csv": DATA,
        "c/p/t.yaml": scenario_text(name="Team plan"),
        "evil/x.yaml": EVIL,
    }
    return {**base, **{k.replace("__", "/").replace("_dot_", "."): v for k, v in more.items()}}


def backtest(*extra: str, **more: str | bytes) -> list[str]:
    return ["backtest", S, "{tmp}/c/p/t.yaml", "--data", D, *extra]


def renamed_ids(agents: dict[str, str], teams: dict[str, str] | None = None) -> str:
    """The export with agent ids (and team names) replaced."""
    rows = [r.split(",") for r in BODY]
    teams = teams or {}
    for r in rows:
        r[0], r[2] = agents.get(r[0], r[0]), teams.get(r[2], r[2])
    return "\n".join([",".join(COLS)] + [",".join(r) for r in rows]) + "\n"


COLLIDING = renamed_ids(
    {"A0001": "A/1", "A0002": "A_1", "A0003": "A.1"}, {"T1": "all", "T4": "T/1", "T6": "T_1"}
)


def blanked(col: str, agents: set[str], months: set[str] | None = None) -> str:
    """The export with ``col`` blank for ``agents`` (in ``months``, else every month)."""
    rows = [r.split(",") for r in BODY]
    j = COLS.index(col)
    for r in rows:
        if r[0] in agents and (months is None or r[3] in months):
            r[j] = ""
    return "\n".join([",".join(COLS)] + [",".join(r) for r in rows]) + "\n"


MINIMAL = "agent_id,team,period,dials,connected,orders,revenue\n" + "".join(
    f"{a},T1,2025-06,100,30,2,1000\n" for a in ("A0001", "A0002", "A0003", "A0004")
)
NO_QA_T6 = blanked("qa_score", {"A0001"})  # A0001 is team T6's only agent
NO_QA_A2 = blanked("qa_score", {"A0002"})  # A0002's teammate A0003 has values


def xlsx(text: str) -> bytes:
    """A workbook of a CSV text's cells (numbers as numbers)."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for line in text.splitlines():
        wb.active.append([float(c) if c.replace(".", "").isdigit() else c for c in line.split(",")])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


RANDOM = bytes(range(256)) * 4
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BROKEN_XLSX = b"PK\x03\x04" + b"\x13" * 300
LONG = "A" * 300
TARGETS = ["targets", S, "--data", D, "--period", "2025-07", "--proposed", "{tmp}/c/p/pr.csv",
           "--out", "{tmp}/o"]  # fmt: skip
PROPOSAL = "agent_id,kpi,proposed\nA0001,revenue,{v}\n"
DESIGN = ["pilot", "design", "{tmp}/c/p/t.yaml", "--baseline", S, "--data", D, "--out",
          "{tmp}/o", "--no-pdf", "--reps", "100", "--runs", "1"]  # fmt: skip
PILOT_A = "team,arm,pilot_start\nT1,pilot,{start}\nT4,control,{start}\nT6,control,{start}\n"
PILOT_OK = PILOT_A.format(start="2025-07")
EVAL = ["pilot", "evaluate", "--data", D, "--assignment", "{tmp}/c/p/a.csv", "--scenario",
        "{tmp}/c/p/t.yaml", "--baseline", S, "--out", "{tmp}/o"]  # fmt: skip
RATINGS = (
    "period,rater,ratee,relation,item,score\n"
    "2025-06,A0001,A0001,self,teamwork,4\n2025-06,A0002,A0001,peer,teamwork,3\n"
    "2025-06,A0003,A0001,peer,teamwork,5\n2025-06,A0004,A0001,peer,teamwork,4\n"
)
R = "{tmp}/c/p/r.csv"


def rate360(*extra: str, data: str = D, out: str = "{tmp}/o") -> list[str]:
    return ["rate360", R, "--data", data, "--out", out, *extra]
