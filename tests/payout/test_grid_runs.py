"""The Monte Carlo's fused pay (perfkit.payout.grid_runs) is compute_statements' statement.

Seats change hands: a quitter's seat goes to a new hire (agent_id ``seat~k``, its own
sequence, tenure from 0, its own capacity). Plans are generated from the engine's rules
(tests/payout/test_grid.py) and priced both ways on random runs with random hires;
every statement column must be the same bytes, and a history table must reach the
first holders by name and give hires the others' mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfkit.payout import compute_statements
from perfkit.payout.coded import shown
from perfkit.payout.grid_runs import Seats, pay_seats
from perfkit.scheme import parse_scenario
from tests.payout.test_grid import LABELS, kpis, plans, scenario


def seats(agents: int, periods: int, runs: int, quits: float, rng: np.random.Generator) -> Seats:
    """Random seats: each seat's holder quits with probability ``quits`` after each period."""
    left = rng.random((runs, periods, agents)) < quits
    hire = np.zeros((runs, periods, agents), dtype=np.int32)
    hire[:, 1:] = np.cumsum(left[:, :-1], axis=1)
    tenure = rng.uniform(0, 24, (runs, 1, agents)) + np.arange(periods)[None, :, None]
    for r, w, a in zip(*np.nonzero(hire[:, 1:] != hire[:, :-1]), strict=True):
        tenure[r, w + 1 :, a] = np.arange(periods - w - 1)  # the hire starts at 0
    return Seats(
        names=np.array([f"A{i:02d}" for i in rng.permutation(agents)], dtype=object),
        hire=hire,
        team=rng.integers(0, 3, agents),
        labels=LABELS[:periods],
        tenure=tenure,
        capacity=rng.uniform(0.8, 1.2, (runs, periods, agents)),
        role=np.where(rng.random(agents) < 0.3, "lead", "agent").astype(object),
    )


def frame(s: Seats, raw: dict[str, np.ndarray]) -> pd.DataFrame:
    """The same rows as the KPI table the Monte Carlo priced before (a categorical agent_id:
    every seat's first holder, then its first hires, and so on)."""
    R, P, N = s.shape
    top = int(s.hire.max())
    names = [*s.names, *(f"{a}~{k}" for k in range(1, top + 1) for a in s.names)]
    seat = np.tile(np.arange(N), R * P)
    cols = {
        "run": np.repeat(np.arange(R), P * N),
        "period": pd.Categorical.from_codes(np.tile(np.repeat(np.arange(P), N), R), s.labels),
        "agent_id": pd.Categorical.from_codes(seat + N * s.hire.ravel(), categories=names),
        "team": pd.Categorical.from_codes(s.team[seat], categories=["T1", "T2", "T3"]),
        "tenure_months": s.tenure.ravel(),
        "capacity": s.capacity.ravel(),
        "role": pd.Categorical(s.role[seat]),
    }
    cols.update({k: v.ravel() for k, v in raw.items()})
    return pd.DataFrame(cols)


def same_statement(got: dict, want: pd.DataFrame) -> None:
    for col, value in got.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, want[col].to_numpy(), err_msg=col)
        else:
            pd.testing.assert_extension_array_equal(value, want[col].array)
    assert list(got) == [c for c in want.columns if c not in ("agent_id", "team", "period", "run")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.booleans(), st.integers(1, 7), st.integers(1, 3), st.integers(1, 3),
       st.sampled_from([0.0, 0.3, 0.8]), st.integers(0, 2**31))  # fmt: skip
def test_the_fused_pay_with_hires_is_the_statement(plan, leader, agents, periods, runs, quits,
                                                   seed):  # fmt: skip
    rng = np.random.default_rng(seed)
    s = seats(agents, periods, runs, quits, rng)
    raw = kpis((runs, periods, agents), rng)
    sc = scenario(plan, leader)
    same_statement(shown(pay_seats(sc, s, raw)), compute_statements(frame(s, raw), sc))


def test_hires_read_the_history_as_the_statement_does():
    """A history-based target: first holders read their own history, hires the others'
    mean; a recoverable guarantee is owed within each holder's own months."""
    rng = np.random.default_rng(3)
    s = seats(6, 3, 2, 0.5, rng)
    assert s.hire.max() >= 1
    raw = kpis((2, 3, 6), rng)
    sc = parse_scenario({"name": "history", "pay": {"base_salary": 3000, "guarantee": {
        "amount": 5200, "recoverable": True}}, "scorecard": [{"kpi": "revenue", "weight": 100,
        "target": {"split": "history"}}], "bonuses": [{"type": "attainment", "kpi": "revenue",
        "tiers": [[1.0, 900]]}], "commission": {"base": "revenue", "mode": "flat", "rate": 0.02}})  # fmt: skip
    past = pd.DataFrame({"agent_id": s.names[:4], "team": "T1", "period": "2024-12",
                         "revenue": [8000.0, 20000.0, 35000.0, 50000.0], "dials": 500.0,
                         "connected": 100.0, "orders": 10.0})  # fmt: skip
    want = compute_statements(frame(s, raw), sc, history=past)
    same_statement(shown(pay_seats(sc, s, raw, past)), want)
    bonus = want["bonus"].to_numpy().reshape(2, 3, 6)
    assert (bonus > 0).any() and (bonus == 0).any()
