"""Risk flags: cliffs, bunching, budget and give-up, each computed from numbers.

Economics behind the flags:

- A *cliff* is a point where one more yuan of sales raises pay by a lump: the
  edges of a whole-amount ladder (全额累进), a commission gate and a lump-sum bonus
  threshold. A marginal ladder (超额累进) has kinks but no jumps, so no cliffs.
- Agents who can time sales pile up just above a cliff (bunching).
- A quota bonus far out of reach gives no marginal reason to work: agents fall
  back to flat-pay effort ("give up"), more so the further the quota is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.metrics import per_run_metrics
from perfkit.analysis.risk import BUNCHING_RATIO, bunching, cliff_edges, risk_flags
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.scheme.params import with_param
from perfkit.simulate import simulate
from tests.conftest import SCENARIOS


def scenario(name: str):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def with_extra(base, **keys):
    """``base`` with top-level keys added (keys a with_param path cannot create)."""
    raw = base.model_dump(mode="json", exclude_none=True)
    raw.update(keys)
    return parse_scenario(raw, source=base.source)


# --------------------------------------------------------------------------- cliff edges
def test_whole_ladder_edges_are_cliffs():
    edges = cliff_edges(scenario("whole_amount_ladder"))
    assert [(kpi, edge) for kpi, edge, _, _ in edges] == [
        ("revenue", 20000.0),
        ("revenue", 40000.0),
    ]
    assert all("20,000" in en or "40,000" in en for _, _, en, _ in edges)
    assert all("阶梯" in zh for _, _, _, zh in edges)


def test_marginal_ladder_and_flat_commission_have_no_cliffs():
    assert cliff_edges(scenario("marginal_ladder")) == []
    assert cliff_edges(scenario("current_flat_commission")) == []


def test_gate_is_a_cliff_even_on_a_marginal_ladder():
    gated = with_param(scenario("marginal_ladder"), "commission.gate", 8000)
    assert [(k, e) for k, e, _, _ in cliff_edges(gated)] == [("revenue", 8000.0)]


def test_period_bonus_thresholds_are_cliffs(basic):
    """Tiers at 100% and 130% of the 30,000 revenue target: edges at 30,000 and 39,000."""
    basic["bonuses"] = [
        {"type": "attainment", "kpi": "revenue", "tiers": [[1.0, 800], [1.3, 1500]]}
    ]
    edges = cliff_edges(parse_scenario(basic))
    # the marginal ladder of the basic scheme adds nothing
    assert [(k, e) for k, e, _, _ in edges] == [
        ("revenue", 30000.0),
        ("revenue", pytest.approx(39000.0)),
    ]


def test_bonus_with_its_own_target(basic):
    basic["bonuses"] = [{"kpi": "orders", "target": 12, "at": 1.0, "amount": 500}]
    edges = cliff_edges(parse_scenario(basic))
    assert [(k, e) for k, e, _, _ in edges] == [("orders", 12.0)]


# --------------------------------------------------------------------------- bunching
def test_bunching_detects_a_pile_just_above_an_edge():
    rng = np.random.default_rng(0)
    edge = 20000.0
    smooth = rng.uniform(10000, 30000, 20000)
    # move most of the values just below the edge to just above it (orders held back / pulled in)
    below = (smooth >= edge * 0.95) & (smooth < edge)
    moved = smooth.copy()
    idx = np.flatnonzero(below)[: int(below.sum() * 0.6)]
    moved[idx] += edge * 0.05
    ratio, above = bunching(moved, edge)
    assert ratio >= BUNCHING_RATIO
    assert above == np.count_nonzero((moved >= edge) & (moved < edge * 1.05))


def test_uniform_values_do_not_bunch():
    rng = np.random.default_rng(1)
    ratio, above = bunching(rng.uniform(10000, 30000, 40000), 20000.0)
    assert ratio == pytest.approx(1.0, abs=0.08)
    assert above > 1500


def test_bunching_window_edges():
    """[edge, edge·1.05) counts as above, [edge·0.95, edge) as below."""
    values = np.array([95.0, 99.9, 100.0, 104.9, 105.0, 94.9])
    ratio, above = bunching(values, 100.0)
    assert above == 2
    assert ratio == pytest.approx(2 / 2)
    ratio, above = bunching(np.array([100.0, 101.0, 102.0]), 100.0)
    assert (ratio, above) == (3.0, 3)  # nothing below: divided by 1, not by 0


# --------------------------------------------------------------------------- budget
@pytest.fixture(scope="module")
def marginal_run():
    s = scenario("marginal_ladder")
    result = simulate(s, runs=4, seed=3, periods=3)
    return s, result, per_run_metrics(result)


def budget_flags(flags: pd.DataFrame) -> pd.DataFrame:
    return flags[flags["flag"] == "budget_p90"]


def test_no_budget_no_budget_flag(marginal_run):
    s, result, per_run = marginal_run
    assert budget_flags(risk_flags(result, s, per_run)).empty


def test_budget_flag_triggers_below_simulated_pay(marginal_run):
    s, result, per_run = marginal_run
    per_period = per_run["total_pay"] / 3  # total pay of a run is over its 3 months
    tight = with_extra(s, budget={"total_pay": float(per_period.min()) * 0.8})
    flag = budget_flags(risk_flags(result, tight, per_run))
    assert len(flag) == 1
    row = flag.iloc[0]
    assert bool(row["triggered"])
    assert per_period.min() <= row["value"] <= per_period.max()
    assert row["threshold"] == pytest.approx(float(per_period.min()) * 0.8)


def test_budget_flag_quiet_when_budget_is_far_above(marginal_run):
    s, result, per_run = marginal_run
    per_period = per_run["total_pay"] / 3
    loose = with_extra(s, budget={"total_pay": float(per_period.max()) * 3})
    flag = budget_flags(risk_flags(result, loose, per_run))
    assert len(flag) == 1
    assert not bool(flag.iloc[0]["triggered"])


def test_cost_of_sales_budget(marginal_run):
    s, result, per_run = marginal_run
    cos = per_run["cost_of_sales"]
    both = with_extra(
        s,
        budget={
            "total_pay": float(per_run["total_pay"].max()),
            "cost_of_sales": float(cos.min()) / 2,
        },
    )
    flags = budget_flags(risk_flags(result, both, per_run))
    assert len(flags) == 2  # one per limit
    pay_row = flags[flags["threshold"] > 1].iloc[0]
    assert not bool(pay_row["triggered"])  # P90 per period is below the largest run's total
    cos_row = flags[flags["threshold"] < 1].iloc[0]
    assert bool(cos_row["triggered"])
    assert cos.min() <= cos_row["value"] <= cos.max()


# --------------------------------------------------------------------------- give up
def quota_floor(target: float):
    """The quarterly quota plan with no commission (the bonus is the only incentive), small floor.

    A 2% commission keeps every agent above flat-pay effort however far the quota
    is, so with it ``give_up`` is 0 whatever the quota; without it the quota alone
    decides whether working harder pays.
    """
    s = with_param(scenario("quarterly_quota_cliff"), "commission.rate", 0.0)
    s = with_param(s, "scorecard.revenue.target", target)
    return with_extra(
        s,
        population={"source": "synthetic", "agents": 30, "teams": 3, "seed": 0},
        simulation={
            "behaviour": {
                "samples": 2,
                "max_iterations": 4,
                "states": [0.8, 1.0, 1.2],
                "on_nonconvergence": "note",
            }
        },
    )


def give_up(target: float) -> tuple[float, bool]:
    s = quota_floor(target)
    result = simulate(s, runs=3, seed=1, periods=3)  # one whole quarter
    flag = risk_flags(result, s, per_run_metrics(result)).set_index("flag").loc["give_up"]
    return float(flag["value"]), bool(flag["triggered"])


@pytest.fixture(scope="module")
def reachable() -> tuple[float, bool]:
    return give_up(25000)  # the plan's own quota: 3 × 25,000 a quarter


def test_reachable_quota_leaves_some_agents_behind(reachable):
    """Even a reachable quota is out of reach for the weakest agents (a cliff, not a slope)."""
    share, _ = reachable
    assert 0.05 < share < 0.8


def test_harder_quota_more_give_up(reachable):
    harder, _ = give_up(30000)  # +20%: still reached by some
    assert harder > reachable[0]


def test_far_out_of_reach_quota_gives_up_more(reachable):
    far, triggered = give_up(100000)  # 4× the quota: nobody can reach it
    assert far > reachable[0]
    assert triggered


def test_bunching_is_not_applicable_without_a_cliff(marginal_run):
    s, result, per_run = marginal_run  # a marginal ladder has no cliff
    row = risk_flags(result, s, per_run).set_index("flag").loc["bunching"]
    assert np.isnan(row["value"]) and not row["triggered"]
    assert row["message"] == "No cliff in this plan to bunch at."
    gated = with_param(s, "commission.gate", 15000.0)  # a gate is a cliff
    row = risk_flags(result, gated, per_run).set_index("flag").loc["bunching"]
    assert np.isfinite(row["value"])
