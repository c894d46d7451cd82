"""What decides a verdict, in words and as a tornado: sources, ranges, rankings, money.

Built from a hand-made result (perfkit.analysis.decides.Decides), so every expected
phrase is known: a gross margin set by the consultant whose low end flips the ranking,
an estimated effort cost with its range, a hiring cost left at the kit default.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from perfkit.analysis.decides import Decides, Factor
from perfkit.pages.plots import plot_decides
from perfkit.scheme import parse_scenario
from perfkit.text.numbers import forecast, money
from perfkit.words.report.decides import (
    assumptions_sentence,
    decides_sentences,
    decides_table,
    source_text,
)

A, B = "Plan A", "Plan B"


def factor(key, path, value, low, high, note, source, g_low, g_high, lead_low=B, lead_high=B,
           flip=None, ranged="scenario", behavioural=True) -> Factor:  # fmt: skip
    flips = flip is not None or lead_low != B or lead_high != B
    return Factor(key, path, value, low, high, ranged, note, source, g_low, g_high, lead_low,
                  lead_high, flip, flips, behavioural)  # fmt: skip


@pytest.fixture
def dec() -> Decides:
    return Decides(B, A, 250_000.0, [
        factor("effort_cost", "population.traits.effort_cost.mean", 5200, 4100, 6300,
               "estimated by perfkit estimate 2026-12-01 from kpis.csv: 5,200", "estimated",
               180_000, 320_000),
        factor("margin_rate", "simulation.margin_rate", 0.55, 0.30, 0.70, "finance: FY2025",
               "consultant", -40_000, 410_000, lead_low=A, flip=0.34, behavioural=False),
        factor("hiring_cost", "simulation.attrition.hiring_cost", 3000, 1500, 6000, None,
               "default", 260_000, 230_000, ranged="default", behavioural=False),
    ], runs=20, simulations=15, seconds=12.0)  # fmt: skip


def test_table_says_source_range_gain_and_ranking(dec):
    tab = decides_table(dec, "CNY", "en")
    assert list(tab.columns) == ["Assumption", "Source", "Value used", "Range tested",
                                 "Profit gain at the low end", "Profit gain at the high end",
                                 "Ranking"]  # fmt: skip
    effort, margin, hiring = (tab.iloc[i] for i in range(3))
    assert effort["Source"] == "Estimated from the client's export"
    assert (
        effort["Range tested"] == f"{money(4100)} – {money(6300)}" and effort["Ranking"] == "holds"
    )
    assert margin["Source"] == "Set by the consultant: finance: FY2025"
    assert margin["Ranking"] == "flips: Plan A leads at 30%"
    # both ends in the larger end's scale and decimals, a true minus sign
    assert (
        margin["Profit gain at the low end"] == forecast(-40_000, like=410_000) == "\u2212CNY 40k"
    )
    assert hiring["Source"] == "Kit default — not confirmed by the client"
    assert hiring["Range tested"] == f"{money(1500)} – {money(6000)} (default range)"


def test_chinese_table_uses_wan_and_chinese_words(dec):
    tab = decides_table(dec, "CNY", "zh")
    assert tab.columns[0] == "假设"
    assert tab.iloc[1]["排名"] == "反转：取 30% 时 Plan A 领先"
    assert tab.iloc[1]["取上限时的利润优势"] == forecast(410_000, lang="zh") == "41.0万元"
    assert tab.iloc[2]["来源"] == "工具默认值，未经客户确认"


def test_sentences_name_the_flipping_assumption_and_the_largest_swing(dec):
    said = decides_sentences(dec, "CNY", 12, "en")
    assert "flips within the range of: gross margin." in said[1]
    assert (
        f"moves most with gross margin: from {forecast(-40_000, like=410_000)} to {forecast(410_000)}"
        in said[2]
    )
    assert "20 paired runs" in said[3] and "15 simulations" in said[3]
    holds = Decides(B, A, 1.0, [dec.factors[0]], 20, 3, 1.0)
    assert decides_sentences(holds, "CNY", 12, "en")[1].startswith("The ranking holds")


def test_first_page_states_margin_and_hiring_cost_with_their_source():
    raw = {"name": "x", "commission": {"base": "revenue", "mode": "flat", "rate": 0.03},
           "simulation": {"margin_rate": {"value": 0.62, "source": "CFO *estimate*"}}}  # fmt: skip

    class Comp:  # what assumptions_sentence reads of a Comparison
        scenarios = {"x": parse_scenario(raw)}

    text = assumptions_sentence(Comp(), "en")
    assert "gross margin of 62% (set by the consultant: CFO \\*estimate\\*)" in text
    assert f"hiring cost of {money(3000)} per replacement (kit default — not confirmed" in text
    zh = assumptions_sentence(Comp(), "zh")
    assert "毛利率 62%" in zh and money(3000, lang="zh") in zh and "工具默认值，未经客户确认" in zh


def test_source_text_of_a_prior():
    assert source_text("prior (perfkit estimate …)", "en").startswith("Prior")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tornado_reads_plainly(dec, lang):
    ax = plot_decides(dec, "CNY", lang=lang)
    ax.figure.canvas.draw()
    texts = [t.get_text() for t in ax.get_xticklabels() + ax.texts] + [ax.get_title()]
    assert texts and not any("$" in s or "e+" in s for s in texts)  # no mathtext, no 1e+05
    assert sum(len(c.patches) for c in ax.containers) == 2 * len(dec.factors)
    assert ("Plan B" in ax.get_title()) and ("Plan A" in ax.get_title())
    shown = " ".join(texts)
    assert ("30%" in shown) and ("70%" in shown)  # each bar names its end
    plt.close(ax.figure)
