"""Bonuses: lump sums at a KPI attainment (period or quarter), and rank prizes.

Attainment bonus: the amount of the highest tier whose attainment is reached
(nothing just below the lowest: a cliff). ``cycle: quarter`` measures the
agent's quarter against the quarter target and pays in the quarter's last
month: counts and amounts are summed and compared with 3 × the mean monthly
target; ratio KPIs (connect_rate, …) are recomputed from the quarter's sums and
score-like KPIs (satisfaction, qa_score, peer_score) averaged, both against the
mean monthly target. An agent with no row in the quarter's last month is not paid.

Rank prizes: ``prizes[k]`` to the (k+1)-th best in the group (lowest first for
lower-is-better KPIs); agents tied on the KPI share the prizes of the places they
occupy equally.
"""

from __future__ import annotations

import re

import numpy as np

from perfkit.core.errors import DataError
from perfkit.payout.frame import RATIO_KPIS, Rows, ratio
from perfkit.payout.groups import Groups, combine, group_count, group_mean, group_sum, sort_within
from perfkit.payout.scoring import EPS, attainment

#: KPIs that are averages, not totals: a quarter's value is their mean.
MEAN_KPIS = frozenset({"satisfaction", "qa_score", "peer_score"})

_MONTH = re.compile(r"^\s*(\d{4})[-/.]?(\d{1,2})(?:[-/.]\d{1,2})?(?:[ T].*)?$")


def tier_amount(att: np.ndarray, tiers: list[tuple[float, float]]) -> np.ndarray:
    """The amount of the highest tier whose attainment ``att`` reaches (0 below all)."""
    out = np.zeros(np.shape(att))
    for at, amount in sorted(tiers):
        np.copyto(out, amount, where=att >= at - EPS)
    return out


def quarter_calendar(
    periods: np.ndarray, cycle_of_data: str, source: str = "<KPI table>"
) -> tuple[np.ndarray, np.ndarray]:
    """(quarter code, is the quarter's last month) for each period label.

    Monthly labels look like ``2025-01``. When the scenario's own period is a
    quarter, every period is its own quarter.
    """
    if cycle_of_data == "quarter":
        return np.arange(len(periods)), np.ones(len(periods), dtype=bool)
    codes, last = [], []
    for label in periods:
        m = _MONTH.match(str(label))
        if m is None or not 1 <= int(m.group(2)) <= 12:
            raise DataError(
                source,
                [f"a quarter-cycle bonus needs monthly periods like '2025-01'; got '{label}'"],
            )
        year, month = int(m.group(1)), int(m.group(2))
        codes.append(year * 4 + (month - 1) // 3)
        last.append(month % 3 == 0)
    return np.asarray(codes, dtype=np.int64), np.asarray(last, dtype=bool)


def kpi_over(rows: Rows, kpi: str, groups: Groups, margin_rate: float = 1.0) -> np.ndarray:
    """A KPI over groups of rows: totals summed, ratios recomputed, scores averaged."""
    if kpi in RATIO_KPIS:
        num, den = RATIO_KPIS[kpi]
        return ratio(group_sum(rows.kpi(num), groups), group_sum(rows.kpi(den), groups))
    if kpi in MEAN_KPIS:
        return group_mean(rows.kpi(kpi), groups)
    return group_sum(rows.kpi(kpi, margin_rate), groups)


def quarter_attainment_bonus(
    rows: Rows,
    kpi: str,
    target: np.ndarray,
    direction: str,
    tiers: list[tuple[float, float]],
    calendar: tuple[np.ndarray, np.ndarray],
    months_per_quarter: int = 3,
    margin_rate: float = 1.0,
) -> np.ndarray:
    """Quarter-cycle attainment bonus, paid on the quarter's last-month rows."""
    quarters, counts, last, first = agent_quarters(rows, calendar)
    actual = kpi_over(rows, kpi, quarters, margin_rate)
    if rows.carried is not None and kpi in rows.carried.totals:  # the quarter's earlier months
        actual = actual + rows.carried.at(kpi, first)
    scale = 1 if (kpi in RATIO_KPIS or kpi in MEAN_KPIS) else months_per_quarter
    mean = np.divide(group_sum(target, quarters), counts, out=np.zeros(quarters.n),
                     where=counts > 0)  # fmt: skip
    # one amount per agent-quarter, then one per row (the tiers are per value: the same)
    amount = tier_amount(attainment(actual, mean * scale, direction), tiers)[quarters.codes]
    return np.where(last, amount, 0.0)


def agent_quarters(
    rows: Rows, calendar: tuple[np.ndarray, np.ndarray]
) -> tuple[Groups, np.ndarray, np.ndarray, np.ndarray]:
    """(agent × quarter groups, rows per group, whether a row is its quarter's last month,
    a row of each group), built once for rows of the same identity columns
    (``rows.derived``)."""
    q_code, q_last = calendar
    q_dense = np.unique(q_code, return_inverse=True)[1]  # year×4+quarter → 0..k-1
    key = ("agent_quarters", q_dense.tobytes(), q_last.tobytes())  # the same every quarter
    if key not in rows.derived:
        quarters = rows.agent  # one quarter: its groups are the agents' (dense codes)
        if q_dense.max() > 0:
            quarters = combine(
                (rows.agent.codes, rows.agent.n), (q_dense[rows.period], int(q_dense.max()) + 1)
            )
        one = np.empty(quarters.n, dtype=np.int64)
        one[quarters.codes] = np.arange(quarters.codes.size)
        rows.derived[key] = (quarters, group_count(quarters), q_last[rows.period], one)
    return rows.derived[key]


def rank_prizes(values: np.ndarray, groups: Groups, prizes: list[float], higher: bool = True):
    """Prize per row: ``prizes[k]`` to the k-th place in its group, shared equally on ties."""
    n = values.size
    if n == 0 or not prizes:
        return np.zeros(n)
    key = -values if higher else values
    order = sort_within(groups, key)
    counts = group_count(groups)
    starts = np.cumsum(counts) - counts
    place = np.arange(n) - starts[groups.codes[order]]
    table = np.append(np.asarray(prizes, dtype=float), 0.0)
    prize_sorted = table[np.minimum(place, len(prizes))]
    g, v = groups.codes[order], key[order]
    new = np.ones(n, dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (v[1:] != v[:-1])
    first = np.flatnonzero(new)
    sizes = np.diff(np.append(first, n))
    shared = np.add.reduceat(prize_sorted, first) / sizes
    out = np.empty(n)
    out[order] = np.repeat(shared, sizes)
    return out
