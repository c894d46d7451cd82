"""Winners/losers bands: the edges clients read must fall on the right side."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfkit.analysis.winners import BANDS, band_counts, change_band, pay_change


@pytest.mark.parametrize(
    ("change", "band"),
    [
        (-0.30, "≤ −5%"),
        (-0.05, "≤ −5%"),
        (-0.0499, "−5…−0.1%"),
        (-0.001, "±0.1%"),
        (0.0, "±0.1%"),
        (0.001, "±0.1%"),
        (0.0011, "+0.1…+5%"),
        (0.05, "+0.1…+5%"),
        (0.0501, "> +5%"),
        (np.inf, "> +5%"),
    ],
)
def test_band_edges(change: float, band: str) -> None:
    assert change_band(np.array([change]))[0] == band


def test_pay_change_handles_zero_old_pay() -> None:
    out = pay_change(np.array([100.0, 0.0, 0.0]), np.array([110.0, 50.0, 0.0]))
    assert out[0] == pytest.approx(0.10)
    assert out[1] == np.inf
    assert out[2] == 0.0


@given(st.lists(st.floats(min_value=-1, max_value=1), min_size=1, max_size=50))
def test_band_counts_cover_every_agent_in_band_order(changes: list[float]) -> None:
    counts = band_counts(np.array(changes))
    assert list(counts.index) == list(BANDS)
    assert counts.sum() == len(changes)
