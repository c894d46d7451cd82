"""The calibration's update (perfkit.fit.calibration.update): the level it sets matches the
export's totals, the iteration contracts on a smooth floor, and agents who flip between two
modes at a pay cliff do not keep the floor swinging (their response is the mean of the two)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from perfkit.files.data import load_kpis
from perfkit.fit.calibration.estimates import Choices, estimates, expected_kpis, prepared
from perfkit.fit.calibration.update import SHARE, Totals, mixed_response, next_guess
from perfkit.model.funnel import pooled_rates
from perfkit.scheme.population import DataPopulation, FunnelRates
from tests.conftest import DATA

Update = Callable[[int, Choices, Choices, Totals], Choices]


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return prepared(load_kpis(DATA / "sample_kpis.csv"), DataPopulation(source="kpis.csv"))


@pytest.mark.parametrize("iteration", [1, 2, 3])
def test_were_the_responses_to_stay_put_the_next_guess_reproduces_the_exports_totals(
    iteration: int, export: pd.DataFrame
) -> None:
    """Through the real estimator (shrinkage included): traits estimated at the next guess,
    with the responses just solved, imply the export's dials and orders within 0.5%; and
    each row moved its share of the way to its response (all at the first iteration,
    then half; log quality all of it), apart from that level."""
    df = export
    rates = pooled_rates(df, FunnelRates())
    agents = estimates(df, rates, Choices.ones(len(df))).index
    totals = Totals.of(df, agents.get_indexer(df["agent_id"]), len(agents))
    rng = np.random.default_rng(iteration)
    n = len(df)
    guess = Choices(rng.uniform(0.8, 1.4, n), rng.normal(0, 0.1, n), rng.uniform(0.9, 1.1, n),
                    rng.uniform(0.8, 1.2, n))  # fmt: skip
    solved = Choices(1.1 * rng.uniform(0.8, 1.4, n), rng.normal(0, 0.1, n),
                     rng.uniform(0.9, 1.1, n), rng.uniform(0.8, 1.2, n))  # fmt: skip
    nxt = next_guess(iteration, guess, solved, totals)
    implied = expected_kpis(df, estimates(df, rates, nxt), rates, solved)
    for kpi in ("dials", "orders"):
        assert implied[kpi].sum() / df[kpi].sum() == pytest.approx(1.0, abs=0.005), kpi
    share = 1.0 if iteration == 1 else SHARE
    moved = guess.volume + share * (solved.volume - guess.volume)
    level = nxt.volume / moved
    assert np.ptp(level) < 1e-12 and 0.8 < level[0] < 1.25
    assert np.allclose(nxt.effort, guess.effort + share * (solved.effort - guess.effort))
    assert np.array_equal(nxt.log_q, solved.log_q)  # pooled rates only: all the way


def _floor_errors(
    update: Update, flippers: int, seed: int, iterations: int = 6, mixed: bool = False
) -> np.ndarray:
    """|implied ÷ actual dials − 1| per iteration on a toy floor of 100 agents × 12 months
    (``mixed``: at :func:`mixed_response`, as the calibration measures it; else at the
    solved response).

    Capacity is estimated as dials ÷ guessed volume. Most agents answer smoothly (volume
    1.25 × (capacity ÷ true capacity)^−0.3: less capacity, more volume; their export
    is at that fixed point). ``flippers`` agents grind (volume 1.5) above a capacity
    threshold 0.85–1.15 × their true capacity and work normally (0.9) below it, and
    their export shows 1.2: no capacity reproduces it, as for an agent whose solved mode
    flips at a pay cliff.
    """
    rng = np.random.default_rng(seed)
    n, months = 100, 12
    cap = rng.lognormal(np.log(4000), 0.2, n)
    flip = np.arange(n) < flippers
    threshold = cap * rng.uniform(0.85, 1.15, n)
    row = np.repeat(np.arange(n), months)
    dials = cap * np.where(flip, 1.2, 1.25) * months
    totals = Totals(row, dials, dials / 100, np.ones(row.size))
    guess, errors, last = Choices.ones(row.size), [], None
    for it in range(1, iterations + 1):
        k = dials / np.bincount(row, guess.volume, n)
        volume = np.where(flip, np.where(k > threshold, 1.5, 0.9), 1.25 * (k / cap) ** -0.3)
        v = volume[row]
        solved = Choices(v, np.zeros(row.size), np.ones(row.size), v)
        if mixed:
            solved, last = mixed_response(guess, solved, last), (guess, solved)
        errors.append(abs((k * np.bincount(row, solved.volume, n)).sum() / dials.sum() - 1))
        guess = update(it, guess, solved, totals)
    return np.array(errors)


def _plain(iteration: int, guess: Choices, solved: Choices, totals: Totals) -> Choices:
    """The plain fixed-point iteration: the next guess is the response."""
    return solved


def test_on_a_smooth_floor_the_iteration_contracts_by_the_elasticity() -> None:
    """Monotone responses of elasticity 0.3 (volume ∝ capacity^−0.3): every step leaves at
    most 0.35 of the last error in the floor's dials, within 1% by the fourth iteration."""
    errors = _floor_errors(next_guess, 0, 0)
    assert (errors[1:] <= 0.35 * errors[:-1]).all() and errors[0] > 0.15
    assert errors[3] < 0.01 < errors[2]


@pytest.mark.parametrize(("flippers", "seed"), [(10, 0), (10, 1), (20, 0), (20, 1)])
def test_agents_flipping_at_a_cliff_do_not_keep_the_floor_swinging(
    flippers: int, seed: int
) -> None:
    """With a tenth or a fifth of the floor flipping between two modes, the plain iteration
    flips them together and the floor's dials swing by 4–14% for ever; moving each row half way
    damps them between their modes and the swing is less than half as large."""
    plain = _floor_errors(_plain, flippers, seed)
    for mixed in (False, True):
        ours = _floor_errors(next_guess, flippers, seed, mixed=mixed)
        assert ours[2:].mean() < 0.5 * plain[2:].mean(), mixed
    assert plain[2:].min() > 0.03


def test_a_row_that_crosses_its_guess_the_other_way_responds_with_the_mean_of_its_modes() -> None:
    """Four rows at guess 1.2 (last time 1.1, answered by 1.5): one now answers 0.9 (it
    crossed its guess the other way: a flip between modes, so the mean of the two modes,
    choices included), one 1.4 (still above: its own response), one 1.2 (at its guess),
    and one whose last answer 1.0 was below its guess and now 0.9 (same side)."""

    def rows(volume: list[float], log_q: float = 0.0) -> Choices:
        v = np.array(volume)
        return Choices(v, np.full(v.size, log_q), np.ones(v.size), v)

    last = (rows([1.1, 1.1, 1.1, 1.1]), rows([1.5, 1.5, 1.5, 1.0], log_q=-0.7))
    guess, solved = rows([1.2] * 4), rows([0.9, 1.4, 1.2, 0.9])
    got = mixed_response(guess, solved, last)
    assert np.allclose(got.volume, [1.2, 1.4, 1.2, 0.9])
    assert np.allclose(got.log_q, [-0.35, 0, 0, 0]) and np.allclose(got.effort, got.volume)
    assert mixed_response(guess, solved, None) is solved  # the first iteration: as solved
