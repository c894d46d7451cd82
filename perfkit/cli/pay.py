"""Sub-commands on pay rules and real data: validate, schema, payout, backtest."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from perfkit.cli.fmt import money, pct, table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scenario files; print one line per file")
    p.add_argument("scenarios", nargs="+", type=Path, metavar="SCENARIO")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    p.add_argument("--out", type=Path, help="write to this file instead of stdout")
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
    p.set_defaults(handler=_payout)

    p = sub.add_parser("backtest", help="shadow pay: each agent's pay under CURRENT and NEW")
    p.add_argument("current", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--data", type=Path, required=True, help="KPI export (CSV or Excel)")
    p.add_argument("--out", type=Path, help="per-agent comparison file (.csv/.xlsx/.parquet)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=KPI")
    p.set_defaults(handler=_backtest)


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    from perfkit.errors import DataError

    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, kpi = pair.partition("=")
        if not sep or not header or not kpi:
            raise DataError("--map", [f"'{pair}' is not of the form HEADER=KPI"])
        out[header.strip()] = kpi.strip()
    return out or None


def _validate(args: argparse.Namespace) -> int:
    from perfkit.errors import ScenarioError
    from perfkit.scheme import load_scenario

    failed = 0
    for path in args.scenarios:
        try:
            s = load_scenario(path)
        except ScenarioError as err:
            failed += 1
            print(err)
            continue
        segs = f", {len(s.segments)} segment plan(s)" if s.segments else ""
        print(f"{path}: ok — '{s.name}', {len(s.scorecard)} scorecard KPI(s){segs}")
    if failed:
        print(f"{failed} of {len(args.scenarios)} scenario file(s) invalid")
    return 2 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    from perfkit.data import atomic_write_text
    from perfkit.scheme import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.out:
        atomic_write_text(args.out, text + "\n")
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


def _payout(args: argparse.Namespace) -> int:
    from perfkit.backtest import statement_summary
    from perfkit.data import load_kpis, save_table
    from perfkit.payout import compute_statements
    from perfkit.scheme import load_scenario

    scenario = load_scenario(args.scenario)
    kpis = load_kpis(args.data, mapping=_mapping(args.map))
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
    print(table(rows))
    if args.out:
        save_table(statements, args.out)
        print(f"wrote {len(statements)} statements to {args.out}")
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from perfkit.backtest import backtest
    from perfkit.data import load_kpis, save_table
    from perfkit.scheme import load_scenario

    current, new = load_scenario(args.current), load_scenario(args.new)
    kpis = load_kpis(args.data, mapping=_mapping(args.map))
    bt = backtest(current, new, kpis)
    per = bt.per_agent
    cur = new.currency
    old_total, new_total = per["current_pay"].sum(), per["new_pay"].sum()
    print(f"Back-test on {args.data} ({len(per)} agents): '{current.name}' → '{new.name}'")
    print(
        table(
            [
                ("total pay, current", money(old_total, cur)),
                ("total pay, new", money(new_total, cur)),
                (
                    "change",
                    f"{money(new_total - old_total, cur)} ({pct((new_total - old_total) / old_total)})",
                ),
            ]
        )
    )
    print("Winners and losers (agents by change in total pay):")
    print(table([(band, str(n)) for band, n in bt.bands.items()]))
    worst, best = per.iloc[0], per.iloc[-1]
    print(
        f"Largest loss: {worst.agent_id} ({pct(worst.change)}); "
        f"largest gain: {best.agent_id} ({pct(best.change)})"
    )
    if args.out:
        save_table(per, args.out)
        print(f"wrote {args.out}")
    return 0
