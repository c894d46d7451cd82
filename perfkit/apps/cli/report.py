"""``perfkit render``: client briefing reports for scenarios, plus their comparison."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options
from perfkit.apps.cli.scale import scale_options, scaled
from perfkit.apps.cli.sim import simulation_options

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render", help="render a briefing report per scenario and a comparison report"
    )
    p.add_argument("scenarios", nargs="+", type=Path, metavar="SCENARIO")
    p.add_argument("--baseline", type=Path, help="baseline scenario (default: the first)")
    p.add_argument(
        "--data",
        type=Path,
        metavar="EXPORT",
        help="client KPI export: every plan runs on the population calibrated from it, "
        "and the back-tests (static winners/losers) re-price it",
    )
    p.add_argument("--out", type=Path, default=Path("reports"))
    p.add_argument("--format", default="html", help="html, pdf or html,pdf (default html)")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--jobs", type=int, default=1, help="reports rendered in parallel")
    simulation_options(p, 30)  # from the baseline scenario
    p.add_argument("--no-comparison", action="store_true", help="skip the comparison report")
    blank_options(p)
    scale_options(p)
    p.set_defaults(handler=scaled(_render))


def _render(args: argparse.Namespace) -> int:
    from perfkit.apps.cli.checks import check_out_dir, fill_policy
    from perfkit.apps.cli.sim import runs_and_seed, say_population
    from perfkit.core import cache
    from perfkit.core.errors import ParameterError, RenderError
    from perfkit.fit.population_choice import choose_population
    from perfkit.scheme import load_scenario

    check_out_dir(args.out)
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in ("html", "pdf")]
    if bad:
        raise RenderError(f"--format: unknown format(s) {', '.join(bad)}; expected html and/or pdf")
    paths = list(dict.fromkeys(p.resolve() for p in args.scenarios))
    baseline = (args.baseline or args.scenarios[0]).resolve()
    scenarios = {p: load_scenario(p) for p in dict.fromkeys([*paths, baseline])}
    base = scenarios[baseline]
    runs, seed = runs_and_seed(args, base)
    periods = args.periods or (base.simulation.periods if base.simulation else None) or 12
    for option, value in (("--runs", runs), ("--periods", periods), ("--jobs", args.jobs)):
        if value < 1:
            raise ParameterError(f"{option} {value}: expected a whole number of at least 1")
    fill = fill_policy(args.fill)
    kpis = _priced_export(args, list(scenarios.values()))
    if kpis is not None:  # named as the notebooks name it, so they reuse its calibration
        kpis.attrs["source"] = str(args.data.resolve())
    with cache.shared():  # each calibration and simulation once for all the reports
        # the one population of every report, and a warning for each one not used
        others = [sc for p, sc in scenarios.items() if p != baseline]
        say_population(choose_population([base, *others], data=kpis).info)
        return _render_all(args, paths, baseline, runs, seed, periods, fill, formats)


def _render_all(args: argparse.Namespace, paths: list[Path], baseline: Path, runs: int,
                seed: int, periods: int, fill: dict, formats: tuple[str, ...]) -> int:  # fmt: skip
    """Render every report into ``--out``; 1 if any failed."""
    from perfkit.core.errors import ParameterError
    from perfkit.pages.report.batch import render_many
    from perfkit.pages.report.prepare import prepare

    out = args.out.resolve()
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {args.out}: exists and is not a folder")
    common = {
        "baseline": str(baseline),
        "data": str(args.data.resolve()) if args.data else "",
        "runs": runs,
        "seed": seed,
        "periods": periods,
        "lang": args.lang,
        "fill": fill,
        "drop_incomplete": bool(args.drop_incomplete),
    }
    jobs = _jobs(args, paths, baseline, common, out, formats)
    # every report's simulations on --jobs processes, each report rendered once its are done
    outcomes = render_many(jobs, jobs_n=args.jobs, progress=True,
                           before=lambda ready: prepare(jobs, args.jobs, ready=ready))  # fmt: skip
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:
        status = "ok  " if o.ok else "FAIL"
        where = ", ".join(str(p) for p in o.paths) if o.ok else o.error
        print(f"{status} {o.job.out_html.name} ({o.seconds:.1f} s): {where}")
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} report(s) rendered into {out}/")
    if not failed:
        print(f"open {out / jobs[-1].out_html.name}")
    return 1 if failed else 0


def _priced_export(args: argparse.Namespace, scenarios: list):
    """``--data`` loaded with the blank-cell policy, and priced under every scheme before
    any kernel starts (a plan that cannot pay it fails here); None without ``--data``."""
    from perfkit.apps.cli.checks import load_export
    from perfkit.core.quarters import for_scenario
    from perfkit.payout import compute_statements

    if not args.data:
        return None
    kpis = load_export(args)
    for sc in scenarios:
        compute_statements(for_scenario(kpis, sc)[0], sc)
    return kpis


def _jobs(args: argparse.Namespace, paths: list[Path], baseline: Path, common: dict,
          out: Path, formats: tuple[str, ...]) -> list:  # fmt: skip
    """A briefing report per scenario and, for several, their comparison."""
    from perfkit.pages.report.batch import RenderJob

    suffix = "" if args.lang == "en" else f".{args.lang}"
    jobs = [
        RenderJob(
            notebook=NOTEBOOKS / "scenario_report.py",
            parameters={**common, "scenario": str(p), "out_dir": str(out / "data" / p.stem)},
            out_html=out / f"{p.stem}{suffix}.html",
            formats=formats,
        )
        for p in paths
    ]
    if len(paths) > 1 and not args.no_comparison:
        everything = [str(baseline)] + [str(p) for p in paths if p != baseline]
        jobs.append(
            RenderJob(
                notebook=NOTEBOOKS / "plan_comparison.py",
                parameters={
                    **common,
                    "scenarios": everything,
                    "out_dir": str(out / "data" / "comparison"),
                },
                out_html=out / f"comparison{suffix}.html",
                formats=formats,
                weight=float(len(paths)),  # every plan, and what decides the verdict
            )
        )
    return jobs
