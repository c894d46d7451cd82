"""``perfkit targets``: the goal decomposition, and agents' proposals reconciled with it."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, load_export, period_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "targets",
        help="company → team → agent targets of a period; reconcile agent-proposed targets",
    )
    p.add_argument("scenario", type=Path, metavar="SCENARIO")
    p.add_argument("--data", type=Path, required=True, metavar="EXPORT", help="KPI export")
    p.add_argument("--period", required=True, type=period_arg, help="e.g. 2025-07")
    p.add_argument("--proposed", type=Path, help="agent-proposed targets: agent_id, kpi, proposed")
    p.add_argument(
        "--tolerance", default="10%", help="accept proposals within ± this (default 10%%)"
    )
    p.add_argument("--beyond", choices=("leader", "average"), default="leader",
                   help="beyond the tolerance: the leader decides (decomposed kept) or average")  # fmt: skip
    p.add_argument("--out", type=Path, default=Path("targets"))
    blank_options(p)
    p.set_defaults(handler=_targets)


def _tolerance(text: str) -> float:
    from perfkit.core.errors import ParameterError

    raw = text.strip()
    try:
        return float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ParameterError(f"--tolerance {text}: expected a share like 10% or 0.1") from None


def _targets(args: argparse.Namespace) -> int:
    import pandas as pd

    from perfkit.pages.goals import (
        ReconcileRule,
        Targets,
        agent_targets,
        check_proposals,
        reconcile,
    )
    from perfkit.pages.review.ratings import read_table
    from perfkit.scheme import load_scenario

    rule = ReconcileRule(_tolerance(args.tolerance), args.beyond)
    scenario = load_scenario(args.scenario)
    targets = agent_targets(load_export(args), scenario, args.period)
    final = None
    if args.proposed:
        raw = read_table(args.proposed, "proposed targets")
        proposals = check_proposals(raw, targets, str(args.proposed))
        final = reconcile(targets, proposals, rule)
    Targets(targets, final).to_dir(args.out)
    print(f"{targets['agent_id'].nunique()} agents × {targets['kpi'].nunique()} KPIs; "
          f"tables in {args.out}/")  # fmt: skip
    if args.proposed:
        counts = pd.Series(final["decision"]).value_counts()
        for decision, n in counts.items():
            print(f"  {n:5d}  {decision}")
    return 0
