"""The plan designer without a browser: controls → a valid scenario, a preview on the
client's agents or a synthetic team, charts at notebook width, saving.

Each rule block a consultant tunes live with a client has controls, and moving one
changes exactly that rule; at their starting values the controls give back the
starting plan, so opening the designer changes nothing by itself.
"""

from __future__ import annotations

import io
import time
import warnings

import ipywidgets as w
import numpy as np
import pytest

from perfkit.apps.designer import FIGURE_PX, PlanDesigner
from perfkit.core.errors import PerfkitError
from perfkit.scheme import load_scenario
from tests.conftest import SCENARIOS, roster

MATURE = SCENARIOS / "mature_individual.yaml"


@pytest.fixture(scope="module")
def designer() -> PlanDesigner:
    return PlanDesigner(MATURE, agents=60, teams=4, runs=5, periods=6, seed=1)


@pytest.fixture(scope="module")
def on_export(client_export) -> PlanDesigner:
    with warnings.catch_warnings():  # the scenario states the bundled data: a warning says so
        warnings.simplefilter("ignore")
        return PlanDesigner(MATURE, runs=3, periods=3, data=client_export)


def test_revenue_weight_control_changes_the_weights(designer):
    before = {i.kpi: i.weight for i in designer.scenario_from_controls().scorecard}
    designer.controls["w_revenue"].value = 80
    after = {i.kpi: i.weight for i in designer.scenario_from_controls().scorecard}
    designer.controls["w_revenue"].value = before["revenue"]
    assert sum(after.values()) == pytest.approx(100)
    assert after["revenue"] > before["revenue"]
    assert after["qa_score"] / after["complaint_rate"] == pytest.approx(
        before["qa_score"] / before["complaint_rate"], rel=0.02
    )


def test_refresh_updates_the_headline(designer):
    first = designer.refresh()
    shown = designer.headline_html.value
    assert "CNY" in shown
    designer.controls["rate_2"].value = 0.12  # a much richer top band
    designer.controls["bonus"].value = 2000
    second = designer.refresh()
    designer.controls["rate_2"].value, designer.controls["bonus"].value = 0.045, 0.0
    assert second.headline["total_pay"] > first.headline["total_pay"]
    assert designer.headline_html.value != shown
    assert designer.timing().startswith("Simulated 60 agents")


def test_invalid_design_is_reported_not_simulated(designer):
    designer.controls["grade_A"].value = 150  # above S: bands no longer fall
    with pytest.raises(PerfkitError, match="bands"):
        designer.scenario_from_controls()
    designer.controls["grade_A"].value = 100


def test_save_writes_a_loadable_scenario(designer, tmp_path):
    designer.controls["w_revenue"].value = 70
    designer.controls["team_weight"].value = 0.5
    path = designer.save(tmp_path / "designs" / "mine.yaml", name="我的方案 my plan")
    loaded = load_scenario(path)
    assert loaded.name == "我的方案 my plan"
    assert loaded.team.weight == pytest.approx(0.5)
    assert sum(i.weight for i in loaded.scorecard) == pytest.approx(100)
    assert [p.name for p in path.parent.iterdir()] == ["mine.yaml"]  # no temp file left over


LIBRARY = ("mature_individual", "non_cash_rewards", "expansion_team", "forced_distribution")
LIBRARY += ("quality_first", "quarterly_quota_cliff", "current_flat_commission")


@pytest.mark.parametrize("name", LIBRARY)
def test_untouched_controls_give_back_the_starting_plan(name):
    d = PlanDesigner(SCENARIOS / f"{name}.yaml", agents=20, teams=2)
    start = d.base.model_dump(mode="json", exclude_none=True)
    assert d.scenario_from_controls().model_dump(mode="json", exclude_none=True) == start


# key, value, what the scenario then says (on mature_individual: no deductions, no rank
# prize, no collaboration credit, no non-cash reward; a team pool at 0.5% of revenue)
MOVES = [
    ("qa_amount", 300, lambda s: (s.deductions.qa_below.line, s.deductions.qa_below.amount) == (70, 300)),
    ("complaint_amount", 50, lambda s: s.deductions.complaints.per_complaint == 50),
    ("activity_amount", 200, lambda s: s.deductions.min_activity.kpi == "dials"),
    ("mentor", 120, lambda s: s.collaboration.mentor_per_order == 120),
    ("mentee", 40, lambda s: s.collaboration.mentee_per_order == 40),
    ("rank_prize", 800, lambda s: [b.prizes for b in s.bonuses if b.type == "rank"] == [[800]]),
    ("pool_size", 0.01, lambda s: s.team.pool.rate == pytest.approx(0.01)),
    ("pool_size", 0, lambda s: s.team.pool is None),
    ("pool_split", "equal", lambda s: s.team.pool.split == "equal"),
    ("nc_0_value", 500, lambda s: [(r.to.top, r.value_to_agent) for r in s.non_cash] == [(1, 500)]),
]  # fmt: skip


