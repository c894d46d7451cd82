"""Sub-commands that learn from a client's history: estimate, validate-forecast."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, load_export, month_arg
from perfkit.core.intervals import interval


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
    p.add_argument("--bootstrap", type=int, default=299,
                   help="bootstrap resamples of the estimate on the rows kept (default 299)")  # fmt: skip
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
    blank_options(p)


def _estimate(args: argparse.Namespace) -> int:
    from perfkit.analysis.estimate.run import fit
    from perfkit.analysis.estimate.write import write
    from perfkit.apps.cli.pay import _mapping
    from perfkit.core.errors import ParameterError

    if args.bootstrap < 50:
        raise ParameterError(f"--bootstrap: expected at least 50 resamples, got {args.bootstrap}")
    data = load_export(args, _mapping(args.map), only_if_stated=True)
    result = fit(args.scenario, data, args.plan_map, bootstrap=args.bootstrap, seed=args.seed)
    paths = write(result, args.out, args.data if args.plan_map is None else None)
    print(
        f"Estimated from {args.data} in {result.seconds:.0f} s (plans: {', '.join(result.plans.names)})"
    )
    for line in estimate_lines(result):
        print(f"  {line}")
    for p in paths.values():
        print(f"wrote {p}")
    return 0


def estimate_lines(result) -> list[str]:
    """One line per parameter: value, interval, verdict."""
    r, a = result.responsiveness, result.attrition
    if r.status == "estimated":
        cost = f"{r.estimate:,.0f} (90% {r.interval()}; prior {r.prior:,.0f}): estimated"
    elif r.status == "misspecified":
        cost = f"{r.value:,.0f} (prior {r.prior:,.0f}): MISSPECIFIED — {r.reason}; {r.bound}"
    else:
        cost = f"prior {r.prior:,.0f} kept: NOT identified — {r.reason}"
    if a.quits == 0 and a.rate_identified:
        rate = (f"{a.annual_rate:.2%} a year (at most {a.rate_high:.1%}, 95%; prior "
                f"{a.prior_rate:.0%}): estimated, nobody left")  # fmt: skip
    elif a.rate_identified:
        rate = (f"{a.annual_rate:.1%} a year (90% {interval(a.rate_low, a.rate_high, '.1%')}; prior "
                f"{a.prior_rate:.0%}): estimated")  # fmt: skip
    else:
        rate = f"prior {a.prior_rate:.0%} kept: NOT identified"
    band = interval(a.sensitivity_low, a.sensitivity_high, ".1f")
    if a.identified:
        sens = f"{a.sensitivity:g} (90% {band}; prior {a.prior_sensitivity:g}): estimated"
    else:  # the interval is the export's, not one around the prior the scenario keeps
        beside = a.sensitivity_low <= a.prior_sensitivity <= a.sensitivity_high
        sens = (f"prior {a.prior_sensitivity:g} kept: NOT identified — the export's 90% "
                f"interval {band} reaches the end of the range tried"
                + ("" if beside else ", so the prior, outside it, is an assumption the data "
                   "neither confirm nor pin down"))  # fmt: skip
    timing = [f"deal-timing share: {result.timing.line()}"] if result.timing else []
    return [f"effort cost mean: {cost}", f"attrition at par: {rate}",
            f"attrition sensitivity: {sens}", *timing,
            *(result.forecast.lines() if result.forecast else [])]  # fmt: skip


def update_from_pilot(kpis, on, scenario, baseline, out: Path, *, seed: int = 0,
                      bootstrap: int | None = None):  # fmt: skip
    """Re-estimate the response from a pilot that ran and write the scenario into ``out``.

    ``on``: the export's rows paid under the piloted plan (perfkit.analysis.pilot
    .assignment.pilot_rows); every other row is the baseline's. The pilot is a plan change
    with a control group, so the effort cost is estimated from it (perfkit estimate).
    """
    import numpy as np

    from perfkit.analysis.estimate.responsiveness import BOOTSTRAP
    from perfkit.analysis.estimate.run import fit
    from perfkit.analysis.estimate.write import write
    from perfkit.payout.in_force import PLAN, PlanHistory

    base = Path(str(baseline.source or "baseline")).stem
    new = Path(str(scenario.source or "pilot")).stem
    new = new if new != base else f"{new}-pilot"
    df = kpis.copy()
    df[PLAN] = np.where(np.asarray(on, bool), new, base)
    plans = PlanHistory({base: baseline, new: scenario}, base)
    result = fit(baseline, df, plans=plans, seed=seed, bootstrap=bootstrap or BOOTSTRAP)
    return result, write(result, out, data_path=Path(out) / "kpis_with_plans.csv")


def _validate_forecast(args: argparse.Namespace) -> int:
    from perfkit.analysis.estimate.holdout import validate_forecast, write
    from perfkit.apps.cli.pay import _mapping
    from perfkit.core.errors import ParameterError

    if args.bootstrap < 50:
        raise ParameterError(f"--bootstrap: expected at least 50 resamples, got {args.bootstrap}")
    result = validate_forecast(
        args.scenario, load_export(args, _mapping(args.map), only_if_stated=True),
        holdout_from=args.holdout_from, holdout_teams=args.holdout_teams, plan_map=args.plan_map,
        runs=args.runs, seed=args.seed, estimate=not args.no_estimate, bootstrap=args.bootstrap,
    )  # fmt: skip
    for line in result.headline():
        print(line)
    for p in write(result, args.out).values():
        print(f"wrote {p}")
    return 0
