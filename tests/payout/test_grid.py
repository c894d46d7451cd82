"""The fused path (perfkit.payout.grid) pays what compute_statements pays (hypothesis).

Plans are generated from the engine's rules (scorecard, band or forced grades within a
team or the company, whole-amount or marginal ladders, rank prizes, team weight, pools
split three ways, non-cash rewards by grade, score, top-N, team goal and team top,
deductions, a guarantee, a leader override, a quarter bonus) and priced on random
tables laid out as runs × periods × agents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout import compute_statements
from perfkit.payout.grid import Layout, deviations, pay_grid
from perfkit.scheme import parse_scenario

LABELS = np.array(["2025-01", "2025-02", "2025-03"], dtype=object)
COEF = {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.5}


@st.composite
def plans(draw, ranks: bool = True) -> dict:
    """A plan dict drawn from the engine's rules (no ranking rules when ``ranks`` is False)."""
    plan: dict = {"pay": {"base_salary": 3000}}
    if draw(st.booleans()):
        plan["pay"]["guarantee"] = {"amount": 4200, "recoverable": draw(st.booleans())}
    if draw(st.booleans()):
        target = 25000 if draw(st.booleans()) else {"per": "team", "goal": 90000, "split": "equal"}
        plan["scorecard"] = [
            {"kpi": "revenue", "weight": 60, "target": target, "cap": 1.5},
            {"kpi": "qa_score", "weight": 40, "target": 85},
        ]
        plan["pay"]["performance_pay"] = {"base": 1500, "grade_coefficients": COEF}
        forced = ranks and draw(st.booleans())
        plan["grades"] = (
            {"method": "forced", "shares": {"S": 10, "A": 30, "B": 40, "C": 20},
             "within": draw(st.sampled_from(["team", "company"]))}
            if forced
            else {"method": "bands", "bands": {"S": 110, "A": 95, "B": 80}, "below": "C"}
        )  # fmt: skip
        reward = draw(st.sampled_from(["grade", "score"] + (["top"] if ranks else [])))
        to = {"grade": "grade S", "score": {"min_score": 100}, "top": {"top": 2, "kpi": "orders"}}
        plan["non_cash"] = [{"reward": "training", "to": to[reward], "value_to_agent": 500,
                             "cost": 300}]  # fmt: skip
    mode = draw(st.sampled_from(["marginal", "whole", "flat"]))
    plan["commission"] = (
        {"base": "revenue", "mode": "flat", "rate": 0.03}
        if mode == "flat"
        else {"base": "collected", "mode": mode, "ladder": [[0, 0.02], [20000, 0.05]]}
    )
    team: dict = {}
    if draw(st.booleans()):
        team["weight"] = draw(st.sampled_from([0.2, 0.5]))
    split = draw(st.sampled_from([None, "equal", "by_score", "by_revenue"]))
    if split is not None and (split != "by_score" or "scorecard" in plan):
        team["pool"] = {"per_team_target": 60000, "amount": 3000, "split": split}
    plan["team"] = team
    goal = draw(st.sampled_from([None, "goal"] + (["top"] if ranks else [])))
    if goal is not None:
        to = {"team_goal_met": True, "kpi": "revenue", "team_goal": 50000} if goal == "goal" else {
            "team_top": 1, "kpi": "revenue"}  # fmt: skip
        plan.setdefault("non_cash", []).append(
            {"reward": "outing", "to": to, "value_to_agent": 300, "cost": 200, "cash_per_head": 100}
        )
    if ranks and draw(st.booleans()):
        plan["bonuses"] = [{"type": "rank", "kpi": "revenue", "prizes": [800, 300],
                            "within": draw(st.sampled_from(["team", "company"]))}]  # fmt: skip
    if draw(st.booleans()):
        plan["deductions"] = {"qa_below": {"line": 75, "amount": 300}}
    return plan


