"""The smooth step's later windows price only the choices not yet settled
(perfkit.model.behaviour.blocks.SomeAgents) and choose what pricing everyone chooses.

Checked to 1e-9 on a private, a team, a quarterly and a team quarterly plan (efforts,
shares, certainty equivalents), and the subset must really be priced (the check could
otherwise pass vacuously).
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml

import perfkit.model.behaviour.refine as refine_mod
from perfkit.model.behaviour import blocks
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels

ROOT = Path(__file__).resolve().parents[2]
LADDER = {"base": "revenue", "mode": "marginal", "ladder": [[0, 0.02], [30000, 0.04]]}
PLANS = {
    "private (a monthly cliff)": ({"pay": {"base_salary": 4000}, "commission": LADDER,
                                   "bonuses": [{"type": "attainment", "kpi": "revenue",
                                                "tiers": [["100%", 3000]]}],
                                   "scorecard": [{"kpi": "revenue", "weight": 100,
                                                  "target": 25000}]}, 1),
    "team": ({"pay": {"base_salary": 4000}, "commission": LADDER,
              "team": {"weight": 0.5, "pool": {"per_team_target": 120000, "amount": 4000,
                                               "split": "equal"}}}, 3),
    "quarterly": (yaml.safe_load((ROOT / "scenarios" / "quarterly_quota_cliff.yaml").read_text()), 3),
    # teams priced state by state: the windows' states have different teams unsettled
    "team, quarterly": ({"pay": {"base_salary": 4000}, "commission": LADDER,
                         "bonuses": [{"type": "attainment", "kpi": "revenue", "cycle": "quarter",
                                      "tiers": [["100%", 3000]]}],
                         "scorecard": [{"kpi": "revenue", "weight": 100, "target": 25000}],
                         "team": {"weight": 0.5, "pool": {"per_team_target": 120000,
                                                          "amount": 4000, "split": "equal"}}}, 3),
}  # fmt: skip


def _policy(plan: dict, periods: int):
    doc = {**copy.deepcopy(plan), "name": "settle",
           "population": {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5}}  # fmt: skip
    sc = parse_scenario(doc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return respond(
            synthetic(sc.population), sc, SolveSpec(Simulation(), period_labels(periods, None))
        ).policy


def _everyone(table, flagged):
    """Before: every agent priced in every window (a tracking table still narrows itself)."""
    return table.among(flagged.any(axis=0)) if hasattr(table, "among") else table


@pytest.mark.parametrize("name", list(PLANS))
def test_pricing_only_unsettled_choices_chooses_the_same(name, monkeypatch):
    plan, periods = PLANS[name]
    priced: list[int] = []
    real = blocks.SomeAgents.price

    def counting(self, *args, **kw):
        priced.append(self.idx.size)  # agents priced: fewer than the floor's 24
        return real(self, *args, **kw)

    monkeypatch.setattr(blocks.SomeAgents, "price", counting)
    some = _policy(plan, periods)
    assert priced and min(priced) < 24, "no window priced a subset"
    monkeypatch.setattr(refine_mod, "among", _everyone)
    everyone = _policy(plan, periods)
    for got, want in [(some.effort, everyone.effort), (some.quality, everyone.quality),
                      (some.help, everyone.help), (some.ce, everyone.ce)]:  # fmt: skip
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


SPLIT = {
    "kpi": "revenue",
    "weight": 100,
    "target": {"goal": 500000, "per": "team", "split": "equal"},
}
OWN_HISTORY = {"kpi": "revenue", "weight": 100, "target": {"split": "history"}}


@pytest.mark.parametrize(
    ("plan", "alone"),
    [
        (PLANS["private (a monthly cliff)"][0], True),
        (PLANS["quarterly"][0], True),
        ({"pay": {"base_salary": 4000}, "scorecard": [OWN_HISTORY]}, True),
        ({"pay": {"base_salary": 4000}, "scorecard": [SPLIT]}, False),  # reads the team's headcount
        (PLANS["team"][0], False),
    ],
)
def test_an_agent_is_priced_alone_only_where_its_pay_reads_no_other_row(plan, alone) -> None:
    """A later window prices one agent alone under private pay, but whole teams where a
    target is split over the team (its headcount is read from the rows priced)."""
    from perfkit.model.behaviour import engine_pricer

    doc = {**copy.deepcopy(plan), "name": "alone",
           "population": {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5}}  # fmt: skip
    assert blocks.priced_alone(engine_pricer(parse_scenario(doc))) is alone
