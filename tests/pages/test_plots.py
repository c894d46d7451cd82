"""Charts: the payout curve's economics, and every plot draws something titled.

Economics of the payout curve: a marginal ladder (超额累进) is continuous in
revenue (each band's rate applies only to the revenue inside the band), a
whole-amount ladder (全额累进) jumps at each band edge (the higher rate suddenly
applies to all revenue: 20,000 × (4% − 2%) = 400 at the first edge). Pay never
falls below the base salary when a plan has no deductions.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from perfkit.analysis.winners import BANDS
from perfkit.pages.plots import (
    payout_curve,
    plot_distribution,
    plot_effort_shift,
    plot_funnel,
    plot_grade_mix,
    plot_heatmap,
    plot_pay_mix,
    plot_payout_curve,
    plot_sweep,
    plot_sweep_decision,
    plot_tornado,
    plot_weights,
    plot_winners_losers,
)
from perfkit.pages.plots.style import PALETTE
from perfkit.scheme import load_scenario
from tests.conftest import SCENARIOS

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def scenario(name: str):
    return load_scenario(SCENARIOS / f"{name}.yaml")


# --------------------------------------------------------------------------- payout curve
def test_marginal_ladder_curve_is_continuous():
    curve = payout_curve(scenario("marginal_ladder"))
    step = float(curve["revenue"].diff().iloc[1])
    jumps = np.abs(np.diff(curve["total_pay"].to_numpy()))
    # at most the top rate (6%) times one revenue step; tiny next to ~¥4,000–10,000 of pay
    assert jumps.max() <= 0.06 * step + 1e-6
    assert jumps.max() < 0.01 * curve["total_pay"].max()
    # and it rises: more sales never pay less
    assert (np.diff(curve["total_pay"].to_numpy()) >= -1e-9).all()


def test_whole_amount_ladder_jumps_at_the_edges():
    curve = payout_curve(scenario("whole_amount_ladder"))
    rev, pay = curve["revenue"].to_numpy(), curve["total_pay"].to_numpy()
    jumps = np.diff(pay)
    at_20k = np.flatnonzero((rev[:-1] < 20000) & (rev[1:] >= 20000))
    assert at_20k.size == 1
    assert jumps[at_20k[0]] > 100  # ≈ 20,000 × (4% − 2%) = 400
    assert jumps[at_20k[0]] == pytest.approx(0.04 * rev[at_20k[0] + 1] - 0.02 * rev[at_20k[0]])
    # away from the edges the slope is only the band's rate
    edges = np.flatnonzero(
        ((rev[:-1] < 20000) & (rev[1:] >= 20000)) | ((rev[:-1] < 40000) & (rev[1:] >= 40000))
    )
    assert np.delete(np.abs(jumps), edges).max() < 100


def test_whole_amount_costs_at_least_marginal_at_every_revenue():
    whole = payout_curve(scenario("whole_amount_ladder"))
    marginal = payout_curve(scenario("marginal_ladder"))
    assert (whole["total_pay"].to_numpy() >= marginal["total_pay"].to_numpy() - 1e-9).all()


@pytest.mark.parametrize(
    "name",
    [
        "current_flat_commission",
        "marginal_ladder",
        "whole_amount_ladder",
        "expansion_team",
        "mature_individual",
        "forced_distribution",
        "non_cash_rewards",
        "quarterly_quota_cliff",
    ],
)
def test_pay_never_below_base_without_deductions(name):
    s = scenario(name)
    assert s.deductions.model_dump(exclude_none=True) == {}  # no deduction rules
    curve = payout_curve(s, points=61)
    assert (curve["total_pay"] >= curve["base_salary"] - 1e-9).all()
    assert (curve["base_salary"] == s.pay.base_salary).all()


def test_quarterly_bonus_shows_as_a_cliff_of_a_third_per_month():
    s = scenario("quarterly_quota_cliff")  # 4,000 at 100% and 7,000 at 130% of the quarter
    curve = payout_curve(s)
    att, pay = curve["attainment"].to_numpy(), curve["total_pay"].to_numpy()
    jumps = np.diff(pay)
    for edge, extra in ((1.0, 4000 / 3), (1.3, 3000 / 3)):
        i = int(np.flatnonzero((att[:-1] < edge - 1e-9) & (att[1:] >= edge - 1e-9))[0])
        commission_step = 0.02 * (curve["revenue"].iloc[i + 1] - curve["revenue"].iloc[i])
        assert jumps[i] == pytest.approx(extra + commission_step)
    ax = plot_payout_curve(s)
    marks = sorted(round(float(line.get_xdata()[0]), 3) for line in ax.lines[1:])
    assert marks == [1.0, 1.3]


def test_curve_shape_and_range():
    curve = payout_curve(scenario("marginal_ladder"), points=11, upto=1.5)
    assert len(curve) == 11
    assert curve["attainment"].iloc[0] == 0 and curve["attainment"].iloc[-1] == pytest.approx(1.5)
    assert {"revenue", "base_salary", "commission", "total_pay"} <= set(curve.columns)


# --------------------------------------------------------------------------- every chart
PLANS = ["Current", "New"]


def effort_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "plan": np.repeat(PLANS, 3),
            "measure": ["effort", "quality", "help"] * 2,
            "value": [0.95, 0.31, 0.02, 1.03, 0.30, 0.01],
        }
    )


def bands_df() -> pd.DataFrame:
    rows = []
    for seg, counts in {"Q1 (low)": [3, 5, 1, 4, 2], "Q4 (high)": [0, 1, 2, 6, 9]}.items():
        rows += [
            {"segment": seg, "band": b, "agents": n} for b, n in zip(BANDS, counts, strict=True)
        ]
    return pd.DataFrame(rows)


def samples_df() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "plan": np.repeat(PLANS, 20),
            "revenue": rng.normal(8e6, 2e5, 40) + np.repeat([0, 5e5], 20),
        }
    )


def sweep_curve() -> pd.DataFrame:
    v = np.array([0.02, 0.04, 0.06])
    return pd.DataFrame(
        {"value": v, "p10": 1e6 + v * 1e6, "p50": 1.1e6 + v * 1e6, "p90": 1.2e6 + v * 1e6}
    )


def decision_curve() -> pd.DataFrame:
    v = np.array([0.02, 0.04, 0.06])
    return pd.DataFrame(
        {"value": v, "diff": [-5e3, 0.0, 2e3], "diff_low": [-8e3, 0.0, -1e3],
         "diff_high": [-2e3, 0.0, 5e3], "best": [False, False, True],
         "tied": [False, True, True], "reference": [False, True, False]}
    )  # fmt: skip


def tornado_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "param": ["pay.base_salary", "commission.cap"],
            "low": [8.0e5, 1.0e6],
            "high": [1.2e6, 1.02e6],
        }
    )


def grid_df() -> pd.DataFrame:
    return pd.DataFrame(
        [[1.44e6, 1.53e6], [1.22e6, 1.36e6]],
        index=pd.Index([0.2, 0.6], name="team.weight"),
        columns=pd.Index([30, 60], name="scorecard.revenue.weight"),
    )


def funnel_df() -> pd.DataFrame:
    stages = ["dials", "connected", "effective_calls", "intents", "orders"]
    return pd.DataFrame(
        {
            "plan": np.repeat(PLANS, 5),
            "stage": stages * 2,
            "value": [4130, 1115, 359, 42, 9.8, 4600, 1242, 397, 46, 10.8],
        }
    )


def grades_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "plan": np.repeat(PLANS, 3),
            "grade": ["A", "B", "C"] * 2,
            "share": [0.2, 0.6, 0.2, 0.3, 0.5, 0.2],
        }
    )


def mix_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "plan": np.repeat(PLANS, 3),
            "component": ["base_salary", "commission", "deductions"] * 2,
            "amount": [4000, 700, 0, 4000, 1260, 50],
        }
    )


CHARTS = {
    "payout_curve": lambda lang: plot_payout_curve(scenario("whole_amount_ladder"), lang=lang),
    "weights": lambda lang: plot_weights(scenario("expansion_team"), lang=lang),
    "grade_mix": lambda lang: plot_grade_mix(grades_df(), lang=lang),
    "pay_mix": lambda lang: plot_pay_mix(mix_df(), lang=lang),
    "effort_shift": lambda lang: plot_effort_shift(effort_df(), lang=lang),
    "winners_losers": lambda lang: plot_winners_losers(bands_df(), lang=lang),
    "distribution": lambda lang: plot_distribution(samples_df(), "revenue", lang=lang),
    "sweep": lambda lang: plot_sweep(sweep_curve(), "commission.rate", "total_pay", lang=lang),
    "sweep_decision": lambda lang: plot_sweep_decision(
        decision_curve(), "commission.rate", "profit", lang=lang
    ),
    "tornado": lambda lang: plot_tornado(tornado_df(), 1.0e6, "profit", lang=lang),
    "heatmap": lambda lang: plot_heatmap(grid_df(), "profit", lang=lang),
    "funnel": lambda lang: plot_funnel(funnel_df(), lang=lang),
}


def drawn(ax: Axes) -> int:
    return len(ax.patches) + len(ax.lines) + len(ax.collections) + len(ax.images)


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_returns_titled_axes_with_marks(name):
    ax = CHARTS[name]("en")
    assert isinstance(ax, Axes)
    assert ax.get_title().strip()
    assert drawn(ax) > 0


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_labels_in_chinese(name):
    ax = CHARTS[name]("zh")
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()]
    texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert CJK.search(ax.get_title()), ax.get_title()
    assert any(CJK.search(t) for t in texts), texts


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_no_tick_label_is_mathtext(name, lang):
    """Mathtext is off for user text, so a tick like $\\mathdefault{10^{3}}$ would print
    as typed: every tick label of every chart must be plain text."""
    ax = CHARTS[name](lang)
    ax.figure.canvas.draw()  # tick labels are only set when drawn
    ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    ticks += [t.get_text() for t in ax.get_xticklabels(minor=True) + ax.get_yticklabels(minor=True)]
    assert not [t for t in ticks if "$" in t or "mathdefault" in t], ticks


def test_chart_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    out = plot_grade_mix(grades_df(), ax=ax)
    assert out is ax
    assert len(fig.axes) == 1


def test_winners_losers_bars_are_shares_of_each_segment():
    ax = plot_winners_losers(bands_df())
    widths = np.array([p.get_width() for p in ax.patches[: 2 * len(BANDS)]])
    # five bands per segment, stacked to 100%
    assert widths.reshape(len(BANDS), 2).sum(axis=0) == pytest.approx([1.0, 1.0])


def test_pay_mix_draws_deductions_below_zero():
    ax = plot_pay_mix(mix_df())
    widths = [p.get_width() for p in ax.patches]
    assert min(widths) == pytest.approx(-50)
    assert max(widths) == pytest.approx(4000)


def test_ladder_edge_mark_sits_where_the_curve_jumps_on_a_collected_base():
    from perfkit.scheme.params import with_param

    s = with_param(scenario("whole_amount_ladder"), "commission.base", "collected")
    curve = payout_curve(s)
    att, jumps = curve["attainment"].to_numpy(), np.diff(curve["total_pay"].to_numpy())
    jump_at = att[1:][jumps > 100]  # the whole-amount cliffs
    assert jump_at.size >= 1
    ax = plot_payout_curve(s)
    marks = sorted(float(line.get_xdata()[0]) for line in ax.lines[1:])  # [0] is the curve
    step = att[1] - att[0]
    assert abs(marks[0] - jump_at[0]) <= 1.5 * step


def test_colours_stay_with_the_component_and_the_plan():
    """A reader compares charts across reports: commission is always the same colour,
    and a plan keeps its colour even where other plans are missing."""
    full = plot_pay_mix(mix_df())
    no_deductions = mix_df()[lambda d: d["component"] != "deductions"]
    fewer = plot_pay_mix(no_deductions[no_deductions["component"] != "base_salary"])

    def colour_of(ax, name):
        handles, labels = ax.get_legend_handles_labels()
        return tuple(handles[labels.index(name)].patches[0].get_facecolor())

    assert colour_of(full, "Commission") == colour_of(fewer, "Commission")
    only_new = grades_df()[lambda d: d["plan"] == "New"]
    ax = plot_grade_mix(only_new, plans=PLANS)
    bar = ax.patches[0].get_facecolor()[:3]
    assert np.allclose(bar, PALETTE[PLANS.index("New")])