def scenario(plan: dict, leader: bool):
    doc = {"name": "generated", **plan}
    if leader:
        doc["leader_override"] = {"role": "lead", "kpi": "revenue", "rate": 0.01}
    return parse_scenario(doc)


def layout(agents: int, periods: int, rng: np.random.Generator) -> Layout:
    teams = rng.integers(0, 3, agents)
    return Layout(
        agent=rng.permutation(agents) + 2,  # codes into the names: the engine sorts by them
        agent_names=np.array([f"A{i:02d}" for i in range(agents + 2)], dtype=object),
        team=teams,
        team_names=np.array(["T1", "T2", "T3"], dtype=object),
        labels=LABELS[:periods],
        tenure=rng.uniform(0, 24, (periods, agents)),
        capacity=rng.uniform(0.8, 1.2, agents),
        role=np.where(rng.random(agents) < 0.3, "lead", "agent"),
    )


def kpis(shape: tuple[int, ...], rng: np.random.Generator) -> dict[str, np.ndarray]:
    dials = rng.uniform(200, 900, shape)
    connected = dials * rng.uniform(0.1, 0.4, shape)
    orders = np.round(connected * rng.uniform(0, 0.06, shape))
    revenue = orders * rng.uniform(500, 3000, shape)
    out = {k: rng.uniform(0, 5, shape) for k in RAW_KPIS}
    out.update(dials=dials, connected=connected, orders=orders, revenue=revenue,
               collected=revenue * rng.uniform(0.7, 1.0, shape),
               refunds=revenue * rng.uniform(0, 0.1, shape),
               qa_score=rng.uniform(60, 100, shape), complaints=np.round(rng.uniform(0, 3, shape)))  # fmt: skip
    return out


def frame(lay: Layout, raw: dict[str, np.ndarray]) -> pd.DataFrame:
    """The same rows as a KPI table, as perfkit.model.behaviour.pricing builds it."""
    W, N = lay.shape
    runs = raw["revenue"].size // (W * N)
    agent = pd.CategoricalDtype(pd.Index(lay.agent_names))
    team = pd.CategoricalDtype(pd.Index(lay.team_names))
    cols = {
        "agent_id": pd.Categorical.from_codes(np.tile(lay.agent, runs * W), dtype=agent),
        "team": pd.Categorical.from_codes(np.tile(lay.team, runs * W), dtype=team),
        "period": pd.Categorical.from_codes(
            np.repeat(np.tile(np.arange(W), runs), N), categories=pd.Index(lay.labels)
        ),
        "run": np.repeat(np.arange(runs), W * N),
        "tenure_months": np.tile(lay.tenure.reshape(-1), runs),
        "capacity": np.tile(lay.capacity, runs * W),
        "role": pd.Categorical(np.tile(lay.role, runs * W)),
    }
    cols.update({k: v.reshape(-1) for k, v in raw.items()})
    return pd.DataFrame(cols)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.booleans(), st.integers(1, 7), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 2**31))  # fmt: skip
def test_the_fused_path_pays_what_compute_statements_pays(plan, leader, agents, periods, runs,
                                                          seed):  # fmt: skip
    rng = np.random.default_rng(seed)
    lay = layout(agents, periods, rng)
    raw = kpis((runs, periods, agents), rng)
    sc = scenario(plan, leader)
    want = compute_statements(frame(lay, raw), sc)
    got = pay_grid(sc, lay, raw)
    for col in ("total_pay", "non_cash_value", "score"):
        np.testing.assert_array_equal(got[col], want[col].to_numpy(float), err_msg=col)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(ranks=False), st.booleans(), st.integers(2, 8), st.integers(1, 3),
       st.integers(1, 3), st.integers(1, 3), st.integers(0, 2**31))  # fmt: skip
