"""Group arithmetic on integer group codes: sums, means, ranks, sequences.

Every cross-agent rule (team means, pools, forced distribution, prizes) and every
per-agent sequence (clawback next period, recoverable draws) reduces to a few
operations on dense integer codes ``0 … n_groups − 1``. They live here, pure and
vectorised, so the rule modules read like the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Groups:
    """Dense group codes for each row and the number of groups."""

    codes: np.ndarray
    n: int

    def take(self, idx: np.ndarray) -> Groups:
        """The groups of a subset of rows, re-numbered densely."""
        return Groups(*densify(self.codes[idx]))


def densify(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """Renumber non-negative integer codes to ``0 … k − 1`` keeping their order."""
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size == 0:
        return codes, 0
    present = np.zeros(int(codes.max()) + 1, dtype=bool)
    present[codes] = True
    mapping = np.cumsum(present) - 1
    return mapping[codes], int(present.sum())


def combine(*parts: tuple[np.ndarray, int]) -> Groups:
    """Groups of the cross product of several codings, e.g. run × period × team."""
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    for codes, size in parts:
        key = key * max(size, 1) + codes
    return Groups(*densify(key))


def group_sum(values: np.ndarray, groups: Groups) -> np.ndarray:
    """Per-group sums (length ``groups.n``)."""
    return np.bincount(groups.codes, weights=values, minlength=groups.n)


def group_count(groups: Groups) -> np.ndarray:
    """Rows per group."""
    return np.bincount(groups.codes, minlength=groups.n)


def group_mean(values: np.ndarray, groups: Groups) -> np.ndarray:
    """Per-group means (0 for an empty group)."""
    counts = group_count(groups)
    sums = group_sum(values, groups)
    return np.divide(sums, counts, out=np.zeros(groups.n), where=counts > 0)


def share_of_group(weights: np.ndarray, groups: Groups) -> np.ndarray:
    """Each row's share of its group's total ``weights``; equal shares where the total is 0."""
    weights = np.clip(weights, 0.0, None)
    total = group_sum(weights, groups)[groups.codes]
    count = group_count(groups)[groups.codes]
    equal = 1.0 / np.maximum(count, 1)
    return np.divide(weights, total, out=equal.copy(), where=total > 0)


def dense_rank(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense ascending rank of each value (equal values share a rank) and the rank count."""
    if values.size == 0:
        return np.zeros(0, dtype=np.int64), 0
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    step = np.empty(values.size, dtype=np.int64)
    step[0] = 0
    np.not_equal(ordered[1:], ordered[:-1], out=step[1:])
    ranks = np.empty(values.size, dtype=np.int64)
    ranks[order] = np.cumsum(step)
    return ranks, int(ranks[order[-1]]) + 1


def sort_within(groups: Groups, primary: np.ndarray, ties: tuple[np.ndarray, ...] = ()) -> np.ndarray:
    """Row order: by group, then ascending ``primary``, then ascending ``ties`` keys.

    Equivalent to ``np.lexsort((*reversed(ties), primary, groups.codes))`` but sorts
    one integer key and only re-sorts the rows that tie on (group, primary), which
    is several times faster on a million rows.
    """
    n = primary.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ranks, n_ranks = dense_rank(primary)
    key = groups.codes * np.int64(n_ranks) + ranks
    order = np.argsort(key, kind="stable")
    if not ties:
        return order
    k = key[order]
    tied = np.zeros(n, dtype=bool)
    same = k[1:] == k[:-1]
    tied[1:] |= same
    tied[:-1] |= same
    pos = np.flatnonzero(tied)
    if pos.size:
        rows = order[pos]
        block = k[pos]
        sub = np.lexsort((*(t[rows] for t in reversed(ties)), block))
        order[pos] = rows[sub]
    return order


def rank_within(groups: Groups, primary: np.ndarray, ties: tuple[np.ndarray, ...] = ()) -> np.ndarray:
    """0-based rank of each row within its group (see :func:`sort_within` for the order)."""
    order = sort_within(groups, primary, ties)
    counts = group_count(groups)
    starts = np.cumsum(counts) - counts
    ranks = np.empty(order.size, dtype=np.int64)
    ranks[order] = np.arange(order.size) - starts[groups.codes[order]]
    return ranks


def tie_blocks(groups: Groups, values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Block id per row: rows in the same group with equal ``values`` share a block.

    ``order`` must sort rows by group and then by ``values`` (as :func:`sort_within` does).
    """
    g = groups.codes[order]
    v = values[order]
    new = np.ones(order.size, dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (v[1:] != v[:-1])
    blocks = np.empty(order.size, dtype=np.int64)
    blocks[order] = np.cumsum(new) - 1
    return blocks
