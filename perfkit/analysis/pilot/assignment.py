"""Read a pilot's assignment file and mark the rows of an export paid under the pilot.

The file is the one ``perfkit pilot design`` writes (team, arm, stratum, …,
pilot_start, pilot_months, scenario, baseline); a hand-made one needs only ``team``,
``arm`` (pilot / control) and ``pilot_start`` (YYYY-MM).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.analysis.pilot.panel import periods_of, plan_in_force, teams_of
from perfkit.analysis.pilot.randomise import CONTROL, PILOT
from perfkit.core.errors import DataError, PerfkitWarning, PilotError
from perfkit.core.quarters import month_label, month_problem
from perfkit.core.suggest import did_you_mean
from perfkit.files.side import read_side_table

REQUIRED = ("team", "arm", "pilot_start")


@dataclass(frozen=True)
class Assignment:
    """Pilot and control teams, the first pilot month, and the two plans' files."""

    source: str
    pilot: list[str]
    control: list[str]
    start: str
    scenario: str | None
    baseline: str | None


def load_assignment(path: str | Path) -> Assignment:
    """Read and check an assignment CSV; every problem names the file and the row."""
    source = str(path)
    try:
        df = read_side_table(path, "pilot assignment")
    except DataError as err:
        raise PilotError(str(err)) from None
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise PilotError(
            f"{source}: no column {', '.join(map(repr, missing))}; expected columns "
            f"{', '.join(REQUIRED)} (as `perfkit pilot design` writes them)"
        )
    bad = df.index[~df["arm"].str.lower().isin([PILOT, CONTROL])]
    if len(bad):
        i = bad[0]
        raise PilotError(
            f"{source}: line {df.attrs['lines'][i]}: arm {df.at[i, 'arm']!r}"
            f"{did_you_mean(df.at[i, 'arm'], (PILOT, CONTROL))}; expected 'pilot' or 'control'"
        )
    dup = df["team"][df["team"].duplicated()]
    if len(dup):
        raise PilotError(f"{source}: team {dup.iloc[0]!r} is listed more than once")
    typed = df["pilot_start"].astype(str)
    df["pilot_start"] = typed.map(lambda s: month_label(s) or s)  # "2025-7" is "2025-07"
    starts = sorted(set(df["pilot_start"]))
    if len(starts) != 1:
        raise PilotError(
            f"{source}: pilot_start {', '.join(map(repr, starts))}; expected one month "
            "(YYYY-MM) for every team"
        )
    if problem := month_problem(starts[0]):
        raise PilotError(f"{source}: line 2: pilot_start {problem}")
    arm = df["arm"].str.lower()
    pilot, control = df["team"][arm == PILOT].tolist(), df["team"][arm == CONTROL].tolist()
    if not pilot:
        raise PilotError(f"{source}: no team has arm 'pilot'; a pilot needs at least one")
    if not control:
        raise PilotError(
            f"{source}: no control group: every team is 'pilot'; a pilot needs at least "
            "one team that stays on the current plan"
        )

    def one(col: str) -> str | None:
        vals = sorted(set(df[col])) if col in df.columns else []
        return vals[0] if len(vals) == 1 and vals[0] else None

    return Assignment(source, pilot, control, starts[0], one("scenario"), one("baseline"))


def pilot_rows(
    kpis: pd.DataFrame, a: Assignment, pilot_names: set[str], baseline_names: set[str]
) -> np.ndarray:
    """1 on each row paid under the pilot plan, 0 elsewhere.

    From the export's ``plan`` column when it has one (a row is the pilot's when it names
    the pilot scenario: any of ``pilot_names``), else from the assignment: pilot teams
    from ``pilot_start`` on. Checks the pilot is a pilot: teams known, a control group
    left, at least 2 months before it and 1 during it.
    """
    source = str(kpis.attrs.get("source", "<export>"))
    team = teams_of(kpis)
    known = set(team)
    unknown = [t for t in a.pilot + a.control if t not in known]
    if unknown:
        raise PilotError(
            f"{a.source}: team(s) {', '.join(map(repr, unknown))} not in {source}; "
            f"its teams are {', '.join(map(repr, sorted(known)))}"
        )
    periods = periods_of(kpis)
    pre = [p for p in periods if p < a.start]
    if len(pre) < 2:
        raise PilotError(
            f"{source}: {len(pre)} month(s) before the pilot's start {a.start}; expected at "
            "least 2 pre-periods to compare pilot and control teams before the change"
        )
    if not any(p >= a.start for p in periods):
        raise PilotError(f"{source}: no month from the pilot's start {a.start} on")
    plan = plan_in_force(kpis)
    period = kpis["period"].astype(str)
    if plan is not None:
        unknown_plans = sorted(set(plan) - pilot_names - baseline_names)
        if unknown_plans:
            raise PilotError(
                f"{source}: column 'plan' names {', '.join(map(repr, unknown_plans[:5]))}; "
                f"expected the pilot plan ({', '.join(sorted(pilot_names))}) or the current "
                f"plan ({', '.join(sorted(baseline_names))})"
            )
    left_out = sorted(known - set(a.pilot) - set(a.control))
    if left_out:
        warnings.warn(
            f"team(s) {', '.join(left_out)} of {source} are not in {a.source}: left out of "
            "the evaluation",
            PerfkitWarning,
            stacklevel=2,
        )
    on = team.isin(a.pilot) & (period >= a.start) if plan is None else plan.isin(pilot_names)
    in_pilot = team.isin(a.pilot + a.control)
    if not (on & in_pilot).any():
        raise PilotError(
            f"{source}: no row is paid under the pilot plan ({', '.join(sorted(pilot_names))}) "
            f"in the pilot teams {', '.join(a.pilot)} from {a.start} on"
        )
    treated_teams = set(team[on & in_pilot])
    if set(a.control) <= treated_teams or known <= treated_teams:
        raise PilotError(
            f"{source}: all teams treated: every team has rows under the pilot plan, so no "
            "control group is left"
        )
    return on.to_numpy(bool) & in_pilot.to_numpy(bool)