def test_deviations_against_fixed_aggregates_pay_what_whole_copies_pay(
    plan, leader, agents, periods, slots, cands, seed
):
    """Each agent's candidate rows, priced against the base rows' sums and counts, pay to
    1e-9 what the same rows pay in whole copies of the floor (the agents of one slot on a
    candidate, everyone else at the base), also where teammates share a slot."""
    rng = np.random.default_rng(seed)
    lay = layout(agents, periods, rng)
    R, W, N = 2, periods, agents
    base = kpis((R, W, N), rng)
    own = kpis((R, cands, W, N), rng)
    slot = rng.integers(0, slots, N)
    G = int(slot.max()) + 1
    sc = scenario(plan, leader)
    _, paid = deviations(sc, lay, base, own, slot)
    mine = (slot[None, :] == np.arange(G)[:, None])[:, None, None, :]  # G × 1 × 1 × N
    whole = {k: np.where(mine, own[k][:, None], base[k][:, None, None]) for k in base}
    want = compute_statements(frame(lay, whole), sc)
    shape = (R, G, cands, W, N)
    for col in ("total_pay", "non_cash_value", "score"):
        full = want[col].to_numpy(float).reshape(shape)
        expect = np.moveaxis(full[:, slot, :, :, np.arange(N)], 0, -1)  # R × C × W × N
        got = paid[col].reshape(R, cands, W, N)
        np.testing.assert_allclose(got, expect, rtol=1e-9, atol=1e-9, err_msg=col)


def test_ranking_against_fixed_aggregates_is_refused():
    """A plan that ranks within a unit cannot be priced on deviation rows: it says so."""
    rng = np.random.default_rng(0)
    lay = layout(4, 1, rng)
    sc = scenario({"bonuses": [{"type": "rank", "kpi": "revenue", "prizes": [500]}]}, False)
    with pytest.raises(TypeError, match="fixed aggregates"):
        deviations(sc, lay, kpis((1, 1, 4), rng), kpis((1, 2, 1, 4), rng), np.zeros(4, int))


def test_an_adjustment_is_added_to_each_rows_pay_and_nothing_else():
    """A per-row adjustment (an anticipated ratchet's −λ × revenue) lands on the row it
    names, on whole runs and on deviation rows alike; the score and non-cash value do not
    move. The expected amount is read off the KPI table's own period and agent columns."""
    rng = np.random.default_rng(5)
    agents, periods = 5, 2
    lay = layout(agents, periods, rng)
    lam = rng.uniform(0.0, 1.0, (periods, agents + 2))  # period × agent code

    def adjust(layout: Layout, raw: dict[str, np.ndarray]) -> np.ndarray:
        return -lam[:, layout.agent] * raw["revenue"]

    def expected(raw: dict[str, np.ndarray]) -> np.ndarray:
        rows = frame(lay, raw)
        return -lam[rows["period"].cat.codes, rows["agent_id"].cat.codes] * rows["revenue"]

    plan = {"pay": {"base_salary": 3000}, "team": {"weight": 0.5},
            "commission": {"base": "revenue", "mode": "flat", "rate": 0.03}}  # fmt: skip
    sc = scenario(plan, False)
    raw = kpis((2, periods, agents), rng)
    plain, got = pay_grid(sc, lay, raw), pay_grid(sc, lay, raw, adjust=adjust)
    np.testing.assert_allclose(got["total_pay"] - plain["total_pay"], expected(raw), atol=1e-9)
    for col in ("non_cash_value", "score"):
        np.testing.assert_array_equal(got[col], plain[col], err_msg=col)
    base, own = kpis((1, periods, agents), rng), kpis((1, 3, periods, agents), rng)
    slot = np.zeros(agents, dtype=int)
    plain = deviations(sc, lay, base, own, slot)
    got = deviations(sc, lay, base, own, slot, adjust=adjust)
    for before, after, rows in zip(plain, got, (base, own), strict=True):
        change = after["total_pay"] - before["total_pay"]
        np.testing.assert_allclose(change, expected(rows), atol=1e-9)
        np.testing.assert_array_equal(after["score"], before["score"])
