"""History-based targets: a fixed history table, the ratchet, and targets in simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.core.errors import ScenarioError
from perfkit.model.behaviour import engine_pricer
from perfkit.model.behaviour.history import expected_history, history_pricer
from perfkit.model.behaviour.respond import production_for
from perfkit.model.population import synthetic
from perfkit.payout import compute_statements
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import Simulation
from perfkit.simulate import simulate


def table(rows: list[dict]) -> pd.DataFrame:
    """KPI rows with defaults for the required columns."""
    defaults = {"team": "T1", "period": "2025-01", "dials": 100.0, "connected": 40.0}
    defaults.update({"orders": 5.0, "revenue": 0.0})
    return pd.DataFrame([{**defaults, **r} for r in rows])


def history_scorecard(**target) -> dict:
    return {
        "name": "history target",
        "scorecard": [{"kpi": "revenue", "weight": 100, "target": {"split": "history", **target}}],
    }


# --------------------------------------------------------------------------- engine
def test_history_targets_read_the_history_table_when_one_is_given() -> None:
    sc = parse_scenario(history_scorecard())
    now = table(
        [
            {"agent_id": "A1", "period": "2025-01", "revenue": 300.0},
            {"agent_id": "A2", "period": "2025-01", "revenue": 300.0},
            {"agent_id": "NEW", "period": "2025-01", "revenue": 300.0},
        ]
    )
    past = table(
        [
            {"agent_id": "A1", "period": "2024-11", "revenue": 100.0},
            {"agent_id": "A1", "period": "2024-12", "revenue": 200.0},
            {"agent_id": "A2", "period": "2024-12", "revenue": 600.0},
        ]
    )
    out = compute_statements(now, sc, history=past)
    # A1's own past mean 150, A2's 600; the new hire gets the mean of the two, 375
    targets = 300.0 / out["attainment_revenue"].to_numpy()
    assert targets.tolist() == pytest.approx([150.0, 600.0, 375.0])
    # without a history table the table is its own history (the back-test): attainment 1
    assert compute_statements(now, sc)["attainment_revenue"].tolist() == pytest.approx([1.0] * 3)


def test_a_quarterly_ratchet_moves_each_target_by_share_of_last_quarters_gap() -> None:
    sc = parse_scenario(history_scorecard(ratchet={"every": "quarter", "share": 0.5}))
    revenue = [100.0, 100.0, 100.0, 200.0, 200.0, 200.0, 50.0]
    periods = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    rows = [
        {"agent_id": "A1", "period": p, "revenue": r} for p, r in zip(periods, revenue, strict=True)
    ]
    past = table([{"agent_id": "A1", "period": "2024-12", "revenue": 80.0}])
    att = compute_statements(table(rows), sc, history=past)["attainment_revenue"].to_numpy()
    target = np.array(revenue) / att
    # Q1: the history 80; Q2: 80 + 0.5 × (100 − 80) = 90; Q3: 90 + 0.5 × (200 − 90) = 145
    assert target.tolist() == pytest.approx([80.0] * 3 + [90.0] * 3 + [145.0])


def test_a_ratchet_in_a_back_test_starts_from_the_agents_own_mean() -> None:
    sc = parse_scenario(history_scorecard(ratchet={"every": "month", "share": 1.0}))
    rows = [
        {"agent_id": "A1", "period": "2025-01", "revenue": 100.0},
        {"agent_id": "A1", "period": "2025-02", "revenue": 300.0},
        {"agent_id": "A1", "period": "2025-04", "revenue": 300.0},  # March missing: carried over
    ]
    att = compute_statements(table(rows), sc)["attainment_revenue"].to_numpy()
    # mean 233.3 in January, then last month's output in full (share 1)
    assert (np.array([100.0, 300.0, 300.0]) / att).tolist() == pytest.approx(
        [700 / 3, 100.0, 300.0]
    )


def test_ratchet_rules_are_checked_when_the_scenario_is_read() -> None:
    with pytest.raises(ScenarioError, match=r"needs split 'history'"):
        parse_scenario(
            {
                "name": "bad",
                "scorecard": [
                    {
                        "kpi": "revenue",
                        "weight": 100,
                        "target": {"goal": 1e6, "ratchet": {"every": "quarter"}},
                    }
                ],
            }
        )
    raw = history_scorecard(ratchet={"every": "month"})
    with pytest.raises(ScenarioError, match=r"scorecard\[0\]\.target\.ratchet\.every"):
        parse_scenario({**raw, "period": "quarter"})
    with pytest.raises(ScenarioError, match=r"ratchet\.share"):
        parse_scenario(history_scorecard(ratchet={"share": 1.5}))


# --------------------------------------------------------------------------- simulation
POP = synthetic(agents=60, teams=4, seed=2)


def quota(**target) -> dict:
    """Base pay and a lump sum for reaching a history-based revenue target."""
    return {
        "name": "history quota",
        "pay": {"base_salary": 4000},
        "bonuses": [
            {
                "type": "attainment",
                "kpi": "revenue",
                "target": {"split": "history", **target},
                "amount": 2000,
            }
        ],
    }


@pytest.fixture(scope="module")
def flat_effort() -> float:
    flat = parse_scenario({"name": "flat", "pay": {"base_salary": 4000}})
    return float(simulate(flat, runs=4, seed=0, periods=3, population=POP).agents["effort"].mean())


def test_a_history_quota_raises_effort_above_flat_pay_in_a_simulation(flat_effort) -> None:
    sc = parse_scenario(quota())
    fixed = simulate(sc, runs=4, seed=0, periods=3, population=POP).agents["effort"].mean()
    # the engine alone reads each agent's own simulated output as the history: the
    # target always equals output, the bonus is always paid, and effort is flat pay's
    moving = simulate(sc, runs=4, seed=0, periods=3, population=POP, pay=engine_pricer(sc))
    print(f"effort: flat {flat_effort:.3f}, history target following output "
          f"{moving.agents['effort'].mean():.3f}, fixed at plan start {fixed:.3f}")  # fmt: skip
    assert moving.agents["effort"].mean() == pytest.approx(flat_effort, abs=0.01)
    assert fixed > flat_effort + 0.1


def test_the_synthetic_history_is_expected_output_at_flat_pay_effort() -> None:
    production = production_for(Simulation(), POP)
    hist = expected_history(POP, production)
    assert hist["agent_id"].tolist() == POP.agent_id.tolist()
    volume = np.minimum(POP.baseline_effort, production.max_effort)
    assert hist["dials"].to_numpy() == pytest.approx(POP.capacity * volume, rel=0.01)


def _targets(raw: dict, periods: int = 12) -> pd.DataFrame:
    """Simulate ``raw`` and re-price its table as the simulation did: revenue targets."""
    sc = parse_scenario(raw)
    a = simulate(sc, runs=4, seed=0, periods=periods, population=POP).agents
    history = expected_history(POP, production_for(Simulation(), POP))
    paid = history_pricer(sc, history)(a)
    month = a["period"].astype(str).str[5:7].astype(int)
    target = a["revenue"] / paid["attainment_revenue"].replace(0.0, np.nan)
    return pd.DataFrame({"agent_id": a["agent_id"], "quarter": (month - 1) // 3,
                         "target": target, "revenue": a["revenue"]})  # fmt: skip


def test_a_ratchet_makes_simulated_targets_follow_output() -> None:
    raw = {
        "name": "ratcheted scorecard",
        "pay": {"base_salary": 4000},
        "scorecard": [
            {
                "kpi": "revenue",
                "weight": 100,
                "target": {"split": "history", "ratchet": {"every": "quarter", "share": 0.5}},
            }
        ],
        "bonuses": [{"type": "attainment", "kpi": "revenue", "amount": 2000}],
    }
    by_q = _targets(raw).groupby("quarter")[["target", "revenue"]].mean()
    # output runs above the plan-start target, so every quarter the target climbs toward it
    assert (np.diff(by_q["target"].to_numpy()) > 0).all()
    gap = (by_q["revenue"] - by_q["target"]).to_numpy()
    assert gap[-1] < 0.5 * gap[0]
    # without the ratchet each agent's target stays at the plan-start history
    raw["scorecard"][0]["target"].pop("ratchet")
    still = _targets(raw)
    spread = still.groupby("agent_id", observed=True)["target"].std()
    assert float(spread.max()) < 1e-6 * float(still["revenue"].mean())
