"""What a Dask task carries: the whole pricing table once, without its caches, and a
restricted table rebuilt on the worker from it, to the same bytes as priced here."""

from __future__ import annotations

import cloudpickle
import numpy as np

from perfkit.model.behaviour.blocks import price_block, shipped
from perfkit.model.funnel import Choice
from tests.model.test_scale import _draws_table

N = 12


def _cands(idx: np.ndarray) -> tuple[Choice, list[Choice]]:
    """Three candidate efforts (1 state × 3 × agents) and everyone's current choice."""
    effort = np.array([0.8, 1.0, 1.3])[None, :, None] * np.ones((1, 3, idx.size))
    cands = Choice(effort, np.full(effort.shape, 0.5), np.zeros(effort.shape))
    path = [Choice(np.ones(idx.size), np.full(idx.size, 0.5), np.zeros(idx.size))]
    return cands, path


def test_a_restricted_table_is_rebuilt_from_the_whole_one_to_the_same_bytes():
    table = _draws_table(2, cycle_bonus=False)
    full = np.arange(N)
    cands, path = _cands(full)
    table.own_utility(0, (0, 0), np.ones(1), cands, path)  # its layouts' memo filled
    team = np.flatnonzero(table.pop.team_code == 1)
    sub = table.restricted(team)  # as the smooth step's later windows price one team
    half = np.arange(team.size // 2, team.size)
    h = sub.help_state(0, _cands(team)[1][0])  # help flows of the team, as blocks fix them
    subsub = sub.restricted(half, fixed_help={0: (h[0][half], h[1][half], h[2], h[3])})
    bare, at = shipped(subsub)
    assert bare is shipped(sub)[0] and np.array_equal(at, team[half])  # one whole table shipped
    assert not bare._layouts and table._layouts  # the worker rebuilds the layouts
    assert len(cloudpickle.dumps(bare)) < len(cloudpickle.dumps(table))
    worker = cloudpickle.loads(cloudpickle.dumps(bare))  # as a Dask worker receives it
    c, p = _cands(half)
    here = subsub.own_utility(0, (0, 0), np.ones(1), c, p)
    there = price_block(at, slice(0, table.K), subsub.fixed_help, 0, (0, 0), np.ones(1), c, p,
                        None, worker)  # fmt: skip
    for a, b in zip(here[:2], there[:2], strict=True):
        assert a.tobytes() == b.tobytes()
    assert shipped(table.with_samples(4))[0] is not bare  # finer draws: a table of its own
