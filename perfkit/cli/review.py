"""``perfkit review``: the monthly review of a floor — sheets, dashboards, monitoring."""

from __future__ import annotations

import argparse
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="monthly review: a feedback sheet per agent, a dashboard per team, "
        "and the month against the forecast",
    )
    p.add_argument("scenario", type=Path, metavar="SCENARIO", help="the plan in force")
    p.add_argument("--data", type=Path, required=True, metavar="EXPORT", help="KPI export")
    p.add_argument("--period", required=True, help="review month, e.g. 2025-06")
    p.add_argument("--out", type=Path, default=Path("review"))
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--format", default="html,pdf", help="html, or html,pdf (default)")
    p.add_argument(
        "--runs", type=int, default=40, help="simulated runs of the forecast band (0: none)"
    )
    p.add_argument("--seed", type=int, default=None, help="seed of the forecast")
    p.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    from perfkit.data import load_kpis
    from perfkit.errors import ParameterError, RenderError
    from perfkit.report import render_notebook
    from perfkit.review import review_month
    from perfkit.scheme import load_scenario

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in ("html", "pdf")]
    if bad:
        raise RenderError(f"--format: unknown format(s) {', '.join(bad)}; expected html and/or pdf")
    if args.runs < 0:
        raise ParameterError(f"--runs {args.runs}: expected 0 (no forecast) or more")
    out = args.out.resolve()
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {args.out}: exists and is not a folder")
    scenario = load_scenario(args.scenario)
    kpis = load_kpis(args.data)
    month = review_month(kpis, scenario, args.period)  # every error before a kernel starts
    suffix = "" if args.lang == "en" else f".{args.lang}"
    name = f"review-{month.period}{suffix}"
    seed = args.seed if args.seed is not None else 0
    result = render_notebook(
        NOTEBOOKS / "monthly_review.py",
        {
            "scenario": str(args.scenario.resolve()),
            "data": str(args.data.resolve()),
            "period": month.period,
            "lang": args.lang,
            "runs": args.runs,
            "seed": seed,
            "pdf": "pdf" in formats,
            "out_dir": str(out / name),
            "link_dir": name,
        },
        out / f"{name}.html",
        formats=formats,
        timeout=900,
    )
    agents, teams = len(month.agents), month.agents["team"].nunique()
    print(f"{agents} sheets and {teams} team dashboards in {out / name}/")
    print(f"open {result.html} ({result.seconds:.1f} s)")
    return 0
