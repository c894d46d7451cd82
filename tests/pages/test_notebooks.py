"""The report notebooks, rendered end to end (the plan designer's logic: test_designer.py).

Every notebook is executed once (module fixture, two at a time) with few runs and
periods; the tests read the rendered HTML: no errors, no code, every section
heading, enough charts, and the executive summary's numbers equal to the
simulation's (``summary.json`` written by the notebook).
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
import yaml

from perfkit.pages.report.batch import RenderJob, render_many
from perfkit.pages.report.pdf import find_chromium, screenshot_png
from perfkit.text import t
from perfkit.text.numbers import forecast, money, pct
from perfkit.words import report as rt

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCENARIOS = ROOT / "scenarios"
DATA = ROOT / "data" / "sample_kpis.csv"
BASELINE = SCENARIOS / "current_flat_commission.yaml"
SMALL = {"runs": 5, "seed": 0, "periods": 4}
#: Sections of the scenario report, in order.
SECTIONS = (
    "summary",
    "anatomy",
    "population",
    "behaviour",
    "outcomes",
    "fairness",
    "winners",
    "risks",
    "sensitivity",
    "recommendations",
    "appendix",
)


class _Page(HTMLParser):
    """Visible text, headings, images and the attributes of every tag of a report body."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._skip = 0
        self._heading: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1
        if tag in ("h1", "h2", "h3"):
            self._heading, self._buffer = tag, []

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == self._heading:
            self.headings.append((tag, "".join(self._buffer).replace("¶", "").strip()))
            self._heading = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._heading:
            self._buffer.append(data)


def _page(html: Path) -> _Page:
    page = _Page()
    page.feed(html.read_text("utf-8"))
    page.body = " ".join(page.text).replace("\u00a0", " ")
    return page


def _synthetic(tmp: Path, name: str) -> Path:
    """A library scenario on a synthetic population of 60 agents in 4 teams."""
    raw = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text("utf-8"))
    raw["population"] = {"source": "synthetic", "agents": 60, "teams": 4, "seed": 3}
    path = tmp / f"{name}_synthetic.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, client_export) -> dict[str, tuple[Path, Path]]:
    """Every notebook rendered once: name → (HTML, out_dir). The comparison and the
    designer run on a client's export unlike the scenarios' own population."""
    tmp = tmp_path_factory.mktemp("notebooks")
    flat, mature = _synthetic(tmp, "current_flat_commission"), _synthetic(tmp, "mature_individual")
    base = {"baseline": str(BASELINE), "data": str(DATA), "lang": "en", **SMALL}
    specs = {
        "scenario_en": (
            "scenario_report",
            {**base, "scenario": str(SCENARIOS / "whole_amount_ladder.yaml")},
        ),
        "scenario_zh": (
            "scenario_report",
            {**base, "baseline": str(flat), "scenario": str(mature), "data": "", "lang": "zh"},
        ),
        "scenario_same": (
            "scenario_report",
            {**base, "scenario": str(BASELINE), "data": "", "runs": 3, "periods": 3},
        ),
        "comparison": (
            "plan_comparison",
            {
                **base,
                "scenarios": [
                    str(SCENARIOS / f"{s}.yaml")
                    for s in ("marginal_ladder", "mature_individual", "quality_first")
                ],
                "data": str(client_export),
            },
        ),
        "calibration": (
            "calibrate_from_data",
            {
                "data": str(DATA),
                "current": str(BASELINE),
                "new": str(SCENARIOS / "mature_individual.yaml"),
                "seed": 0,
                "lang": "en",
            },
        ),
        "designer": (
            "plan_designer",
            {"scenario": str(SCENARIOS / "mature_individual.yaml"), "agents": 60, "teams": 4}
            | {"runs": 5, "periods": 6, "seed": 0, "lang": "en", "data": str(client_export)},
        ),
    }
    jobs = [
        RenderJob(
            notebook=NOTEBOOKS / f"{nb}.py",
            parameters={**params, "out_dir": str(tmp / name)},
            out_html=tmp / f"{name}.html",
            timeout=300,
            cwd=ROOT,
        )
        for name, (nb, params) in specs.items()
    ]
    started = time.perf_counter()
    outcomes = render_many(jobs, jobs_n=2, progress=False)
    print(f"rendered {len(jobs)} notebooks in {time.perf_counter() - started:.1f} s")
    failed = [f"{o.job.name}: {o.error}" for o in outcomes if not o.ok]
    assert not failed, "\n".join(failed)
    return {o.job.name: (o.result.html, tmp / o.job.name) for o in outcomes}


