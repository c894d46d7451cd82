"""Deal-timing share from bunching at the plan in force's pay edges (estimate.timing).

Theory: with a share s of a month's revenue movable at discount d, every agent within
s·(1 − d) below a cliff can cross it, so a share of W ÷ (1 − d) ≈ 5.4% (W = the 5%
window, d = 8%) already empties the agent-months just below each edge. An export with
no bunching must therefore bound the share well below that (and below the prior, 10%);
one simulated with timing must show the bunching. Measured on 160 agents × 12 months
under the whole-amount ladder (edges at 20,000 and 40,000): without timing the 95%
upper bound was 0.005–0.017 over four runs; with s = 0.10, B ≈ 1.3–1.6 and ŝ ≈ 0.04.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from perfkit.analysis.estimate.timing import WINDOW, estimate_timing, share_from_ratio
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.simulate import simulate
from tests.conftest import SCENARIOS

#: A share at or above this empties the window below every edge (module docstring).
CAP = WINDOW / (1 - 0.08)


def export(share: float, seed: int = 1):
    """One simulated year of the whole-amount ladder on a synthetic floor, as an export."""
    raw = yaml.safe_load((SCENARIOS / "whole_amount_ladder.yaml").read_text(encoding="utf-8"))
    raw["population"] = {"source": "synthetic", "agents": 160, "teams": 8, "seed": 3}
    raw["simulation"] = {"timing": {"share": share}}
    sc = parse_scenario(raw)
    agents = simulate(sc, runs=1, seed=seed, periods=12).agents
    return agents[["agent_id", "team", "period", "revenue", "orders", "dials"]], sc


@pytest.fixture(scope="module")
def without():
    return export(0.0)


def test_no_timing_gives_a_small_share(without):
    kpis, sc = without
    est = estimate_timing(kpis, sc, sc.simulation.timing, seed=0)
    assert est.status == "no bunching" and est.above + est.below > 100
    assert abs(est.log_ratio) < 0.3
    assert est.share <= est.high < CAP / 2 < 0.1  # far below the prior and the cap
    assert "no bunching" in est.note("2026-12-07", "kpis.csv")


def test_timing_is_detected_as_bunching():
    kpis, sc = export(0.10)
    est = estimate_timing(kpis, sc, sc.simulation.timing, seed=0)
    assert est.status == "bunching" and est.log_ratio > 0.8
    assert 0.02 < est.low <= est.share <= CAP
    assert est.high >= 0.2  # bunching bounds the share from below only


def test_a_plan_without_cliffs_identifies_nothing(without):
    kpis, _ = without
    flat = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    est = estimate_timing(kpis, flat)
    assert est.status == "not identified" and est.share == 0.1 and not est.edges
    assert est.note("2026-12-07", "kpis.csv").startswith("prior")


def test_share_from_ratio_closed_form():
    # B = log 2: half the lower window crossed → s = W · ½ ÷ (1 − d)
    assert share_from_ratio(np.log(2.0), 0.08) == pytest.approx(WINDOW * 0.5 / 0.92)
    assert share_from_ratio(-0.4, 0.08) == 0.0
    assert share_from_ratio(50.0, 0.08) == pytest.approx(CAP)


def test_the_estimate_is_written_as_a_noted_value_with_its_range(without):
    from perfkit.analysis.estimate.write import timing_value

    kpis, sc = without
    est = estimate_timing(kpis, sc, sc.simulation.timing, seed=0)
    raw = yaml.safe_load((SCENARIOS / "whole_amount_ladder.yaml").read_text(encoding="utf-8"))
    raw.pop("population")
    raw["simulation"] = {"timing": {"share": timing_value(est, "2026-12-07", "kpis.csv")}}
    back = parse_scenario(raw)
    assert back.simulation.timing.share == pytest.approx(est.share, abs=1e-3)
    assert back.ranges["simulation.timing.share"] == pytest.approx((0.0, est.high), abs=1e-3)
    assert back.notes["simulation.timing.share"].startswith("estimated by perfkit estimate")