@pytest.mark.parametrize(("key", "value", "check"), MOVES, ids=[f"{k}={v}" for k, v, _ in MOVES])
def test_every_rule_block_has_a_control_that_changes_its_rule(designer, key, value, check):
    start = designer.controls[key].value
    designer.controls[key].value = value
    try:
        assert check(designer.scenario_from_controls())
    finally:
        designer.controls[key].value = start


def test_rank_prizes_scale_and_pad_and_non_cash_rewards_are_tuned():
    d = PlanDesigner(SCENARIOS / "non_cash_rewards.yaml", agents=20, teams=2)
    d.controls["rank_prize"].value, d.controls["rank_winners"].value = 1500, 3
    d.controls["rank_within"].value = "team"
    d.controls["nc_1_cost"].value = 0  # advanced training, at no cost
    s = d.scenario_from_controls()
    (rank,) = [b for b in s.bonuses if b.type == "rank"]
    assert (rank.prizes, rank.within) == ([1500, 1500, 1500], "team")
    assert [r.cost for r in s.non_cash] == [200, 0, 50, 100, 250]
    d.controls["rank_prize"].value = 0
    assert not [b for b in d.scenario_from_controls().bonuses if b.type == "rank"]


def test_designer_previews_on_the_clients_export(on_export, client_export):
    agents, teams = roster(client_export)
    assert set(on_export.population.agent_id) == agents
    assert set(on_export.population.team_names) == teams
    assert f"calibrated from the client's export {client_export.name}" in on_export.team_text()
    on_export.refresh()
    assert on_export.timing().startswith(f"Simulated {len(agents)} agents × 3 periods × 3 runs")
    assert on_export.data_path.value == str(client_export)


def test_switching_the_export_resimulates_the_starting_plan(client_export):
    d = PlanDesigner(MATURE, agents=30, teams=3, runs=2, periods=2)
    first = d.refresh()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d.use_data(client_export)
    assert d.reference is None and d.population.n == len(roster(client_export)[0])
    second = d.refresh()
    assert second.headline["revenue"] != first.headline["revenue"]
    d.use_data("")  # back to the synthetic team
    assert d.population.n == 30 and "30 synthetic agents in 3 teams" in d.team_text()
    with pytest.raises(PerfkitError, match=r"nope\.csv"):
        d.use_data("nope.csv")


def test_charts_are_drawn_at_notebook_width(designer):
    """The PNG a notebook shows (IPython's inline rendering, cropped tight) is as wide as
    a JupyterLab notebook, not squeezed beside the controls."""
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    from PIL import Image

    designer.refresh()
    fig = designer.figure()
    png = Image.open(io.BytesIO(print_figure(fig, "png")))
    plt.close(fig)
    width, height = png.size
    assert 900 <= FIGURE_PX <= width <= 1000 and 600 < height < width


def test_widget_puts_the_charts_below_the_controls_at_full_width(designer):
    box = designer.widget
    assert designer.widget is box
    tabs, side, charts = box.children
    assert isinstance(tabs, w.Tab) and isinstance(charts, w.Output)
    assert charts.layout.width == tabs.layout.width == "100%"
    assert designer.headline_html in side.children
    titles = list(tabs.titles)
    for title in ("Team pool", "Prizes", "Deductions", "Mentoring", "Non-cash"):
        assert title in titles
    assert titles[-1] == "Data, save"
    sliders = [c for c in designer.controls.values() if hasattr(c, "continuous_update")]
    assert sliders and not any(c.continuous_update for c in sliders)


