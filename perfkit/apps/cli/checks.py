"""Checks every command makes before any work: can ``--out`` be written, and the
``--fill`` / ``--drop-incomplete`` policy for blank KPI cells.

A run that computes for minutes and then cannot write its result wastes the user's
time, so ``--out`` is checked first: a folder must be a folder (or creatable), a file
must not be a folder, and the nearest existing parent must be a writable folder (not
a file: ``--out afile/sub``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from perfkit.core.errors import PerfkitError


def _writable_parent(path: Path) -> None:
    """Fail unless the nearest existing ancestor of ``path`` is a writable folder."""
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise PerfkitError(
                    f"--out {path}: {parent} is a file, so nothing can be written under it; "
                    "expected a folder"
                )
            if not os.access(parent, os.W_OK | os.X_OK):
                raise PerfkitError(f"--out {path}: cannot write in {parent} (permission denied)")
            return


def check_out_dir(path: Path | None) -> None:
    """``--out`` names a folder: it is one, or can be made."""
    if path is None:
        return
    if path.exists() and not path.is_dir():
        raise PerfkitError(f"--out {path}: exists and is not a folder; expected a folder")
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise PerfkitError(f"--out {path}: cannot write in it (permission denied)")
        return
    _writable_parent(path)


def check_out_file(path: Path | None) -> None:
    """``--out`` names a file: not a folder, and its folder exists or can be made."""
    if path is None:
        return
    if path.is_dir():
        raise PerfkitError(f"--out {path}: is a folder; expected a file name")
    _writable_parent(path)


#: Files perfkit writes into an ``--out`` folder (fixed names and patterns).
OUTPUT_NAMES = (
    "*.html", "*.pdf", "assignment.csv",
    "backtest.csv", "coaching.csv", "decomposition.csv", "effects.csv", "event_study.csv",
    "flags_360.csv", "forecast.csv", "forecast_vs_actual.csv", "kpis_with_360.csv",
    "kpis_with_plans.csv", "power.csv", "pretrend.csv", "reconciled.csv", "robustness.csv",
    "scores_360.csv", "search_path.csv", "teams.csv", "totals.csv",
)  # fmt: skip


def run_inputs(args: argparse.Namespace) -> dict[Path, str]:
    """Every existing file an option names (path → the option, without dashes): the run's inputs."""
    out: dict[Path, str] = {}
    for key, value in vars(args).items():
        if key in ("out", "handler", "command"):
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            if isinstance(v, str | Path) and str(v) and Path(v).is_file():
                out.setdefault(Path(v), key.replace("_", "-"))
    return out


#: Commands whose ``--out`` is a file (they check its suffix themselves); every other
#: command's ``--out`` is a folder.
FILE_OUT = frozenset({"validate", "schema", "payout", "backtest", "sweep"})


def check_inputs(args: argparse.Namespace) -> None:
    """Before any work, in every command: ``--out`` can be written (a folder for every
    command but :data:`FILE_OUT`), and it would not replace an input (the file itself, or
    a file perfkit writes by that name in the ``--out`` folder)."""
    from fnmatch import fnmatch

    from perfkit.files.outputs import protect_inputs

    inputs = run_inputs(args)
    protect_inputs(inputs)
    out = getattr(args, "out", None)
    if not out or not isinstance(out, str | Path):
        return
    if getattr(args, "command", None) not in FILE_OUT:
        check_out_dir(Path(out))  # an input file given as the folder: "not a folder"
    out = Path(out).resolve()
    for path, what in inputs.items():
        real = path.resolve()
        inside = real.parent == out and any(fnmatch(real.name, n) for n in OUTPUT_NAMES)
        if real == out or inside:
            raise PerfkitError(
                f"{path}: --out would overwrite an input file (the {what} of this run); "
                "expected another --out (a new file name or folder)"
            )


