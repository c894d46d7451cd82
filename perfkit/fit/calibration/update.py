"""The calibration's next guess of the choices behind each row, from the last guess and
the choices the plan in force induced at it.

In parts, because the solved response has two scales (measured on the bundled export
under the volume-heavy scorecard, docs/behaviour-model.md §Calibration):

- **Each row** moves half of the way to its response (all of it at the first
  iteration, from effort 1). An agent whose solved choice flips between two modes at a
  pay cliff (grind dials at low quality, or work normally; the solver picks the mode on
  few draws, so which one can change with a 1% change of capacity) then settles between
  them instead of flipping in step with every other such agent, and no row is ever
  pushed past its response (the per-row secant step this replaces sent flipping rows to
  the volume floor: their capacity × 16).
- **A row whose solved volume crossed its guess the other way** than at the last
  iteration (a mode flip: its guess lies between its two modes) responds with the mean
  of its last two responses (:func:`mixed_response`). Moving half way alone left such
  rows flipping at their cliffs, and the level step moved many across them together:
  the volume-heavy scorecard's dials ratio swung 1.012, 1.015, 0.987 from the fourth
  iteration, as 20–26 agents' mean volume jumped by more than 0.05 a step.
- **Log quality** moves all the way: it enters only the pooled funnel rates, a
  floor-wide average in which single agents' flips cancel, and halving its step slowed
  the quality-weighted scorecard, whose responses follow those rates, to 6 iterations.
- **The floor's level** is set so that, were the responses to stay put, the implied
  dials and orders would match the export's totals (capacity ∝ 1 ÷ volume, skill ∝ 1 ÷
  lift). The aggregate map is monotone, with an elasticity ε of the solved volume to
  the guessed one between −1 and 1 on the bundled plans, so this contracts by |ε| a
  step; a longer (secant) step estimated from the first move overshot where that move
  was mostly a change of shape (the quality-weighted scorecard, the marginal ladder).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.fit.calibration.estimates import Choices

#: Share of the way each row moves to its response after the first iteration.
SHARE = 0.5
#: Smallest volume factor and lift a guess may take.
FLOOR = 0.05


@dataclass(frozen=True)
class Totals:
    """What the level is matched to: each row's agent, and per agent the export's dials
    and orders; ``exposure`` weighs each row's lift (connects × learning factor)."""

    row_agent: np.ndarray
    dials: np.ndarray
    orders: np.ndarray
    exposure: np.ndarray

    @classmethod
    def of(cls, df: pd.DataFrame, row_agent: np.ndarray, n: int) -> Totals:
        """The totals of a prepared export (perfkit.fit.calibration.estimates.prepared)."""
        return cls(
            row_agent,
            np.bincount(row_agent, df["dials"].to_numpy(float), n),
            np.bincount(row_agent, df["orders"].to_numpy(float), n),
            df["connected"].to_numpy(float) * df["_learn"].to_numpy(float),
        )

    def implied(self, total: np.ndarray, weight: np.ndarray, guess: np.ndarray,
                solved: np.ndarray) -> float:  # fmt: skip
        """Implied ÷ actual total at a trait estimated from ``guess`` and the ``solved``
        factor: each agent's total × Σ solved ÷ Σ guess over its rows (shrinkage aside)."""
        n = total.size
        got = np.bincount(self.row_agent, weight * solved, n)
        had = np.bincount(self.row_agent, weight * guess, n)
        ratio = np.divide(got, had, out=np.ones(n), where=had > 0)
        return float((total * ratio).sum() / max(total.sum(), 1e-12))


def mixed_response(
    guess: Choices, solved: Choices, last: tuple[Choices, Choices] | None
) -> Choices:
    """The response to ``guess``: ``solved``, but the mean of a row's last two responses
    where its solved volume crossed its guess the other way than at the last iteration
    (``last``: that iteration's guess and solved choices).

    Such a row sits at a pay cliff between two modes (grind dials at low quality, or work
    normally): its guess lies between them, either is a best response there on the
    solver's draws, and which one the solver picks flips with a 1% move of the guess. A
    mixture of the two is its response, not whichever mode the last solve picked; taking
    that mode keeps the floor's dials swinging by the flippers' jumps (±1.5% under the
    volume-heavy scorecard), as the level step moves them across their cliffs together.
    """
    if last is None:
        return solved
    before, answer = last
    flipped = (solved.volume - guess.volume) * (answer.volume - before.volume) < 0
    return Choices(*(
        np.where(flipped, (getattr(solved, k) + getattr(answer, k)) / 2, getattr(solved, k))
        for k in ("volume", "log_q", "lift", "effort")
    ))  # fmt: skip


def next_guess(iteration: int, guess: Choices, solved: Choices, totals: Totals) -> Choices:
    """The guess for iteration + 1 (see the module docstring): every row moves ``SHARE``
    of the way from ``guess`` to ``solved`` (all of it at the first iteration; log quality
    all of it always); then the volume is scaled to match the export's dials and the lift
    its orders."""
    share = 1.0 if iteration == 1 else SHARE
    volume, lift, effort = (
        x + share * (f - x)
        for x, f in zip(
            (guess.volume, guess.lift, guess.effort),
            (solved.volume, solved.lift, solved.effort),
            strict=True,
        )
    )
    log_q = solved.log_q
    ones = np.ones(volume.size)
    level = totals.implied(totals.dials, ones, volume, solved.volume)
    lift_level = totals.implied(totals.orders, totals.exposure, lift, solved.lift)
    return Choices(
        np.maximum(volume * level, FLOOR), log_q, np.maximum(lift * lift_level, FLOOR), effort
    )
