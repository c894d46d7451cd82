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
    """Dense group codes for each row and the number of groups.

    Sums and counts go through the object, so a subclass can price a row against
    aggregates it does not hold (perfkit.payout.grid.Deviations); ``ranked`` says
    whether rows may be ordered within their groups.
    """

    codes: np.ndarray
    n: int
    ranked = True

    def take(self, idx: np.ndarray) -> Groups:
        """The groups of a subset of rows, re-numbered densely."""
        return Groups(*densify(self.codes[idx]))

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per-group sums of ``values`` (one per row)."""
        return np.bincount(self.codes, weights=values, minlength=self.n)

    def count(self) -> np.ndarray:
        """Rows per group."""
        return np.bincount(self.codes, minlength=self.n)


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
    return groups.sum(values)


def group_count(groups: Groups) -> np.ndarray:
    """Rows per group."""
    return groups.count()


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


def stable_argsort(key: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative integer keys.

    Small keys are radix-sorted; larger ones are packed with their row number into
    one int64 and the values sorted, several times faster than a stable argsort.
    """
    n = key.size
    if n == 0 or int(key.min()) < 0:
        return np.argsort(key, kind="stable")
    top = int(key.max())
    if top < 1 << 16:  # numpy radix-sorts small integers when asked for a stable sort
        return np.argsort(key.astype(np.uint16), kind="stable")
    bits = max(n - 1, 1).bit_length()
    if top.bit_length() + bits > 62:
        return np.argsort(key, kind="stable")
    packed = (key.astype(np.int64) << np.int64(bits)) | np.arange(n, dtype=np.int64)
    packed.sort()
    return packed & np.int64((1 << bits) - 1)


def dense_rank(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense ascending rank of each value (equal values share a rank) and the rank count."""
    if values.size == 0:
        return np.zeros(0, dtype=np.int64), 0
    order = np.argsort(values)
    ordered = values[order]
    step = np.empty(values.size, dtype=np.int64)
    step[0] = 0
    np.not_equal(ordered[1:], ordered[:-1], out=step[1:])
    ranks = np.empty(values.size, dtype=np.int64)
    ranks[order] = np.cumsum(step)
    return ranks, int(ranks[order[-1]]) + 1


def sort_within(
    groups: Groups, primary: np.ndarray, ties: tuple[np.ndarray, ...] = ()
) -> np.ndarray:
    """Row order: by group, then ascending ``primary``, then ascending ``ties`` keys, then row.

    Same result as ``np.lexsort((np.arange(n), *reversed(ties), primary, groups.codes))``
    but faster on a million rows: one sort by ``primary``, one packed stable sort by
    group, then re-sorting only the rows still tied, key by key.
    """
    if not groups.ranked:
        raise TypeError("these groups price rows against fixed aggregates: no order within them")
    n = primary.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    by_value = np.argsort(primary)
    order = by_value[stable_argsort(groups.codes[by_value])]
    g, v = groups.codes[order], primary[order]
    boundary = np.ones(n, dtype=bool)  # True where a new (group, primary, ...) value starts
    boundary[1:] = (g[1:] != g[:-1]) | (v[1:] != v[:-1])
    for tie_key in (*ties, np.arange(n)):
        tied = ~boundary
        tied[:-1] |= ~boundary[1:]
        pos = np.flatnonzero(tied)
        if pos.size == 0:
            break
        block = np.cumsum(boundary)[pos]
        rows = order[pos]
        tie_ranks, n_tie = dense_rank(tie_key[rows])
        composite = block * np.int64(n_tie) + tie_ranks
        sub = stable_argsort(composite)
        order[pos] = rows[sub]
        composite = composite[sub]
        refined = boundary[pos]
        refined[1:] |= composite[1:] != composite[:-1]
        boundary[pos] = refined
    return order


def rank_within(
    groups: Groups, primary: np.ndarray, ties: tuple[np.ndarray, ...] = ()
) -> np.ndarray:
    """0-based rank of each row within its group (see :func:`sort_within` for the order)."""
    order = sort_within(groups, primary, ties)
    counts = group_count(groups)
    starts = np.cumsum(counts) - counts
    ranks = np.empty(order.size, dtype=np.int64)
    ranks[order] = np.arange(order.size) - starts[groups.codes[order]]
    return ranks
