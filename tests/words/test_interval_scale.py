"""Every interval a report prints reads both ends in one unit and scale (the larger end's):
'0.57万 – 1.65万', never '5,670 – 1.65万'; and a negative end has a true minus sign."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pytest

from perfkit.analysis.decides import Decides, Factor
from perfkit.words.report.appendix import sweep_table
from perfkit.words.report.decides import decides_sentences, decides_table
from perfkit.words.report.tables import ranges_table

#: An interval whose ends sit on both sides of 10,000 (a scale step in both languages).
LOW, HIGH = 5_670.0, 16_500.0


@dataclass
class _Scenario:
    currency: str = "CNY"


@dataclass
class _Comparison:
    """The little of a Comparison the ranges table reads: plans, currency, metric()."""

    plans: list[str] = field(default_factory=lambda: ["base"])
    baseline: str = "base"
    scenarios: dict = field(default_factory=lambda: {"base": _Scenario()})

    def metric(self, plan: str, metric: str, stat: str = "mean") -> float:
        return {"p10": LOW, "p50": 11_000.0, "p90": HIGH}.get(stat, 11_000.0)


@pytest.mark.parametrize(
    ("lang", "ends"), [("zh", "0.57万\u00a0–\u00a01.65万"), ("en", "5.7k\u00a0–\u00a016.5k")]
)
def test_ranges_table_reads_both_ends_in_one_scale(lang, ends):
    table = ranges_table(_Comparison(), lang, metrics=("profit",))
    assert ends in table.iloc[0, 1]


@pytest.mark.parametrize(
    ("lang", "cell"),
    [
        ("zh", "0.66万元 (−0.57万元\u00a0–\u2060\u00a01.65万元)"),
        ("en", "CNY\u00a06.6k (−CNY\u00a05.7k\u00a0–\u2060\u00a0CNY\u00a016.5k)"),
    ],
)
def test_sensitivity_table_reads_both_ends_in_one_scale(lang, cell):
    table = pd.DataFrame(
        {"commission.rate": [0.02, 0.03], "profit:diff": [0.0, 6_600.0],
         "profit:diff_low": [0.0, -LOW], "profit:diff_high": [0.0, HIGH]}
    )  # fmt: skip
    table.attrs["reference"] = 0
    shown = sweep_table(table, "commission.rate", "rate", "CNY", lang)
    assert shown.iloc[1, -1] == cell


def _decides() -> Decides:
    f = Factor(key="margin_rate", path="economics.margin_rate", value=0.3, low=0.2, high=0.4,
               ranged_by="default", note=None, source="default", gain_low=-LOW, gain_high=HIGH,
               leader_low="b", leader_high="a", flip_at=0.25, flips=True, behavioural=False)  # fmt: skip
    return Decides(leader="a", runner_up="b", base_gain=8_000.0, factors=[f], runs=4,
                   simulations=8, seconds=1.0)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "low", "high"), [("zh", "−0.57万元", "1.65万元"), ("en", "−CNY 5.7k", "CNY 16.5k")]
)
def test_decides_gain_at_both_ends_in_one_scale(lang, low, high):
    row = decides_table(_decides(), "CNY", lang).iloc[0]
    assert (row.iloc[4], row.iloc[5]) == (low, high)
    assert f"{low}" in decides_sentences(_decides(), "CNY", 12, lang)[2]


def test_money_ticks_below_zero_have_the_minus_sign():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from perfkit.words.report.charts import distinct_money_ticks

    fig, ax = plt.subplots()
    ax.set_ylim(-1.5e6, 1.5e6)
    distinct_money_ticks(ax, "y", "en")
    shown = [ax.yaxis.get_major_formatter()(v, 0) for v in ax.get_yticks()]
    plt.close(fig)
    negative = [s for s, v in zip(shown, ax.get_yticks(), strict=True) if v < 0]
    assert negative and all(s.startswith("\u2212") and "-" not in s for s in negative), shown
