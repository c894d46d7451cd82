"""Sub-commands that learn from a client's history: estimate, validate-forecast."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import month_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "estimate", help="estimate effort cost and attrition sensitivity from a KPI export"
    )
    p.add_argument("scenario", type=Path)
    _data_options(p)
    p.add_argument("--bootstrap", type=int, default=999, help="bootstrap resamples (default 999)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: simulation.seed)")
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.set_defaults(handler=_estimate)

    p = sub.add_parser(
        "validate-forecast",
        help="fit on earlier months (or other teams), forecast the held-out part, compare",
    )
    p.add_argument("scenario", type=Path)
    _data_options(p)
    p.add_argument(
        "--holdout-from", metavar="YYYY-MM", type=month_arg, help="hold out this month and later"
    )
    p.add_argument(
        "--holdout-teams", nargs="+", metavar="TEAM", help="hold out these teams (all months)"
    )
    p.add_argument("--runs", type=int, default=100, help="Monte Carlo runs (default 100)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: simulation.seed)")
    p.add_argument("--no-estimate", action="store_true", help="keep the priors (no estimation)")
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.set_defaults(handler=_validate_forecast)


def _data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, required=True, metavar="EXPORT", help="KPI export")
    p.add_argument(
        "--plan-map",
        type=Path,
        metavar="FILE",
        help="CSV naming the plan in force per agent/team/period (plan, agent_id, team, from, "
        "to); default: the export's plan column",
    )
    p.add_argument("--map", action="append", default=[], metavar="HEADER=KPI")


def _estimate(args: argparse.Namespace) -> int:
    from perfkit.analysis.estimate.run import fit, write
    from perfkit.apps.cli.pay import _mapping
    from perfkit.core.errors import ParameterError

    if args.bootstrap < 50:
        raise ParameterError(f"--bootstrap: expected at least 50 resamples, got {args.bootstrap}")
    result = fit(args.scenario, args.data, args.plan_map, bootstrap=args.bootstrap,
                 seed=args.seed, mapping=_mapping(args.map))  # fmt: skip
    paths = write(result, args.out, args.data if args.plan_map is None else None)
    from perfkit.core.intervals import interval

    r, a = result.responsiveness, result.attrition
    print(
        f"Estimated from {args.data} in {result.seconds:.0f} s (plans: {', '.join(result.plans.names)})"
    )
    state = "identified" if r.identified else "NOT identified, prior kept"
    print(f"  effort cost mean: {r.estimate:,.0f} (90% {interval(r.low, r.high)}; prior "
          f"{r.prior:,.0f}): {state}")  # fmt: skip
    state = "identified" if a.identified else "NOT identified, prior kept"
    band = interval(a.sensitivity_low, a.sensitivity_high, "g")
    print(f"  attrition sensitivity: {a.sensitivity:g} (90% {band}; "
          f"prior {a.prior_sensitivity:g}): {state}")  # fmt: skip
    for p in paths.values():
        print(f"wrote {p}")
    return 0


def _validate_forecast(args: argparse.Namespace) -> int:
    from perfkit.analysis.estimate.holdout import validate_forecast, write
    from perfkit.apps.cli.pay import _mapping

    result = validate_forecast(
        args.scenario, args.data, holdout_from=args.holdout_from, holdout_teams=args.holdout_teams,
        plan_map=args.plan_map, runs=args.runs, seed=args.seed, estimate=not args.no_estimate,
        mapping=_mapping(args.map),
    )  # fmt: skip
    for line in result.headline():
        print(line)
    for p in write(result, args.out).values():
        print(f"wrote {p}")
    return 0
