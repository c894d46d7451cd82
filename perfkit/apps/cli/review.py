"""``perfkit review``: the monthly review of a floor — sheets, dashboards, monitoring."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, fill_policy, load_export, period_arg

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="monthly review: a feedback sheet per agent, a dashboard per team, "
        "and the month against the forecast",
    )
    p.add_argument("scenario", type=Path, metavar="SCENARIO", help="the plan in force")
    p.add_argument("--data", type=Path, required=True, metavar="EXPORT", help="KPI export")
    p.add_argument("--period", required=True, type=period_arg, help="review month, e.g. 2025-06")
    p.add_argument("--out", type=Path, default=Path("review"))
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--format", default="html,pdf", help="html, or html,pdf (default)")
    p.add_argument(
        "--runs", type=int, default=40, help="simulated runs of the forecast band (0: none)"
    )
    p.add_argument("--seed", type=int, default=None, help="seed of the forecast")
    blank_options(p)
    p.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    from perfkit.core.errors import ParameterError, RenderError
    from perfkit.pages.report.render import render_notebook
    from perfkit.pages.review import review_month
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
    kpis = load_export(args)
    month = review_month(kpis, scenario, args.period)  # every error before a kernel starts
    suffix = "" if args.lang == "en" else f".{args.lang}"
    name = f"review-{month.period}{suffix}"
    seed = args.seed if args.seed is not None else 0
    result = render_notebook(
        NOTEBOOKS / "monthly_review.py",
        {
            "scenario": str(args.scenario.resolve()),
            "data": str(args.data.resolve()),
            "fill": fill_policy(args.fill),
            "drop_incomplete": bool(args.drop_incomplete),
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


def register_360(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rate360",
        help="aggregate a 360-degree ratings file into a peer_score KPI, with flags",
    )
    p.add_argument(
        "ratings", type=Path, metavar="RATINGS", help="rater, ratee, relation, item, score"
    )
    p.add_argument("--data", type=Path, required=True, metavar="EXPORT", help="KPI export")
    p.add_argument("--out", type=Path, default=Path("rate360"))
    p.add_argument("--scale", type=float, nargs=2, default=(1.0, 5.0), metavar=("LOW", "HIGH"))
    p.add_argument(
        "--self-weight", type=float, default=0.0, help="weight of self-ratings (0: excluded)"
    )
    p.add_argument("--peer-weight", type=float, default=0.4)
    p.add_argument("--leader-weight", type=float, default=0.4)
    p.add_argument("--customer-weight", type=float, default=0.2)
    p.add_argument(
        "--trim-at", type=int, default=5, help="drop highest and lowest from this many raters"
    )
    p.add_argument("--min-raters", type=int, default=3)
    p.add_argument("--fallback", choices=("team_mean", "leader", "blank"), default="team_mean")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the "
                   "summary and of the flags' details (columns keep their codes)")  # fmt: skip
    blank_options(p)
    p.set_defaults(handler=_rate360)


def _rate360(args: argparse.Namespace) -> int:
    from perfkit.pages.review.r360 import Rated360, Rules360
    from perfkit.pages.review.ratings import check_ratings, read_ratings
    from perfkit.text import t

    rules = Rules360(
        weights={"self": args.self_weight, "peer": args.peer_weight,
                 "leader": args.leader_weight, "customer": args.customer_weight},
        scale=tuple(args.scale), trim_at=args.trim_at, min_raters=args.min_raters,
        fallback=args.fallback,
    )  # fmt: skip
    kpis = load_export(args)
    agents = set(kpis["agent_id"].astype(str))
    periods = set(kpis["period"].astype(str))
    ratings = check_ratings(read_ratings(args.ratings), agents, rules.scale, periods=periods)
    rated = Rated360.of(ratings, kpis, rules, args.lang)
    rated.to_dir(args.out)
    scores, flags, lang = rated.scores, rated.flags, args.lang
    rated = int((scores["basis"] == "rated").sum())
    blank = int(scores["peer_score"].isna().sum())
    print(t("r360.summary", lang, rated=rated, total=len(scores), least=rules.min_raters,
            fallback=t(f"r360.fallback.{rules.fallback}", lang),
            fell=len(scores) - rated - blank, blank=blank, column="peer_score"))  # fmt: skip
    print(t("r360.files", lang, flags=len(flags), out=args.out, file="kpis_with_360.csv",
            column="peer_score"))  # fmt: skip
    return 0
