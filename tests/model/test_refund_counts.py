"""The refund rate read through the simulator's count model (perfkit.model.counting,
perfkit.model.funnel.pooled_rates).

Closed form against the count model's own draws; then an export drawn by the simulator's
funnel at a known refund rate with small counts (≈ 0.45 refunds an agent-month): the
forecast calibrated on it refunds what the export did, where refunds ÷ revenue read as the
rate (main before this branch) refunds ≈ 7% more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.model.counting import count_rate, counted, mean_count
from perfkit.model.funnel import REFUND_ELASTICITY, SHOCKS, Choice, Funnel, pooled_rates
from perfkit.model.population import synthetic
from perfkit.scheme.population import FunnelRates, Mentoring

Z = np.random.default_rng(7).standard_normal(200_000)
MONTHS = 24


@pytest.mark.parametrize("dispersion", [1.0, 1.4])
@pytest.mark.parametrize("mu", [0.05, 0.43, 1.0, 4.0, 15.0])
def test_the_mean_count_is_the_count_models_mean(mu: float, dispersion: float) -> None:
    drawn = counted(np.full(Z.size, mu), Z, dispersion, True).mean()
    se = counted(np.full(Z.size, mu), Z, dispersion, True).std() / np.sqrt(Z.size)
    assert mean_count(np.array([mu]), dispersion)[0] == pytest.approx(drawn, abs=4 * se)


def test_small_counts_are_lifted_by_the_floor_and_large_ones_are_not() -> None:
    lift = mean_count(np.array([0.2, 0.43, 1.0, 10.0]), 1.0) / [0.2, 0.43, 1.0, 10.0]
    assert lift[0] > 1.25 and 1.05 < lift[1] < 1.08 and abs(lift[2] - 1) < 0.003
    assert lift[3] == pytest.approx(1.0, abs=1e-6)


def test_no_counts_keep_the_fallback() -> None:
    assert count_rate(np.zeros(3), np.ones(3), 1.0, 0.07) == 0.07
    assert count_rate(np.ones(3), np.zeros(3), 1.0, 0.07) == 0.07


def _floor(rate: float) -> tuple[Funnel, dict[str, np.ndarray], Choice]:
    """2,000 agents (order value 2,500, ≈ 9 orders a month) at effort 1, quality ``q``."""
    pop = synthetic({"agents": 2000, "seed": 11, "funnel": {"refund_rate": rate}})
    funnel = Funnel(pop.rates, 0.3, Mentoring())
    shape = (MONTHS, pop.n)
    traits = {k: np.broadcast_to(v, shape) for k, v in pop.traits.items()}
    quality = np.broadcast_to(np.random.default_rng(5).uniform(0.25, 0.35, pop.n), shape)
    return funnel, traits, Choice(np.ones(shape), quality, np.zeros(shape))


def _export(funnel: Funnel, traits: dict[str, np.ndarray], choice: Choice) -> pd.DataFrame:
    """One draw of the floor's KPIs, one row per agent-month, as an export has them."""
    z = np.random.default_rng(1).standard_normal((len(SHOCKS), *choice.effort.shape))
    kpis = funnel.kpis(traits, choice, z)
    agents = np.broadcast_to(np.arange(choice.effort.shape[1]), choice.effort.shape)
    return pd.DataFrame({"agent_id": agents.ravel(), **{k: v.ravel() for k, v in kpis.items()}})


def _forecast_refunds(funnel: Funnel, traits, choice: Choice, rate: float, draws: int) -> float:
    """The floor's refunds (money) per draw, simulated at refund rate ``rate``."""
    at = Funnel(funnel.rates.model_copy(update={"refund_rate": rate}), 0.3, Mentoring())
    rng = np.random.default_rng(2)
    total = 0.0
    for _ in range(draws):
        z = rng.standard_normal((len(SHOCKS), *choice.effort.shape))
        total += float(at.kpis(traits, choice, z, only=("refunds",))["refunds"].sum())
    return total / draws


def test_a_forecast_calibrated_on_a_simulated_export_refunds_what_the_export_did() -> None:
    """The export: 48,000 agent-months at refund rate 5% (≈ 0.45 refunds a month, ≈ 21,000
    in all: sampling error ≈ 0.7%, ≈ 0.4% for the forecast's 4 draws). The forecast at the
    pooled rate refunds the export's total within 2.5%; at refunds ÷ revenue it would
    refund ≥ 4% more (the count floor's lift, read as a rate, then lifted again)."""
    funnel, traits, choice = _floor(0.05)
    export = _export(funnel, traits, choice)
    assert 0.3 < export["refunds"].sum() / 2500 / len(export) < 0.6  # small counts
    log_q = np.log(choice.quality.ravel() / 0.3)
    rates = pooled_rates(export, FunnelRates(), log_q, funnel.gamma)
    assert rates.refund_rate == pytest.approx(0.05, rel=0.02)
    actual = float(export["refunds"].sum())
    forecast = _forecast_refunds(funnel, traits, choice, rates.refund_rate, 4)
    assert forecast / actual == pytest.approx(1.0, abs=0.025)
    naive = actual / float((export["revenue"] * np.exp(REFUND_ELASTICITY * log_q)).sum())
    assert _forecast_refunds(funnel, traits, choice, naive, 4) / actual > 1.04
