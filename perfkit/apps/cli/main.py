"""Argument parsing and error handling shared by every sub-command.

Each sub-command module exposes ``register(subparsers)``; handlers return an exit
code. A :class:`PerfkitError` (or an unreadable / unwritable file) becomes one
message on stderr and exit code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from perfkit.apps.cli.checks import check_inputs, warn_beside_inputs
from perfkit.apps.cli.warn import user_warnings
from perfkit.core import children
from perfkit.core.errors import PerfkitError
from perfkit.scheme.paths import ALLOW_ENV, DATA_ENV


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for a choice it does not know (``--lang zn``: 'zh'),
    for every command (sub-parsers take their parent's class)."""

    def _check_value(self, action: argparse.Action, value: object) -> None:
        from perfkit.core.suggest import did_you_mean

        if action.choices is not None and value not in action.choices:
            hint = did_you_mean(value, action.choices)
            choices = ", ".join(map(repr, action.choices))
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r}{hint} (choose from {choices})"
            )


def build_parser() -> argparse.ArgumentParser:
    from perfkit.apps.cli import (
        estimate,
        goals,
        letters,
        optimize,
        pay,
        pilot,
        report,
        review,
        sim,
    )

    parser = _Parser(
        prog="perfkit",
        description="Design, back-test, simulate and report telesales incentive-pay schemes.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    pay.register(sub)
    sim.register(sub)
    optimize.register(sub)
    report.register(sub)
    letters.register(sub)
    pilot.register(sub)
    review.register(sub)
    review.register_360(sub)
    goals.register(sub)
    estimate.register(sub)
    outside = "let scenarios name files outside their folder, its parent and the current folder"
    parser.add_argument("--allow-outside-paths", action="store_true", help=outside)
    for command in sub.choices.values():  # also after the command; SUPPRESS keeps the first
        command.add_argument(
            "--allow-outside-paths", action="store_true", default=argparse.SUPPRESS, help=outside
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``perfkit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    before = {name: os.environ.get(name) for name in (ALLOW_ENV, DATA_ENV)}
    if getattr(args, "allow_outside_paths", False):
        os.environ[ALLOW_ENV] = "1"  # report kernels inherit it
    if getattr(args, "data", None) is not None:
        os.environ[DATA_ENV] = "1"  # the export replaces the scenarios' population.source
    try:
        with (
            children.terminate_as_interrupt(),  # SIGTERM as Ctrl-C; no child outlives the run
            user_warnings(f"perfkit {args.command}: warning: "),
        ):
            check_inputs(args)  # before any work: no output replaces an input
            code = int(args.handler(args) or 0)
            if code == 0:
                warn_beside_inputs(args)  # outputs landed among the inputs: say so
            return code
    except PerfkitError as err:
        print(f"perfkit {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:  # output piped into `head` or similar: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as err:  # a file the user named cannot be read or written
        where = f"{err.filename}: " if err.filename else ""
        print(f"perfkit {args.command}: error: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except children.Terminated:
        print(f"perfkit {args.command}: terminated (SIGTERM)", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"perfkit {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        if outputs := sys.modules.get("perfkit.files.outputs"):  # the next run's own
            outputs.protect_inputs({})
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
