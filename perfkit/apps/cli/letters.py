"""``perfkit letters``: one plan letter per agent (个人绩效方案确认书)."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfkit.apps.cli.checks import blank_options, check_out_dir, load_export


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "letters", help="one plan letter per agent (个人绩效方案确认书), HTML and PDF"
    )
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--data", required=True, metavar="EXPORT", help="the client's KPI export")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--lang", choices=("en", "zh"), default="zh")
    p.add_argument("--agents", nargs="+", metavar="ID", help="only these agents (default: all)")
    p.add_argument("--format", default="html", help="html, pdf or html,pdf (default html)")
    blank_options(p)
    p.set_defaults(handler=_letters)


def _letters(args: argparse.Namespace) -> int:
    from perfkit.pages.letters import write_letters
    from perfkit.scheme import load_scenario

    check_out_dir(Path(args.out))  # before any work
    scenario = load_scenario(args.scenario)
    kpis = load_export(args)
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    batch = write_letters(scenario, kpis, args.out, args.lang, args.agents, formats)
    print(
        f"{batch.letters} letter(s) in {batch.folder} (index.html): pricing "
        f"{batch.seconds_pricing:.1f} s, HTML {batch.seconds_html:.1f} s"
        + (f", PDF {batch.seconds_pdf:.1f} s" if "pdf" in formats else "")
    )
    if batch.skipped:
        print(f"skipped {len(batch.skipped)} agent(s) who left (list them with --agents to "
              "write theirs):")  # fmt: skip
        for agent, why in batch.skipped.items():
            print(f"  {agent}: {why}")
    return 0
