"""Stratified randomisation of teams into pilot and control, with a fixed seed.

Teams are ordered by size band (headcount above or below the median) and, within a
band, by revenue per agent over the export; the ordered list is cut into
``min(k, G − k)`` consecutive blocks (strata) of near-equal size, every block gets its
share of the ``k`` pilot places (largest remainder) and the pilot teams of a block
are drawn at random. So pilot and control are balanced on size and on past
performance by construction, and the same seed always gives the same assignment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.core.errors import PilotError

PILOT, CONTROL = "pilot", "control"


def team_profile(tm: pd.DataFrame) -> pd.DataFrame:
    """Per team: mean headcount and revenue per agent over the export's months."""
    prof = tm.groupby("team", sort=True).agg(agents=("agents", "mean"), revenue=("revenue", "mean"))
    return prof.rename(columns={"revenue": "revenue_per_agent"}).reset_index()


def strata(profile: pd.DataFrame, n_pilot: int) -> np.ndarray:
    """Stratum number (0, 1, …) of each team of ``profile`` for ``n_pilot`` pilot teams."""
    g = len(profile)
    check_pilot_size(n_pilot, g)
    large = profile["agents"].to_numpy(float) > np.median(profile["agents"].to_numpy(float))
    order = np.lexsort((profile["team"].to_numpy(str), profile["revenue_per_agent"], large))
    blocks = np.array_split(order, min(n_pilot, g - n_pilot))
    out = np.empty(g, dtype=int)
    for s, block in enumerate(blocks):
        out[block] = s
    return out


def check_pilot_size(n_pilot: int, n_teams: int) -> None:
    """A pilot needs at least one pilot team and one control team."""
    if n_teams < 2:
        raise PilotError(
            f"the export has {n_teams} team: a pilot needs at least 2 teams (one pilot, one control)"
        )
    if not 1 <= n_pilot <= n_teams - 1:
        raise PilotError(
            f"{n_pilot} pilot teams of {n_teams}: expected 1 to {n_teams - 1}, so that at least "
            "one team stays on the current plan as the control group"
        )


def pilot_places(stratum: np.ndarray, n_pilot: int) -> np.ndarray:
    """Pilot places per stratum, proportional to its size (largest remainder, ties to the
    earlier stratum)."""
    sizes = np.bincount(stratum)
    exact = n_pilot * sizes / sizes.sum()
    places = np.floor(exact).astype(int)
    rest = n_pilot - places.sum()
    places[np.argsort(-(exact - places), kind="stable")[:rest]] += 1
    return places


def draw(stratum: np.ndarray, n_pilot: int, keys: np.ndarray) -> np.ndarray:
    """Pilot flags (same shape as ``keys``, reps × teams or teams): within each stratum
    the teams with the smallest uniform ``keys`` take its pilot places."""
    places = pilot_places(stratum, n_pilot)
    keys2 = np.atleast_2d(keys)
    pilot = np.zeros(keys2.shape, dtype=bool)
    rows = np.arange(keys2.shape[0])[:, None]
    for s, k in enumerate(places):
        members = np.flatnonzero(stratum == s)
        chosen = members[np.argsort(keys2[:, members], axis=1, kind="stable")[:, :k]]
        pilot[rows, chosen] = True
    return pilot.reshape(np.shape(keys))


def assign(profile: pd.DataFrame, n_pilot: int, seed: int) -> pd.DataFrame:
    """The assignment table: team, arm, stratum, agents, revenue per agent."""
    stratum = strata(profile, n_pilot)
    pilot = draw(stratum, n_pilot, np.random.default_rng(seed).random(len(profile)))
    out = profile.copy()
    out.insert(1, "arm", np.where(pilot, PILOT, CONTROL))
    out.insert(2, "stratum", stratum + 1)
    return out


def draws(profile: pd.DataFrame, n_pilot: int, reps: int, seed: int) -> np.ndarray:
    """``reps`` × teams pilot flags of independent re-randomisations (for power)."""
    stratum = strata(profile, n_pilot)
    return draw(stratum, n_pilot, np.random.default_rng(seed).random((reps, len(profile))))
