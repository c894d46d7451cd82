"""Sub-commands on simulated populations: simulate, compare, sweep (optimize: its own module)."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, check_out_dir, load_export
from perfkit.apps.cli.fmt import number
from perfkit.apps.cli.scale import scale_options, scaled


def simulation_options(p: argparse.ArgumentParser, runs: int) -> None:
    """--runs, --seed and --periods, defaulting to the scenario's simulation settings."""
    p.add_argument(
        "--runs",
        type=int,
        default=None,
        help=f"Monte Carlo runs (default: the scenario's simulation.runs, else {runs})",
    )
    p.add_argument(
        "--seed", type=int, default=None, help="random seed (default: simulation.seed, else 0)"
    )
    p.add_argument(
        "--periods",
        type=int,
        default=None,
        help="periods to simulate (default: simulation.periods, else 12 months or 4 quarters)",
    )
    p.set_defaults(default_runs=runs)


def data_option(p: argparse.ArgumentParser, also: str = "") -> None:
    """--data EXPORT: the client's KPI export every plan is simulated on."""
    p.add_argument(
        "--data",
        type=Path,
        metavar="EXPORT",
        help="client KPI export: every plan runs on the population calibrated from it, "
        f"instead of the scenario's{also}",
    )
    blank_options(p)


def data_arg(args: argparse.Namespace):
    """``--data`` as given, or loaded with the blank-cell policy when one is stated."""
    if args.data is None:
        return None
    return load_export(args, only_if_stated=True)


def say_population(info: dict) -> None:
    """One line naming the population the plans ran on."""
    from perfkit.fit.population_choice import population_label

    if info:
        print(f"population: {population_label(info)}")


def value(text: str) -> float:
    """A number on the command line, as in scenario files: 0.05 or "5%"."""
    t = text.strip()
    try:
        return float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number (expected e.g. 0.05 or 5%)"
        ) from None


def runs_and_seed(args: argparse.Namespace, scenario) -> tuple[int, int]:
    """The command line's --runs/--seed, else what the scenario states, else the defaults."""
    sim = scenario.simulation
    stated = sim.model_fields_set if sim is not None else set()
    runs = args.runs if args.runs is not None else (sim.runs if "runs" in stated else None)
    seed = args.seed if args.seed is not None else (sim.seed if sim is not None else 0)
    return (args.default_runs if runs is None else runs), seed


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("simulate", help="simulate how agents respond to a scenario")
    p.add_argument("scenario", type=Path)
    data_option(p)
    simulation_options(p, 200)
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--csv", action="store_true", help="also write the tables as CSV")
    p.add_argument(
        "--agents-table",
        action="store_true",
        help="write the agents table (one row per agent-month-run) of every run; by default "
        "it holds 20 runs spread over them, and every other table covers every run",
    )
    scale_options(p)
    p.set_defaults(handler=scaled(_simulate))

    p = sub.add_parser("compare", help="compare plans on the same population and random draws")
    p.add_argument("scenarios", nargs="+", type=Path, metavar="SCENARIO")
    p.add_argument("--baseline", type=Path, help="baseline scenario (default: the first)")
    data_option(p, "; also the history of the static (back-test) winners and losers")
    simulation_options(p, 50)
    p.add_argument(
        "--max-runs",
        type=int,
        default=None,
        help="budget of paired runs: runs double until the profit leader beats the runner-up "
        "in at least 90%% of them (default: 4 × --runs; --max-runs = --runs: no more runs)",
    )
    p.add_argument("--out", type=Path, required=True, help="output directory")
    scale_options(p)
    p.set_defaults(handler=scaled(_compare))

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
        type=value,
        metavar="V",
        help="values for the preceding --param",
    )
    data_option(p)
    simulation_options(p, 20)
    p.add_argument("--jobs", type=int, default=None, help="parallel processes (default: all cores)")
    p.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--out", type=Path, help="write the sweep table (.csv/.xlsx/.parquet)")
    p.set_defaults(handler=_sweep)


