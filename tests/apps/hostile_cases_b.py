# ruff: noqa: F403, F405  (the cases are built from every name of tests/apps/hostile_kit)
"""Hostile cases: 6. never invent data, 7. ranges, 5. one reader for side files."""

from __future__ import annotations

from tests.apps.hostile_kit import *

CASES: dict[str, Case] = {
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
