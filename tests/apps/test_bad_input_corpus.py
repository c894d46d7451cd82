"""A corpus of careless and hostile input: every case is one command line, its input
files (made in tmp from the table below), the exit code, a word the message must
contain, and no traceback. Controls that must succeed are in the same table.

The cases run in-process (``perfkit.apps.cli.main(argv)``) so the corpus stays fast; a few
run as real subprocesses at the end. Adding a case: one line in ``CASES``.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from perfkit.apps.cli import main
from tests.apps.output_checks import output_problems

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample_kpis.csv"
HEADER, *BODY = SAMPLE.read_text("utf-8").splitlines()[:49]  # 4 agents × 12 months
COLS = HEADER.split(",")

BASE: dict[str, Any] = {
    "name": "Corpus plan",
    "currency": "CNY",
    "period": "month",
    "pay": {
        "base_salary": 3000,
        "performance_pay": {
            "base": 1000,
            "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.7, "D": 0.3},
        },
    },
    "scorecard": [
        {"kpi": "revenue", "weight": 60, "target": 20000},
        {"kpi": "connect_rate", "weight": 20, "target": 0.25},
        {"kpi": "qa_score", "weight": 20, "target": 85},
    ],
    "grades": {"method": "bands", "bands": {"S": 110, "A": 100, "B": 88, "C": 70}},
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.02},
}


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set ``a.b[0].c`` in ``doc``; the value ``DROP`` removes the key."""
    parts = path.replace("]", "").replace("[", ".").split(".")
    node: Any = doc
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    last = parts[-1]
    if value is DROP:
        node.pop(last, None)
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


DROP = object()


def scenario_text(**over: Any) -> str:
    """The base scenario with ``path=value`` changes (``__`` stands for ``.``)."""
    doc = copy.deepcopy(BASE)
    for key, value in over.items():
        _set(doc, key.replace("__", "."), value)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def data_text(edit: Callable[[list[list[str]]], list[list[str]]] | None = None,
              header: list[str] | None = None) -> str:  # fmt: skip
    rows = [line.split(",") for line in BODY]
    if edit is not None:
        rows = edit(rows)
    return "\n".join([",".join(header or COLS)] + [",".join(r) for r in rows]) + "\n"


