"""What decides a verdict (perfkit.analysis.decides): the profit gain at both ends of
every assumption's range, on the comparison's own draws.

Checked: profit is linear in the gross margin and the hiring cost, so their ends,
computed from the base runs, equal a re-simulation at that value exactly; a ranking
that the margin flips is found, at the margin where the two plans' profits are equal;
a ``range:`` in the scenario replaces the default range; sources are read from the
notes perfkit estimate and consultants write.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.analysis.compare import compare
from perfkit.analysis.decides import Decides, decides, source_kind
from perfkit.scheme import parse_scenario
from perfkit.scheme.params import with_param
from perfkit.scheme.priors import DECISIVE
from perfkit.simulate import simulate

RUNS, SEED, PERIODS = 4, 3, 3
POP = {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5}


def plan(name: str, rate: float, **extra) -> object:
    raw = {"name": name, "population": POP, "pay": {"base_salary": 4000},
           "commission": {"base": "revenue", "mode": "flat", "rate": rate}, **extra}  # fmt: skip
    return parse_scenario(raw)


@pytest.fixture(scope="module")
def result() -> tuple[object, Decides]:
    """Flat 3% against a rich 12%: the rich plan sells more and pays far more, so a low
    margin favours the cheap plan and a high one the rich plan."""
    margin = {"value": 0.5, "source": "client P&L 2025", "range": [0.05, 0.95]}
    base = plan("cheap", 0.03, simulation={"margin_rate": margin})
    rich = plan("rich", 0.12, simulation={"margin_rate": 0.5})
    comp = compare([base, rich], runs=RUNS, seed=SEED, periods=PERIODS)
    return comp, decides(comp, runs=RUNS, seed=SEED, periods=PERIODS)


def factor(dec: Decides, key: str):
    return next(f for f in dec.factors if f.key == key)


def test_every_assumption_is_listed_with_both_ends(result):
    _, dec = result
    assert [f.key for f in dec.factors] == [d.key for d in DECISIVE]
    assert dec.simulations == 2 * (1 + 2 * sum(d.behavioural for d in DECISIVE))
    for f in dec.factors:
        assert f.low <= f.high and np.isfinite([f.gain_low, f.gain_high]).all()


def test_margin_end_equals_a_resimulation_at_that_margin(result):
    comp, dec = result
    f = factor(dec, "margin_rate")
    got = {}
    for name, sc in comp.scenarios.items():
        moved = with_param(sc, "simulation.margin_rate", f.high)
        got[name] = simulate(moved, runs=RUNS, seed=SEED, periods=PERIODS).runs["profit"]
    resim = float(np.mean(got[dec.leader] - got[dec.runner_up]))
    assert f.gain_high == pytest.approx(resim, rel=1e-9)


def test_hiring_cost_end_is_linear_in_hires(result):
    comp, dec = result
    f = factor(dec, "hiring_cost")
    got = {}
    for name, sc in comp.scenarios.items():
        moved = with_param(sc, "simulation.attrition.hiring_cost", f.low)
        got[name] = simulate(moved, runs=RUNS, seed=SEED, periods=PERIODS).runs["profit"]
    assert f.gain_low == pytest.approx(float(np.mean(got[dec.leader] - got[dec.runner_up])))


def test_the_scenario_range_is_used_and_the_margin_flips_the_ranking(result):
    comp, dec = result
    f = factor(dec, "margin_rate")
    assert (f.low, f.high, f.ranged_by) == (0.05, 0.95, "scenario")
    assert f.source == "consultant" and f.note == "client P&L 2025"
    assert f.flips and f.leader_low != f.leader_high
    # at the flip the two plans' mean profits are equal: Δprofit(m) = Δprofit + Δnet·(m − 0.5)
    runs = {
        p: simulate(s, runs=RUNS, seed=SEED, periods=PERIODS).runs
        for p, s in comp.scenarios.items()
    }
    d_profit = runs[dec.leader]["profit"].mean() - runs[dec.runner_up]["profit"].mean()
    d_net = runs[dec.leader]["net_revenue"].mean() - runs[dec.runner_up]["net_revenue"].mean()
    assert 0.05 < f.flip_at < 0.95
    assert d_profit + d_net * (f.flip_at - 0.5) == pytest.approx(0.0, abs=1e-6 * abs(d_profit))
    assert factor(dec, "hiring_cost").ranged_by == "default"
    assert f in dec.flips


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        (None, "default"),
        ("estimated by perfkit estimate 2026-12-01 from kpis.csv: 5,200 (90% interval …)", "estimated"),
        ("set at the model's boundary by perfkit estimate 2026-12-01 from kpis.csv: …", "boundary"),
        ("prior (perfkit estimate 2026-12-01: not identified from kpis.csv)", "prior"),
        ("finance: FY2025 gross margin", "consultant"),
    ],
)  # fmt: skip
def test_source_kind(note, kind):
    assert source_kind(note) == kind


def test_one_plan_has_nothing_to_decide():
    comp = compare([plan("only", 0.03)], runs=2, seed=0, periods=2)
    assert decides(comp, runs=2, seed=0) is None


@pytest.mark.parametrize(
    ("key", "end"), [("attrition_rate", "low"), ("attrition_sensitivity", "high"),
                     ("timing_share", "high"), ("effort_cost", "low")],
)  # fmt: skip
def test_ends_with_reused_solves_equal_fresh_simulations(result, key, end):
    """Attrition and deal timing reuse the base's solved response (perfkit.simulate.solved):
    their ends equal simulations solved afresh at that value, exactly; so does the
    effort cost's, which changes the agents and is solved again."""
    comp, dec = result
    f = factor(dec, key)
    value = f.low if end == "low" else f.high
    got = {}
    for name, sc in comp.scenarios.items():
        moved = with_param(sc, f.path, value)
        got[name] = simulate(moved, runs=RUNS, seed=SEED, periods=PERIODS).runs["profit"]
    fresh = float(np.mean(got[dec.leader] - got[dec.runner_up]))
    assert (f.gain_low if end == "low" else f.gain_high) == fresh


def test_decides_solves_each_response_once(monkeypatch):
    """Three of the four behavioural assumptions leave the solve alone: 2 plans solve 2
    base responses and 2 per effort-cost end, not 2 × 9."""
    import perfkit.simulate.solved as solved

    calls = []
    real = solved.respond
    monkeypatch.setattr(solved, "respond", lambda *a, **k: calls.append(1) or real(*a, **k))
    comp = compare([plan("cheap", 0.03), plan("rich", 0.12)], runs=2, seed=SEED, periods=2)
    calls.clear()
    dec = decides(comp, runs=2, seed=SEED, periods=2)
    assert dec is not None and dec.simulations == 18
    assert len(calls) == 2 * (1 + 2)
