"""The funnel's rows written in place (perfkit.model.counting, Funnel.kpis): the numbers of
the plain formulas, one temporary per step, to the last bit; the caller's inputs untouched."""

from __future__ import annotations

import numpy as np
import pytest

from perfkit.model import funnel as fm
from perfkit.model.counting import count, counted
from perfkit.model.funnel import SHOCKS, Choice, Funnel
from perfkit.scheme.population import FunnelRates, Mentoring


def plain_count(mu, z, dispersion=1.0, whole=True):
    root = np.sqrt(np.maximum(mu, 0.0)) + np.sqrt(dispersion) * 0.5 * z
    x = root * root - 0.25 * dispersion
    return np.maximum(np.rint(x) if whole else x, 0.0)


def plain_kpis(f: Funnel, traits, choice, z, help_received, whole):
    """The funnel's formulas as written before the rows were written in place."""
    r, m = f.rates, f.mentoring
    log_q = np.log(fm.quality_index(choice.quality, f.reference_quality))
    g = f.gamma
    volume = (
        choice.effort * (1.0 - choice.help) * (1.0 - choice.quality) / (1.0 - f.reference_quality)
    )
    assist = fm.assist_share(help_received, m)
    skill = traits["skill"] * (1.0 + m.boost * assist)
    sd = r.dial_noise
    dials = traits["capacity"] * f.months * volume * np.exp(sd * z[0] - 0.5 * sd * sd)
    dials = np.rint(dials) if whole else dials
    p_conn = traits["connect_rate"]
    connected = np.minimum(plain_count(dials * p_conn, z[1], 1.0 - p_conn, whole), dials)
    p_eff = np.minimum(r.effective_share * np.exp(fm.EFFECTIVE_ELASTICITY * g * log_q), 0.95)
    effective = np.minimum(plain_count(connected * p_eff, z[2], 1.0 - p_eff, whole), connected)
    minutes = r.minutes_per_effective_call * np.exp(fm.TALK_ELASTICITY * log_q)
    talk = effective * minutes * np.exp(fm.TALK_NOISE * z[3] - 0.5 * fm.TALK_NOISE**2)
    phi = r.count_dispersion
    p_int = np.minimum(
        r.intent_rate * np.sqrt(skill) * np.exp(fm.INTENT_ELASTICITY * g * log_q), 1.0
    )
    intents = np.minimum(plain_count(effective * p_int, z[4], phi, whole), effective)
    p_ord = np.minimum(r.order_rate * np.sqrt(skill) * np.exp(fm.ORDER_ELASTICITY * g * log_q), 1.0)
    orders = np.minimum(plain_count(intents * p_ord, z[5], phi, whole), intents)
    value_var = np.log1p(r.order_value_cv**2 / np.maximum(orders, 1.0))
    revenue = orders * traits["order_value"] * np.exp(np.sqrt(value_var) * z[6] - value_var / 2)
    p_ref = np.minimum(r.refund_rate * np.exp(fm.REFUND_ELASTICITY * log_q), 1.0)
    refund_orders = np.minimum(plain_count(orders * p_ref, z[7], 1.0, whole), orders)
    refunds = refund_orders * np.divide(
        revenue, orders, out=np.zeros_like(revenue), where=orders > 0
    )
    share = r.collected_share * np.exp(fm.COLLECTED_NOISE * z[8] - 0.5 * fm.COLLECTED_NOISE**2)
    p_cmp = r.complaint_rate * np.exp(fm.COMPLAINT_ELASTICITY * log_q)
    p_rep = np.minimum(r.repeat_rate * np.exp(fm.REPEAT_ELASTICITY * log_q), 1.0)
    csat = r.satisfaction.mean + fm.SATISFACTION_PER_LOG_Q * log_q + r.satisfaction.sd * z[11]
    qa = r.qa_score.mean + fm.QA_PER_LOG_Q * log_q + r.qa_score.sd * z[12]
    peer = (
        r.peer_score.mean + m.peer_points * (choice.effort * choice.help) + r.peer_score.sd * z[13]
    )
    return {
        "dials": dials, "connected": connected, "effective_talk_minutes": talk,
        "effective_calls": effective, "intents": intents, "orders": orders, "revenue": revenue,
        "collected": (revenue - refunds) * np.minimum(share, 1.0), "refunds": refunds,
        "complaints": np.minimum(plain_count(connected * p_cmp, z[9], 1.0, whole), connected),
        "repeat_customers": np.minimum(plain_count(orders * p_rep, z[10], 1.0, whole), orders),
        "satisfaction": np.clip(csat, 1.0, 5.0), "qa_score": np.clip(qa, 0.0, 100.0),
        "peer_score": np.clip(peer, 0.0, 100.0), "collaboration_credit": np.zeros_like(revenue),
        "assisted_orders": np.rint(orders * assist) if whole else orders * assist,
        "shared_revenue": np.zeros_like(revenue),
    }  # fmt: skip


