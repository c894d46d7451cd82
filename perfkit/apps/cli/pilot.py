"""``perfkit pilot design`` and ``perfkit pilot evaluate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, load_export
from perfkit.apps.cli.fmt import text_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pilot", help="design a pilot of a plan, or evaluate one after it ran")
    psub = p.add_subparsers(dest="pilot_command", required=True, metavar="STEP")

    d = psub.add_parser("design", help="pilot and control teams, duration and power")
    d.add_argument("scenario", type=Path, help="the plan to pilot")
    d.add_argument("--baseline", type=Path, required=True, help="the current plan (control)")
    d.add_argument("--data", type=Path, required=True, metavar="EXPORT", help="KPI history")
    d.add_argument("--out", type=Path, required=True, help="output directory")
    d.add_argument("--teams", type=int, nargs="+", metavar="N",
                   help="candidate numbers of pilot teams (default: 1 … all but one; "
                   "up to half on a floor of more than 12 teams)")  # fmt: skip
    d.add_argument("--months", type=int, nargs="+", default=[2, 3, 6], metavar="M",
                   help="candidate durations in months (default: 2 3 6)")  # fmt: skip
    d.add_argument("--seed", type=int, default=0, help="randomisation and simulation seed")
    d.add_argument("--reps", type=int, default=4000, help="power-simulation replicates")
    d.add_argument("--runs", type=int, default=20, help="simulation runs for the forecast")
    d.add_argument("--no-pdf", action="store_true", help="HTML pages only")
    blank_options(d)
    d.set_defaults(handler=_design)

    e = psub.add_parser("evaluate", help="effects of a pilot that ran, and a recommendation")
    e.add_argument("--data", type=Path, required=True, metavar="EXPORT_AFTER")
    e.add_argument("--assignment", type=Path, required=True, help="assignment.csv of the design")
    e.add_argument("--out", type=Path, required=True, help="output directory")
    e.add_argument("--forecast", type=Path, metavar="DIR", help="the design's folder")
    e.add_argument("--scenario", type=Path, help="the piloted plan (default: the assignment's)")
    e.add_argument("--baseline", type=Path, help="the current plan (default: the assignment's)")
    e.add_argument("--reps", type=int, default=1999, help="wild bootstrap draws")
    e.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    e.add_argument("--no-pdf", action="store_true", help="HTML pages only")
    e.add_argument("--update", type=Path, metavar="OUT",
                   help="also re-estimate the response from the pilot and write the scenario "
                   "into OUT (as perfkit estimate does)")  # fmt: skip
    blank_options(e)
    e.set_defaults(handler=_evaluate)


def _positive(name: str, value: int, least: int = 1) -> None:
    from perfkit.core.errors import ParameterError

    if value < least:
        raise ParameterError(f"{name} {value}: expected at least {least}")


def _design(args: argparse.Namespace) -> int:
    from perfkit.analysis.pilot.design import design_pilot
    from perfkit.pages.pilot.write import write_design
    from perfkit.scheme import load_scenario

    _positive("--reps", args.reps, 100)
    _positive("--runs", args.runs)
    scenario, baseline = load_scenario(args.scenario), load_scenario(args.baseline)
    kpis = load_export(args)
    d = design_pilot(
        scenario, baseline, kpis, teams=args.teams, months=tuple(args.months), seed=args.seed,
        reps=args.reps, runs=args.runs,
    )  # fmt: skip
    files = write_design(d, args.out, pdf=not args.no_pdf)
    c = d.choice
    pilot = d.assignment.loc[d.assignment["arm"] == "pilot", "team"].tolist()
    print(
        f"pilot {c['teams']} of {d.meta['teams_in_export']} teams for {c['months']} months "
        f"({c['start']} to {c['end']}): {', '.join(pilot)}"
    )
    chosen = d.power[(d.power["teams"] == c["teams"]) & (d.power["months"] == c["months"])]
    print(text_table([
        (f"{r.outcome}: forecast / MDE / power",
         f"{r.forecast:,.0f} ({r.forecast_pct:+.1%}) / {r.mde:,.0f} ({r.mde_pct:.1%}) / "
         f"{r.power_at_forecast:.0%}")
        for r in chosen.itertuples()
    ]))  # fmt: skip
    if not c["detectable"]:
        print("warning: no candidate pilot reaches 80% power for the forecast profit effect")
    print(f"wrote {args.out}/: {', '.join(files)}")
    return 0


def _effect_format(outcome: str, currency: str):
    """How an effect on ``outcome`` reads: money with its currency, team rates in
    percentage points, counts with two decimals."""
    if outcome in ("revenue", "profit", "pay"):
        return lambda v: f"{currency} {v:+,.0f}"
    if outcome in ("cost_of_sales", "attrition"):
        return lambda v: f"{100 * v:+.2f} pp"
    return lambda v: f"{v:+,.2f}"


def _plan_file(given: Path | None, stated: str | None, assignment: Path, what: str) -> Path:
    from perfkit.core.errors import PilotError

    if given is not None:
        return given
    if not stated:
        raise PilotError(f"{assignment}: no {what} file named; give --{what} SCENARIO")
    from perfkit.scheme.paths import named_file_problem

    for path in (assignment.parent / stated, Path(stated)):  # written relative to the file
        if path.is_file():
            if problem := named_file_problem(path, assignment):
                raise PilotError(f"{assignment}: line 2: column {what!r}: {stated!r} {problem}")
            return path
    raise PilotError(
        f"{assignment}: {what} file {stated!r} not found (looked beside the assignment and in "
        f"the current folder); give --{what} SCENARIO"
    )


def _evaluate(args: argparse.Namespace) -> int:
    from perfkit.analysis.pilot.assignment import load_assignment
    from perfkit.analysis.pilot.evaluate import evaluate_pilot, load_forecast
    from perfkit.core.intervals import interval
    from perfkit.pages.pilot.write import write_evaluation
    from perfkit.scheme import load_scenario

    _positive("--reps", args.reps, 99)
    a = load_assignment(args.assignment)
    scenario = load_scenario(_plan_file(args.scenario, a.scenario, args.assignment, "scenario"))
    baseline = load_scenario(_plan_file(args.baseline, a.baseline, args.assignment, "baseline"))
    kpis = load_export(args)
    forecast = load_forecast(args.forecast) if args.forecast else None
    ev = evaluate_pilot(kpis, a, scenario, baseline, forecast, reps=args.reps, seed=args.seed)
    files = write_evaluation(ev, args.out, pdf=not args.no_pdf)
    rows = []
    for r in ev.effects.itertuples():
        v = _effect_format(r.outcome, scenario.currency)
        extra = f"; forecast {v(r.forecast)}" if forecast is not None else ""
        rows.append(
            (
                r.outcome,
                f"{v(r.estimate)} (95% CI {interval(r.ci_low, r.ci_high, v, ' to ')}){extra}",
            )
        )
    print("Effect of the pilot plan (per agent-month; team rates per team-month):")
    print(text_table(rows))
    method = ev.effects["ci_method"].iloc[0]
    print(f"intervals: {method}; errors clustered by team ({ev.effects['clusters'].iloc[0]} teams)")
    rec = ev.recommendation
    print(f"recommendation: {rec['decision'].replace('_', ' ')} ({', '.join(rec['reasons'])})")
    print(f"wrote {args.out}/: {', '.join(files)}")
    if args.update is not None:
        _update(args, kpis, a, scenario, baseline)
    return 0


def _update(args: argparse.Namespace, kpis, a, scenario, baseline) -> None:
    """``--update OUT``: the scenario re-estimated from the pilot (perfkit estimate)."""
    from perfkit.analysis.pilot.assignment import pilot_rows
    from perfkit.analysis.pilot.evaluate import names_of
    from perfkit.apps.cli.estimate import estimate_lines, update_from_pilot

    on = pilot_rows(kpis, a, names_of(scenario), names_of(baseline))
    result, paths = update_from_pilot(kpis, on, scenario, baseline, args.update, seed=args.seed)
    print(f"Re-estimated from the pilot in {result.seconds:.0f} s:")
    for line in estimate_lines(result):
        print(f"  {line}")
    for p in paths.values():
        print(f"wrote {p}")
