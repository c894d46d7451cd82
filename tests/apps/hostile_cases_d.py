# ruff: noqa: F403, F405  (the cases are built from every name of tests/apps/hostile_kit)
"""Hostile cases: a quoted name that starts with a CR (valid RFC 4180) in the export and in
every side file.
The CR is text inside its cell: the row stays whole, and an error on the next row names
that row's own line (3), not a line shifted by the CR."""

from __future__ import annotations

from tests.apps.hostile_kit import *

M = "{tmp}/c/p/m.csv"
CR = '"\r何明"'  # a name cell whose text starts with a carriage return
EVAL_CR = ["pilot", "evaluate", "--data", D, "--assignment", "{tmp}/c/p/a.csv", "--scenario",
           "{tmp}/c/p/t.yaml", "--baseline", S, "--out", "{tmp}/o", "--reps", "99"]  # fmt: skip
RATE_CR = "period,rater,ratee,relation,item,score,name\n" + "".join(
    f"2025-06,{r},A0001,{rel},teamwork,4,{n}\n"
    for r, rel, n in (("A0002", "peer", CR), ("A0003", "peer", "b"), ("A0004", "peer", "c"))
)
PROPOSE_CR = f"agent_id,name,kpi,proposed\nA0001,{CR},revenue,21000\nA0002,b,revenue,{{v}}\n"
ASSIGN_CR = f"team,arm,pilot_start,note\nT1,pilot,2025-07,{CR}\nT4,{{arm}},2025-07,b\n"
MAP_CR = f"agent_id,name,plan\nA0001,{CR},t.yaml\nA0002,b,{{plan}}\n"


def export_cr(bad_revenue: bool) -> str:
    """The export with line 2's name starting with a CR, and line 3's revenue 'oops'."""
    head, first, second, *rest = DATA.splitlines()
    first = first.replace(",何明,", f",{CR},", 1)
    if bad_revenue:
        cells = second.split(",")
        cells[COLS.index("revenue")] = "oops"
        second = ",".join(cells)
    return "\n".join([head, first, second, *rest]) + "\n"


CASES: dict[str, Case] = {
    "CR name in the export": Case(["payout", S, "--data", D], 0, "total pay", files(c__p__d_dot_csv=export_cr(False))),
    "CR name in the export then a bad cell": Case(["payout", S, "--data", D], 2, "non-numeric value 'oops' on line 3", files(c__p__d_dot_csv=export_cr(True))),
    "CR name in ratings": Case(rate360(), 0, "1 of 48 agent-periods rated", files(c__p__r_dot_csv=RATE_CR)),
    "CR name in ratings then a bad score": Case(rate360(), 2, "line(s) 3: score is not a number", files(c__p__r_dot_csv=RATE_CR.replace("teamwork,4,b", "teamwork,x,b"))),
    "CR name in ratings crlf": Case(rate360(), 2, "line(s) 3: score", files(c__p__r_dot_csv=RATE_CR.replace("teamwork,4,b", "teamwork,x,b").replace("\n", "\r\n").encode("gbk"))),
    "CR name in proposals": Case(TARGETS, 0, "4 agents", files(c__p__pr_dot_csv=PROPOSE_CR.format(v="22000"))),
    "CR name in proposals then a bad value": Case(TARGETS, 2, "line 3: proposed 'x'", files(c__p__pr_dot_csv=PROPOSE_CR.format(v="x"))),
    "CR name in assignment": Case(EVAL_CR, 0, "evaluation_en.html", files(c__p__a_dot_csv=ASSIGN_CR.format(arm="control"))),
    "CR name in assignment then a bad arm": Case(EVAL_CR, 2, "line 3: arm 'both'", files(c__p__a_dot_csv=ASSIGN_CR.format(arm="both"))),
    "CR name in plan map": Case(backtest("--plan-map", M), 0, "total pay", files(c__p__m_dot_csv=MAP_CR.format(plan="s.yaml"))),
    "CR name in plan map then an unknown plan": Case(backtest("--plan-map", M), 2, "column 'plan': unknown plan 'nope.yaml'", files(c__p__m_dot_csv=MAP_CR.format(plan="nope.yaml"))),
}  # fmt: skip