def pricing_call(seed: int, agents: int = 30):
    """Traits, candidates (L × 1 × C × N), shocks (S × 1 × K × 1 × N) and help, as a
    pricing call lays them out."""
    rng = np.random.default_rng(seed)
    traits = {
        "skill": rng.uniform(0.5, 1.5, agents),
        "capacity": rng.uniform(2000, 6000, agents),
        "connect_rate": rng.uniform(0.1, 0.4, agents),
        "order_value": rng.uniform(1000, 4000, agents),
    }
    shape = (3, 1, 4, agents)
    choice = Choice(rng.uniform(0.0, 1.2, shape), rng.uniform(0.0, 0.9, shape),
                    rng.uniform(0.0, 0.3, shape))  # fmt: skip
    z = 2.0 * rng.standard_normal((len(SHOCKS), 1, 5, 1, agents))
    return traits, choice, z, rng.uniform(0.0, 0.5, agents)


def test_counted_is_count_written_over_the_callers_array() -> None:
    rng = np.random.default_rng(0)
    mu, z = rng.uniform(-3.0, 400.0, (4, 50)), rng.standard_normal((4, 50))
    most = rng.uniform(0.0, 400.0, 50)
    for phi, whole in [(1.0, True), (1.7, False), (rng.uniform(0.1, 1.0, 50), False)]:
        mine = mu.copy()
        out = counted(mine, z, phi, whole, most)
        assert out is mine
        np.testing.assert_array_equal(out, np.minimum(plain_count(mu, z, phi, whole), most))
        np.testing.assert_array_equal(count(mu, z, phi, whole), plain_count(mu, z, phi, whole))
    # a smaller mu is broadcast to the shocks' rows, not written over
    small = mu[0].copy()
    np.testing.assert_array_equal(counted(small, z, 1.0, False), plain_count(mu[0], z, 1.0, False))
    np.testing.assert_array_equal(small, mu[0])


def test_count_at_zero_shock_is_the_mean_less_a_quarter_of_the_dispersion() -> None:
    mu = np.array([0.0, 1.0, 10.0, 400.0])
    x = count(mu, np.zeros(4), 2.0, whole=False)
    assert x == pytest.approx([0.0, 0.5, 9.5, 399.5], abs=1e-12)  # (√μ)² − φ/4, at least 0
    assert list(mu) == [0.0, 1.0, 10.0, 400.0]  # count leaves its input alone


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("whole", [False, True])
def test_funnel_rows_are_the_plain_formulas_to_the_bit(seed: int, whole: bool) -> None:
    f = Funnel(FunnelRates(), 0.3, Mentoring(boost=0.2, scale=0.1))
    traits, choice, z, help_received = pricing_call(seed)
    before = ({k: v.copy() for k, v in traits.items()}, z.copy(), choice.effort.copy())
    got = f.kpis(traits, choice, z, help_received, whole)
    want = plain_kpis(f, traits, choice, z, help_received, whole)
    assert list(got) == list(want) == list(fm.OUTPUTS)
    for k, v in want.items():
        assert np.shape(got[k]) == np.shape(v), k
        np.testing.assert_array_equal(got[k], v, err_msg=k)
    # the caller's arrays are read, never written; no two KPIs share a row array
    assert all(np.array_equal(traits[k], v) for k, v in before[0].items())
    assert np.array_equal(z, before[1]) and np.array_equal(choice.effort, before[2])
    arrays = [got[k] for k in fm.OUTPUTS if k not in ("collaboration_credit", "shared_revenue")]
    assert not any(np.shares_memory(a, b) for i, a in enumerate(arrays) for b in arrays[i + 1 :])


def test_one_row_of_numbers_is_priced_as_a_row_of_arrays() -> None:
    f = Funnel(FunnelRates(), 0.3, Mentoring())
    traits, _, z, _ = pricing_call(4, agents=1)
    z1 = z[:, 0, 0, 0, 0]
    one = f.kpis({k: float(v[0]) for k, v in traits.items()}, Choice(0.9, 0.3, 0.1), z1, 0.2)
    rows = f.kpis(
        traits, Choice(np.array([0.9]), np.array([0.3]), np.array([0.1])), z1[:, None], 0.2
    )
    for k, v in rows.items():
        assert np.ndim(one[k]) == 0 and float(one[k]) == float(v[0]), k
