"""Which files a scenario may name: those in its own folder, its project or the current folder.

A scenario is often written by someone else (a colleague, a client). Without a limit,
``population.source: /etc/passwd`` would make perfkit read any file the user can, and
an error could quote it. Files outside both folders are refused unless the user says
otherwise (``perfkit --allow-outside-paths``, or ``PERFKIT_ALLOW_OUTSIDE_PATHS=1``).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The environment variable that allows paths anywhere (the CLI flag sets it, so report
#: kernels started by ``perfkit render`` inherit the user's choice).
ALLOW_ENV = "PERFKIT_ALLOW_OUTSIDE_PATHS"


#: Set (by the CLI) while a command runs with ``--data``: the export replaces every
#: scenario's ``population.source``, so a source file that does not exist (a library
#: scenario copied into a client's folder) is no error, and a missing ``population.plan``
#: is dropped with a warning (the export is then taken as paid under the scenario).
DATA_ENV = "PERFKIT_DATA_GIVEN"


def data_replaces_population() -> bool:
    """Whether the command in progress reads the client's export (``--data``)."""
    return os.environ.get(DATA_ENV, "") == "1"


def outside_allowed(allow: bool | None = None) -> bool:
    """``allow`` if given, else whether the environment allows paths anywhere."""
    if allow is not None:
        return allow
    return os.environ.get(ALLOW_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def project_folder(scenario_dir: Path) -> Path | None:
    """The folder above the scenario's, where a project keeps ``data/`` beside
    ``scenarios/`` (so ``source: ../data/kpis.csv`` works from any current folder); None
    when that is the filesystem root, a top-level folder (``/tmp``, ``/home``) or the
    user's home folder, which would open far more than one project."""
    parent = scenario_dir.resolve().parent
    if len(parent.parts) < 3 or parent == Path.home().resolve():
        return None
    return parent


def outside_problem(path: Path, scenario_dir: Path, allow: bool | None = None) -> str | None:
    """Why ``path`` may not be read, or None: it must resolve (symlinks followed) inside
    the scenario's folder, its project folder (see :func:`project_folder`) or the current
    folder."""
    if outside_allowed(allow):
        return None
    real = path.resolve()
    roots = [scenario_dir.resolve(), Path.cwd().resolve()]
    if (project := project_folder(scenario_dir)) is not None:
        roots.append(project)
    if any(_within(real, root) for root in roots):
        return None
    return (
        "is outside the scenario's folder, the folder above it and the current folder; "
        "expected a file in one of them (or below). To read it anyway, run perfkit with "
        "--allow-outside-paths"
    )


def named_file_problem(
    path: Path, named_in: Path, also: tuple[Path, ...] = (), allow: bool | None = None
) -> str | None:
    """Why a file named inside another file may not be read, or None.

    The same rule as a scenario's files (:func:`outside_problem`), with the folder of the
    file that names it (a KPI export's plan column, a plan map's line, a pilot
    assignment's ``scenario``) in place of the scenario's; ``also``: folders of files the
    user named on the command line (the default scenario), whose scenarios may be named
    by their stem.
    """
    if outside_allowed(allow):
        return None
    for folder in (Path(named_in).parent, *also):
        if outside_problem(path, folder, allow=False) is None:
            return None
    return (
        f"names {path.resolve()}, which is outside the folder of {Path(named_in).name}, the folder "
        "above it and the current folder; expected a scenario in one of them (or below). "
        "To read it anyway, run perfkit with --allow-outside-paths"
    )
