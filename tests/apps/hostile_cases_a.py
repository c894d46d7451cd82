# ruff: noqa: F403, F405  (the cases are built from every name of tests/apps/hostile_kit)
"""Hostile cases: 1. the path policy, 3. inputs never overwritten, 2. unique file names,
10. messages."""

from __future__ import annotations

from tests.apps.hostile_kit import *

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
}