@pytest.mark.parametrize(
    ("name", "min_figures"),
    [
        ("scenario_en", 8),
        ("scenario_zh", 7),
        ("scenario_same", 5),
        ("comparison", 6),
        ("calibration", 4),
    ],
)
def test_report_is_clean(rendered, name, min_figures):
    html, _ = rendered[name]
    page = _page(html)
    classes = " ".join(str(a.get("class", "")) for _, a in page.tags)
    assert "jp-InputArea" not in classes and "jp-InputPrompt" not in classes  # no code
    assert not [
        a for _, a in page.tags if a.get("data-mime-type") == "application/vnd.jupyter.stderr"
    ]
    assert "Traceback" not in page.body
    assert not re.search(r"\b[A-Z][a-zA-Z]*Error\b", page.body), "an exception name in the report"
    assert "nan" not in page.body.lower().split(), "NaN in the report"
    figures = sum(
        1
        for tag, a in page.tags
        if tag == "img" and str(a.get("src", "")).startswith("data:image/png")
    )
    assert figures >= min_figures


def test_scenario_report_has_every_section_in_order(rendered):
    page = _page(rendered["scenario_en"][0])
    h2 = [text for tag, text in page.headings if tag == "h2"]
    expected = [rt.heading(key, "en", i + 1)[3:] for i, key in enumerate(SECTIONS)]
    assert h2 == expected
    assert page.headings[0][0] == "h1" and "Whole-amount ladder" in page.headings[0][1]
    h3 = {text for tag, text in page.headings if tag == "h3"}
    assert {
        t("report.heading.static", "en"),
        t("report.heading.dynamic", "en"),
        t("report.heading.movers", "en"),
    } <= h3


def test_executive_summary_numbers_equal_the_simulation(rendered):
    html, out = rendered["scenario_en"]
    doc = json.loads((out / "summary.json").read_text("utf-8"))
    assert (out / "comparison.json").is_file() and (out / "agents.csv").is_file()
    body = _page(html).body
    summary_part = body.split(t("report.heading.anatomy", "en"))[0]  # the executive summary
    plan = doc["plans"][-1]
    for plan_name, metric in ((plan, "revenue"), (plan, "total_pay"), (plan, "profit")):
        value = doc["summary"][plan_name][metric]["mean"]
        assert forecast(value, doc["currency"]) in summary_part, metric  # CNY 1.51M
    base_revenue = doc["summary"][doc["baseline"]]["revenue"]["mean"]
    assert forecast(base_revenue, doc["currency"]) in summary_part
    change = doc["summary"][plan]["revenue"]["delta_pct"]
    assert pct(change, signed=True) in summary_part
    assert " pp)" in summary_part  # cost of sales moves in percentage points
    assert "The rules in words" in body


def test_chinese_report_has_chinese_headings(rendered):
    html, out = rendered["scenario_zh"]
    page = _page(html)
    h2 = [text for tag, text in page.headings if tag == "h2"]
    assert h2 == [rt.heading(key, "zh", i + 1)[3:] for i, key in enumerate(SECTIONS)]
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in h2)
    assert (
        t("report.heading.dynamic", "zh") in page.body
        and "收入增减分布" not in page.body.split("7、")[0]
    )
    doc = json.loads((out / "summary.json").read_text("utf-8"))
    plan = doc["plans"][-1]
    assert forecast(doc["summary"][plan]["revenue"]["mean"], "CNY", "zh") in page.body  # 万元
    # the rules in words, in Chinese, with the plan's Chinese name and no English description
    assert "方案规则说明" in page.body and "团队权重30%" in page.body and "未设保底" in page.body
    assert "成熟期方案" in page.body and "Scorecard-based performance pay" not in page.body
    assert "个百分点" in page.body.split("2、")[0]  # cost of sales moves in points


def test_baseline_report_compares_nothing(rendered):
    html, out = rendered["scenario_same"]
    page = _page(html)
    doc = json.loads((out / "summary.json").read_text("utf-8"))
    assert doc["plans"] == [doc["baseline"]]
    assert [h for tag, h in page.headings if tag == "h2"][-1] == rt.heading("appendix", "en", 11)[
        3:
    ]
    # no "no change is recommended" beside a sweep that finds a gain: the report says it
    # recommends nothing because it compares nothing, and what the sweep found
    assert t("lever.baseline", "en") in page.body and "no change is recommended" not in page.body
    recs = page.body.split(rt.heading("recommendations", "en", 10)[3:])[-1]
    assert "Sensitivity" in recs and ("not a recommendation" in recs or "no value of" in recs)


