"""Argument parsing and error handling shared by every sub-command.

Each sub-command module exposes ``register(subparsers)``; handlers return an exit
code. A :class:`PerfkitError` (or an unreadable / unwritable file) becomes one
message on stderr and exit code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from perfkit.errors import PerfkitError, PerfkitWarning


def build_parser() -> argparse.ArgumentParser:
    from perfkit.cli import estimate, letters, pay, report, sim

    parser = argparse.ArgumentParser(
        prog="perfkit",
        description="Design, back-test, simulate and report telesales incentive-pay schemes.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    pay.register(sub)
    sim.register(sub)
    report.register(sub)
    letters.register(sub)
    estimate.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``perfkit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _show_warnings_as(f"perfkit {args.command}: warning: ")
    try:
        return int(args.handler(args) or 0)
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
    except KeyboardInterrupt:
        print(f"perfkit {args.command}: interrupted", file=sys.stderr)
        return 130


def _show_warnings_as(prefix: str) -> None:
    """Print perfkit's own warnings as one plain line each (no file, line or source)."""
    default = getattr(warnings.showwarning, "wrapped", warnings.showwarning)

    def show(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, PerfkitWarning):
            print(f"{prefix}{message}", file=sys.stderr)
        else:
            default(message, category, *args, **kwargs)

    show.wrapped = default  # type: ignore[attr-defined]
    warnings.showwarning = show


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