def cell(line: int, col: str, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    """Set one cell; ``line`` is the file line (the header is line 1)."""

    def edit(rows: list[list[str]]) -> list[list[str]]:
        rows[line - 2][COLS.index(col)] = value
        return rows

    return edit


def renamed(old: str, new: str) -> list[str]:
    return [new if c == old else c for c in COLS]


@dataclass
class Case:
    """One command line and what it must do."""

    argv: list[str]
    code: int
    word: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    cwd: Path | None = None


GOOD = scenario_text()
DATA = data_text()


def validate(text: str, code: int, word: str) -> Case:
    return Case(["validate", "{tmp}/s.yaml"], code, word, {"s.yaml": text})


def sc(word: str, code: int = 2, **over: Any) -> Case:
    return validate(scenario_text(**over), code, word)


def payout(data: str | bytes, code: int, word: str, *extra: str, scen: str = GOOD) -> Case:
    files = {"s.yaml": scen, "d.csv": data}
    return Case(["payout", "{tmp}/s.yaml", "--data", "{tmp}/d.csv", *extra], code, word, files)


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ",".join(["x"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(["name: bomb", *lines]) + "\n"


def _empty_xlsx() -> bytes:
    import io

    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


EMPTY_XLSX = _empty_xlsx()
SEG = {"name": "new", "when": {"tenure_months_below": 3}, "plan": {"pay": {"base_salary": 3500}}}

CASES: dict[str, Case] = {
    # ---------------------------------------------------------------- controls (succeed)
    "ok validate": validate(GOOD, 0, "ok"),
    "ok validate library": Case(["validate", "scenarios/quality_first.yaml"], 0, "ok", cwd=ROOT),
    # the library's ../data is its project folder: readable from any current folder
    "library elsewhere": Case(
        ["validate", str(ROOT / "scenarios" / "quality_first.yaml")], 0, "ok"
    ),
    "library elsewhere allowed": Case(
        ["validate", "--allow-outside-paths", str(ROOT / "scenarios" / "quality_first.yaml")],
        0,
        "ok",
    ),
    "ok payout": payout(DATA, 0, "total pay"),
    "ok payout xlsx": payout(DATA, 0, "wrote", "--out", "{tmp}/pay.xlsx"),
    "ok payout csv": payout(DATA, 0, "wrote", "--out", "{tmp}/pay.csv"),
    "ok percent rate": sc("ok", 0, commission__rate="2%"),
    "ok orders base": sc("ok", 0, commission={"base": "orders", "mode": "flat", "rate": 50}),
    "ok ladder dict rows": sc(
        "ok",
        0,
        commission={
            "base": "revenue",
            "mode": "marginal",
            "ladder": [{"from": 0, "rate": 0.02}, {"from": 30000, "rate": "4%"}],
        },
    ),
    "ok chinese kpi": sc(
        "ok",
        0,
        scorecard=[
            {"kpi": "销售额", "weight": 60, "target": 20000},
            {"kpi": "接通率", "weight": 20, "target": 0.25},
            {"kpi": "质检分", "weight": 20, "target": 85},
        ],
    ),
    "ok chinese bonus kpi": sc("ok", 0, bonuses=[{"kpi": "成交单数", "target": 10, "amount": 500}]),
    "ok team share percent": sc("ok", 0, team={"weight": "60%"}),
    "ok noted value": sc("ok", 0, pay__base_salary={"value": 3000, "note": "survey"}),
    "ok qa line": sc("ok", 0, deductions={"qa_below": {"line": 70, "amount": 200}}),
    "ok segment": sc("ok", 0, segments=[SEG]),
    "ok schema": Case(["schema", "--out", "{tmp}/schema.json"], 0, "wrote"),
    "ok gbk scenario": Case(
        ["validate", "{tmp}/s.yaml"], 0, "ok", {"s.yaml": GOOD.encode("gb18030")}
    ),
    "ok chinese headers": payout(data_text(header=renamed("calls", "外呼量")), 0, "total pay"),
    "ok blank unread column": payout(data_text(cell(3, "peer_score", "")), 0, "total pay"),
    "ok fill team mean": payout(
        data_text(cell(3, "qa_score", "")), 0, "team_mean", "--fill", "qa_score=team_mean"
    ),
    "ok fill agent mean": payout(
        data_text(cell(3, "revenue", "")), 0, "agent_mean", "--fill", "revenue=agent_mean"
    ),
    "ok fill zero": payout(
        data_text(cell(3, "qa_score", "")), 0, "zero", "--fill", "qa_score=zero"
    ),
    "ok drop incomplete": payout(
        data_text(cell(3, "qa_score", "")), 0, "dropped", "--drop-incomplete"
    ),
    "ok backtest": Case(
        ["backtest", "{tmp}/s.yaml", "{tmp}/t.yaml", "--data", "{tmp}/d.csv"],
        0,
        "Winners",
        {"s.yaml": GOOD, "t.yaml": scenario_text(commission__rate=0.03), "d.csv": DATA},
    ),
    "ok source inside folder": Case(
        ["validate", "{tmp}/s.yaml"],
        0,
        "ok",
        {"s.yaml": scenario_text(population={"source": "d.csv"}), "d.csv": DATA},
    ),
    # ---------------------------------------------------------------- YAML and files
    "empty file": validate("", 2, "the file is empty"),
    "only comments": validate("# nothing here\n", 2, "the file is empty"),
    "a list": validate("- 1\n- 2\n", 2, "expected a mapping"),
    "a string": validate("hello\n", 2, "expected a mapping"),
    "bad yaml": validate("name: [unclosed\n", 2, "not valid YAML"),
    "tab indent": validate("name: x\npay:\n\tbase_salary: 1\n", 2, "not valid YAML"),
    "duplicate key": validate("name: a\nname: b\n", 2, "given twice"),
    "alias bomb": validate(alias_bomb(), 2, "aliases"),
    "alias bomb wide": validate(alias_bomb(6, 40), 2, "aliases"),
    "self reference": validate("name: x\npay: &p {base_salary: 1, x: *p}\n", 2, "itself"),
    "self reference list": validate("name: x\nl: &l [1, *l]\n", 2, "itself"),
    "deep lists": validate("name: x\nl: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nest"),
    "deep maps": validate("name: x\nl: " + "{a: " * 200 + "1" + "}" * 200 + "\n", 2, "nest"),
    "undefined alias": validate("name: x\npay: *nope\n", 2, "not valid YAML"),
    "python tag": validate("name: !!python/object/apply:os.system ['true']\n", 2, "not valid YAML"),
    "binary file": Case(
        ["validate", "{tmp}/s.yaml"], 2, "not a text file", {"s.yaml": b"\x00\x01\x02"}
    ),
    "latin1 bytes": Case(
        ["validate", "{tmp}/s.yaml"], 2, "invalid", {"s.yaml": b"name: \xff\xfe\xfa\n"}
    ),
    "big file": Case(
        ["validate", "{tmp}/s.yaml"],
        2,
        "at most",
        {"s.yaml": "name: big\ndescription: '" + "x" * 1_200_000 + "'\n"},
    ),
    "many values": validate("name: x\nl: [" + ",".join(["1"] * 30_000) + "]\n", 2, "20,000 values"),
    "many segments": sc(
        "at most 100 items", segments=[{**SEG, "name": f"s{i}"} for i in range(101)]
    ),
    "many scorecard items": sc(
        "at most 50 items", scorecard=[{"kpi": "revenue", "weight": 1, "target": 1}] * 51
    ),
    "many prizes": sc("at most 1000 items", bonuses=[{"type": "rank", "prizes": [1] * 1001}]),
    "missing file": Case(["validate", "{tmp}/nope.yaml"], 2, "file not found"),
    "folder as scenario": Case(["validate", "{tmp}"], 2, "folder"),
    "no name": sc("name", name=DROP),
    "json scenario": Case(["validate", "{tmp}/s.json"], 0, "ok", {"s.json": '{"name": "j"}'}),
    # ---------------------------------------------------------------- paths (item 3)
    "source outside": sc("--allow-outside-paths", population={"source": "/etc/passwd"}),
    "source dotdot": sc("outside", population={"source": "../../../../etc/hostname"}),
    "plan outside": sc("outside", population={"source": "d.csv", "plan": "/etc/passwd"}),
    "source in project folder": Case(
        ["validate", "{tmp}/plans/s.yaml"],
        2,
        "does not exist",
        {"plans/s.yaml": scenario_text(population={"source": "../nope.csv"})},
    ),
    "source above project folder": Case(
        ["validate", "{tmp}/plans/s.yaml"],
        2,
        "--allow-outside-paths",
        {"plans/s.yaml": scenario_text(population={"source": "../../nope.csv"})},
    ),
    "source missing": sc("does not exist", population={"source": "nope.csv"}),
    "source folder": sc("folder", population={"source": "."}),
    "source typo synthetic": sc("did you mean 'synthetic'", population={"source": "synthtic"}),
    "flag before command": Case(
        ["--allow-outside-paths", "validate", "{tmp}/s.yaml"],
        2,
        "does not exist",
        {"s.yaml": scenario_text(population={"source": "/nonexistent/x.csv"})},
    ),
    "empty workbook": Case(
        ["payout", "{tmp}/s.yaml", "--data", "{tmp}/d.xlsx"],
        2,
        "the file is empty",
        {"s.yaml": GOOD, "d.xlsx": EMPTY_XLSX},
    ),
    "source allowed by flag": Case(
        ["validate", "--allow-outside-paths", "{tmp}/s.yaml"],
        2,
        "does not exist",
        {"s.yaml": scenario_text(population={"source": "/nonexistent/x.csv"})},
    ),
    "data not a table": payout("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n", 2, "none of the"),
    # ---------------------------------------------------------------- keys and types (19)
    "unknown top key": sc("did you mean 'commission'", comission={}),
    "unknown pay key": sc("allowed here", pay__garantee={"amount": 1}),
    "unknown commission key": sc("did you mean 'rate'", commission__ratee=0.1),
    "unknown non_cash to key": sc(
        "allowed here: grade, min_score, top, team_goal_met, team_top",
        non_cash=[{"reward": "x", "to": {"grade": "S", "team_goal_reached": True}}],
    ),
    "unknown scorecard key": sc("allowed here", scorecard__0__wieght=1),
    "unknown grades key": sc("allowed here", grades__bandz={}),
    "unknown bonus key": sc("allowed here", bonuses=[{"type": "rank", "prizes": [1], "prize": 1}]),
    "key in wrong block": sc("does not belong here", pay__rate=0.1),
    "prizes not list": sc("[2000]", bonuses=[{"type": "rank", "prizes": 2000}]),
    "scorecard not list": sc("write a list", scorecard="revenue"),
    "ladder not list": sc("list", commission={"base": "revenue", "mode": "marginal", "ladder": 5}),
    "salary text": sc("pay.base_salary", pay__base_salary="lots"),
    "salary negative": sc("greater than or equal", pay__base_salary=-1),
    "unknown kpi": sc("did you mean 'revenue'", scorecard__0__kpi="revenu"),
    "unknown chinese kpi": sc("unknown KPI", scorecard__0__kpi="销售"),
    "bad mode": sc("commission.mode", commission__mode="progressive"),
    "bad base": sc("commission.base", commission__base="profit"),
    "bad period": sc("period", period="week"),
    "flat with ladder": sc("not 'ladder'", commission__ladder=[[0, 0.02]]),
    "ladder not from 0": sc(
        "start at 0",
        commission={"base": "revenue", "mode": "marginal", "ladder": [[100, 0.02], [200, 0.03]]},
    ),
    "ladder not increasing": sc(
        "increasing",
        commission={"base": "revenue", "mode": "marginal", "ladder": [[0, 0.02], [0, 0.03]]},
    ),
    "weights not 100": sc("expected 100", scorecard__0__weight=50),
    "kpi twice": sc("more than once", scorecard__1__kpi="revenue"),
    "coefficient missing": sc("no coefficient", pay__performance_pay__grade_coefficients={"S": 1}),
    "noted value extra key": sc("beside 'value'", pay__base_salary={"value": 1, "nte": "x"}),
    "grant two ways": sc("exactly one", non_cash=[{"reward": "x", "to": {"grade": "S", "top": 3}}]),
    "unknown grant grade": sc("unknown grade", non_cash=[{"reward": "x", "to": {"grade": "Z"}}]),
    "segment twice": sc("defined twice", segments=[SEG, SEG]),
    "segment empty rule": sc("at least one", segments=[{**SEG, "when": {}}]),
    "forced shares": sc("expected 100%", grades={"method": "forced", "shares": {"A": 50, "B": 30}}),
    "pool two sizes": sc("either", team={"pool": {"target": 1, "amount": 1, "rate": 0.1}}),
    "bonus both forms": sc(
        "not both", bonuses=[{"kpi": "orders", "target": 5, "amount": 1, "tiers": [[1, 2]]}]
    ),
    # ---------------------------------------------------------------- rates (8)
    "rate 2": sc("did you mean 2%?", commission__rate=2),
    "rate 150 percent": sc("did you mean 1.5%?", commission__rate="150%"),
    "rate 100": sc("did you mean 100%?", commission__rate=100),
    "rate collected 3": sc(
        "did you mean 3%?", commission={"base": "collected", "mode": "flat", "rate": 3}
    ),
    "rate margin 5": sc(
        "did you mean 5%?", commission={"base": "margin", "mode": "flat", "rate": 5}
    ),
    "ladder rate 4": sc(
        "ladder[1] rate",
        commission={"base": "revenue", "mode": "marginal", "ladder": [[0, 0.02], [30000, 4]]},
    ),
    "whole ladder rate 6": sc(
        "did you mean 6%?",
        commission={"base": "revenue", "mode": "whole", "ladder": [[0, 0.02], [30000, 6]]},
    ),
    "rate 1 ok": sc("ok", 0, commission__rate=1),
    "orders huge rate": sc(
        "implausibly large", commission={"base": "orders", "mode": "flat", "rate": 1e15}
    ),
    "rate negative": sc("greater than or equal", commission__rate=-0.1),
    # ---------------------------------------------------------------- magnitudes (9)
    "salary 1e308": sc("implausibly large", pay__base_salary=1e308),
    "salary inf": sc("finite", pay__base_salary=float("inf")),
    "salary nan": sc("finite", pay__base_salary=float("nan")),
    "salary yaml inf": validate(
        GOOD.replace("base_salary: 3000", "base_salary: .inf"), 2, "finite"
    ),
    "perf base 1e20": sc("implausibly large", pay__performance_pay__base=1e20),
    "coefficient 1e6": sc(
        "less than or equal to 20",
        pay__performance_pay__grade_coefficients={"S": 1e6, "A": 1, "B": 1, "C": 1, "D": 0},
    ),
    "cap 1e300": sc("implausibly large", commission__cap=1e300),
    "gate 1e300": sc("implausibly large", commission__gate=1e300),
    "prize 1e300": sc("implausibly large", bonuses=[{"type": "rank", "prizes": [1e300]}]),
    "guarantee 1e300": sc("implausibly large", pay__guarantee={"amount": 1e300}),
    "deduction 1e300": sc(
        "implausibly large", deductions={"qa_below": {"line": 70, "amount": 1e300}}
    ),
    "accelerator 1e9": sc(
        "less than or equal to 20", commission__accelerator={"above": 1, "multiplier": 1e9}
    ),
    "data revenue 1e308": payout(data_text(cell(5, "revenue", "1e308")), 2, "line 5"),
    "data revenue huge word": payout(
        data_text(cell(5, "revenue", "1e308")), 2, "implausibly large"
    ),
    "data dials inf": payout(data_text(cell(4, "calls", "inf")), 2, "non-numeric"),
    "data dials nan": payout(data_text(cell(4, "calls", "nan")), 2, "calls"),
    "data collected 1e13": payout(data_text(cell(6, "collected", "1e13")), 2, "implausibly large"),
    # ---------------------------------------------------------------- scales (10)
    "qa line 0.8": sc("did you mean 80?", deductions={"qa_below": {"line": 0.8, "amount": 100}}),
    "qa line 150": sc(
        "less than or equal to 100", deductions={"qa_below": {"line": 150, "amount": 100}}
    ),
    "team weight 60": sc("did you mean 60%?", team={"weight": 60}),
    "team weight 600": sc("less than or equal to 1", team={"weight": 600}),
    "connect target 28": sc("did you mean 28%?", scorecard__1__target=28),
    "qa target 0.85": sc("did you mean 85?", scorecard__2__target=0.85),
    "satisfaction target 9": sc(
        "above its scale", scorecard__2__kpi="satisfaction", scorecard__2__target=9
    ),
    "bands as fractions": sc(
        "did you mean 110?",
        grades={"method": "bands", "bands": {"S": 1.1, "A": 1.0, "B": 0.88, "C": 0.7}},
    ),
    "min score fraction": sc(
        "did you mean 90?", non_cash=[{"reward": "x", "to": {"min_score": 0.9}}]
    ),
    "min activity rate": sc(
        "did you mean 30%?",
        deductions={"min_activity": {"kpi": "connect_rate", "min": 30, "amount": 100}},
    ),
    "bonus target rate": sc(
        "did you mean 40%?", bonuses=[{"kpi": "connect_rate", "target": 40, "amount": 1}]
    ),
    "margin rate 60": sc("did you mean 60%?", commission__margin_rate=60),
    "split share 60": sc(
        "did you mean 60%?", split_credit={"shares": {"opener": 60, "closer": 0.4}}
    ),
    "leader rate 5": sc("did you mean 5%?", leader_override={"rate": 5}),
    "pool rate 10": sc("did you mean 10%?", team={"pool": {"target": 1, "rate": 10}}),
    "segment rate 3": sc(
        "did you mean 3%?", segments=[{**SEG, "plan": {"commission": {"rate": 3}}}]
    ),
    "segment qa line": sc(
        "segments[0].plan.deductions",
        segments=[{**SEG, "plan": {"deductions": {"qa_below": {"line": 0.7, "amount": 1}}}}],
    ),
    # ---------------------------------------------------------------- warnings (11)
    "empty bands": sc("grades.bands is empty", 0, grades={"method": "bands", "bands": {}}),
    "shadowed segment": sc(
        "never used",
        0,
        segments=[
            {"name": "closers", "when": {"role": "closer"}, "plan": {}},
            {
                "name": "new closers",
                "when": {"role": "closer", "tenure_months_below": 3},
                "plan": {},
            },
        ],
    ),
    "shadowed by agents": sc(
        "never used",
        0,
        segments=[
            {"name": "a", "when": {"agents": ["A1", "A2"]}, "plan": {}},
            {"name": "b", "when": {"agents": ["A1"]}, "plan": {}},
        ],
    ),
    "not shadowed": sc(
        "ok",
        0,
        segments=[
            {"name": "new", "when": {"tenure_months_below": 3}, "plan": {}},
            {"name": "newer", "when": {"tenure_months_below": 6}, "plan": {}},
        ],
    ),
    "segment matches no row": payout(
        DATA,
        0,
        "matches no row",
        scen=scenario_text(segments=[{"name": "ghosts", "when": {"agents": ["Z9"]}, "plan": {}}]),
    ),
    "segment matches every row": payout(
        DATA,
        0,
        "matches every row",
        scen=scenario_text(
            segments=[{"name": "all", "when": {"tenure_months_at_least": 0}, "plan": {}}]
        ),
    ),
    "warning names plan": payout(
        DATA,
        0,
        "plan 'Corpus plan'",
        scen=scenario_text(segments=[{"name": "ghosts", "when": {"agents": ["Z9"]}, "plan": {}}]),
    ),
    # ---------------------------------------------------------------- data rows (12-16)
    "quarter among months": payout(data_text(cell(7, "month", "2025-Q3")), 2, "line 7"),
    "quarter among months word": payout(data_text(cell(7, "month", "2025-Q3")), 2, "not both"),
    "empty data": payout("", 2, "the file is empty"),
    "blank lines data": payout("\n\n\n", 2, "the file is empty"),
    "header only": payout(HEADER + "\n", 2, "no data rows"),
    "user header named": payout(data_text(cell(3, "calls", "many")), 2, "'calls' [dials]"),
    "user header csat": payout(data_text(cell(3, "csat", "9")), 2, "'csat' [satisfaction]"),
    "user header talk": payout(data_text(cell(3, "talk_minutes", "-5")), 2, "'talk_minutes'"),
    "chinese header named": payout(
        data_text(cell(3, "calls", "x"), header=renamed("calls", "外呼量")), 2, "'外呼量' [dials]"
    ),
    "connected over calls": payout(
        data_text(cell(3, "connected", "999999")), 2, "connected > calls [dials]"
    ),
    "blank read column": payout(data_text(cell(3, "qa_score", "")), 2, "--fill qa_score="),
    "blank read column names rule": payout(
        data_text(cell(3, "qa_score", "")), 2, "scorecard item 'qa_score'"
    ),
    "blank required column": payout(data_text(cell(3, "revenue", "")), 2, "--drop-incomplete"),
    "blank unread warns lines": payout(data_text(cell(3, "peer_score", "")), 0, "line(s) 3"),
    "bad fill policy": payout(DATA, 2, "unknown policy", "--fill", "qa_score=median"),
    "bad fill kpi": payout(DATA, 2, "expected KPI=POLICY", "--fill", "foo=zero"),
    "fill no equals": payout(DATA, 2, "expected KPI=POLICY", "--fill", "qa_score"),
    "fill chinese kpi": payout(
        data_text(cell(3, "qa_score", "")), 0, "filled", "--fill", "质检分=zero"
    ),
    "missing column": payout(
        data_text(header=renamed("revenue", "rev")), 2, "missing required column"
    ),
    "missing column hint": payout(
        data_text(header=renamed("revenue", "revenu")), 2, "did you mean"
    ),
    "negative orders": payout(data_text(cell(3, "orders", "-1")), 2, "negative"),
    "qa 300": payout(data_text(cell(3, "qa_score", "300")), 2, "allowed 0–100"),
    "bad data period": payout(data_text(cell(3, "month", "Jan")), 2, "unrecognised"),
    "month 13": payout(data_text(cell(3, "month", "2025-13")), 2, "unrecognised"),
    "duplicate row": payout(data_text(cell(3, "month", "2025-01")), 2, "duplicate"),
    "empty agent": payout(data_text(cell(3, "agent_id", "")), 2, "empty agent_id"),
    "too many fields": payout(
        DATA + "A0009,x,T1,2025-01,2024-01-01" + ",1" * 30 + "\n", 2, "fields"
    ),
    "legacy xls": Case(
        ["payout", "{tmp}/s.yaml", "--data", "{tmp}/d.xls"],
        2,
        "legacy",
        {"s.yaml": GOOD, "d.xls": b"\xd0\xcf\x11\xe0" + b"\x00" * 64},
    ),
    "corrupt xlsx": Case(
        ["payout", "{tmp}/s.yaml", "--data", "{tmp}/d.xlsx"],
        2,
        "cannot read workbook",
        {"s.yaml": GOOD, "d.xlsx": b"PK\x03\x04garbage"},
    ),
    "corrupt parquet": Case(
        ["payout", "{tmp}/s.yaml", "--data", "{tmp}/d.parquet"],
        2,
        "Parquet",
        {"s.yaml": GOOD, "d.parquet": b"PAR1garbage"},
    ),
    "data missing": Case(
        ["payout", "{tmp}/s.yaml", "--data", "{tmp}/nope.csv"], 2, "cannot read", {"s.yaml": GOOD}
    ),
    "data folder": Case(
        ["payout", "{tmp}/s.yaml", "--data", "{tmp}"], 2, "folder", {"s.yaml": GOOD}
    ),
    "bad map": payout(DATA, 2, "expected HEADER=KPI", "--map", "nothing"),
    "map unknown kpi": payout(DATA, 2, "not a KPI column", "--map", "calls=dialz"),
    "map absent header": payout(DATA, 2, "has no header", "--map", "foo=dials"),
    "quarterly plan monthly rows": payout(
        DATA, 0, "total pay", scen=scenario_text(period="quarter")
    ),
    # ---------------------------------------------------------------- --out (15)
    "payout out suffix": payout(DATA, 2, "expected .csv", "--out", "{tmp}/pay.txt"),
    "payout out folder": payout(DATA, 2, "expected .csv", "--out", "{tmp}"),
    "payout out under file": payout(DATA, 2, "is a file", "--out", "{tmp}/s.yaml/pay.csv"),
    "payout out is input": payout(DATA, 2, "overwrite an input", "--out", "{tmp}/d.csv"),
    "backtest out under file": Case(
        [
            "backtest",
            "{tmp}/s.yaml",
            "{tmp}/s.yaml",
            "--data",
            "{tmp}/d.csv",
            "--out",
            "{tmp}/d.csv/x.csv",
        ],
        2,
        "is a file",
        {"s.yaml": GOOD, "d.csv": DATA},
    ),
    "simulate out file": Case(
        ["simulate", "{tmp}/s.yaml", "--out", "{tmp}/s.yaml"], 2, "not a folder", {"s.yaml": GOOD}
    ),
    "simulate out under file": Case(
        ["simulate", "{tmp}/s.yaml", "--out", "{tmp}/s.yaml/sub"], 2, "is a file", {"s.yaml": GOOD}
    ),
    "compare out under file": Case(
        ["compare", "{tmp}/s.yaml", "--out", "{tmp}/s.yaml/sub"], 2, "is a file", {"s.yaml": GOOD}
    ),
    "sweep out under file": Case(
        [
            "sweep",
            "{tmp}/s.yaml",
            "--param",
            "team.weight",
            "--values",
            "0",
            "--out",
            "{tmp}/s.yaml/x.csv",
        ],
        2,
        "is a file",
        {"s.yaml": GOOD},
    ),
    "sweep out suffix": Case(
        [
            "sweep",
            "{tmp}/s.yaml",
            "--param",
            "team.weight",
            "--values",
            "0",
            "--out",
            "{tmp}/x.txt",
        ],
        2,
        "expected .csv",
        {"s.yaml": GOOD},
    ),
    "optimize out under file": Case(
        [
            "optimize",
            "{tmp}/s.yaml",
            "--vary",
            "commission.rate",
            "0.01",
            "0.05",
            "--out",
            "{tmp}/s.yaml/o",
        ],
        2,
        "is a file",
        {"s.yaml": GOOD},
    ),
    "render out under file": Case(
        ["render", "{tmp}/s.yaml", "--out", "{tmp}/s.yaml/sub"], 2, "is a file", {"s.yaml": GOOD}
    ),
    "render out file": Case(
        ["render", "{tmp}/s.yaml", "--out", "{tmp}/s.yaml"], 2, "not a folder", {"s.yaml": GOOD}
    ),
    "letters out under file": Case(
        ["letters", "{tmp}/s.yaml", "--data", "{tmp}/d.csv", "--out", "{tmp}/s.yaml/l"],
        2,
        "is a file",
        {"s.yaml": GOOD, "d.csv": DATA},
    ),
    "letters blank read column": Case(
        ["letters", "{tmp}/s.yaml", "--data", "{tmp}/d.csv", "--out", "{tmp}/l"],
        2,
        "--fill qa_score=",
        {"s.yaml": GOOD, "d.csv": data_text(cell(3, "qa_score", ""))},
    ),
    "schema out folder": Case(["schema", "--out", "{tmp}"], 2, "directory"),
    "schema out under file": Case(
        ["schema", "--out", "{tmp}/f.txt/x.json"], 2, "is a file", {"f.txt": "x"}
    ),
    # ---------------------------------------------------------------- command line
    "render bad format": Case(
        ["render", "{tmp}/s.yaml", "--format", "docx", "--out", "{tmp}/r"],
        2,
        "unknown format",
        {"s.yaml": GOOD},
    ),
    "render runs 0": Case(
        ["render", "{tmp}/s.yaml", "--runs", "0", "--out", "{tmp}/r"],
        2,
        "at least 1",
        {"s.yaml": GOOD},
    ),
    "sweep jobs 0": Case(
        ["sweep", "{tmp}/s.yaml", "--param", "team.weight", "--values", "0", "--jobs", "0"],
        2,
        "at least 1",
        {"s.yaml": GOOD},
    ),
    "compare max runs": Case(
        ["compare", "{tmp}/s.yaml", "--runs", "10", "--max-runs", "2", "--out", "{tmp}/c"],
        2,
        "at least --runs",
        {"s.yaml": GOOD},
    ),
    "optimize bad vary": Case(
        [
            "optimize",
            "{tmp}/s.yaml",
            "--vary",
            "commission.rate",
            "low",
            "0.05",
            "--out",
            "{tmp}/o",
        ],
        2,
        "not a number",
        {"s.yaml": GOOD},
    ),
    "validate many one bad": Case(
        ["validate", "{tmp}/s.yaml", "{tmp}/t.yaml"], 2, "1 of 2", {"s.yaml": GOOD, "t.yaml": ""}
    ),
    "payout bad scenario": payout(
        DATA, 2, "did you mean 2%?", scen=scenario_text(commission__rate=2)
    ),
    "simulate bad fill": Case(
        [
            "simulate",
            "{tmp}/s.yaml",
            "--data",
            "{tmp}/d.csv",
            "--fill",
            "qa_score=max",
            "--out",
            "{tmp}/o",
        ],
        2,
        "unknown policy",
        {"s.yaml": GOOD, "d.csv": DATA},
    ),
    "render bad fill": Case(
        ["render", "{tmp}/s.yaml", "--data", "{tmp}/d.csv", "--fill", "x=zero", "--out", "{tmp}/o"],
        2,
        "expected KPI=POLICY",
        {"s.yaml": GOOD, "d.csv": DATA},
    ),
    "render blank read column": Case(
        ["render", "{tmp}/s.yaml", "--data", "{tmp}/d.csv", "--out", "{tmp}/o"],
        2,
        "--fill qa_score=",
        {"s.yaml": GOOD, "d.csv": data_text(cell(3, "qa_score", ""))},
    ),
    "backtest empty scenario": Case(
        ["backtest", "{tmp}/s.yaml", "{tmp}/t.yaml", "--data", "{tmp}/d.csv"],
        2,
        "the file is empty",
        {"s.yaml": GOOD, "t.yaml": "", "d.csv": DATA},
    ),
}


def _fill(arg: str, tmp: Path) -> str:
    return arg.replace("{tmp}", str(tmp))


def _write(tmp: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _snapshot(tmp: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp)): p.read_bytes() for p in tmp.rglob("*") if p.is_file()}


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 150
    assert sum(c.code == 0 for c in CASES.values()) >= 20  # controls


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    case = CASES[name]
    _write(tmp_path, case.files)
    monkeypatch.chdir(case.cwd or tmp_path)  # the current folder is the case's own
    before = _snapshot(tmp_path)
    code = main([_fill(a, tmp_path) for a in case.argv])
    out, err = capsys.readouterr()
    after = _snapshot(tmp_path)
    changed = [k for k, v in before.items() if after.get(k) != v]
    assert not changed, f"{name}: inputs changed: {changed}"
    written = [tmp_path / k for k in after if k not in before]
    assert not output_problems(written), f"{name}: {output_problems(written)}"
    assert "Traceback" not in err + out
    assert code == case.code, f"{name}: exit {code}\n{out}\n{err}"
    assert case.word in out + err, f"{name}: {case.word!r} not in\n{out}\n{err}"
    if case.code == 0:
        assert "error" not in err
    for line in err.splitlines():  # warnings are one plain line, no source code lines
        assert not line.lstrip().startswith(("File ", "warnings.warn")) and ".py:" not in line


def test_limits_are_fast(tmp_path: Path) -> None:
    """An alias bomb, a self-reference, 5,000 nested lists and a 50 MB file: each refused
    quickly (the documented bar: under 2 s)."""
    from perfkit.core.errors import ScenarioError
    from perfkit.scheme import load_scenario

    big = tmp_path / "big.yaml"
    with big.open("w") as f:
        f.write("name: big\ndescription: '")
        f.write("x" * 50_000_000)
        f.write("'\n")
    texts = {"bomb": alias_bomb(), "deep": "l: " + "[" * 5000 + "]" * 5000}
    for name, text in texts.items():
        (tmp_path / f"{name}.yaml").write_text(text)
    for path in [big, *(tmp_path / f"{n}.yaml" for n in texts)]:
        tracemalloc.start()
        started = time.perf_counter()
        with pytest.raises(ScenarioError):
            load_scenario(path)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert seconds < 2.0, path.name
        assert peak < 20e6, path.name  # the 50 MB file is never read


def test_a_fill_is_recorded_in_the_statements(tmp_path: Path) -> None:
    """--fill is on each filled row of the output, and only there."""
    import pandas as pd

    _write(tmp_path, {"s.yaml": GOOD, "d.csv": data_text(cell(3, "qa_score", ""))})
    out = tmp_path / "pay.csv"
    args = ["payout", f"{tmp_path}/s.yaml", "--data", f"{tmp_path}/d.csv", "--out", str(out)]
    assert main([*args, "--fill", "qa_score=zero"]) == 0
    pay = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert (pay["filled"] == "qa_score=zero").sum() == 1
    row = pay[pay["filled"] != ""].iloc[0]
    assert (row["agent_id"], row["period"]) == ("A0001", "2025-02")  # file line 3
    assert row["deductions"] >= 0


@pytest.mark.parametrize(
    "name", ["empty file", "alias bomb", "rate 2", "source outside", "payout out under file"]
)
def test_as_a_real_process(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    _write(tmp_path, case.files)
    run = subprocess.run(
        [sys.executable, "-m", "perfkit.apps.cli.main", *(_fill(a, tmp_path) for a in case.argv)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "MPLBACKEND": "agg"},
    )  # fmt: skip
    assert "Traceback" not in run.stderr
    assert run.returncode == case.code
    assert case.word in run.stdout + run.stderr


def test_chinese_kpi_names_reach_the_same_rules() -> None:
    """销售额 in a scenario is revenue: the same plan, and parameter paths accept it too."""
    from perfkit.scheme import parse_scenario
    from perfkit.scheme.params import get_param

    zh = yaml.safe_load(scenario_text())
    zh["scorecard"][0]["kpi"], zh["scorecard"][1]["kpi"] = "销售额", "接通率"
    en = parse_scenario(yaml.safe_load(GOOD))
    plan = parse_scenario(zh)
    assert plan.model_dump() == en.model_dump()
    assert (
        get_param(plan, "scorecard.销售额.weight")
        == get_param(en, "scorecard.revenue.weight")
        == 60
    )
