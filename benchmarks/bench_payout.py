"""Benchmark the payout engine against a plain row-by-row Python reference.

Builds 1,000,000 synthetic agent-period rows (83,334 agents × 12 months, 20 teams),
times ``compute_statements`` on a rich scheme (5-KPI scorecard with team weight,
forced distribution, marginal ladder with gate/accelerator/cap and refund clawback,
tiered attainment bonus, team pool split by score, QA and complaint deductions,
recoverable guarantee), then times the simple reference below on a 20,004-row
subset (1,667 whole agents) and checks both give the same pay to 1e-6.

Run: ``.venv/bin/python benchmarks/bench_payout.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import defaultdict

import numpy as np
import pandas as pd

from perfkit.payout import compute_statements
from perfkit.scheme import parse_scenario

#: Each timing is the best of this many runs (the machine may be shared).
REPEATS = 5

RICH = {
    "name": "benchmark: rich scheme",
    "pay": {
        "base_salary": 3000,
        "performance_pay": {
            "base": 2000,
            "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.8, "D": 0.0},
        },
        "guarantee": {"amount": 4500, "recoverable": True},
    },
    "scorecard": [
        {"kpi": "revenue", "weight": 40, "target": 30000, "cap": "150%"},
        {"kpi": "connect_rate", "weight": 10, "target": 0.28},
        {"kpi": "effective_talk_minutes", "weight": 15, "target": 1800, "floor": "60%"},
        {"kpi": "complaint_rate", "weight": 15, "target": 0.0015},
        {"kpi": "qa_score", "weight": 20, "target": 85},
    ],
    "grades": {"method": "forced", "shares": {"S": 10, "A": 20, "B": 50, "C": 15, "D": 5}},
    "commission": {
        "base": "collected",
        "mode": "marginal",
        "ladder": [[0, 0.02], [30000, 0.04], [60000, 0.06]],
        "gate": 5000,
        "accelerator": {"above": 40000, "multiplier": 1.5},
        "cap": 1500,
        "refunds": "clawback",
    },
    "bonuses": [{"type": "attainment", "kpi": "revenue", "tiers": [[1.0, 500], [1.3, 1200]]}],
    "team": {
        "weight": 0.3,
        "pool": {"per_team_target": 1_200_000, "amount": 60000, "split": "by_score"},
    },
    "deductions": {
        "qa_below": {"line": 75, "amount": 300},
        "complaints": {"per_complaint": 50, "free": 2},
    },
}


def synthetic_kpis(agents: int, months: int = 12, teams: int = 20, seed: int = 7) -> pd.DataFrame:
    """A synthetic telesales KPI table, one row per agent × month (NumPy only)."""
    rng = np.random.default_rng(seed)
    n = agents * months
    agent = np.repeat(np.arange(agents), months)
    skill = rng.lognormal(0.0, 0.25, agents)[agent]
    dials = np.round(rng.normal(4500, 500, n).clip(500))
    connected = np.round(dials * rng.beta(27, 73, n))
    orders = rng.poisson(connected * 0.0075 * skill).astype(float)
    revenue = np.round(orders * rng.lognormal(np.log(2200), 0.35, n), 2)
    collected = np.round(revenue * rng.uniform(0.85, 1.0, n), 2)
    refunds = np.round(revenue * (rng.random(n) < 0.1) * rng.uniform(0.0, 0.3, n), 2)
    ids = np.char.add("A", np.char.zfill(np.arange(agents).astype(str), 6))
    labels = np.array([f"2025-{m:02d}" for m in range(1, months + 1)])
    return pd.DataFrame(
        {
            "agent_id": ids[agent],
            "team": np.char.add("T", (np.arange(agents) % teams).astype(str))[agent],
            "period": np.tile(labels, agents),
            "dials": dials,
            "connected": connected,
            "effective_talk_minutes": np.round(rng.normal(1800, 300, n).clip(0), 1),
            "orders": orders,
            "revenue": revenue,
            "collected": collected,
            "refunds": refunds,
            "complaints": rng.poisson(1.8, n).astype(float),
            "qa_score": np.round(rng.normal(85, 6, n).clip(0, 100), 1),
        }
    )


# --------------------------------------------------------------------------- reference
# A plain row-by-row reading of the scheme objects, for the features RICH uses.
_RATIO = {"connect_rate": ("connected", "dials"), "complaint_rate": ("complaints", "connected")}


def _kpi(rec: dict, name: str) -> float:
    if name in _RATIO:
        num, den = _RATIO[name]
        return rec[num] / rec[den] if rec[den] else 0.0
    return rec[name]


def _marginal(base: float, ladder: list) -> float:
    total = 0.0
    for i, (lo, rate) in enumerate(ladder):
        hi = ladder[i + 1][0] if i + 1 < len(ladder) else math.inf
        if base > lo:
            total += rate * (min(base, hi) - lo)
    return total


def _commission(base: float, c) -> float:
    amount = _marginal(base, c.bands)
    if c.accelerator is not None:
        above_part = amount - _marginal(min(base, c.accelerator.above), c.bands)
        amount += (c.accelerator.multiplier - 1.0) * above_part
    if base < c.gate:
        amount = 0.0
    return amount if c.cap is None else min(amount, c.cap)


def _largest_remainder(n: int, shares: list[float]) -> list[int]:
    quotas = [n * s for s in shares]
    sizes = [math.floor(q + 1e-9) for q in quotas]
    fracs = [round(q - s, 9) if q - s > 1e-9 else 0.0 for q, s in zip(quotas, sizes, strict=True)]
    for k in sorted(range(len(shares)), key=lambda k: (-fracs[k], k))[: n - sum(sizes)]:
        sizes[k] += 1
    return sizes


def reference_statements(kpis: pd.DataFrame, scenario) -> list[float]:
    """total_pay per row, computed one row (or one group of rows) at a time."""
    records = kpis.to_dict("records")
    n, lam = len(records), scenario.team.weight
    own, comm_own, due = [0.0] * n, [0.0] * n, [0.0] * n
    for r, rec in enumerate(records):
        score = 0.0
        for item in scenario.scorecard:
            att = _kpi(rec, item.kpi) / item.target
            if item.direction == "lower":
                att = max(2.0 - att, 0.0)
            points = 0.0 if att < item.floor or att <= 0 else min(att, item.cap) * 100.0
            score += item.weight / 100.0 * points
        own[r] = score
        base = rec[scenario.commission.base]
        comm_own[r] = _commission(base, scenario.commission)
        due[r] = rec["refunds"] * (comm_own[r] / base if base > 0 else 0.0)
    teams, periods, agents = defaultdict(list), defaultdict(list), defaultdict(list)
    for r, rec in enumerate(records):
        teams[(rec["period"], rec["team"])].append(r)
        periods[rec["period"]].append(r)
        agents[rec["agent_id"]].append(r)
    pool = scenario.team.pool
    score, comm, pool_pay = [0.0] * n, [0.0] * n, [0.0] * n
    for members in teams.values():
        mean_score = sum(own[r] for r in members) / len(members)
        mean_comm = sum(comm_own[r] for r in members) / len(members)
        team_kpi = sum(records[r][pool.kpi] for r in members)
        total_score = sum(max(own[r], 0.0) for r in members)
        for r in members:
            score[r] = (1 - lam) * own[r] + lam * mean_score
            comm[r] = (1 - lam) * comm_own[r] + lam * mean_comm
            if team_kpi >= pool.target:
                share = max(own[r], 0.0) / total_score if total_score > 0 else 1 / len(members)
                pool_pay[r] = pool.amount * share
    grades, grade = scenario.grades, [""] * n
    for members in periods.values():
        ranked = sorted(
            members, key=lambda r: (-score[r], -records[r]["revenue"], records[r]["agent_id"])
        )
        sizes = _largest_remainder(len(ranked), list(grades.shares.values()))
        start = 0
        for name, size in zip(grades.shares, sizes, strict=True):
            for r in ranked[start : start + size]:
                grade[r] = name
            start += size
    pay, ded, (bonus_rule,) = scenario.pay, scenario.deductions, scenario.bonuses
    bonus_target = next(i.target for i in scenario.scorecard if i.kpi == bonus_rule.kpi)
    total = [0.0] * n
    for rows in agents.values():
        rows.sort(key=lambda r: records[r]["period"])
        balance, owed = 0.0, 0.0
        for r in rows:
            rec = records[r]
            att = rec[bonus_rule.kpi] / bonus_target
            bonus = 0.0
            for at, amount in bonus_rule.tier_list:
                if att >= at - 1e-9:
                    bonus = amount
            deduction = ded.qa_below.amount if rec["qa_score"] < ded.qa_below.line else 0.0
            extra = max(rec["complaints"] - ded.complaints.free, 0)
            deduction += ded.complaints.per_complaint * extra
            perf = pay.performance_pay.base * pay.performance_pay.grade_coefficients[grade[r]]
            before = pay.base_salary + perf + comm[r] + bonus + pool_pay[r] - deduction - owed
            owed = due[r]
            new_balance = max(0.0, balance + pay.guarantee.amount - before)
            total[r] = before + (new_balance - balance)
            balance = new_balance
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    agents = math.ceil(args.rows / 12)
    scenario = parse_scenario(RICH, source="bench")
    t0 = time.perf_counter()
    kpis = synthetic_kpis(agents)
    print(
        f"built {len(kpis):,} rows ({agents:,} agents × 12 months) in {time.perf_counter() - t0:.2f} s"
    )

    compute_statements(kpis.head(1000), scenario)  # warm up imports and caches
    best = math.inf
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = compute_statements(kpis, scenario)
        best = min(best, time.perf_counter() - t0)
    rows_per_s = len(kpis) / best
    print(f"engine: {best:.2f} s for {len(kpis):,} rows = {rows_per_s:,.0f} rows/s")
    print(f"engine: {1_000_000 / rows_per_s:.2f} s per 1,000,000 rows")
    assert len(out) == len(kpis)

    subset = kpis[kpis["agent_id"] < "A001667"].reset_index(drop=True)
    ref_s = math.inf
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        expected = reference_statements(subset, scenario)
        ref_s = min(ref_s, time.perf_counter() - t0)
    ref_per_row = ref_s / len(subset)
    got = compute_statements(subset, scenario)["total_pay"].to_numpy()
    diff = float(np.max(np.abs(got - np.asarray(expected))))
    speedup = ref_per_row * len(kpis) / best
    print(
        f"reference: {ref_s:.2f} s for {len(subset):,} rows = {1 / ref_per_row:,.0f} rows/s "
        f"(≈ {ref_per_row * 1e6:.0f} s per 1,000,000 rows)"
    )
    print(f"speed-up: {speedup:,.0f}×; max |engine − reference| total_pay = {diff:.2e}")
    print(
        f"targets: < 5 s per 1M rows {'met' if best * 1e6 / len(kpis) < 5 else 'NOT met'}; "
        f"speed-up ≥ 50× {'met' if speedup >= 50 else 'NOT met'}"
    )
    assert diff < 1e-6, f"engine and reference disagree by {diff}"


if __name__ == "__main__":
    main()
