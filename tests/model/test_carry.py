"""The cycle's past months carried as a per-agent state (perfkit.model.behaviour.carry):
the same choices as replaying them, to 1e-9, and the replay kept where a rule reads them."""

from __future__ import annotations

import copy
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfkit.model.behaviour import deviation, engine_pricer, pricing
from perfkit.model.behaviour.carry import carried_kpis
from perfkit.model.behaviour.respond import SolveSpec, respond
from perfkit.model.population import synthetic
from perfkit.payout.frame import Carried
from perfkit.payout.grid import pay_grid
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import period_labels
from tests.payout.test_grid import kpis as grid_kpis
from tests.payout.test_grid import layout as grid_layout

ROOT = Path(__file__).resolve().parents[2]
QUARTERLY = yaml.safe_load((ROOT / "scenarios" / "quarterly_quota_cliff.yaml").read_text())
ORDERS = {"pay": {"base_salary": 4000},
          "commission": {"base": "revenue", "mode": "marginal",
                         "ladder": [[0, 0.02], [30000, 0.04]]},
          "scorecard": [{"kpi": "revenue", "weight": 60, "target": 25000},
                        {"kpi": "orders", "weight": 40, "target": 60}],
          "grades": {"method": "bands", "bands": {"A": 100, "B": 80, "C": 0}},
          "bonuses": [{"type": "attainment", "kpi": "orders", "cycle": "quarter",
                       "tiers": [["100%", 2000], ["120%", 3500]]},
                      {"type": "attainment", "kpi": "revenue", "tiers": [["110%", 800]]}]}  # fmt: skip


def _scenario(plan: dict):
    doc = {**copy.deepcopy(plan), "name": "carry",
           "population": {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5}}  # fmt: skip
    return parse_scenario(doc)


def _policy(plan: dict, periods: int = 3):
    sc = _scenario(plan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return respond(
            synthetic(sc.population), sc, SolveSpec(Simulation(), period_labels(periods, None))
        ).policy


@pytest.mark.parametrize("plan", [QUARTERLY, ORDERS], ids=["quarterly cliff", "orders, grades"])
def test_carrying_the_past_months_chooses_what_replaying_them_chooses(plan, monkeypatch):
    firsts: list[tuple[int, int]] = []
    real = deviation.kpis

    def counting(table, m, window, *args):
        rows = real(table, m, window, *args)
        firsts.append((m - window[0], rows.first - window[0]))
        return rows

    monkeypatch.setattr(deviation, "kpis", counting)
    carried = _policy(plan)
    assert (2, 2) in firsts and (1, 1) in firsts, "no call carried the past months"
    monkeypatch.setattr(pricing, "carried_kpis", lambda pricer: None)
    firsts.clear()
    replayed = _policy(plan)
    assert {f for _, f in firsts} == {0}, "the replay still carried"
    for got, want in [(carried.effort, replayed.effort), (carried.quality, replayed.quality),
                      (carried.help, replayed.help), (carried.ce, replayed.ce)]:  # fmt: skip
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def _with(plan: dict, **changes) -> dict:
    out = copy.deepcopy(plan)
    for key, value in changes.items():
        out[key] = value
    return out


CHANGES = {
    "clawback": {"commission": {"base": "revenue", "mode": "flat", "rate": "2%",
                                "refunds": "clawback"}},
    "guarantee": {"pay": {"base_salary": 3600, "guarantee": {"amount": 4000}}},
    "a ratio's quarter": {"bonuses": [{"type": "attainment", "kpi": "conversion_rate",
                                       "cycle": "quarter", "target": 0.1,
                                       "tiers": [["100%", 4000]]}]},
    "a decomposed target": {"scorecard": [{"kpi": "revenue", "weight": 100,
                                           "target": {"goal": 500000, "per": "team",
                                                      "split": "equal"}}]},
}  # fmt: skip


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_rule_that_reads_other_months_keeps_the_replay(name):
    assert carried_kpis(engine_pricer(_scenario(QUARTERLY))) == ("revenue",)
    assert carried_kpis(engine_pricer(_scenario(_with(QUARTERLY, **CHANGES[name])))) is None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["revenue", "orders"]), st.sampled_from(["flat", "marginal"]),
       st.booleans(), st.integers(1, 2), st.integers(1, 6), st.integers(1, 3),
       st.integers(0, 2**31))  # fmt: skip
def test_a_quarter_bonus_on_carried_totals_pays_what_the_whole_quarter_pays(
    kpi, mode, graded, past, agents, runs, seed
):
    """The quarter's last months priced with the earlier months' totals carried pay, row by
    row, what the same months pay when the earlier months are rows of the table (1e-9)."""
    plan = {"pay": {"base_salary": 3000},
            "scorecard": [{"kpi": "revenue", "weight": 70, "target": 25000},
                          {"kpi": "orders", "weight": 30, "target": 20}],
            "commission": ({"base": "revenue", "mode": "flat", "rate": 0.03} if mode == "flat"
                           else {"base": "collected", "mode": "marginal",
                                 "ladder": [[0, 0.02], [20000, 0.05]]}),
            "bonuses": [{"type": "attainment", "kpi": kpi, "cycle": "quarter",
                         "tiers": [["80%", 1500], ["100%", 4000]]}],
            "deductions": {"qa_below": {"line": 75, "amount": 300}}}  # fmt: skip
    if graded:
        plan["grades"] = {"method": "bands", "bands": {"S": 110, "A": 95, "B": 80}, "below": "C"}
    sc = parse_scenario({"name": "carried", **plan})
    assert carried_kpis(engine_pricer(sc)) == (kpi,)
    rng = np.random.default_rng(seed)
    whole = grid_layout(agents, 3, rng)
    raw = grid_kpis((runs, 3, agents), rng)
    want = pay_grid(sc, whole, raw)["total_pay"].reshape(runs, 3, agents)[:, past:]
    later = replace(whole, labels=whole.labels[past:], tenure=whole.tenure[past:], memo={})
    totals = {kpi: raw[kpi][:, :past].sum(axis=1, keepdims=True)}
    shape = (runs, 3 - past, agents)
    got = pay_grid(sc, later, {k: v[:, past:] for k, v in raw.items()},
                   carried=Carried(totals, shape))["total_pay"]  # fmt: skip
    np.testing.assert_allclose(got.reshape(shape), want, rtol=1e-12, atol=1e-9)
    # and the carried totals matter: without them the quarter's bonus is another
    alone = pay_grid(sc, later, {k: v[:, past:] for k, v in raw.items()})["total_pay"]
    assert alone.sum() <= got.sum()
