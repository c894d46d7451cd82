"""What to do with blank KPI cells: a stated policy, never a silent guess.

Client exports have gaps. A blank in a column that no pay rule reads changes nobody's
pay, so the table loads with the cell left blank (NaN: never 0, so a mean or a spread of
that KPI skips it) and the payout engine warns, listing the lines. A blank in a
column a rule reads is refused unless the user states a policy per KPI:

- ``agent_mean``: the agent's own mean of that KPI over their other rows (the team's
  mean, as for ``team_mean``, if the agent has none; said in the record);
- ``team_mean``: the mean of the agent's team in that period (over all periods if no
  teammate has one that period); refused when the team has no value at all (nothing to
  fill from: never 0);
- ``zero``: 0;

or drops every row with a blank KPI cell (``drop_incomplete``). What was done is
recorded: each filled row's ``filled`` column names the KPI and the policy (the pay
statements carry it), and ``attrs["blank_policy"]`` says it in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.kpis import REQUIRED_COLUMNS

#: The fill policies, as written on the command line (``--fill KPI=POLICY``).
FILLS = ("agent_mean", "team_mean", "zero")
_HINT = "fill them (--fill {col}=agent_mean|team_mean|zero) or drop those rows (--drop-incomplete)"


def hint(col: str) -> str:
    """How to state a policy for ``col``, for error messages."""
    return _HINT.format(col=col)


@dataclass(frozen=True)
class BlankPolicy:
    """Per-KPI fill policies and whether to drop rows with a blank KPI cell."""

    fill: Mapping[str, str] = field(default_factory=dict)
    drop_incomplete: bool = False

    def __post_init__(self) -> None:
        bad = {k: v for k, v in self.fill.items() if v not in FILLS}
        if bad:
            k, v = next(iter(bad.items()))
            raise ValueError(f"fill {k}={v}: unknown policy; expected one of {', '.join(FILLS)}")

    def resolve(
        self,
        masks: dict[str, np.ndarray],
        named: Callable[[str], str],
        at: Callable[[np.ndarray], str],
        problems: list[str],
    ) -> dict[str, np.ndarray]:
        """Add a problem for each required column with blanks and no policy."""
        for col, mask in masks.items():
            if col in REQUIRED_COLUMNS and col not in self.fill and not self.drop_incomplete:
                problems.append(f"column {named(col)}: blank cells on {at(mask)}; {hint(col)}")
        return masks

    def apply(
        self,
        out: pd.DataFrame,
        values: dict[str, np.ndarray],
        masks: dict[str, np.ndarray],
        labels: np.ndarray,
        named: Callable[[str], str],
    ) -> tuple[pd.DataFrame, dict[str, np.ndarray], dict[str, Any]]:
        """Fill or drop the blank cells; return the table, the values and the record."""
        n = len(out)
        keep = np.ones(n, dtype=bool)
        labels_of = np.array([""] * n, dtype=object)
        said: list[str] = []
        left: dict[str, str] = {}
        record_refused: list[str] = []
        for col, mask in masks.items():
            policy = self.fill.get(col)
            if policy is not None:
                fill, how = _filled(policy, values[col], mask, out)
                if np.isnan(fill[mask]).any():
                    nothing = mask & np.isnan(fill)
                    record_refused.append(
                        f"column {named(col)}: --fill {col}={policy}: nothing to fill from "
                        f"{at_lines(labels, nothing)} (the team has no value of {col} in any "
                        f"month); expected --fill {col}=zero or --drop-incomplete"
                    )
                    continue
                values[col] = np.where(mask, fill, values[col])
                labels_of[mask] = [f"{a}; {col}={policy}".lstrip("; ") for a in labels_of[mask]]
                said.append(
                    f"{int(mask.sum())} blank {named(col)} cell(s) filled by {policy} with "
                    f"{_values(fill[mask])}{how(mask)}"
                )
            elif self.drop_incomplete:
                keep &= ~mask
            else:  # an optional column no policy names: left blank (NaN), never 0; the
                # payout engine refuses it if a rule reads it (perfkit.payout.reads)
                lines = ", ".join(map(str, labels[mask][:10]))
                more = f" (and {int(mask.sum()) - 10} more)" if mask.sum() > 10 else ""
                left[col] = f"{named(col)} on line(s) {lines}{more}"
        record: dict[str, Any] = {"kept": keep}
        if record_refused:
            record["refused"] = record_refused
        if not keep.all():
            dropped = ", ".join(map(str, labels[~keep][:10]))
            said.append(f"{int((~keep).sum())} row(s) with blank KPI cells dropped ({dropped})")
        if labels_of.any():
            out = out.assign(filled=labels_of)
        if left:
            record["blank_cells"] = left
        if said:
            record["blank_policy"] = "; ".join(said)
        return out[keep], {c: v[keep] for c, v in values.items()}, record


def at_lines(labels: np.ndarray, mask: np.ndarray) -> str:
    """ "line(s) 3, 5" for the rows of ``mask``."""
    shown = ", ".join(map(str, labels[mask][:10]))
    more = f" (and {int(mask.sum()) - 10} more)" if mask.sum() > 10 else ""
    return f"on line(s) {shown}{more}"


def _values(v: np.ndarray) -> str:
    """The values a fill used: one number, or their range."""
    lo, hi = float(np.min(v)), float(np.max(v))
    return f"{lo:.6g}" if lo == hi else f"{lo:.6g} to {hi:.6g}"


def _filled(
    policy: str, x: np.ndarray, mask: np.ndarray, out: pd.DataFrame
) -> tuple[np.ndarray, Callable[[np.ndarray], str]]:
    """The value each row would get under ``policy`` (computed from non-blank rows; NaN
    where there is nothing to fill from), and what it says about its fallbacks."""
    if policy == "zero":
        return np.zeros(len(x)), lambda m: ""
    known = pd.Series(np.where(mask, np.nan, x), index=out.index)
    period = known.groupby([out["team"], out["period"]]).transform("mean").to_numpy(float)
    team = np.where(
        np.isnan(period), known.groupby(out["team"]).transform("mean").to_numpy(float), period
    )  # no peer that period: the team over all periods
    if policy == "team_mean":
        late = np.isnan(period) & ~np.isnan(team)
        return team, lambda m: _fallback(m & late, "the team's mean over all months")
    agent = known.groupby(out["agent_id"]).transform("mean").to_numpy(float)
    fall = np.isnan(agent) & ~np.isnan(team)
    return np.where(np.isnan(agent), team, agent), lambda m: _fallback(
        m & fall, "the team's mean: the agent has no other value"
    )


def _fallback(mask: np.ndarray, what: str) -> str:
    n = int(mask.sum())
    return f" ({n} of them by {what})" if n else ""
