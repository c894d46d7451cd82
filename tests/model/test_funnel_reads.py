"""The solve's funnel computes only the KPIs pricing reads, and the same numbers.

- ``Funnel.kpis(only=...)`` gives exactly the KPIs asked for, each the same to the bit
  as the whole funnel's (the same shocks, the same operations), for any subset.
- For generated plans, the set :func:`kpis_needed` names pays what the whole funnel
  pays, and a rule reading outside it raises :class:`ColumnNotComputed`.
- A solve whose set misses a column the plan reads fails loudly, on each pricing path
  (own rows alone, deviations against fixed aggregates, whole copies), never pricing 0.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfkit.model.behaviour.pricing as pricing
from perfkit.model.behaviour import engine_pricer
from perfkit.model.behaviour.needed import ColumnNotComputed, guarded, kpis_needed
from perfkit.model.funnel import OUTPUTS, Choice, Funnel
from perfkit.model.population import synthetic
from perfkit.payout.grid import pay_grid
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import FunnelRates, Mentoring
from perfkit.simulate import simulate
from tests.payout.test_grid import layout
from tests.payout.test_reads import generated, wider_plans

FUNNEL = Funnel(FunnelRates(), 0.4, Mentoring(boost=0.3, help_value=1.0))


def rows(agents: int, cands: int, rng: np.random.Generator):
    """Traits, candidate choices and shocks shaped as a pricing call's (shocks × draws ×
    candidates × agents), with help received by some agents."""
    traits = {"skill": rng.uniform(0.5, 1.5, agents), "capacity": rng.uniform(400, 900, agents),
              "connect_rate": rng.uniform(0.1, 0.4, agents),
              "order_value": rng.uniform(500, 2000, agents)}  # fmt: skip
    shape = (cands, agents)
    choice = Choice(rng.uniform(0, 1.2, shape), rng.uniform(0.05, 0.9, shape),
                    rng.uniform(0, 0.3, shape))  # fmt: skip
    z = rng.standard_normal((14, 3, 1, agents))
    return traits, choice, z, np.where(rng.random(agents) < 0.3, rng.uniform(0, 1, agents), 0.0)


def same_bits(got: np.ndarray, want: np.ndarray, what: str) -> None:
    assert np.shape(got) == np.shape(want), what
    assert np.asarray(got).tobytes() == np.asarray(want).tobytes(), what


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(OUTPUTS)), st.booleans(), st.integers(1, 5), st.integers(1, 3),
       st.integers(0, 2**31))  # fmt: skip
def test_a_subset_of_the_funnel_is_the_whole_funnels_to_the_bit(only, whole, agents, cands, seed):
    traits, choice, z, received = rows(agents, cands, np.random.default_rng(seed))
    full = FUNNEL.kpis(traits, choice, z, received, whole)
    part = FUNNEL.kpis(traits, choice, z, received, whole, only=only)
    assert set(part) == only
    for k in only:
        same_bits(part[k], full[k], k)


def test_one_row_of_numbers_gives_the_kpis_asked_for() -> None:
    traits = {"skill": 1.0, "capacity": 600.0, "connect_rate": 0.25, "order_value": 900.0}
    z = np.random.default_rng(1).standard_normal(14)
    got = FUNNEL.kpis(traits, Choice(1.0, 0.4, 0.0), z, only={"refunds", "qa_score"})
    full = FUNNEL.kpis(traits, Choice(1.0, 0.4, 0.0), z)
    assert got == {"refunds": full["refunds"], "qa_score": full["qa_score"]}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wider_plans(), st.sampled_from([None, "leader", "split"]), st.integers(1, 5),
       st.integers(0, 2**31))  # fmt: skip
def test_generated_plans_pay_the_same_on_the_kpis_they_need(plan, roles, agents, seed):
    """The funnel on the set of a generated plan pays, on the fused grid, what the whole
    funnel pays, to the bit (a column read outside the set would raise)."""
    rng = np.random.default_rng(seed)
    sc = generated(plan, roles)
    need = kpis_needed(engine_pricer(sc))
    lay = layout(agents, 1, rng)
    traits, choice, z, received = rows(agents, 2, rng)
    full = FUNNEL.kpis(traits, choice, z, received, whole=False)
    part = FUNNEL.kpis(traits, choice, z, received, whole=False, only=need)
    cube = lambda kpis: {k: np.broadcast_to(v, (3, 2, agents)).reshape(6, 1, agents)  # noqa: E731
                         for k, v in kpis.items()}  # fmt: skip
    want = pay_grid(sc, lay, cube(full))
    got = pay_grid(sc, lay, guarded(cube(part)))
    for col in ("total_pay", "non_cash_value", "score"):
        same_bits(got[col], want[col], col)


def test_a_guarded_table_refuses_a_column_it_did_not_compute() -> None:
    cols = guarded({"revenue": np.ones(3)})
    assert "qa_score" in cols and cols["revenue"].sum() == 3
    with pytest.raises(ColumnNotComputed, match="'qa_score'"):
        cols["qa_score"]


PLANS = {
    "private": {"scorecard": [{"kpi": "revenue", "weight": 100, "target": 20000}],
                "deductions": {"qa_below": {"line": 80, "amount": 300}}},
    "team": {"team": {"weight": 0.5}, "deductions": {"qa_below": {"line": 80, "amount": 300}},
             "commission": {"base": "revenue", "mode": "flat", "rate": 0.03}},
    "ranked": {"bonuses": [{"type": "rank", "kpi": "qa_score", "prizes": [500, 200]}],
               "commission": {"base": "revenue", "mode": "flat", "rate": 0.03}},
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(PLANS))
def test_a_solve_missing_a_column_the_plan_reads_fails_loudly(kind, monkeypatch) -> None:
    """The set made to miss qa_score, which every plan here reads: the solve raises on
    every pricing path (own rows; team weight against fixed aggregates; rank prizes on
    whole copies) instead of pricing a QA score of 0."""
    sc = parse_scenario({"name": kind, "pay": {"base_salary": 3000}, **PLANS[kind]})
    assert "qa_score" in kpis_needed(engine_pricer(sc))
    monkeypatch.setattr(pricing, "kpis_needed", lambda p: kpis_needed(p) - {"qa_score"})
    floor = synthetic(agents=12, teams=2, seed=3)
    with pytest.raises(ColumnNotComputed, match="'qa_score'"):
        simulate(sc, runs=1, periods=1, seed=1, population=floor)
