"""A whole pay statement by hand, and the table-level contract (order, index, runs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.payout import compute_statements
from perfkit.scheme import parse_scenario

SCHEME = {
    "name": "hand-checked",
    "pay": {
        "base_salary": 3000,
        "performance_pay": {
            "base": 1000,
            "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.5},
        },
        "guarantee": {"amount": 5000, "recoverable": True},
    },
    "scorecard": [{"kpi": "revenue", "weight": 100, "target": 10_000, "cap": "150%"}],
    "grades": {"method": "bands", "bands": {"S": 120, "A": 100, "B": 80}, "below": "C"},
    "commission": {"rate": "5%", "refunds": "clawback"},
    "team": {"pool": {"per_team_target": 30_000, "amount": 3000, "split": "by_revenue"}},
    "deductions": {"qa_below": {"line": 80, "amount": 200}},
}


def three_agents() -> pd.DataFrame:
    rows = [
        ("A1", "2025-01", 15_000, 2_000, 90),
        ("A2", "2025-01", 10_000, 0, 75),
        ("A3", "2025-01", 2_000, 0, 85),
        ("A1", "2025-02", 12_000, 0, 90),
        ("A2", "2025-02", 20_000, 0, 85),
        ("A3", "2025-02", 4_000, 0, 85),
    ]
    df = pd.DataFrame(rows, columns=["agent_id", "period", "revenue", "refunds", "qa_score"])
    return df.assign(team="T1", dials=1000.0, connected=300.0, orders=5.0)


EXPECTED = {
    # agent, period: score, grade, perf, commission, team_bonus, deductions, clawback, topup, total
    ("A1", "2025-01"): (150, "S", 1500, 750, 0, 0, 0, 0, 5250),
    ("A2", "2025-01"): (100, "A", 1200, 500, 0, 200, 0, 500, 5000),
    ("A3", "2025-01"): (20, "C", 500, 100, 0, 0, 0, 1400, 5000),
    # team total 36,000 ≥ 30,000: pool 3,000 split by revenue 12/36, 20/36, 4/36
    ("A1", "2025-02"): (120, "S", 1500, 600, 1000, 0, 100, 0, 6000),
    # pay 7,166.67 is 2,166.67 above the guarantee: the 500 drawn in January is recovered
    ("A2", "2025-02"): (
        150,
        "S",
        1500,
        1000,
        3000 * 20 / 36,
        0,
        0,
        -500,
        5500 + 3000 * 20 / 36 - 500,
    ),
    # pay 4,033.33 is below the guarantee again: draw 966.67 more (balance 2,366.67)
    ("A3", "2025-02"): (
        40,
        "C",
        500,
        200,
        3000 * 4 / 36,
        0,
        0,
        5000 - (3700 + 3000 * 4 / 36),
        5000,
    ),
}


def test_full_statement_by_hand():
    out = compute_statements(three_agents(), parse_scenario(SCHEME))
    for (agent, period), values in EXPECTED.items():
        row = out[(out["agent_id"] == agent) & (out["period"] == period)].iloc[0]
        score, grade, perf, comm, team, ded, claw, topup, total = values
        assert row["score"] == pytest.approx(score), (agent, period)
        assert row["grade"] == grade, (agent, period)
        assert row["base_salary"] == 3000
        assert row["performance_pay"] == pytest.approx(perf), (agent, period)
        assert row["commission"] == pytest.approx(comm), (agent, period)
        assert row["team_bonus"] == pytest.approx(team), (agent, period)
        assert row["deductions"] == pytest.approx(ded), (agent, period)
        assert row["clawback"] == pytest.approx(claw), (agent, period)
        assert row["guarantee_topup"] == pytest.approx(topup), (agent, period)
        assert row["total_pay"] == pytest.approx(total), (agent, period)
    assert out["total_pay"].iloc[4] == pytest.approx(6666.666666666667)


def test_statement_columns_and_sum_of_components():
    out = compute_statements(three_agents(), parse_scenario(SCHEME))
    expected = [
        "agent_id", "team", "period", "segment", "score", "grade", "base_salary",
        "performance_pay", "commission", "bonus", "team_bonus", "collaboration", "deductions",
        "clawback", "guarantee_topup", "total_pay", "non_cash", "non_cash_value",
        "non_cash_cost",
    ]  # fmt: skip
    assert list(out.columns[: len(expected)]) == expected
    assert "attainment_revenue" in out.columns
    parts = (
        out[
            ["base_salary", "performance_pay", "commission", "bonus", "team_bonus", "collaboration"]
        ].sum(axis=1)
        - out["deductions"]
        - out["clawback"]
        + out["guarantee_topup"]
    )
    assert np.allclose(parts, out["total_pay"])
    assert (out["segment"] == "main").all()
    assert (out["non_cash"] == "").all()


def test_row_order_and_index_are_kept():
    kpis = three_agents()
    shuffled = kpis.sample(frac=1.0, random_state=3)
    shuffled.index = [f"r{i}" for i in range(len(shuffled))]
    out = compute_statements(shuffled, parse_scenario(SCHEME))
    assert list(out.index) == list(shuffled.index)
    assert out["agent_id"].tolist() == shuffled["agent_id"].tolist()
    assert out["period"].tolist() == shuffled["period"].tolist()
    ordered = compute_statements(kpis, parse_scenario(SCHEME))
    back = out.set_index(["agent_id", "period"]).loc[
        list(zip(kpis["agent_id"], kpis["period"], strict=True))
    ]
    assert np.allclose(back["total_pay"].to_numpy(), ordered["total_pay"].to_numpy())


def test_runs_are_independent_populations():
    """Stacking runs gives each run the statement it would get alone (groups, sequences)."""
    sc = parse_scenario(
        {
            **SCHEME,
            "grades": {"method": "forced", "shares": {"S": 20, "A": 30, "B": 30, "C": 20}},
            "bonuses": [{"type": "rank", "prizes": [300, 100]}],
            "team": {
                "weight": 0.3,
                "pool": {"per_team_target": 30_000, "amount": 3000, "split": "by_score"},
            },
        }
    )
    run0 = three_agents()
    run1 = three_agents().assign(revenue=lambda d: d["revenue"][::-1].to_numpy())
    alone = [compute_statements(r, sc) for r in (run0, run1)]
    stacked = pd.concat([run0.assign(run=0), run1.assign(run=1)], ignore_index=True)
    together = compute_statements(stacked, sc)
    assert "run" in together.columns
    for r in (0, 1):
        part = together[together["run"] == r].reset_index(drop=True)
        assert part["grade"].tolist() == alone[r]["grade"].tolist()
        for col in (
            "score",
            "commission",
            "bonus",
            "team_bonus",
            "clawback",
            "guarantee_topup",
            "total_pay",
        ):
            assert part[col].to_numpy() == pytest.approx(alone[r][col].to_numpy()), (r, col)


def test_empty_table_gives_empty_statement():
    out = compute_statements(three_agents().iloc[:0], parse_scenario(SCHEME))
    assert len(out) == 0
    assert "total_pay" in out.columns


def test_engine_is_pure():
    kpis = three_agents()
    before = kpis.copy()
    sc = parse_scenario(SCHEME)
    first = compute_statements(kpis, sc)
    second = compute_statements(kpis, sc)
    pd.testing.assert_frame_equal(kpis, before)
    pd.testing.assert_frame_equal(first, second)


def test_a_copy_with_another_rule_pays_its_own_rule():
    """The engine keeps each scenario's plans while the scenario lives (a solve pays one
    scenario thousands of times); a copy with another commission rate, and a scenario
    built again after the first is gone, pay what they say."""
    import gc

    kpis = three_agents()
    first = parse_scenario(SCHEME)
    paid = compute_statements(kpis, first)["commission"].to_numpy()
    double = first.model_copy(update={"commission": first.commission.model_copy(
        update={"rate": 2 * first.commission.rate})})  # fmt: skip
    assert compute_statements(kpis, double)["commission"].to_numpy() == pytest.approx(2 * paid)
    assert compute_statements(kpis, first)["commission"].to_numpy() == pytest.approx(paid)
    del first, double
    gc.collect()
    for rate in ("1%", "5%", "10%"):  # new scenarios, possibly at a freed one's address
        again = parse_scenario({**SCHEME, "commission": {"rate": rate, "refunds": "clawback"}})
        got = compute_statements(kpis, again)["commission"].to_numpy()
        assert got == pytest.approx(paid * float(rate[:-1]) / 5)
