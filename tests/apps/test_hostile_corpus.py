"""The second hostile corpus (issue 22): the commands added after the first one (review,
letters, rate360, targets, estimate, validate-forecast, pilot design/evaluate, the plan
column and ``--plan-map``, ``--fill``, ``--dask``).

Every case is one command line, its input files (made in tmp; ``{tmp}`` in an argument or a
file's text is the case's folder), the exit code and a word the message must contain. Each
run also checks: no traceback, no file written outside ``--out`` (``o`` under tmp) and no
input changed. The current folder is ``{tmp}/w`` (empty), the scenario is ``{tmp}/c/p/s.yaml``
and the export ``{tmp}/c/p/d.csv``; ``{tmp}/evil/`` is outside every allowed folder. Adding a
case: one line in ``CASES``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from perfkit.apps.cli import main
from tests.apps.test_bad_input_corpus import BODY, COLS, GOOD, scenario_text

ROOT = Path(__file__).resolve().parents[2]
DATA = "\n".join([",".join(COLS), *BODY]) + "\n"
NO_SCORECARD = (
    "name: no scorecard\npay: {base_salary: 3000}\ncommission: {base: revenue, rate: 2%}\n"
)
EVIL = scenario_text(name="Another client's plan", pay__base_salary=99999)
S, D = "{tmp}/c/p/s.yaml", "{tmp}/c/p/d.csv"


@dataclass
class Case:
    """One command line and what it must do; ``out``: the folder or file it may write."""

    argv: list[str]
    code: int
    word: str
    files: dict[str, str | bytes] = field(default_factory=dict)
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


def files(**more: str | bytes) -> dict[str, str | bytes]:
    """The scenario, the export, a second plan beside them and one outside."""
    base: dict[str, str | bytes] = {
        "c/p/s.yaml": GOOD,
        "c/p/d.csv": DATA,
        "c/p/t.yaml": scenario_text(name="Team plan"),
        "evil/x.yaml": EVIL,
    }
    return {**base, **{k.replace("__", "/").replace("_dot_", "."): v for k, v in more.items()}}


def test_no_interval_reads_none() -> None:
    from perfkit.core.intervals import interval

    assert interval(float("nan"), float("nan")) == "none"
    assert interval(1.0, float("inf"), "g") == "none"
    assert interval(None, 2) == "none"  # type: ignore[arg-type]
    assert interval(1200, 3400) == "1,200–3,400"
    assert interval(0.1, 0.25, ".0%", " to ") == "10% to 25%"


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


CASES: dict[str, Case] = {
    # ------------------------------------------------ 1. one path policy for named files
    "plan column beside": Case(
        backtest(), 0, "total pay", files(c__p__d_dot_csv=with_plan("t.yaml"))
    ),
    "plan column stem": Case(backtest(), 0, "total pay", files(c__p__d_dot_csv=with_plan("t"))),
    "plan column absolute outside": Case(
        backtest(),
        2,
        "--allow-outside-paths",
        files(c__p__d_dot_csv=with_plan("{tmp}/evil/x.yaml")),
    ),
    "plan column climbs out": Case(
        backtest(), 2, "lines 2, 3", files(c__p__d_dot_csv=with_plan("../../evil/x.yaml"))
    ),
    "plan column outside names file": Case(
        backtest(), 2, "d.csv", files(c__p__d_dot_csv=with_plan("../../../evil/x.yaml"))
    ),
    "plan column outside allowed": Case(
        backtest("--allow-outside-paths"),
        0,
        "total pay",
        files(c__p__d_dot_csv=with_plan("{tmp}/evil/x.yaml")),
    ),
    "plan map outside": Case(
        backtest("--plan-map", "{tmp}/c/p/m.csv"),
        2,
        "line 2",
        files(c__p__m_dot_csv="plan\n{tmp}/evil/x.yaml\n"),
    ),
    "plan map climbs out": Case(
        backtest("--plan-map", "{tmp}/c/p/m.csv"),
        2,
        "m.csv",
        files(c__p__m_dot_csv="plan,team\nt.yaml,T1\n../../evil/x.yaml,T2\n"),
    ),
    "plan map beside": Case(
        backtest("--plan-map", "{tmp}/c/p/m.csv"),
        0,
        "total pay",
        files(c__p__m_dot_csv="plan\nt\n"),
    ),
    "estimate plan outside": Case(
        ["estimate", S, "--data", D, "--out", "{tmp}/o"],
        2,
        "--allow-outside-paths",
        files(c__p__d_dot_csv=with_plan("{tmp}/evil/x.yaml")),
    ),
    "pilot assignment scenario outside": Case(
        ["pilot", "evaluate", "--data", D, "--assignment", "{tmp}/c/p/a.csv", "--out", "{tmp}/o"],
        2,
        "--allow-outside-paths",
        files(
            c__p__a_dot_csv="team,arm,pilot_start,scenario,baseline\n"
            "T1,pilot,2025-06,{tmp}/evil/x.yaml,s.yaml\nT2,control,2025-06,{tmp}/evil/x.yaml,s.yaml\n"
        ),
    ),
    "pilot assignment baseline climbs": Case(
        ["pilot", "evaluate", "--data", D, "--assignment", "{tmp}/c/p/a.csv", "--out", "{tmp}/o"],
        2,
        "a.csv",
        files(
            c__p__a_dot_csv="team,arm,pilot_start,scenario,baseline\n"
            "T1,pilot,2025-06,t.yaml,../../evil/x.yaml\nT2,control,2025-06,t.yaml,../../evil/x.yaml\n"
        ),
    ),
    # ------------------------------------------------ 3. never overwrite an input
    "rate360 ok": Case(rate360(), 0, "kpis_with_360", files(c__p__r_dot_csv=RATINGS)),
    "rate360 data in out": Case(
        rate360(data="{tmp}/o/kpis_with_360.csv"),
        2,
        "overwrite an input",
        files(c__p__r_dot_csv=RATINGS, o__kpis_with_360_dot_csv=DATA),
    ),
    "rate360 ratings in out": Case(
        ["rate360", "{tmp}/o/scores_360.csv", "--data", D, "--out", "{tmp}/o"],
        2,
        "the ratings of this run",
        files(o__scores_360_dot_csv=RATINGS),
    ),
    "estimate data in out": Case(
        ["estimate", S, "--data", "{tmp}/o/kpis_with_plans.csv", "--out", "{tmp}/o"],
        2,
        "overwrite an input",
        files(o__kpis_with_plans_dot_csv=with_plan("s")),
    ),
    "payout out is data": Case(
        ["payout", S, "--data", D, "--out", D], 2, "overwrite", files(), out="c/p/d.csv"
    ),
    "targets out is data": Case(
        [
            "targets",
            S,
            "--data",
            "{tmp}/o/decomposition.csv",
            "--period",
            "2025-07",
            "--out",
            "{tmp}/o",
        ],
        2,
        "overwrite an input",
        files(o__decomposition_dot_csv=DATA),
    ),
    "review data is index": Case(
        ["review", S, "--data", "{tmp}/o/index.html", "--period", "2025-07", "--out", "{tmp}/o"],
        2,
        "overwrite an input",
        files(o__index_dot_html=DATA),
    ),
    # ------------------------------------------------ 2. unique names for per-agent files
    "review colliding ids": Case(
        ["review", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o", "--format", "html"],
        0,
        "4 sheets and 3 team dashboards",
        files(c__p__d_dot_csv=COLLIDING),
    ),
    "letters colliding ids": Case(
        ["letters", S, "--data", D, "--out", "{tmp}/o"],
        0,
        "4 letter(s)",
        files(c__p__d_dot_csv=COLLIDING),
    ),
    # ------------------------------------------------ 10. messages
    "targets month 13": Case(
        ["targets", S, "--data", D, "--period", "2025-13", "--out", "{tmp}/o"],
        2,
        "is not a month",
        files(),
    ),
    "review month 99": Case(
        ["review", S, "--data", D, "--period", "2025-99", "--out", "{tmp}/o"],
        2,
        "no month 99",
        files(),
    ),
    "review period words": Case(
        ["review", S, "--data", D, "--period", "July", "--out", "{tmp}/o"],
        2,
        "expected YYYY-MM",
        files(),
    ),
    "validate-forecast holdout month 13": Case(
        ["validate-forecast", S, "--data", D, "--holdout-from", "2025-13", "--out", "{tmp}/o"],
        2,
        "is not a month",
        files(),
    ),
    "pilot start month 99": Case(
        EVAL, 2, "no month 99", files(c__p__a_dot_csv=PILOT_A.format(start="2025-99"))
    ),
    "pilot start month 0": Case(
        EVAL, 2, "not a month", files(c__p__a_dot_csv=PILOT_A.format(start="2025-00"))
    ),
    "rate360 rating month 13": Case(
        rate360(),
        2,
        "no month 13",
        files(c__p__r_dot_csv=RATINGS.replace("2025-06,A0003", "2025-13,A0003")),
    ),
    "rate360 rating month not in export": Case(
        rate360(),
        2,
        "not a month of the KPI export",
        files(c__p__r_dot_csv=RATINGS.replace("2025-06,A0003", "2030-01,A0003")),
    ),
    "payout long id": Case(
        ["payout", S, "--data", D],
        2,
        "longer than 200 characters on lines 2, 3",
        files(c__p__d_dot_csv=renamed_ids({"A0001": LONG})),
    ),
    "review long team": Case(
        ["review", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o"],
        2,
        "team longer than 200",
        files(c__p__d_dot_csv=renamed_ids({}, {"T1": "T" * 1000})),
    ),
    "letters long id": Case(
        ["letters", S, "--data", D, "--out", "{tmp}/o"],
        2,
        "agent_id longer than 200",
        files(c__p__d_dot_csv=renamed_ids({"A0002": "é" * 250})),
    ),
    "pilot evaluate out under file": Case(
        [*EVAL[:-1], "{tmp}/c/p/s.yaml/o"], 2, "is a file", files(c__p__a_dot_csv=PILOT_OK)
    ),
    "rate360 out under file": Case(
        rate360(out="{tmp}/c/p/d.csv/o"), 2, "is a file", files(c__p__r_dot_csv=RATINGS)
    ),
    "targets out is a file": Case(
        ["targets", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o"],
        2,
        "not a folder",
        files(o="x"),
    ),
    "estimate out under file": Case(
        ["estimate", S, "--data", D, "--out", "{tmp}/c/p/s.yaml/x"], 2, "is a file", files()
    ),
    "pilot design out under file": Case(
        ["pilot", "design", S, "--baseline", S, "--data", D, "--out", "{tmp}/c/p/d.csv/x"],
        2,
        "is a file",
        files(),
    ),
    # ------------------------------------------------ 6. never invent data
    "fill team_mean nothing to fill from": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=team_mean"],
        2,
        "nothing to fill from on line(s) 2, 3",
        files(c__p__d_dot_csv=NO_QA_T6),
    ),
    "fill agent_mean nothing to fill from": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=agent_mean"],
        2,
        "--fill qa_score=zero or --drop-incomplete",
        files(c__p__d_dot_csv=NO_QA_T6),
    ),
    "fill agent_mean falls back and says so": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=agent_mean"],
        0,
        "12 of them by the team's mean",
        files(c__p__d_dot_csv=NO_QA_A2),
    ),
    "fill says what it filled with": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=team_mean"],
        0,
        "filled by team_mean with",
        files(c__p__d_dot_csv=NO_QA_A2),
    ),
    "fill zero says 0": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=zero"],
        0,
        "filled by zero with 0",
        files(c__p__d_dot_csv=NO_QA_T6),
    ),
    "fill conflicting": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=zero", "--fill", "qa_score=team_mean"],
        2,
        "already filled by zero",
        files(c__p__d_dot_csv=NO_QA_A2),
    ),
    "fill conflicting zh name": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=zero", "--fill", "质检分=agent_mean"],
        2,
        "one policy per KPI",
        files(c__p__d_dot_csv=NO_QA_A2),
    ),
    "fill repeated same": Case(
        ["payout", S, "--data", D, "--fill", "qa_score=zero", "--fill", "qa_score=zero"],
        0,
        "total pay",
        files(c__p__d_dot_csv=NO_QA_A2),
    ),
    "rate360 keeps missing KPIs missing": Case(
        rate360(),
        0,
        "kpis_with_360",
        files(c__p__r_dot_csv=RATINGS, c__p__d_dot_csv=MINIMAL),
    ),
    "rate360 output then payout refuses qa": Case(
        ["payout", S, "--data", "{tmp}/c/p/k360.csv"],
        2,
        "qa_score",
        files(c__p__k360_dot_csv=MINIMAL),
    ),
    # ------------------------------------------------ 7. ranges
    "rate360 scale nan": Case(
        rate360("--scale", "1", "nan"), 2, "finite numbers", files(c__p__r_dot_csv=RATINGS)
    ),
    "rate360 scale inf": Case(
        rate360("--scale", "1", "inf"), 2, "finite numbers", files(c__p__r_dot_csv=RATINGS)
    ),
    "rate360 scale negative": Case(
        rate360("--scale", "-5", "5"), 2, "from 0 to 1000", files(c__p__r_dot_csv=RATINGS)
    ),
    "rate360 scale reversed": Case(
        rate360("--scale", "5", "1"), 2, "low < high", files(c__p__r_dot_csv=RATINGS)
    ),
    "rate360 peer weight inf": Case(
        rate360("--peer-weight", "inf"), 2, "--peer-weight inf", files(c__p__r_dot_csv=RATINGS)
    ),
    "rate360 leader weight nan": Case(
        rate360("--leader-weight", "nan"), 2, "non-negative", files(c__p__r_dot_csv=RATINGS)
    ),
    "rate360 weights all zero": Case(
        rate360("--peer-weight", "0", "--leader-weight", "0", "--customer-weight", "0"),
        2,
        "above 0",
        files(c__p__r_dot_csv=RATINGS),
    ),
    "rate360 min raters 0": Case(
        rate360("--min-raters", "0"), 2, "min_raters", files(c__p__r_dot_csv=RATINGS)
    ),
    "targets goal 0": Case(
        ["targets", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o"],
        2,
        "expected a goal above 0",
        files(
            c__p__s_dot_yaml=scenario_text(
                scorecard__0__target={"goal": 0, "per": "team", "split": "equal"}
            )
        ),
    ),
    "targets proposal 0": Case(
        TARGETS, 2, "line 2: proposed '0'", files(c__p__pr_dot_csv=PROPOSAL.format(v="0"))
    ),
    "targets proposal 1e300": Case(
        TARGETS, 2, "at most 10^12", files(c__p__pr_dot_csv=PROPOSAL.format(v="1e300"))
    ),
    "targets proposal inf": Case(
        TARGETS, 2, "is not a number", files(c__p__pr_dot_csv=PROPOSAL.format(v="inf"))
    ),
    "targets proposal ok": Case(
        TARGETS, 0, "4 agents", files(c__p__pr_dot_csv=PROPOSAL.format(v="21000"))
    ),
    "targets tolerance nan": Case(
        [*TARGETS, "--tolerance", "nan"],
        2,
        "tolerance",
        files(c__p__pr_dot_csv=PROPOSAL.format(v="21000")),
    ),
    "targets no scorecard": Case(
        ["targets", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o"],
        2,
        "no scorecard",
        files(c__p__s_dot_yaml=NO_SCORECARD),
    ),
    "pilot design months 1000": Case(
        [*DESIGN, "--months", "1000"], 2, "--months 1000: expected at most 12", files()
    ),
    "pilot design months 0": Case([*DESIGN, "--months", "0"], 2, "at least 1", files()),
    "pilot design 3 teams": Case(DESIGN, 2, "at least 4 (2 pilot + 2 control)", files()),
    "pilot design 2 teams": Case(
        DESIGN,
        2,
        "2 teams",
        files(c__p__d_dot_csv=renamed_ids({}, {"T6": "T4"})),
    ),
    # ------------------------------------------------ 5. one reader for side files
    "rate360 ratings empty": Case(rate360(), 2, "the file is empty", files(c__p__r_dot_csv="")),
    "rate360 ratings blank lines": Case(
        rate360(), 2, "the file is empty", files(c__p__r_dot_csv="\n\n  \n")
    ),
    "rate360 ratings header only": Case(
        rate360(),
        2,
        "only a header line",
        files(c__p__r_dot_csv="period,rater,ratee,relation,item,score\n"),
    ),
    "rate360 ratings utf16": Case(
        rate360(), 0, "kpis_with_360", files(c__p__r_dot_csv=RATINGS.encode("utf-16"))
    ),
    "rate360 ratings utf8 bom": Case(
        rate360(), 0, "kpis_with_360", files(c__p__r_dot_csv=RATINGS.encode("utf-8-sig"))
    ),
    "rate360 ratings gbk": Case(
        rate360(),
        0,
        "kpis_with_360",
        files(c__p__r_dot_csv=RATINGS.replace("teamwork", "团队协作").encode("gbk")),
    ),
    "rate360 ratings semicolons": Case(
        rate360(), 0, "kpis_with_360", files(c__p__r_dot_csv=RATINGS.replace(",", ";"))
    ),
    "rate360 ratings random bytes": Case(
        rate360(), 2, "binary data", files(c__p__r_dot_csv=RANDOM)
    ),
    "rate360 ratings xlsx": Case(
        [*rate360()[:1], "{tmp}/c/p/r.xlsx", *rate360()[2:]],
        0,
        "kpis_with_360",
        files(c__p__r_dot_xlsx=xlsx(RATINGS)),
    ),
    "rate360 ratings corrupt xlsx": Case(
        [*rate360()[:1], "{tmp}/c/p/r.xlsx", *rate360()[2:]],
        2,
        "cannot read workbook",
        files(c__p__r_dot_xlsx=BROKEN_XLSX),
    ),
    "rate360 ratings legacy xls": Case(
        [*rate360()[:1], "{tmp}/c/p/r.xls", *rate360()[2:]],
        2,
        "save as .xlsx or CSV",
        files(c__p__r_dot_xls=XLS),
    ),
    "rate360 ratings missing": Case(rate360(), 2, "file not found", files()),
    "rate360 ratings quoted field with newline": Case(
        rate360(),
        0,
        "kpis_with_360",
        files(c__p__r_dot_csv=RATINGS.replace("teamwork", '"team\nwork"')),
    ),
    "targets proposals empty": Case(TARGETS, 2, "the file is empty", files(c__p__pr_dot_csv="")),
    "targets proposals header only": Case(
        TARGETS, 2, "only a header line", files(c__p__pr_dot_csv="agent_id,kpi,proposed\n")
    ),
    "targets proposals utf16": Case(
        TARGETS, 0, "4 agents", files(c__p__pr_dot_csv=PROPOSAL.format(v="21000").encode("utf-16"))
    ),
    "targets proposals xlsx": Case(
        [*TARGETS[:7], "{tmp}/c/p/pr.xlsx", *TARGETS[8:]],
        0,
        "4 agents",
        files(c__p__pr_dot_xlsx=xlsx(PROPOSAL.format(v="21000"))),
    ),
    "targets proposals legacy xls": Case(
        [*TARGETS[:7], "{tmp}/c/p/pr.xls", *TARGETS[8:]],
        2,
        "legacy .xls",
        files(c__p__pr_dot_xls=XLS),
    ),
    "targets proposals corrupt xlsx": Case(
        [*TARGETS[:7], "{tmp}/c/p/pr.xlsx", *TARGETS[8:]],
        2,
        "cannot read workbook",
        files(c__p__pr_dot_xlsx=BROKEN_XLSX),
    ),
    "targets proposals random bytes": Case(
        TARGETS, 2, "binary data", files(c__p__pr_dot_csv=RANDOM)
    ),
    "targets proposals formula quoted": Case(
        TARGETS,
        0,
        "4 agents",
        files(c__p__pr_dot_csv="agent_id,kpi,proposed\nA0001,revenue,'+21000\n"),
    ),
    "plan map empty": Case(
        backtest("--plan-map", "{tmp}/c/p/m.csv"), 2, "the file is empty", files(c__p__m_dot_csv="")
    ),
    "plan map utf16": Case(
        backtest("--plan-map", "{tmp}/c/p/m.csv"),
        0,
        "total pay",
        files(c__p__m_dot_csv="plan\nt\n".encode("utf-16")),
    ),
    "plan map xlsx": Case(
        backtest("--plan-map", "{tmp}/c/p/m.xlsx"),
        0,
        "total pay",
        files(c__p__m_dot_xlsx=xlsx("plan,team\nt,T1\n")),
    ),
    "plan map header only": Case(
        backtest("--plan-map", "{tmp}/c/p/m.csv"),
        2,
        "only a header line",
        files(c__p__m_dot_csv="plan,team\n"),
    ),
    "pilot assignment empty": Case(EVAL, 2, "the file is empty", files(c__p__a_dot_csv="")),
    "pilot assignment random bytes": Case(EVAL, 2, "binary data", files(c__p__a_dot_csv=RANDOM)),
    "pilot assignment utf16": Case(
        EVAL,
        2,
        "no month 99",
        files(c__p__a_dot_csv=PILOT_A.format(start="2025-99").encode("utf-16")),
    ),
}


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


def _snapshot(tmp: Path) -> dict[str, str]:
    return {
        str(p.relative_to(tmp)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in tmp.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    case = CASES[name]
    for rel, content in case.files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(_fill(content, tmp_path), encoding="utf-8")
    (tmp_path / "w").mkdir()
    monkeypatch.chdir(tmp_path / "w")
    monkeypatch.delenv("PERFKIT_ALLOW_OUTSIDE_PATHS", raising=False)
    before = _snapshot(tmp_path)
    try:
        code = main([_fill(a, tmp_path) for a in case.argv])
    except SystemExit as stop:  # argparse refuses an option's value (exit 2, usage)
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert code == case.code, f"{name}: exit {code}\n{out}\n{err}"
    assert case.word in out + err, f"{name}: {case.word!r} not in\n{out}\n{err}"
    after = _snapshot(tmp_path)
    changed = [k for k, v in before.items() if after.get(k) != v]
    assert not changed, f"{name}: inputs changed: {changed}"
    new = [k for k in after if k not in before and not k.startswith(case.out)]
    assert not new, f"{name}: files outside --out: {new}"
    if name == "rate360 keeps missing KPIs missing":
        header = (tmp_path / "o" / "kpis_with_360.csv").read_text("utf-8-sig").splitlines()[0]
        assert not {"qa_score", "satisfaction", "refunds", "tenure_months"} & set(header.split(","))
    if "colliding" in name:  # one file per agent, none shared
        sheets = [k for k in after if k.startswith("o/") and "/sheets/" in k and k.count("/") == 4]
        letters = [k for k in after if k.startswith("o/letters/")]
        assert len(sheets or letters) == 4, sorted(after)


def test_no_output_replaces_an_input(tmp_path: Path) -> None:
    """The last line behind the up-front check: an atomic write or a staged folder never
    replaces a file the run declared as input, and nothing of the folder is moved."""
    from perfkit.core.errors import DataError
    from perfkit.files.outputs import atomic_write_text, protect_inputs, staged_dir

    data = tmp_path / "o" / "mine.csv"
    data.parent.mkdir()
    data.write_text("agent_id\nA\n")
    protect_inputs({data: "data"})
    try:
        with pytest.raises(DataError, match="input of this run"):
            atomic_write_text(data, "x")
        with pytest.raises(DataError, match="overwrite"), staged_dir(data.parent) as stage:
            (stage / "other.csv").write_text("y")
            (stage / "mine.csv").write_text("y")
    finally:
        protect_inputs({})
    assert data.read_text() == "agent_id\nA\n"
    assert not (data.parent / "other.csv").exists()
