"""How warnings reach a user of the command line: one plain sentence each.

perfkit's own warnings (:class:`~perfkit.core.errors.PerfkitWarning`, and the solver's
convergence warning) are printed as one line after the command's name, without the
file, line number or source line Python shows by default; the same message is shown
once. Everything else (numpy's ``RuntimeWarning`` on an empty mean, a library's
``FutureWarning``) is about perfkit's code, not the user's plan, and is not shown;
``PERFKIT_DEBUG=1`` shows it the usual way.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from perfkit.core.errors import PerfkitWarning


def is_ours(category: type[Warning]) -> bool:
    """Whether a warning is perfkit's own, written for the user."""
    return issubclass(category, PerfkitWarning) or (
        category.__module__.startswith("perfkit.") and category.__name__.endswith("Warning")
    )


def one_line(message: Any) -> str:
    """The message as one line (a multi-line message is joined with spaces)."""
    return " ".join(str(message).split())


@contextmanager
def user_warnings(prefix: str) -> Iterator[None]:
    """Within the block, print perfkit's warnings as ``prefix`` + one plain line, once each."""
    seen: set[str] = set()
    debug = os.environ.get("PERFKIT_DEBUG", "").strip() not in {"", "0"}

    def show(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if is_ours(category):
            text = one_line(message)
            if text not in seen:
                seen.add(text)
                print(f"{prefix}{text}", file=sys.stderr)
        elif debug:  # Python's own format: file, line and source line
            sys.stderr.write(warnings.formatwarning(message, category, *args[:2]))

    with warnings.catch_warnings():
        warnings.simplefilter("default")  # every warning reaches show(), which decides
        warnings.showwarning = show
        yield
