"""``perfkit optimize``: tune plan parameters for an objective under constraints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perfkit.apps.cli.checks import check_out_dir
from perfkit.apps.cli.fmt import text_table
from perfkit.apps.cli.sim import (
    data_arg,
    data_option,
    runs_and_seed,
    say_population,
    simulation_options,
    value,
)


def register(sub: argparse._SubParsersAction) -> None:
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
        help='e.g. "cost_of_sales <= 0.12", or at a percentile across runs '
        '"cost_of_sales:p90 <= 0.18" (repeatable); it must hold on a fresh seed at 95%%',
    )
    p.add_argument(
        "--participation",
        action="store_true",
        help="set every plan's base salary so agents' mean certainty equivalent meets their "
        "outside option (the firm then maximises profit under that rule)",
    )
    p.add_argument(
        "--step",
        action="append",
        nargs=2,
        default=[],
        metavar=("PATH", "STEP"),
        help="round PATH's optimum to multiples of STEP (default: 0.001 for rates, 1 for amounts)",
    )
    data_option(p)
    simulation_options(p, 20)
    p.add_argument("--maxiter", type=int, default=30)
    p.add_argument(
        "--out", type=Path, required=True, help="output directory (best scenario, search path)"
    )
    p.set_defaults(handler=_optimize)


def _vary_and_steps(
    args: argparse.Namespace,
) -> tuple[list[tuple[str, float, float]], dict[str, float]]:
    """``--vary PATH LOW HIGH`` and ``--step PATH STEP`` with their numbers read."""
    from perfkit.core.errors import ParameterError

    try:
        vary = [(p, value(lo), value(hi)) for p, lo, hi in args.vary]
    except argparse.ArgumentTypeError as err:
        raise ParameterError(f"--vary: {err}") from None
    try:
        steps = {p: value(step) for p, step in args.step}
    except argparse.ArgumentTypeError as err:
        raise ParameterError(f"--step: {err}") from None
    return vary, steps


def _optimize(args: argparse.Namespace) -> int:
    from perfkit.analysis.optimize import optimize
    from perfkit.analysis.optimum import best_scenario_file
    from perfkit.scheme import load_scenario

    check_out_dir(args.out)
    scenario = load_scenario(args.scenario)
    vary, steps = _vary_and_steps(args)
    runs, seed = runs_and_seed(args, scenario)
    res = optimize(
        scenario,
        vary,
        args.objective,
        args.constraint,
        runs=runs,
        seed=seed,
        periods=args.periods,
        maxiter=args.maxiter,
        data=data_arg(args),
        participation=args.participation,
        steps=steps,
    )
    stem = Path(args.scenario).stem
    res.to_dir(args.out, stem)
    _say(res)
    print(f"wrote {args.out / best_scenario_file(stem)}, search_path.csv, robustness.csv")
    if not res.feasible:
        print(
            "perfkit optimize: no plan in the search met every constraint; the file states so",
            file=sys.stderr,
        )
        return 1
    return 0


def _say(res) -> None:
    """The optimum, its constraints, the participation rule and the fresh seeds, in lines."""
    status = "" if res.feasible else "  (NO feasible plan found: constraints violated)"
    say_population(res.meta["population"])
    lo, hi = res.objective_ci
    print(f"best {res.objective} = {res.value:,.6g} (95% CI {lo:,.6g} to {hi:,.6g}){status}")
    print(text_table([(k, f"{v:.6g} (step {res.steps[k]:g})") for k, v in res.best.items()]))
    if said := res.bound_sentence():
        print(f"note: {said}")
    for c in res.checks.itertuples():
        print(
            f"constraint {c.constraint}: {c.value:.6g} (95% CI {c.ci_low:.6g} to {c.ci_high:.6g}); "
            f"with a fresh seed's margin {c.robust:.6g}: {'holds' if c.holds else 'BROKEN'}"
        )
    if "participation" in res.meta:
        rule = res.meta["participation"]
        slack = " (salary at zero: agents keep a surplus)" if rule["slack"] else ""
        print(
            f"participation: base salary {rule['base_salary']:,.0f}; mean CE "
            f"{rule['mean_ce']:,.0f} vs outside option {rule['outside_option']:,.0f} per period{slack}"
        )
    r = res.robustness[res.objective]
    print(
        f"across {len(r)} other seeds: mean {r.mean():,.6g}, min {r.min():,.6g}, max {r.max():,.6g}"
    )
    for c in res.checks["constraint"]:
        held = res.robustness[f"{c} holds"]
        print(f"constraint {c} on those seeds: holds on {int(held.sum())} of {len(held)}")
