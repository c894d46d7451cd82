"""Adjustments after the pay components: deductions, clawback, guarantee.

Deductions (扣款) are non-negative amounts subtracted from pay: a fixed amount
when the QA score is below the line, an amount per complaint beyond the free
ones, and a fixed amount when an activity KPI misses its minimum.

Clawback: an amount due from one row is charged on the agent's next row (in
period order, within the run); an agent with no later row is not charged.

Guarantee (保底), applied last, on pay after deductions and clawback:
non-recoverable tops pay up to the guarantee as a gift; recoverable (a draw)
adds each top-up to a balance that is recovered from later pay above the
guarantee, never taking pay below it (the top-up is then negative).
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.frame import Sequences
from perfkit.payout.groups import stable_argsort


def qa_deduction(qa_score: np.ndarray, line: float, amount: float) -> np.ndarray:
    """``amount`` where the QA score is below ``line``."""
    return np.where(qa_score < line, amount, 0.0)


def complaint_deduction(complaints: np.ndarray, per_complaint: float, free: int) -> np.ndarray:
    """``per_complaint`` × complaints beyond ``free``."""
    return per_complaint * np.clip(complaints - free, 0.0, None)


def activity_deduction(activity: np.ndarray, minimum: float, amount: float) -> np.ndarray:
    """``amount`` where the activity KPI is below ``minimum``."""
    return np.where(activity < minimum, amount, 0.0)


def charge_next(due: np.ndarray, next_row: np.ndarray) -> np.ndarray:
    """Move each row's ``due`` amount to the agent's next row."""
    out = np.zeros(due.size)
    has_next = (next_row >= 0) & (due != 0)
    out[next_row[has_next]] = due[has_next]  # each row follows at most one row
    return out


def guarantee_topup(
    pay: np.ndarray,
    amount: np.ndarray,
    recoverable: np.ndarray,
    sequences: Sequences,
    agent_codes: np.ndarray,
    n_agents: int,
) -> np.ndarray:
    """Top-up per row so that pay + top-up ≥ the guarantee.

    ``amount`` is NaN on rows without a guarantee. Non-recoverable rows get
    max(guarantee − pay, 0). Recoverable rows run a balance per agent (and run):
    balance ← max(0, balance + guarantee − pay) and the top-up is the change in
    balance, so a shortfall is paid and later excess above the guarantee repays it.
    """
    has = ~np.isnan(amount)
    if not has.any():  # no guarantee on any row
        return np.zeros(pay.size)
    gap = np.where(has, amount - pay, 0.0)
    topup = np.where(has & ~recoverable, np.clip(gap, 0.0, None), 0.0)
    draw = has & recoverable
    if not draw.any():
        return topup
    balance = np.zeros(n_agents)
    by_position = stable_argsort(sequences.position)
    counts = np.bincount(sequences.position, minlength=sequences.length)
    edges = np.concatenate(([0], np.cumsum(counts)))
    for k in range(sequences.length):  # one step per period position, all agents at once
        rows = by_position[edges[k] : edges[k + 1]]
        rows = rows[draw[rows]]
        agents = agent_codes[rows]
        before = balance[agents]
        after = np.maximum(before + gap[rows], 0.0)
        balance[agents] = after
        topup[rows] = after - before
    return topup
