"""The sweep's best value in the recommendations: a clear gain is said with its interval
and why it is no recommendation; a best value at the end of the range is flagged; a plan
whose own value is not clearly beaten gets no gain."""

from __future__ import annotations

import pandas as pd
import pytest

from perfkit.text import t
from perfkit.text.numbers import forecast, rate
from perfkit.words.report.lever import at_bound, best_row, sweep_finding

PATH = "commission.rate"


def sweep(best: int, tied_ref: bool = False, low: float = 20_000.0) -> pd.DataFrame:
    """Four rates, the plan's own (reference) at 3%; ``best`` row has a gain of 50,000."""
    n = 4
    diff = [50_000.0 if i == best else 0.0 for i in range(n)]
    table = pd.DataFrame(
        {PATH: [0.02, 0.03, 0.04, 0.05], "profit:diff": diff,
         "profit:diff_low": [low if i == best else 0.0 for i in range(n)],
         "profit:diff_high": [80_000.0 if i == best else 0.0 for i in range(n)],
         "profit:best": [i == best for i in range(n)],
         "profit:tied": [i == best or (tied_ref and i == 1) for i in range(n)]}
    )  # fmt: skip
    table.attrs["reference"] = 1
    return table


def test_a_clear_gain_inside_the_range_is_said_as_a_finding():
    text = sweep_finding(sweep(best=2), PATH, "rate", rate, "CNY", "en")
    assert "at 4% makes CNY 50.0k more profit" in text and "own 3%" in text
    assert f"{forecast(20_000, like=80_000)} to {forecast(80_000)}" in text
    assert "not a recommendation" in text and "beyond" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_best_value_at_the_end_of_the_range_is_flagged(lang):
    text = sweep_finding(sweep(best=3), PATH, "rate", rate, "CNY", lang)
    assert t("lever.at_bound", lang, best="5%", end=t("lever.end.high", lang)) in text
    assert at_bound(sweep(3)[PATH], 0) == "low" and at_bound(sweep(3)[PATH], 2) is None


@pytest.mark.parametrize(
    ("table", "why"),
    [(sweep(best=1), "the plan's own is best"), (sweep(best=2, tied_ref=True), "tied"),
     (sweep(best=2, low=-1.0), "the interval reaches zero")],
)  # fmt: skip
def test_no_clear_gain_says_so(table, why):
    assert best_row(table) is None, why
    text = sweep_finding(table, PATH, "rate", rate, "CNY", "en")
    assert text == t("lever.holds", "en", param="rate", reference="3%")
