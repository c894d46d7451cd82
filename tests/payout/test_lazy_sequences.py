"""A pricing table's per-agent sequences are built only when a rule reads them
(perfkit.payout.skeletons.LazySequences), and are then those built eagerly before."""

from __future__ import annotations

import numpy as np

from perfkit.payout.frame import _sequences
from perfkit.payout.skeletons import skeleton


def _eager(W: int, runs: int, a: np.ndarray):
    """The sequences as the skeleton built them before (every run's rows, agents in order)."""
    N, A = a.size, int(a.max()) + 1
    agent = np.repeat(np.arange(runs), W * N) * A + np.tile(a, runs * W)
    order = np.arange(runs * W * N).reshape(runs, W, N)[:, :, np.argsort(a)]
    return _sequences(agent, order.transpose(0, 2, 1).ravel())


def test_lazy_sequences_are_the_eager_ones_whole_and_cut_to_fewer_runs():
    a = np.array([2, 0, 3, 1, 4])  # agents not in code order
    t = np.array([0, 0, 1, 1, 1])
    for W, runs, head in [(3, 4, 2), (1, 6, 5), (2, 3, 1)]:
        sk = skeleton(W, runs, a, 2, t, None)
        built, cut = sk.sequences, sk.head(head).sequences  # cut before it is built
        want, want_cut = _eager(W, runs, a), _eager(W, head, a)
        for name in ("order", "position", "next_row"):
            np.testing.assert_array_equal(getattr(built, name), getattr(want, name))
            np.testing.assert_array_equal(getattr(cut, name), getattr(want_cut, name))
        assert built.length == want.length == W and cut.length == W
        again = sk.head(head).sequences  # cut after it is built: the built one's first rows
        np.testing.assert_array_equal(again.next_row, want_cut.next_row)
        np.testing.assert_array_equal(again.position, want_cut.position)


def test_a_clawback_reads_the_next_month_through_the_lazy_sequences():
    sk = skeleton(3, 2, np.arange(2), 1, np.zeros(2, dtype=np.int64), None)
    nxt = sk.sequences.next_row  # rows: run × period × agent
    assert nxt.tolist() == [2, 3, 4, 5, -1, -1, 8, 9, 10, 11, -1, -1]
