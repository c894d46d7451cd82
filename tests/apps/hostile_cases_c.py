# ruff: noqa: F403, F405  (the cases are built from every name of tests/apps/hostile_kit)
"""Hostile cases, more of each kind: symlinks and odd plan names, inputs under output
names, hostile and colliding ids, months and long ids, fills, ranges, side files in every
form, and --dask to bad loopback addresses."""

from __future__ import annotations

from tests.apps.hostile_kit import *

M = "{tmp}/c/p/m.csv"
LINK = Link("{tmp}/evil/x.yaml")
EVAL_A = ["pilot", "evaluate", "--data", D, "--assignment", "{tmp}/c/p/a.csv", "--out", "{tmp}/o"]
ASSIGN = "team,arm,pilot_start,scenario,baseline\n" + "".join(
    f"{t},{arm},2025-07,{{plan}},s.yaml\n" for t, arm in (("T1", "pilot"), ("T4", "control"))
)
HOLDOUT = ["validate-forecast", S, "--data", D, "--holdout-from", "2025-10", "--out", "{tmp}/o"]
SIM = ["simulate", S, "--runs", "1", "--periods", "1", "--out", "{tmp}/o", "--dask"]
REVIEW = ["review", S, "--data", D, "--period", "2025-07", "--format", "html", "--out", "{tmp}/o"]
LETTERS = ["letters", S, "--data", D, "--out", "{tmp}/o"]
HEAD_360 = "period,rater,ratee,relation,item,score\n"


def proposals(path: str) -> list[str]:
    return [*TARGETS[:7], path, *TARGETS[8:]]