@pytest.mark.slow
def test_a_200_agent_team_refreshes_fast():
    """The work of one refresh, in CPU seconds: other jobs on a shared machine stretch the
    wall-clock time, not the work."""
    d = PlanDesigner(MATURE)  # 200 agents × 12 months × 20 runs
    d.refresh()
    design = d.scenario_from_controls()
    cpu = []
    for _ in range(3):
        started = time.process_time()
        d.simulate(design)
        cpu.append(time.process_time() - started)
    print(f"200 agents × 12 months × 20 runs: {min(cpu):.2f} CPU s")
    assert min(cpu) < 1.0  # the target is 0.5 s on a laptop; allow for a slower CI machine
    assert np.isfinite(list(d.last.headline.values())).all()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "name", ["quality_first.yaml", "forced_distribution.yaml", "marginal_ladder.yaml"]
)
def test_tab_titles_are_short_and_all_different(name, lang):
    """Issue 19.8: ten tabs in one row of a notebook (~1,000 px, ~100 px a tab) read in
    full: at most 10 characters (5 in Chinese), none repeated (two tabs read 'Team')."""
    d = PlanDesigner(SCENARIOS / name, agents=20, teams=2, runs=1, periods=1, lang=lang)
    titles = list(d.widget.children[0].titles)
    assert len(set(titles)) == len(titles), titles
    longest = max(map(len, titles))
    assert longest <= (5 if lang == "zh" else 10), titles


def test_the_chinese_designer_speaks_chinese(tmp_path):
    """Issue 19.8: options, amounts, the payout curve's starting plan and errors in zh."""
    d = PlanDesigner(SCENARIOS / "quality_first.yaml", agents=20, teams=2, runs=1, periods=2,
                     lang="zh")  # fmt: skip
    mode = d.controls.get("mode")
    if mode is not None:
        assert [label for label, _ in mode.options] == ["超额累进", "全额累进"]
    assert d.controls["pool_split"].label in ("平均分配", "按得分", "按业绩")
    d.controls["rate_0"].value = 0.06  # the design pays more than the start
    d.refresh()
    table = d.headline_table().to_string()
    assert "万元" in table and "CNY" not in table
    fig = d.figure()
    legend = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    assert legend == ["薪酬总额 · 当前设计", "基本工资", "薪酬总额 · 初始方案"]
    design, start = fig.axes[0].lines[0].get_ydata(), fig.axes[0].lines[-1].get_ydata()
    assert design[-1] > start[-1] and design[0] == pytest.approx(start[0])  # apart, as paid
    for key in [k for k in d.controls if k.startswith("w_")]:
        d.controls[key].value = 0
    with pytest.raises(PerfkitError) as err:
        d.scenario_from_controls()
    d._error(err.value)
    assert "至少一项指标的权重要大于 0" in d.status.value


def test_the_chinese_designer_says_what_the_rules_refuse_in_chinese():
    """Issue 19 leftover 7: ladder edges and grade lines out of order, in the designer's
    language (the checker's English only where the catalogue has no words for it)."""
    from perfkit.apps.designer.problems import error_text
    from perfkit.core.errors import ScenarioError

    ladder = ScenarioError("x", [("commission", "ladder band starts must be strictly "
                                  "increasing, got [0.0, 20000.0, 1000.0]")])  # fmt: skip
    grades = ScenarioError("x", [("grades", "bands (best grade first) must be strictly "
                                  "decreasing, got [50.0, 100.0, 85.0, 65.0]")])  # fmt: skip
    assert (
        error_text(ladder, "zh")
        == "该设计无法计算：提成：各档起点必须逐档提高（当前为 0, 20,000, 1,000）"
    )
    assert "各等级分数线必须由高到低（当前从最高等级起为 50, 100, 85, 65）" in error_text(
        grades, "zh"
    )
    assert "must be" not in error_text(ladder, "zh") + error_text(grades, "zh")
    assert "each band must start above the one before" in error_text(ladder, "en")
    other = ScenarioError("x", [("team.weight", "Input should be less than or equal to 1")])
    # no words for it: the tab where its control sits, then the checker's text
    said = error_text(other, "zh")
    assert said == "该设计无法计算：达成奖金：Input should be less than or equal to 1"
    d = PlanDesigner(SCENARIOS / "marginal_ladder.yaml", agents=10, teams=1, runs=1, periods=1,
                     lang="zh")  # fmt: skip
    d.controls["edge_2"].value = 1000  # below the second band's start
    with pytest.raises(PerfkitError) as err:
        d.scenario_from_controls()
    d._error(err.value)
    assert "各档起点必须逐档提高" in d.status.value and "strictly" not in d.status.value