def warn_beside_inputs(args: argparse.Namespace) -> None:
    """After a run: a warning when its ``--out`` folder is the folder of one of its inputs
    (``render --out data``): the outputs landed beside the client's files (never over one:
    :func:`check_inputs` refuses that), which is allowed (a client folder may hold both)
    but should not happen unnoticed. A run that failed wrote nothing and says nothing."""
    import warnings

    from perfkit.core.errors import PerfkitWarning

    out = getattr(args, "out", None)
    if not out or not isinstance(out, str | Path) or args.command in FILE_OUT:
        return
    out = Path(out).resolve()
    beside = sorted(p.name for p in run_inputs(args) if p.resolve().parent == out)
    if beside and out.is_dir():
        warnings.warn(
            f"--out {out.name or out}: this folder holds the run's input ({', '.join(beside)}); "
            "the outputs were written beside it (no input was replaced). Give another --out "
            "to keep the client's files apart",
            PerfkitWarning,
            stacklevel=2,
        )


def month_arg(text: str) -> str:
    """An argparse type: a month, as its label "YYYY-MM" ("2025-6" is "2025-06"; 2025-13
    is said to be no month)."""
    from perfkit.core.quarters import month_label, month_problem

    if problem := month_problem(text):
        raise argparse.ArgumentTypeError(problem)
    return str(month_label(text))


def period_arg(text: str) -> str:
    """An argparse type: a month "YYYY-MM" ("2025-6" too) or a quarter "YYYY-Qn"."""
    from perfkit.core.quarters import month_label, month_problem

    if problem := month_problem(text, quarters=True):
        raise argparse.ArgumentTypeError(problem)
    return str(month_label(text, quarters=True))


def blank_options(p: argparse.ArgumentParser) -> None:
    """--fill KPI=POLICY and --drop-incomplete, for commands that read a KPI export."""
    p.add_argument(
        "--fill",
        action="append",
        default=[],
        metavar="KPI=POLICY",
        help="fill blank cells of KPI by agent_mean, team_mean or zero (repeatable); "
        "the statements record it in their 'filled' column",
    )
    p.add_argument(
        "--drop-incomplete",
        action="store_true",
        help="drop rows with a blank KPI cell (instead of refusing the file)",
    )


def load_export(args: argparse.Namespace, mapping: dict[str, str] | None = None, *,
                only_if_stated: bool = False):  # fmt: skip
    """``--data`` read with the blank-cell policy of :func:`blank_options`, the one place
    every command applies ``--fill`` / ``--drop-incomplete``; says what the policy did.

    ``only_if_stated``: return the path itself when no policy (nor mapping) is stated, for
    commands that read the export further down (calibration takes a path or a table).
    """
    from perfkit.files.data import load_kpis

    fill = fill_policy(args.fill)
    if only_if_stated and not (fill or args.drop_incomplete or mapping):
        return args.data
    kpis = load_kpis(args.data, mapping=mapping, fill=fill, drop_incomplete=args.drop_incomplete)
    if said := kpis.attrs.get("blank_policy"):
        print(f"note: {args.data}: {said}")
    return kpis


def fill_policy(pairs: list[str]) -> dict[str, str]:
    """``--fill`` options as KPI → policy, with canonical (or Chinese) KPI names."""
    from perfkit.core.kpis import RAW_KPIS, canonical_kpi
    from perfkit.core.suggest import did_you_mean
    from perfkit.files.blanks import FILLS

    out: dict[str, str] = {}
    for pair in pairs:
        kpi, sep, policy = (part.strip() for part in pair.partition("="))
        canon = canonical_kpi(kpi) if sep else None
        if canon not in RAW_KPIS:
            raise PerfkitError(
                f"--fill {pair!r}: expected KPI=POLICY with a measured KPI column, e.g. "
                "--fill satisfaction=team_mean"
            )
        if policy not in FILLS:
            raise PerfkitError(
                f"--fill {pair!r}: unknown policy{did_you_mean(policy, FILLS)} (expected one "
                f"of {', '.join(FILLS)})"
            )
        if out.get(canon, policy) != policy:
            raise PerfkitError(
                f"--fill {pair!r}: {canon} is already filled by {out[canon]}; expected one "
                "policy per KPI (give --fill once for it)"
            )
        out[canon] = policy
    return out