CASES: dict[str, Case] = {
    # 1. paths: symlinks, system files, odd names
    "plan column symlink out": Case(backtest(), 2, "--allow-outside-paths", files(c__p__d_dot_csv=with_plan("ln.yaml"), c__p__ln_dot_yaml=LINK)),
    "plan column stem of a symlink": Case(backtest(), 2, "--allow-outside-paths", files(c__p__d_dot_csv=with_plan("ln"), c__p__ln_dot_yaml=LINK)),
    "plan column etc passwd": Case(backtest(), 2, "outside the folder of d.csv", files(c__p__d_dot_csv=with_plan("/etc/passwd"))),
    "plan column a folder": Case(backtest(), 2, "unknown plan '..'", files(c__p__d_dot_csv=with_plan(".."))),
    "plan column unknown": Case(backtest(), 2, "unknown plan 'nope'", files(c__p__d_dot_csv=with_plan("nope"))),
    "plan map symlink out": Case(backtest("--plan-map", M), 2, "m.csv", files(c__p__m_dot_csv="plan\nln.yaml\n", c__p__ln_dot_yaml=LINK)),
    "plan map outside allowed": Case(backtest("--plan-map", M, "--allow-outside-paths"), 0, "total pay", files(c__p__m_dot_csv="plan\n{tmp}/evil/x.yaml\n")),
    "estimate plan map outside": Case(["estimate", S, "--data", D, "--plan-map", M, "--out", "{tmp}/o"], 2, "--allow-outside-paths", files(c__p__m_dot_csv="plan\n{tmp}/evil/x.yaml\n")),
    "validate-forecast plan outside": Case(HOLDOUT, 2, "--allow-outside-paths", files(c__p__d_dot_csv=with_plan("{tmp}/evil/x.yaml"))),
    "pilot assignment scenario symlink": Case(EVAL_A, 2, "--allow-outside-paths", files(c__p__a_dot_csv=ASSIGN.format(plan="ln.yaml"), c__p__ln_dot_yaml=LINK)),
    "pilot assignment scenario etc": Case(EVAL_A, 2, "outside the folder of a.csv", files(c__p__a_dot_csv=ASSIGN.format(plan="/etc/passwd"))),
    "population source symlink out": Case(["validate", S], 2, "--allow-outside-paths", files(c__p__s_dot_yaml=scenario_text(population={"source": "k.csv"}), c__p__k_dot_csv=Link("{tmp}/evil/k.csv"), evil__k_dot_csv=DATA)),
    # 3. inputs under the names outputs take
    "rate360 out is the ratings": Case(rate360(out=R), 2, "not a folder", files(c__p__r_dot_csv=RATINGS), out="c/p/r.csv"),
    "letters data is index": Case(["letters", S, "--data", "{tmp}/o/index.html", "--out", "{tmp}/o"], 2, "overwrite an input", files(o__index_dot_html=DATA)),
    "pilot design data is assignment": Case(["pilot", "design", "{tmp}/c/p/t.yaml", "--baseline", S, "--data", "{tmp}/o/assignment.csv", "--out", "{tmp}/o"], 2, "overwrite an input", files(o__assignment_dot_csv=DATA)),
    "pilot evaluate assignment is effects": Case(["pilot", "evaluate", "--data", D, "--assignment", "{tmp}/o/effects.csv", "--out", "{tmp}/o"], 2, "overwrite an input", files(o__effects_dot_csv=PILOT_OK)),
    "backtest out is data": Case(backtest("--out", D), 2, "overwrite an input", files(), out="c/p/d.csv"),
    "targets proposals are reconciled": Case(proposals("{tmp}/o/reconciled.csv"), 2, "overwrite an input", files(o__reconciled_dot_csv=PROPOSAL.format(v="21000"))),
    "estimate out is data": Case(["estimate", S, "--data", D, "--out", D], 2, "not a folder", files(), out="c/p/d.csv"),
    # 2. hostile and colliding ids
    "letters hostile ids": Case(LETTERS, 0, "4 letter(s)", files(c__p__d_dot_csv=renamed_ids({"A0001": "../../evil/x", "A0002": "<script>", "A0003": "CON"}))),
    "letters colliding case": Case(LETTERS, 0, "4 letter(s)", files(c__p__d_dot_csv=renamed_ids({"A0001": "a1", "A0002": "A1", "A0003": "index"}))),
    "review colliding case": Case(REVIEW, 0, "3 team dashboards", files(c__p__d_dot_csv=renamed_ids({"A0002": "b1", "A0003": "B1"}, {"T1": "index", "T4": "Index", "T6": "sheets"}))),
    "review hostile ids": Case(REVIEW, 0, "4 sheets", files(c__p__d_dot_csv=renamed_ids({"A0001": "../../x", "A0002": "<img onerror=x>"}, {"T1": "../t"}))),
    # 10. messages
    "targets period one digit month": Case(["targets", S, "--data", D, "--period", "2025-7", "--out", "{tmp}/o"], 0, "tables in", files()),  # 2025-07
    "validate-forecast holdout slash": Case([*HOLDOUT[:5], "2025/13", *HOLDOUT[6:]], 2, "is not a month", files()),
    "pilot start words": Case(EVAL, 2, "is not a month", files(c__p__a_dot_csv=PILOT_A.format(start="July"))),
    "pilot start two months": Case(EVAL, 2, "expected one month", files(c__p__a_dot_csv="team,arm,pilot_start\nT1,pilot,2025-07\nT4,control,2025-08\n")),
    "rate360 rating period words": Case(rate360(), 2, "is not a month", files(c__p__r_dot_csv=RATINGS.replace("2025-06,A0003", "June,A0003"))),
    "estimate long id": Case(["estimate", S, "--data", D, "--out", "{tmp}/o"], 2, "longer than 200", files(c__p__d_dot_csv=renamed_ids({"A0004": LONG}))),
    "targets long team": Case(["targets", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o"], 2, "team longer than 200", files(c__p__d_dot_csv=renamed_ids({}, {"T4": "团" * 201}))),
    "rate360 long id": Case(rate360(), 2, "longer than 200", files(c__p__r_dot_csv=RATINGS, c__p__d_dot_csv=renamed_ids({"A0004": LONG}))),
    "review out under file": Case([*REVIEW[:-1], "{tmp}/c/p/d.csv/o"], 2, "is a file", files()),
    "validate-forecast out under file": Case([*HOLDOUT[:-1], "{tmp}/c/p/s.yaml/o"], 2, "is a file", files()),
    "rate360 out is a file": Case(rate360(), 2, "not a folder", files(c__p__r_dot_csv=RATINGS, o="x")),
    # 6. fills
    "backtest fill conflicting": Case(backtest("--fill", "qa_score=zero", "--fill", "qa_score=agent_mean"), 2, "one policy per KPI", files(c__p__d_dot_csv=NO_QA_A2)),
    "letters fill nothing to fill from": Case([*LETTERS, "--fill", "qa_score=team_mean"], 2, "nothing to fill from", files(c__p__d_dot_csv=NO_QA_T6)),
    "backtest fill says what": Case(backtest("--fill", "qa_score=agent_mean"), 0, "filled by agent_mean with", files(c__p__d_dot_csv=NO_QA_A2)),
    # 7. ranges
    "rate360 scale huge": Case(rate360("--scale", "1", "1e9"), 2, "from 0 to 1000", files(c__p__r_dot_csv=RATINGS)),
    "rate360 trim at 1": Case(rate360("--trim-at", "1"), 2, "trim_at", files(c__p__r_dot_csv=RATINGS)),
    "rate360 self weight negative": Case(rate360("--self-weight", "-1"), 2, "non-negative", files(c__p__r_dot_csv=RATINGS)),
    "targets goal negative": Case(["targets", S, "--data", D, "--period", "2025-07", "--out", "{tmp}/o"], 2, "goal", files(c__p__s_dot_yaml=scenario_text(scorecard__0__target={"goal": -5, "split": "equal"}))),
    "targets proposal negative": Case(TARGETS, 2, "is not a number above 0", files(c__p__pr_dot_csv=PROPOSAL.format(v="-5"))),
    "targets proposal formula": Case(TARGETS, 2, "is not a number", files(c__p__pr_dot_csv=PROPOSAL.format(v="=1+1"))),
    "targets tolerance 5": Case([*TARGETS, "--tolerance", "5"], 2, "tolerance", files(c__p__pr_dot_csv=PROPOSAL.format(v="21000"))),
    "pilot design months negative": Case([*DESIGN, "--months", "-3"], 2, "at least 1", files()),
    "pilot design months 13": Case([*DESIGN, "--months", "13"], 2, "at most 12", files()),
    # 5. side files in every form
    "rate360 ratings tabs": Case(rate360(), 0, "kpis_with_360", files(c__p__r_dot_csv=RATINGS.replace(",", "\t"))),
    "rate360 ratings bars": Case(rate360(), 0, "kpis_with_360", files(c__p__r_dot_csv=RATINGS.replace(",", "|"))),
    "rate360 ratings header and blank lines": Case(rate360(), 2, "only a header line", files(c__p__r_dot_csv=HEAD_360 + "\n\n")),
    "rate360 ratings xlsx header only": Case([*rate360()[:1], "{tmp}/c/p/r.xlsx", *rate360()[2:]], 2, "only a header line", files(c__p__r_dot_xlsx=xlsx(HEAD_360))),
    "rate360 ratings formula score": Case(rate360(), 2, "score is not a number", files(c__p__r_dot_csv=RATINGS.replace("teamwork,4\n", "teamwork,=1+1\n", 1))),
    "targets proposals gbk": Case(TARGETS, 0, "4 agents", files(c__p__pr_dot_csv=PROPOSAL.format(v="21000").encode("gbk"))),
    "targets proposals semicolons": Case(TARGETS, 0, "4 agents", files(c__p__pr_dot_csv=PROPOSAL.format(v="21000").replace(",", ";"))),
    "plan map random bytes": Case(backtest("--plan-map", M), 2, "binary data", files(c__p__m_dot_csv=RANDOM)),
    "plan map legacy xls": Case(backtest("--plan-map", "{tmp}/c/p/m.xls"), 2, "legacy .xls", files(c__p__m_dot_xls=XLS)),
    "pilot assignment xlsx": Case([*EVAL[:5], "{tmp}/c/p/a.xlsx", *EVAL[6:]], 2, "no month 99", files(c__p__a_dot_xlsx=xlsx(PILOT_A.format(start="2025-99")))),
    "pilot assignment header only": Case(EVAL, 2, "only a header line", files(c__p__a_dot_csv="team,arm,pilot_start\n")),
    # 8. --dask to bad loopback addresses (a closed port: refused at once)
    "simulate dask not an address": Case([*SIM, "notaurl"], 2, "not a Dask scheduler address", files()),
    "simulate dask closed port": Case([*SIM, "tcp://127.0.0.1:9"], 2, "cannot reach a Dask scheduler", files()),
    "simulate dask port out of range": Case([*SIM, "tcp://127.0.0.1:99999"], 2, "not a Dask scheduler address", files()),
    "simulate dask http scheme": Case([*SIM, "http://127.0.0.1:8786"], 2, "not a Dask scheduler address", files()),
}  # fmt: skip