def test_comparison_covers_every_plan(rendered):
    html, out = rendered["comparison"]
    page = _page(html)
    doc = json.loads((out / "summary.json").read_text("utf-8"))
    assert len(doc["plans"]) == 4  # the baseline first, then the three plans
    h3 = {text for tag, text in page.headings if tag == "h3"}
    assert set(doc["plans"][1:]) <= h3  # findings and recommendations per plan
    for key in ("key_metrics", "distributions", "pay_mix", "winners", "flags"):
        assert t(f"report.heading.{key}", "en") in page.body
    assert t("report.heading.decides", "en") in h3  # what decides the verdict, its tornado
    for key in ("margin_rate", "hiring_cost", "effort_cost", "timing_share"):
        assert t(f"decides.param.{key}", "en") in page.body
    for plan in doc["plans"]:
        revenue = doc["summary"][plan]["revenue"]["mean"]
        assert forecast(revenue, doc["currency"]) in page.body


@pytest.mark.parametrize("name", ["scenario_en", "comparison"])
def test_first_page_states_margin_and_hiring_cost(rendered, name):
    body = _page(rendered[name][0]).body
    assert (
        "profit assumes a gross margin of 50% (kit default — not confirmed by the client)"
        in body.casefold()
    )


def test_calibration_report_back_tests_the_data(rendered):
    html, out = rendered["calibration"]
    page = _page(html)
    for key in ("data_checks", "calibrated", "fit", "backtest"):
        assert t(f"report.heading.{key}", "en") in page.body
    doc = json.loads((out / "summary.json").read_text("utf-8"))
    assert money(doc["new"]["total_pay"], "CNY") in page.body
    assert sum(doc["bands"].values()) == doc["new"]["agents"]


def test_reports_name_the_population_every_plan_ran_on(rendered, client_export):
    """The client's 37 agents in teams T1 and T3, not the scenarios' own 105 in six teams."""
    html, out = rendered["comparison"]
    body = _page(html).body
    assert "on the same agents (37 agents in 2 teams, calibrated from the client's export " in body
    assert f"{client_export.name}) and the same random draws" in body
    # the client's export is the population: no word of the plans' own (the kit's) data
    assert "Not used" not in body and "sample_kpis.csv" not in body
    population = json.loads((out / "summary.json").read_text("utf-8"))["population"]
    assert (population["agents"], population["team_names"]) == (37, ["T1", "T3"])
    agents = pd.read_csv(out / "agents.csv")
    assert set(agents["team"]) == {"T1", "T3"} and agents.groupby("plan").size().eq(37).all()
    own = _page(rendered["scenario_en"][0]).body  # the baseline's own file as --data
    assert (
        "Every plan is simulated on the same population: 105 agents in 6 teams, calibrated " in own
    )
    assert "Not used" not in own
    zh = _page(rendered["scenario_zh"][0]).body  # synthetic scenarios, in Chinese
    assert "60 名模拟员工、4 个团队，按公开的电销行业区间生成，未使用客户数据" in zh


def test_designer_notebook_prints_its_team_and_timing(rendered, client_export):
    page = _page(rendered["designer"][0])
    assert (
        f"Team: 37 agents in 2 teams, calibrated from the client's export {client_export.name}"
        in page.body
    )
    assert re.search(r"Simulated 37 agents × 6 periods × 5 runs in \d+\.\d\d s", page.body)
    assert t("report.heading.designer_title", "en") in page.body


@pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed")
def test_report_renders_in_a_browser(rendered, tmp_path):
    window = 20_000
    png = screenshot_png(rendered["scenario_en"][0], tmp_path / "report.png", height=window)
    image = matplotlib.image.imread(png)[..., :3]
    assert image.shape[:2] == (window, 1200)
    assert image.std() > 0.05  # not a blank page
    inked = np.flatnonzero((image < 0.97).any(axis=(1, 2)))
    end = int(inked[-1])
    # eleven sections with a dozen charts and tables: long, but it ends inside the window
    assert 6_000 < end < window - 1_000, f"content ends at pixel row {end}"
    for top in range(0, end - 1_500, 1_500):  # no blank stretch within the content
        assert image[top : top + 1_500].std() > 0.02, f"blank from pixel row {top}"
