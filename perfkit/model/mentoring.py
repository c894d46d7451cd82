"""Mentoring on the floor, one period at a time: eligible mentors' help pooled within each
team and shared equally among its mentees, and each mentor's collaboration credit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from perfkit.model.funnel import Choice


@dataclass(frozen=True)
class TeamHelp:
    """Help flows within teams for one period (arrays per row, or per team)."""

    given: np.ndarray  # help effort e·h of each row (0 unless an eligible mentor)
    received: np.ndarray  # help effort per mentee, on mentee rows
    team_total: np.ndarray  # per team: total help effort
    team_mentees: np.ndarray  # per team: number of mentees


def team_help(
    key: np.ndarray, n_keys: int, choice: Choice, mentor: np.ndarray, mentee: np.ndarray
) -> TeamHelp:
    """Pool eligible mentors' help within each team (``key`` codes a team, per run) and
    share it equally among the team's mentees."""
    given = np.where(mentor, choice.effort * choice.help, 0.0)
    total = np.bincount(key.ravel(), weights=given.ravel(), minlength=n_keys)
    mentees = np.bincount(key.ravel(), weights=mentee.ravel().astype(float), minlength=n_keys)
    per_mentee = np.divide(total, mentees, out=np.zeros(n_keys), where=mentees > 0)
    received = np.where(mentee, per_mentee[key], 0.0)
    return TeamHelp(given, received, total, mentees)


def credit_shares(
    key: np.ndarray, n_keys: int, given: np.ndarray, assisted: np.ndarray
) -> np.ndarray:
    """Each mentor's collaboration credit: the team's assisted orders × their share of help."""
    total = np.bincount(key.ravel(), weights=given.ravel(), minlength=n_keys)
    orders = np.bincount(key.ravel(), weights=assisted.ravel(), minlength=n_keys)
    share = np.divide(given, total[key], out=np.zeros(given.shape), where=total[key] > 0)
    return share * orders[key]
