"""``perfkit pilot design``: which teams pilot a plan, for how long, and what it can detect.

Pure calculation (:func:`design_pilot`); :meth:`PilotDesign.to_dir` writes its tables, and
:mod:`perfkit.pages.pilot.write` the pilot plan's pages with them.
The duration rule: among the candidate (teams, months) with at least 2 pilot and 2
control teams (a clustered test with one treated team is not reliable: MacKinnon & Webb
2017), the pilot with the fewest team-months on the new plan whose power to detect the simulator's forecast effect on
profit after pay is at least 80% (ties: fewer months). When none reaches it, half the
teams for the longest candidate duration, and the plan says the forecast effect is
below what the pilot can detect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.pilot import power as pw
from perfkit.analysis.pilot.files import PLAN_FILES, json_text, plan_file_name, plans_beside
from perfkit.analysis.pilot.forecast import effect_over, forecast_effects
from perfkit.analysis.pilot.panel import balanced, outcome_rows, periods_of, team_months
from perfkit.analysis.pilot.randomise import assign, check_pilot_size, draws, team_profile
from perfkit.core.errors import PilotError
from perfkit.files.outputs import atomic_write_text, save_table, staged_dir
from perfkit.scheme import Scenario

PRIMARY = "profit"
POWER_OUTCOMES = ("revenue", "profit")


@dataclass(frozen=True)
class PilotDesign:
    """Assignment, power table, forecast and the chosen size and duration."""

    assignment: pd.DataFrame  # team, arm, stratum, agents, revenue_per_agent, pilot_*, plans
    power: pd.DataFrame  # outcome, teams, months, mde, mde_pct, forecast, power_at_forecast
    forecast: pd.DataFrame  # outcome, month, baseline, pilot, effect, effect_sd
    choice: dict[str, Any]  # teams, months, start, end, detectable, rule
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dir(self, out: str | Path, pages: Callable[[Path], object] | None = None) -> Path:
        """Write :data:`DESIGN_FILES` (plan files named as
        :func:`~perfkit.analysis.pilot.files.plan_file_name` says, the export by its file
        name) and, with ``pages``, the files it writes into the same staging folder (the
        pilot plan's pages); the files appear only once all are written (see
        :func:`perfkit.files.outputs.staged_dir`)."""
        with staged_dir(out) as stage:
            save_table(plans_beside(self.assignment, Path(out)), stage / "assignment.csv")
            save_table(self.power, stage / "power.csv")
            save_table(self.forecast, stage / "forecast.csv")
            files = {
                k: plan_file_name(self.meta[k], Path(out)) for k in PLAN_FILES if k in self.meta
            }
            files["data"] = Path(str(self.meta.get("data", ""))).name  # not this machine's folders
            doc = json_text({"choice": self.choice, "meta": self.meta | files})
            atomic_write_text(stage / "design.json", doc)
            if pages is not None:
                pages(stage)
        return Path(out)


#: The files :meth:`PilotDesign.to_dir` writes (CSV cells formula-safe: perfkit.files.cells).
DESIGN_FILES = ("assignment.csv", "power.csv", "forecast.csv", "design.json")


def next_period(label: str, ahead: int = 1) -> str:
    """'2025-12' → '2026-01' (monthly labels only)."""
    y, m = (int(x) for x in label.split("-"))
    k = y * 12 + (m - 1) + ahead
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def _monthly(periods: list[str], source: str) -> None:
    bad = [p for p in periods if len(p) != 7 or p[4] != "-" or not p[5:].isdigit()]
    if bad:
        raise PilotError(
            f"{source}: period {bad[0]!r} is not a month (YYYY-MM); pilot design works on "
            "monthly exports"
        )


def design_pilot(
    scenario: Scenario,
    baseline: Scenario,
    kpis: pd.DataFrame,
    *,
    teams: list[int] | None = None,
    months: tuple[int, ...] = (2, 3, 6),
    seed: int = 0,
    reps: int = 4000,
    runs: int = 20,
) -> PilotDesign:
    """Design a pilot of ``scenario`` against ``baseline`` on the export ``kpis``."""
    source = str(kpis.attrs.get("source", "<export>"))
    periods = periods_of(kpis)
    _check_history(periods, months, source)
    rows = outcome_rows(kpis, baseline)
    tm = team_months(rows)
    profile = team_profile(tm)
    g = len(profile)
    if g < 4:  # the rule below: at least 2 pilot and 2 control teams
        raise PilotError(
            f"{source}: {g} teams; a pilot design needs at least 4 (2 pilot + 2 control): "
            "a clustered test with one pilot or one control team is not reliable"
        )
    candidates = sorted(set(teams or default_teams(g)))
    for k in candidates:
        check_pilot_size(k, g)
    forecast = forecast_effects(baseline, scenario, kpis, max(months), runs=runs, seed=seed)
    noise = {o: pw.noise_model(balanced(tm, o)[2]) for o in POWER_OUTCOMES}
    power = _power_table(profile, candidates, months, noise, forecast, len(periods), reps, seed)
    choice = _choose(power, g, max(months))
    start = next_period(periods[-1])
    choice |= {"start": start, "end": next_period(periods[-1], choice["months"])}
    assignment = assign(profile, choice["teams"], seed).assign(
        pilot_start=start,
        pilot_months=choice["months"],
        scenario=str(scenario.source),
        baseline=str(baseline.source),
    )
    meta = {
        "scenario": scenario.name,
        "baseline": baseline.name,
        "scenario_zh": scenario.name_zh or scenario.name,
        "baseline_zh": baseline.name_zh or baseline.name,
        "scenario_file": str(scenario.source),
        "baseline_file": str(baseline.source),
        "data": source,
        "seed": seed,
        "reps": reps,
        "runs": runs,
        "teams_in_export": g,
        "agents_in_export": int(rows["agent_id"].nunique()),
        "history_months": len(periods),
        "history": [periods[0], periods[-1]],
        "noise": {o: {"rho": n.rho, "sigma": n.sigma.tolist()} for o, n in noise.items()},
        "method": pw.__doc__,
    }
    return PilotDesign(assignment, power, forecast, choice, meta)


def _check_history(periods: list[str], months: tuple[int, ...], source: str) -> None:
    """Monthly history of at least 2 months, and durations of at least a month."""
    _monthly(periods, source)
    if len(periods) < 2:
        raise PilotError(
            f"{source}: {len(periods)} month of history; a pilot needs at least 2 months "
            "before it starts (pre-periods) to compare pilot and control teams"
        )
    if not months or min(months) < 1:
        raise PilotError(f"--months {list(months)}: expected whole months of at least 1")
    if max(months) > min(len(periods), 36):
        raise PilotError(
            f"--months {max(months)}: expected at most {min(len(periods), 36)} (the export's "
            f"{len(periods)} months of history, at most 36): the power of a longer pilot "
            "cannot be estimated from it"
        )


def _power_table(
    profile: pd.DataFrame,
    candidates: list[int],
    months: tuple[int, ...],
    noise: dict[str, Any],
    forecast: pd.DataFrame,
    history: int,
    reps: int,
    seed: int,
) -> pd.DataFrame:
    """Per outcome, number of pilot teams and duration: the minimum detectable effect and
    the power at the forecast effect, from ``reps`` simulated pilots of the history's own
    noise (every size shares one set of simulated changes per duration and outcome)."""
    weights = profile["agents"].to_numpy(float)
    table = []
    pilots = {k: draws(profile, k, reps, seed + 1) for k in candidates}
    for m in sorted(set(months)):
        for o in POWER_OUTCOMES:
            change = pw.changes(noise[o], reps, history, m, seed + 2)  # shared by every k
            effect, base = effect_over(forecast, o, m)
            for k in candidates:
                null = pw.did_of(change, pilots[k], weights)
                mde = pw.mde(null)
                table.append(
                    {
                        "outcome": o,
                        "teams": k,
                        "months": m,
                        "baseline": base,
                        "mde": mde,
                        "mde_pct": mde / abs(base) if base else np.nan,
                        "forecast": effect,
                        "forecast_pct": effect / abs(base) if base else np.nan,
                        "power_at_forecast": float(pw.power_at(null, effect)[0]),
                        "null_sd": float(np.std(null)),
                    }
                )
    return pd.DataFrame(table).sort_values(["teams", "months", "outcome"], ignore_index=True)


def default_teams(n_teams: int) -> range:
    """Candidate pilot sizes: 1 … all but one; on a floor of more than 12 teams, up to half."""
    return range(1, n_teams) if n_teams <= 12 else range(1, n_teams // 2 + 1)


def _choose(power: pd.DataFrame, n_teams: int, longest: int) -> dict[str, Any]:
    p = power[power["outcome"] == PRIMARY].assign(exposure=lambda d: d["teams"] * d["months"])
    # one pilot (or control) team leaves a clustered test with nothing to compare within
    sound = (p["teams"] >= 2) & (n_teams - p["teams"] >= 2) if n_teams >= 4 else True
    ok = p[sound & (p["power_at_forecast"] >= pw.POWER)]
    ok = ok.sort_values(["exposure", "months", "teams"])
    rule = (
        "fewest pilot team-months with at least 80% power to detect the forecast effect on "
        "profit after pay (ties: shorter), with at least 2 pilot and 2 control teams"
    )
    if len(ok):
        best = ok.iloc[0]
        return {
            "teams": int(best.teams),
            "months": int(best.months),
            "detectable": True,
            "rule": rule,
        }
    teams = sorted(p["teams"].unique())
    half = min(teams, key=lambda k: (abs(k - n_teams / 2), -k))
    return {
        "teams": int(half),
        "months": int(longest),
        "detectable": False,
        "rule": rule + "; none reaches it, so half the teams for the longest duration",
    }
