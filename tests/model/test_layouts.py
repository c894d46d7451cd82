"""Block layouts are built once per shape, not once per block and call
(perfkit.payout.skeletons): a pricing call cut into blocks of whole teams of the same
sizes builds one group structure, a second call none, and the numbers are those of the
table priced whole."""

from __future__ import annotations

import warnings

import numpy as np

import perfkit.payout.skeletons as skeletons_mod
from perfkit.model.behaviour.pricing import PricingTable
from perfkit.model.behaviour.respond import plan_pricer, production_for
from perfkit.model.behaviour.solve import month_states
from perfkit.model.funnel import Choice
from perfkit.model.population import synthetic
from perfkit.model.scale.limits import use
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation

QUARTERLY = {
    "name": "quarterly",
    "population": {"source": "synthetic", "agents": 24, "teams": 4, "seed": 3},
    "pay": {"base_salary": 4000},
    "commission": {"base": "revenue", "mode": "flat", "rate": 0.02},
    "bonuses": [{"type": "attainment", "kpi": "revenue", "cycle": "quarter",
                 "tiers": [["100%", 4000], ["130%", 7000]], "target": 75000}],
}  # fmt: skip


def _table() -> PricingTable:
    scenario = parse_scenario(QUARTERLY)
    pop = synthetic(scenario.population)
    settings = scenario.simulation or Simulation()
    production = production_for(settings, pop)
    pricer = plan_pricer(scenario, pop, production)
    names = [f"2025-{m + 1:02d}" for m in range(3)]
    return PricingTable(
        pop, production, pricer, names, month_states(pop, names, settings.mentoring), 8, 4, 0
    )


def _price(table: PricingTable, shift: float):
    """The last month of the quarter priced on 3 states × 5 candidates."""
    n = table.pop.n
    now = Choice(np.full(n, 1.0), np.full(n, 0.5), np.zeros(n))
    efforts = np.linspace(0.6, 1.4, 5)[None, :, None] + shift + np.zeros((3, 5, n))
    cands = Choice(efforts, np.full(efforts.shape, 0.5), np.zeros(efforts.shape))
    luck = np.array([0.8, 1.0, 1.2])
    return table.price(2, (0, 2), luck, cands, [now, now, now])


def test_blocks_of_the_same_shape_share_one_layout(monkeypatch):
    built = []  # per-agent sequences built: none, as no rule of this plan reads them
    real = skeletons_mod._sequences
    monkeypatch.setattr(skeletons_mod, "_sequences", lambda *a: built.append(1) or real(*a))
    whole = _table()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = [_price(whole, s) for s in (0.0, 0.1)]
        assert whole._skeletons.builds == 1  # one table, one shape
        cut = _table()
        sizes = np.bincount(cut.pop.team_code)
        assert sizes.min() == sizes.max()  # teams of one size: blocks of one shape
        per_team = 3 * 8 * 5 * 3 * int(sizes[0])  # states × draws × candidates × periods
        with use(rows=per_team):  # one team a block
            got = [_price(cut, s) for s in (0.0, 0.1)]
    assert cut._skeletons.builds == 1  # 4 blocks × 2 calls: built 8 times before
    assert built == []  # no clawback nor recoverable guarantee: never built
    for a, b in zip(expected, got, strict=True):
        assert a.ce.tobytes() == b.ce.tobytes()
        assert a.revenue.tobytes() == b.revenue.tobytes()
