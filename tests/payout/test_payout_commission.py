"""Commission ladders (阶梯提成): worked examples and invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.payout import compute_statements
from perfkit.payout.ladders import commission_on, marginal, whole
from perfkit.scheme import parse_scenario

TAX_LIKE = (np.array([0.0, 150_000.0, 250_000.0]), np.array([0.04, 0.06, 0.08]))


def one_agent(**cols) -> pd.DataFrame:
    base = {"agent_id": "A1", "team": "T1", "period": "2025-01", "dials": 100.0}
    base.update(
        {"connected": 50.0, "orders": 10.0, "revenue": 0.0, "collected": 0.0, "refunds": 0.0}
    )
    base.update(cols)
    return pd.DataFrame([base])


# --------------------------------------------------------------------------- worked examples
def test_marginal_ladder_extra_deal_earns_each_band_rate():
    """At 145,000 a 20,000 deal earns 5,000 × 4% + 15,000 × 6% = 1,100 more (超额累进)."""
    before = marginal(np.array([145_000.0]), *TAX_LIKE)[0]
    after = marginal(np.array([165_000.0]), *TAX_LIKE)[0]
    assert before == pytest.approx(145_000 * 0.04)
    assert after - before == pytest.approx(1_100.0)


def test_whole_amount_ladder_applies_reached_rate_to_everything():
    """<100: 10%, 100–150: 12%, 150+: 15%; on 125 the whole amount earns 12% = 15 (全额累进)."""
    starts, rates = np.array([0.0, 100.0, 150.0]), np.array([0.10, 0.12, 0.15])
    assert whole(np.array([125.0]), starts, rates)[0] == pytest.approx(15.0)
    # the cliff: one unit more at the band edge jumps the commission
    assert whole(np.array([99.99, 100.0]), starts, rates) == pytest.approx([9.999, 12.0])


def test_engine_marginal_ladder_example_through_a_scenario():
    sc = parse_scenario(
        {
            "name": "ladder",
            "commission": {
                "mode": "marginal",
                "ladder": [[0, "4%"], [150_000, "6%"], [250_000, "8%"]],
            },
        }
    )
    out = compute_statements(one_agent(revenue=300_000.0), sc)
    # 150,000 × 4% + 100,000 × 6% + 50,000 × 8% = 6,000 + 6,000 + 4,000
    assert out["commission"].iloc[0] == pytest.approx(16_000.0)


def test_gate_accelerator_and_cap_by_hand():
    starts, rates = np.array([0.0]), np.array([0.05])
    base = np.array([9_999.0, 10_000.0, 30_000.0, 200_000.0])
    got = commission_on(
        base, starts, rates, "flat", gate=10_000, accelerator=(20_000, 2.0), cap=5_000
    )
    # below the gate: 0; at the gate: 500; 30,000: 1,500 + 10,000 × 5% extra = 2,000; capped at 5,000
    assert got == pytest.approx([0.0, 500.0, 2_000.0, 5_000.0])


def test_accelerator_on_whole_ladder_uses_reached_rate_above_threshold():
    starts, rates = np.array([0.0, 100.0]), np.array([0.10, 0.20])
    got = commission_on(np.array([150.0]), starts, rates, "whole", accelerator=(120.0, 1.5))
    assert got[0] == pytest.approx(150 * 0.20 + 0.5 * 0.20 * 30)


@pytest.mark.parametrize(
    ("base", "expected"),
    [("collected", 0.1 * 8_000), ("margin", 0.1 * 0.4 * 10_000), ("orders", 10 * 50.0)],
)
def test_commission_bases(base, expected):
    rate = 50.0 if base == "orders" else 0.1
    spec = {"base": base, "rate": rate, "margin_rate": 0.4}
    sc = parse_scenario({"name": "b", "commission": spec})
    out = compute_statements(one_agent(revenue=10_000.0, collected=8_000.0), sc)
    assert out["commission"].iloc[0] == pytest.approx(expected)


def test_net_refunds_reduce_the_base_and_clawback_hits_next_period():
    kpis = pd.concat(
        [
            one_agent(revenue=10_000.0, refunds=2_000.0),
            one_agent(period="2025-02", revenue=5_000.0),
        ],
        ignore_index=True,
    )
    net = parse_scenario({"name": "n", "commission": {"rate": 0.1, "refunds": "net"}})
    claw = parse_scenario({"name": "c", "commission": {"rate": 0.1, "refunds": "clawback"}})
    out_net = compute_statements(kpis, net)
    out_claw = compute_statements(kpis, claw)
    assert out_net["commission"].tolist() == pytest.approx([800.0, 500.0])
    assert out_net["clawback"].tolist() == [0.0, 0.0]
    assert out_claw["commission"].tolist() == pytest.approx([1_000.0, 500.0])
    assert out_claw["clawback"].tolist() == pytest.approx([0.0, 200.0])
    assert out_claw["total_pay"].iloc[1] == pytest.approx(300.0)


def test_clawback_uses_the_effective_rate_of_a_marginal_ladder():
    sc = parse_scenario(
        {
            "name": "c",
            "commission": {
                "mode": "marginal",
                "ladder": [[0, 0.02], [10_000, 0.05]],
                "refunds": "clawback",
            },
        }
    )
    kpis = pd.concat(
        [one_agent(revenue=20_000.0, refunds=4_000.0), one_agent(period="2025-02")],
        ignore_index=True,
    )
    out = compute_statements(kpis, sc)
    # commission 200 + 500 = 700 on 20,000: effective 3.5%, × 4,000 refunded = 140
    assert out["clawback"].iloc[1] == pytest.approx(140.0)


# --------------------------------------------------------------------------- invariants
@st.composite
def ladders(draw, increasing_rates: bool = False):
    k = draw(st.integers(1, 4))
    gaps = draw(st.lists(st.floats(1.0, 50_000.0), min_size=k - 1, max_size=k - 1))
    starts = np.concatenate(([0.0], np.cumsum(gaps)))
    rates = np.array(draw(st.lists(st.floats(0.0, 0.3), min_size=k, max_size=k)))
    if increasing_rates:
        rates = np.sort(rates)
    return starts, rates


bases = st.lists(st.floats(0.0, 300_000.0), min_size=1, max_size=30).map(np.array)
options = st.fixed_dictionaries(
    {
        "gate": st.sampled_from([0.0, 5_000.0, 40_000.0]),
        "accelerator": st.one_of(st.none(), st.tuples(st.floats(0, 200_000), st.floats(1, 3))),
        "cap": st.one_of(st.none(), st.floats(0.0, 20_000.0)),
    }
)


@settings(max_examples=200, deadline=None)
@given(ladder=ladders(increasing_rates=True), base=bases)
def test_marginal_never_exceeds_whole_amount(ladder, base):
    assert np.all(marginal(base, *ladder) <= whole(base, *ladder) + 1e-9)


@settings(max_examples=200, deadline=None)
@given(
    ladder=ladders(increasing_rates=True),
    base=bases,
    opts=options,
    mode=st.sampled_from(["marginal", "whole"]),
)
def test_commission_is_non_decreasing_in_its_base(ladder, base, opts, mode):
    base = np.sort(base)
    got = commission_on(base, *ladder, mode, **opts)
    assert np.all(np.diff(got) >= -1e-9 * np.maximum(1.0, got[1:]))


@settings(max_examples=200, deadline=None)
@given(ladder=ladders(), base=bases, opts=options)
def test_marginal_is_non_decreasing_even_with_falling_rates(ladder, base, opts):
    got = commission_on(np.sort(base), *ladder, "marginal", **opts)
    assert np.all(np.diff(got) >= -1e-9 * np.maximum(1.0, got[1:]))


@settings(max_examples=200, deadline=None)
@given(ladder=ladders(), base=bases, opts=options, mode=st.sampled_from(["marginal", "whole"]))
def test_commission_never_exceeds_its_cap(ladder, base, opts, mode):
    got = commission_on(base, *ladder, mode, **opts)
    assert np.all(got >= 0)
    if opts["cap"] is not None:
        assert np.all(got <= opts["cap"])
