"""Warnings that name the plan they are about.

A run may price several plans (compare, render, sweep); a warning such as "best
responses did not settle" is useless unless it says for which. :func:`about_plan`
re-issues perfkit's warnings raised inside it with ``plan 'NAME': `` in front, keeping
their category, and drops numpy's ``RuntimeWarning`` s (an empty mean, a 0/0 that the
code already turns into 0), which say nothing about the plan.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from perfkit.core.errors import PerfkitWarning


def _ours(category: type[Warning]) -> bool:
    return issubclass(category, PerfkitWarning) or category.__module__.startswith("perfkit.")


@contextmanager
def about_plan(name: str) -> Iterator[None]:
    """Within the block, perfkit's warnings are re-issued naming plan ``name``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    tag = f"plan '{name}': "
    for w in caught:
        if _ours(w.category):
            text = str(w.message)
            warnings.warn(text if text.startswith("plan '") else tag + text, w.category, 3)
        elif not issubclass(w.category, RuntimeWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
