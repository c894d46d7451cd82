"""One exception root for the kit, with precise subclasses.

Every error a user can cause (a bad scenario, a bad KPI file, an impossible
parameter) is a :class:`PerfkitError`; the CLI turns it into one clear message
and a non-zero exit, never a traceback.
"""

from __future__ import annotations


class PerfkitError(Exception):
    """Root of every error perfkit raises on purpose."""

    exit_code = 2


class ScenarioError(PerfkitError):
    """A scenario file is missing, unreadable or invalid.

    ``source`` names the file, ``problems`` lists ``(field_path, message)`` pairs.
    """

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: invalid scenario"]
        lines += [f"  - {path or '<top level>'}: {msg}" for path, msg in problems]
        super().__init__("\n".join(lines))


class DataError(PerfkitError):
    """A KPI table (or another input table: ``what`` names it) is missing, unreadable, or
    has bad rows or columns.

    ``problems`` lists human-readable lines, each naming the row(s) or column.
    """

    def __init__(self, source: str, problems: list[str], what: str = "KPI data"):
        self.source = source
        self.problems = problems
        shown = problems[:20]
        lines = [f"{source}: invalid {what}"] + [f"  - {p}" for p in shown]
        if len(problems) > len(shown):
            lines.append(f"  ... and {len(problems) - len(shown)} more problems")
        super().__init__("\n".join(lines))


class ParameterError(PerfkitError):
    """A model or run parameter is impossible (negative rate, probability outside [0, 1])."""


class ConvergenceError(PerfkitError):
    """An iterative solver (team best responses, optimiser) did not converge."""


class PilotError(PerfkitError):
    """A pilot cannot be designed or evaluated as given: no control group, every team
    treated, too few periods before the pilot, an assignment naming unknown teams."""


class RenderError(PerfkitError):
    """A report notebook failed to execute or render."""


class PerfkitWarning(UserWarning):
    """Something perfkit can work around but you should know about."""


class TooLargeError(PerfkitError):
    """A job would not fit the memory budget (``--memory``), or exceeds a stated limit."""


class ClusterError(PerfkitError):
    """A Dask cluster cannot be reached, or lost every worker while running a job."""
