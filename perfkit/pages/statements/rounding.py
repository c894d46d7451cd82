"""Pay statements in fen (0.01): every amount rounded, every payslip still adding up.

Rounding each amount on its own can leave a payslip whose lines miss its total by a fen.
:func:`round_statements` rounds the total half up, rounds each line half up, and where
the lines then miss the total, moves the line(s) nearest a rounding edge by one fen —
so each line is within one fen of the engine's, the total within half a fen, and the
lines add up to the total exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.payout import PAY_PARTS

#: Lines of a payslip and their sign in the total (deductions and clawbacks subtract).
LINES = PAY_PARTS[:-1]
SIGNS = np.array([-1 if p in ("deductions", "clawback") else 1 for p in LINES])
#: Amount columns that are not payslip lines (rounded on their own).
OTHER_MONEY = ("non_cash_value", "non_cash_cost", "current_pay", "new_pay", "difference")
#: Columns in points or shares, and the decimals they keep.
SCORES = {"score": 2, "own_score": 2}
SHARE_DECIMALS = 4  # attainment_<kpi>, change: 0.01% resolution


def to_fen(x: np.ndarray | pd.Series) -> np.ndarray:
    """Amounts in whole fen, rounded half away from zero (1.005 → 101, −0.125 → −13)."""
    a = np.asarray(x, dtype=float) * 100
    # the 1e-7 absorbs binary error: 1.005 * 100 is 100.49999999999999
    return (np.sign(a) * np.floor(np.abs(a) + 0.5 + 1e-7)).astype(np.int64)


def round_money(x: np.ndarray | pd.Series) -> np.ndarray:
    """Amounts rounded half away from zero to 0.01."""
    return to_fen(x) / 100


def payslip_fen(lines: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Lines (rows × :data:`LINES`) in fen that add up, with :data:`SIGNS`, to ``total`` in fen.

    ``total`` is the rounded engine total; a line moves by at most one fen from its own
    rounding, the one whose rounding lost (or gained) most moving first.
    """
    fen = to_fen(lines).reshape(lines.shape)
    residual = np.asarray(lines, dtype=float) * 100 - fen  # in [-0.5, 0.5]
    gap = total - fen @ SIGNS
    moved = np.zeros_like(fen, dtype=bool)
    rows = np.arange(len(fen))
    for _ in range(fen.shape[1]):
        up, down = gap > 0, gap < 0
        if not (up.any() or down.any()):
            break
        pull = SIGNS * residual  # moving a line by its sign settles this much of its rounding
        pick = np.where(
            up,
            np.argmax(np.where(moved, -np.inf, pull), axis=1),
            np.argmin(np.where(moved, np.inf, pull), axis=1),
        )
        step = np.where(up, 1, np.where(down, -1, 0))
        fen[rows, pick] += step * SIGNS[pick]
        residual[rows, pick] -= step * SIGNS[pick]
        moved[rows, pick] |= step != 0
        gap = total - fen @ SIGNS
    return fen


def round_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """``statements`` with amounts in fen (payslips adding up), scores to 0.01 and
    attainments to 0.0001; other columns as they were."""
    out = statements.copy()
    present = [p for p in LINES if p in out]
    if "total_pay" in out and len(present) == len(LINES):
        total = to_fen(out["total_pay"])
        fen = payslip_fen(out[list(LINES)].to_numpy(dtype=float), total)
        for j, part in enumerate(LINES):
            out[part] = fen[:, j] / 100
        out["total_pay"] = total / 100
    else:
        for part in [*present, "total_pay"]:
            if part in out:
                out[part] = round_money(out[part])
    for col in OTHER_MONEY:
        if col in out:
            out[col] = round_money(out[col])
    for col, digits in SCORES.items():
        if col in out:
            out[col] = out[col].astype(float).round(digits)
    for col in [c for c in out if c.startswith("attainment_") or c == "change"]:
        out[col] = out[col].astype(float).round(SHARE_DECIMALS)
    return out
