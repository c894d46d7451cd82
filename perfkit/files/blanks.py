"""What to do with blank KPI cells: a stated policy, never a silent guess.

Client exports have gaps. A blank in a column that no pay rule reads changes nobody's
pay, so the table loads and the payout engine warns, listing the lines. A blank in a
column a rule reads is refused unless the user states a policy per KPI:

- ``agent_mean``: the agent's own mean of that KPI over their other rows (the team's
  mean in that period if the agent has none);
- ``team_mean``: the mean of the agent's team in that period (over all periods if no
  teammate has one that period; 0 if all are blank);
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
        for col, mask in masks.items():
            policy = self.fill.get(col)
            if policy is not None:
                values[col] = np.where(mask, _filled(policy, values[col], mask, out), values[col])
                labels_of[mask] = [f"{a}; {col}={policy}".lstrip("; ") for a in labels_of[mask]]
                said.append(f"{int(mask.sum())} blank {named(col)} cell(s) filled by {policy}")
            elif self.drop_incomplete:
                keep &= ~mask
            else:  # an optional column no policy names: 0, and the engine decides
                values[col] = np.where(mask, 0.0, values[col])
                lines = ", ".join(map(str, labels[mask][:10]))
                more = f" (and {int(mask.sum()) - 10} more)" if mask.sum() > 10 else ""
                left[col] = f"{named(col)} on line(s) {lines}{more}"
        record: dict[str, Any] = {"kept": keep}
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


def _filled(policy: str, x: np.ndarray, mask: np.ndarray, out: pd.DataFrame) -> np.ndarray:
    """The value each row would get under ``policy`` (computed from non-blank rows)."""
    if policy == "zero":
        return np.zeros(len(x))
    known = pd.Series(np.where(mask, np.nan, x), index=out.index)
    team = known.groupby([out["team"], out["period"]]).transform("mean")
    team = team.fillna(known.groupby(out["team"]).transform("mean"))  # no peer that period
    if policy == "team_mean":
        return team.fillna(0.0).to_numpy(float)
    agent = known.groupby(out["agent_id"]).transform("mean")
    return agent.fillna(team).fillna(0.0).to_numpy(float)
