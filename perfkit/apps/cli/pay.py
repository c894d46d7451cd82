"""Sub-commands on pay rules and real data: validate, schema, payout, backtest."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, check_out_file, load_export
from perfkit.apps.cli.fmt import text_table
from perfkit.core.errors import PerfkitError
from perfkit.text.numbers import money, pct


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scenario files; print one line per file")
    p.add_argument("scenarios", nargs="+", type=Path, metavar="SCENARIO")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    p.add_argument("--out", type=Path, help="write to this file instead of stdout")
    p.add_argument("--markdown", action="store_true", help="a readable Markdown reference instead")
    p.set_defaults(handler=_schema)

    p = sub.add_parser("payout", help="pay statements for a KPI table under one scenario")
    p.add_argument("scenario", type=Path)
    p.add_argument("--data", type=Path, required=True, help="KPI export (CSV or Excel)")
    p.add_argument("--out", type=Path, help="statements file (.csv, .xlsx or .parquet)")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=KPI",
        help="map an unusual column header to a canonical KPI name",
    )
    _lang_option(p, "statement")
    blank_options(p)
    p.set_defaults(handler=_payout)

    p = sub.add_parser("backtest", help="shadow pay: each agent's pay under CURRENT and NEW")
    p.add_argument("current", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--data", type=Path, required=True, help="KPI export (CSV or Excel)")
    p.add_argument("--out", type=Path, help="per-agent comparison file (.csv/.xlsx/.parquet)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=KPI")
    _lang_option(p, "comparison")
    blank_options(p)
    p.add_argument(
        "--plan-map",
        type=Path,
        metavar="FILE",
        help="CSV naming the plan in force per agent/team/period (plan, agent_id, team, "
        "from, to); default: the export's plan column, else CURRENT for every row",
    )
    p.set_defaults(handler=_backtest)


def _lang_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help=f"language of the xlsx {what}'s headers and sheets (default en)",
    )


#: Suffixes ``--out`` accepts for tables (those :func:`perfkit.files.outputs.save_table` writes).
TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
#: Optional columns the payout engine reads besides the canonical KPI columns.
EXTRA_COLUMNS = ("role", "capacity")


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    """``--map HEADER=KPI`` options as a mapping onto known column names."""
    from perfkit.files.data import CANONICAL

    known = (*CANONICAL, *EXTRA_COLUMNS)
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, kpi = (part.strip() for part in pair.partition("="))
        if not sep or not header or not kpi:
            raise PerfkitError(
                f"--map {pair!r}: expected HEADER=KPI, e.g. --map '销售金额=revenue'"
            )
        if kpi not in known:
            close = difflib.get_close_matches(kpi, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(known)}"
            raise PerfkitError(f"--map {pair!r}: {kpi!r} is not a KPI column; {hint}")
        out[header] = kpi
    return out or None


def _check_out(
    path: Path | None,
    suffixes: tuple[str, ...] | None = TABLE_SUFFIXES,
    inputs: tuple[Path, ...] = (),
) -> None:
    """Fail before any work if ``--out`` cannot be written as asked or would replace an input."""
    if path is None:
        return
    if suffixes and path.suffix.lower() not in suffixes:
        got = repr(path.suffix) if path.suffix else "no suffix"
        raise PerfkitError(f"{path}: cannot write {got}; expected {', '.join(suffixes)}")
    if path.is_dir():
        raise PerfkitError(f"{path}: is a directory; expected a file name")
    check_out_file(path)
    if any(path.resolve() == i.resolve() for i in inputs):
        raise PerfkitError(f"{path}: --out would overwrite an input file; expected a new name")


def _write(path: Path, write: Callable[[], object]) -> None:
    """Run an atomic ``write`` of ``path``; an I/O failure is one message, any old file kept."""
    try:
        write()
    except OSError as err:
        raise PerfkitError(f"{path}: cannot write the file: {err.strerror or err}") from err
    print(f"wrote {path}")


def _validate(args: argparse.Namespace) -> int:
    from perfkit.core.errors import ScenarioError
    from perfkit.scheme import load_scenario

    failed = 0
    for path in args.scenarios:
        try:
            s = load_scenario(path)
        except ScenarioError as err:
            failed += 1
            print(err, file=sys.stderr)
            continue
        segs = f", {len(s.segments)} segment plan(s)" if s.segments else ""
        print(f"{path}: ok — '{s.name}', {len(s.scorecard)} scorecard KPI(s){segs}")
    if failed:
        print(f"{failed} of {len(args.scenarios)} scenario file(s) invalid", file=sys.stderr)
    return 2 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    from perfkit.files.outputs import atomic_write_text
    from perfkit.scheme import json_schema
    from perfkit.scheme.reference import markdown_reference

    if args.markdown:
        text = markdown_reference().rstrip("\n")
    else:
        text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.out:
        _check_out(args.out, suffixes=None)
        _write(args.out, lambda: atomic_write_text(args.out, text + "\n"))
    else:
        print(text)
    return 0


def _payout(args: argparse.Namespace) -> int:
    from perfkit.analysis.backtest import statement_summary
    from perfkit.core.quarters import for_scenario
    from perfkit.pages.statements import write_statements
    from perfkit.payout import compute_statements
    from perfkit.scheme import load_scenario

    _check_out(args.out, inputs=(args.data, args.scenario))
    mapping = _mapping(args.map)
    scenario = load_scenario(args.scenario)
    raw = load_export(args, mapping)
    kpis, note = for_scenario(raw, scenario)
    if note:
        print(f"note: {note}")
    statements = compute_statements(kpis, scenario)
    s = statement_summary(statements, kpis, scenario.grades.names if scenario.grades else None)
    cur = scenario.currency
    print(f"{scenario.name} on {args.data}: {s['agents']} agents × {s['periods']} periods")
    rows = [
        ("total pay", money(s["total_pay"], cur)),
        ("incentive pay", money(s["incentive_pay"], cur)),
        ("revenue", money(s["revenue"], cur)),
        ("pay per order", money(s["pay_per_order"], cur)),
        ("cost of sales (pay ÷ revenue)", pct(s["cost_of_sales"])),
    ]
    if s["grade_mix"]:
        rows.append(("grade mix", "  ".join(f"{g} {pct(v, 0)}" for g, v in s["grade_mix"].items())))
    print(text_table(rows))
    if args.out:
        _write(args.out, lambda: write_statements(statements, raw, scenario, args.out, args.lang))
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from perfkit.analysis.backtest import backtest
    from perfkit.core.quarters import for_scenario
    from perfkit.pages.statements import write_backtest
    from perfkit.payout.in_force import has_plans, plan_history
    from perfkit.scheme import load_scenario

    _check_out(args.out, inputs=(args.data, args.current, args.new))
    mapping = _mapping(args.map)
    current, new = load_scenario(args.current), load_scenario(args.new)
    kpis = load_export(args, mapping)
    in_force = current
    if has_plans(kpis, args.plan_map):
        kpis, in_force = plan_history(kpis, current, str(args.data), args.plan_map)
        print(f"current pay: each row under its plan in force ({', '.join(in_force.names)})")
    for sc in (current, new):
        if note := for_scenario(kpis, sc)[1]:
            print(f"note: {note}")
    bt = backtest(in_force, new, kpis)
    per = bt.per_agent
    cur = new.currency
    old_total, new_total = float(per["current_pay"].sum()), float(per["new_pay"].sum())
    diff = new_total - old_total
    print(f"Back-test on {args.data} ({len(per)} agents): '{current.name}' → '{new.name}'")
    rows = [
        ("total pay, current", money(old_total, cur)),
        ("total pay, new", money(new_total, cur)),
        ("change", f"{money(diff, cur)} ({pct(diff / old_total) if old_total else 'n/a'})"),
    ]
    print(text_table(rows))
    print("Winners and losers (agents by change in total pay):")
    print(text_table([(band, str(n)) for band, n in bt.bands.items()]))
    for what, movers in (("loss", bt.movers(losers=True)), ("gain", bt.movers(losers=False))):
        for r in movers.itertuples():  # per month in post: joiners compare fairly
            print(f"Largest {what} a month: {r.agent_id} ({money(r.difference_per_month, cur)} "
                  f"a month over {r.months} month(s); {pct(r.change, signed=True)} in total)")  # fmt: skip
    if args.out:
        _write(args.out, lambda: write_backtest(bt, kpis, current, new, args.out, args.lang))
    return 0
