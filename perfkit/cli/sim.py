"""Sub-commands on simulated populations: simulate, compare, sweep, optimize."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from perfkit.cli.fmt import table


def _common(p: argparse.ArgumentParser, runs: int) -> None:
    p.add_argument("--runs", type=int, default=runs, help=f"Monte Carlo runs (default {runs})")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--periods", type=int, default=None, help="periods to simulate (default 12)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("simulate", help="simulate how agents respond to a scenario")
    p.add_argument("scenario", type=Path)
    _common(p, 200)
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--csv", action="store_true", help="also write the tables as CSV")
    p.set_defaults(handler=_simulate)

    p = sub.add_parser("compare", help="compare plans on the same population and random draws")
    p.add_argument("scenarios", nargs="+", type=Path, metavar="SCENARIO")
    p.add_argument("--baseline", type=Path, help="baseline scenario (default: the first)")
    p.add_argument(
        "--data", type=Path, help="KPI export for the static (back-test) winners and losers"
    )
    _common(p, 50)
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.set_defaults(handler=_compare)

    p = sub.add_parser("sweep", help="sweep parameters by path and print every headline metric")
    p.add_argument("scenario", type=Path)
    p.add_argument(
        "--param",
        action="append",
        required=True,
        metavar="PATH",
        help="parameter path, e.g. scorecard.revenue.weight (repeatable)",
    )
    p.add_argument(
        "--values",
        action="append",
        required=True,
        nargs="+",
        type=float,
        metavar="V",
        help="values for the preceding --param",
    )
    _common(p, 20)
    p.add_argument("--jobs", type=int, default=None, help="parallel processes (default: all cores)")
    p.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--out", type=Path, help="write the sweep table (.csv/.xlsx/.parquet)")
    p.set_defaults(handler=_sweep)

    p = sub.add_parser("optimize", help="tune parameters for an objective under constraints")
    p.add_argument("scenario", type=Path)
    p.add_argument(
        "--vary", action="append", nargs=3, required=True, metavar=("PATH", "LOW", "HIGH")
    )
    p.add_argument("--objective", default="profit")
    p.add_argument(
        "--constraint",
        action="append",
        default=[],
        metavar="EXPR",
        help='e.g. "cost_of_sales <= 0.12" (repeatable)',
    )
    _common(p, 20)
    p.add_argument("--maxiter", type=int, default=30)
    p.add_argument(
        "--out", type=Path, required=True, help="output directory (best scenario, search path)"
    )
    p.set_defaults(handler=_optimize)


def _simulate(args: argparse.Namespace) -> int:
    from perfkit.scheme import load_scenario
    from perfkit.simulate import simulate

    scenario = load_scenario(args.scenario)
    result = simulate(scenario, runs=args.runs, seed=args.seed, periods=args.periods, progress=True)
    formats = ("parquet", "csv") if args.csv else ("parquet",)
    result.to_dir(args.out, formats=formats)
    s = result.summary
    print(f"{scenario.name}: {args.runs} runs, seed {args.seed}")
    print(
        table(
            [
                (r.metric, f"{r.mean:,.4g}  (P10 {r.p10:,.4g}, P90 {r.p90:,.4g})")
                for r in s.itertuples()
            ]
        )
    )
    print(f"wrote {args.out}/summary.json and tables")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from perfkit.compare import compare
    from perfkit.data import load_kpis
    from perfkit.scheme import load_scenario

    paths = list(args.scenarios)
    if args.baseline:
        paths = [args.baseline] + [p for p in paths if p.resolve() != args.baseline.resolve()]
    scenarios = [load_scenario(p) for p in paths]
    kpis = load_kpis(args.data) if args.data else None
    comp = compare(
        scenarios, 0, runs=args.runs, seed=args.seed, periods=args.periods, kpis=kpis, progress=True
    )
    comp.to_dir(args.out)
    wide = comp.summary.pivot_table(index="metric", columns="plan", values="mean", sort=False)
    print(wide[comp.plans].to_string(float_format=lambda v: f"{v:,.4g}"))
    flagged = comp.flags[comp.flags["triggered"]]
    for row in flagged.itertuples():
        print(f"risk [{row.plan}] {row.message}")
    print(f"wrote {args.out}/comparison.json and tables")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from perfkit.data import save_table
    from perfkit.errors import ParameterError
    from perfkit.scheme import load_scenario
    from perfkit.sweep import sweep

    if len(args.param) != len(args.values):
        raise ParameterError("give one --values list after each --param")
    scenario = load_scenario(args.scenario)
    params = list(zip(args.param, args.values, strict=True))
    result = sweep(
        scenario,
        params,
        runs=args.runs,
        seed=args.seed,
        periods=args.periods,
        jobs=args.jobs,
        dask=args.dask,
    )
    show = [*args.param, "revenue", "total_pay", "cost_of_sales", "profit", "motivation_index"]
    print(
        result[[c for c in show if c in result]].to_string(
            index=False, float_format=lambda v: f"{v:,.4g}"
        )
    )
    if args.out:
        save_table(result, args.out)
        print(f"wrote {args.out}")
    return 0


def _optimize(args: argparse.Namespace) -> int:
    import yaml

    from perfkit.data import atomic_write_text, save_table
    from perfkit.optimize import optimize
    from perfkit.scheme import load_scenario

    scenario = load_scenario(args.scenario)
    vary = [(p, float(lo), float(hi)) for p, lo, hi in args.vary]
    res = optimize(
        scenario,
        vary,
        args.objective,
        args.constraint,
        runs=args.runs,
        seed=args.seed,
        periods=args.periods,
        maxiter=args.maxiter,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    best_yaml = args.out / f"{Path(args.scenario).stem}_optimized.yaml"
    doc = res.scenario.model_dump(mode="json", exclude_none=True)
    doc["description"] = (
        doc.get("description", "")
        + f" Optimised for {args.objective}: "
        + ", ".join(f"{k} = {v:.6g}" for k, v in res.best.items())
    ).strip()
    atomic_write_text(best_yaml, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    save_table(res.history, args.out / "search_path.csv")
    save_table(res.robustness, args.out / "robustness.csv")
    atomic_write_text(
        args.out / "optimum.json",
        json.dumps(
            {
                "best": res.best,
                "objective": args.objective,
                "value": res.value,
                "feasible": res.feasible,
                "evaluations": len(res.history),
                "robustness": res.robustness.to_dict(orient="records"),
            },
            indent=2,
        ),
    )
    status = "" if res.feasible else "  (NO feasible plan found: constraints violated)"
    print(f"best {args.objective} = {res.value:,.6g}{status}")
    print(table([(k, f"{v:.6g}") for k, v in res.best.items()]))
    r = res.robustness[args.objective]
    print(
        f"across {len(r)} other seeds: mean {r.mean():,.6g}, min {r.min():,.6g}, max {r.max():,.6g}"
    )
    print(f"wrote {best_yaml}, search_path.csv, robustness.csv")
    return 0
