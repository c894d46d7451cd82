"""非经济激励: who is granted each non-cash reward, and the per-row labels.

A reward goes to agents with a given grade (or any of several), to agents
whose grading score reaches ``min_score``, or to the top N by a KPI in the
company per period (and run; lowest first for lower-is-better KPIs; equal values
are ordered by revenue, then agent_id, so exactly N are granted).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.kpis import LOWER_IS_BETTER
from perfkit.payout.frame import Rows
from perfkit.payout.groups import rank_within
from perfkit.scheme.models import GrantRule


def granted(
    rule: GrantRule, rows: Rows, grade: np.ndarray, grade_names: list[str], score: np.ndarray
) -> np.ndarray:
    """Boolean mask of the rows granted the reward."""
    if rule.grade is not None:
        wanted = [rule.grade] if isinstance(rule.grade, str) else list(rule.grade)
        codes = [i for i, name in enumerate(grade_names) if name in wanted]
        return np.isin(grade, codes)
    if rule.min_score is not None:
        return score >= rule.min_score
    values = rows.kpi(rule.kpi)
    key = values if rule.kpi in LOWER_IS_BETTER else -values
    rank = rank_within(rows.company, key, (-rows.kpi("revenue"), rows.agent_order))
    return rank < rule.top


def labels(masks: list[np.ndarray], names: list[str], n: int) -> pd.api.extensions.ExtensionArray:
    """ ";"-joined names of the rewards granted on each row ("" if none)."""
    code = np.zeros(n, dtype=np.int64)
    for bit, mask in enumerate(masks):
        code |= mask.astype(np.int64) << bit
    if len(names) <= 16:  # few rewards: find the combinations used without sorting
        present = np.bincount(code, minlength=1 << len(names)) > 0
        used = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[code]
    else:
        used, inverse = np.unique(code, return_inverse=True)
    text = [";".join(names[b] for b in range(len(names)) if c >> b & 1) for c in used]
    return pd.array(text, dtype="str").take(inverse)
