""" "Did you mean …?" for a value that is not one of a fixed set (a ladder mode, a blank-
cell policy, a command option's choice): the nearest valid value by spelling, if any is
near enough (difflib's ratio ≥ 0.6), so ``mode: marginl`` is answered with 'marginal'."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(value: object, options: Iterable[object], cutoff: float = 0.6) -> str | None:
    """The option spelt most like ``value`` (case and surrounding spaces ignored), or None."""
    names = {str(o).lower(): str(o) for o in options}
    close = difflib.get_close_matches(str(value).strip().lower(), list(names), n=1, cutoff=cutoff)
    return names[close[0]] if close else None


def did_you_mean(value: object, options: Iterable[object]) -> str:
    """ "; did you mean 'marginal'?" for the nearest option, or "" when none is near."""
    close = nearest(value, options)
    return f"; did you mean '{close}'?" if close is not None else ""