def _simulate(args: argparse.Namespace) -> int:
    from perfkit.fit.population_choice import choose_population
    from perfkit.scheme import load_scenario
    from perfkit.simulate import SAMPLE_RUNS, simulate

    check_out_dir(args.out)
    scenario = load_scenario(args.scenario)
    runs, seed = runs_and_seed(args, scenario)
    chosen = choose_population([scenario], data=data_arg(args))
    result = simulate(
        scenario, runs=runs, seed=seed, periods=args.periods, progress=True,
        population=chosen.population, agents_table=args.agents_table or SAMPLE_RUNS,
    )  # fmt: skip
    formats = ("parquet", "csv") if args.csv else ("parquet",)
    result.to_dir(args.out, formats=formats)
    s = result.summary
    print(f"{scenario.name}: {runs} runs, seed {seed}")
    say_population(chosen.info)
    cells = [("metric", "mean", "P10", "P90")] + [
        (r.metric, number(r.mean), number(r.p10), number(r.p90)) for r in s.itertuples()
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    for row in cells:
        print(
            "  "
            + "  ".join(
                [row[0].ljust(widths[0])]
                + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            )
        )
    from perfkit.analysis.metrics import per_run_metrics
    from perfkit.analysis.risk import risk_flags

    flags = risk_flags(result, scenario, per_run_metrics(result))
    for row in flags[flags["triggered"]].itertuples():
        print(f"risk: {row.message}")
    print(f"wrote {args.out}/summary.json and tables")
    return 0


def decision_line(d) -> str:
    """How clearly the profit leader beats the runner-up, in one line."""
    if d.status == "clear":
        draws = f" across {d.draws} parameter draws too" if d.draws else ""
        verdict = "clear" + (draws or " (Monte Carlo luck only: no parameter draws)")
    elif d.status == "depends_on_parameters":
        verdict = (
            f"clear run by run but ahead in only {d.draw_share:.0%} of {d.draws} parameter "
            "draws: the lead depends on the uncertain parameters"
        )
    else:
        verdict = {
            "ahead_on_average": "ahead on average only (not in 90% of runs)",
            "within_noise": "within noise",
        }[d.status]
    return (
        f"decision: '{d.leader}' vs '{d.runner_up}' on {d.metric}: {verdict}; wins "
        f"{d.win_share:.0%} of {d.runs} paired runs (budget {d.max_runs}); mean difference "
        f"{number(d.mean_diff)} (95% CI {number(d.ci_low)} to {number(d.ci_high)})"
    )


def _compare(args: argparse.Namespace) -> int:
    from perfkit.analysis.compare import compare
    from perfkit.core.errors import ParameterError
    from perfkit.scheme import load_scenario

    check_out_dir(args.out)
    paths = list(args.scenarios)
    if args.baseline:
        paths = [args.baseline] + [p for p in paths if p.resolve() != args.baseline.resolve()]
    scenarios = [load_scenario(p) for p in paths]
    runs, seed = runs_and_seed(args, scenarios[0])
    max_runs = 4 * runs if args.max_runs is None else args.max_runs
    if max_runs < runs:
        raise ParameterError(f"--max-runs {max_runs}: expected at least --runs ({runs})")
    comp = compare(
        scenarios, 0, runs=runs, seed=seed, periods=args.periods, progress=True, data=data_arg(args),
        max_runs=max_runs,
    )  # fmt: skip
    comp.to_dir(args.out)
    say_population(comp.meta["population"])
    wide = comp.summary.pivot_table(index="metric", columns="plan", values="mean", sort=False)
    print(wide[comp.plans].to_string(float_format=number))
    if comp.decision is not None:
        print(decision_line(comp.decision))
    flagged = comp.flags[comp.flags["triggered"]]
    for row in flagged.itertuples():
        print(f"risk [{row.plan}] {row.message}")
    print(f"wrote {args.out}/comparison.json and tables")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from perfkit.analysis.sweep import sweep
    from perfkit.core.errors import ParameterError
    from perfkit.files.outputs import save_table
    from perfkit.scheme import load_scenario

    if len(args.param) != len(args.values):
        raise ParameterError("give one --values list after each --param")
    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs {args.jobs}: expected at least 1 (default: all cores)")
    from perfkit.apps.cli.pay import _check_out

    _check_out(args.out, inputs=(args.scenario,))
    scenario = load_scenario(args.scenario)
    params = list(zip(args.param, args.values, strict=True))
    runs, seed = runs_and_seed(args, scenario)
    result = sweep(
        scenario,
        params,
        runs=runs,
        seed=seed,
        periods=args.periods,
        jobs=args.jobs,
        dask=args.dask,
        data=data_arg(args),
    )
    say_population(result.attrs["population"])
    show = [*args.param, "revenue", "total_pay", "cost_of_sales", "profit", "motivation_index"]
    print(result[[c for c in show if c in result]].to_string(index=False, float_format=number))
    if args.out:
        save_table(result, args.out)
        print(f"wrote {args.out}")
    return 0
