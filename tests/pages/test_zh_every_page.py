"""Every page a client is shown, rendered in Chinese, holds no Latin-letter word outside
an allow-list: the plan letters, the pilot plan and evaluation, the review sheets and
dashboards, and (slow: they run notebooks) the briefing and comparison reports with the
goal decomposition (targets) and the monthly review report.

What a Chinese page may keep (:data:`ALLOWED`, decided here):

- KPI and statistics codes the client's own staff use (KPI, QA, CSAT, P10–P90, S–D
  grades, R², ID) — the catalogue's allow-list (``tests/text/test_catalogue.py``);
- the software and versions the appendix names for audit (perfkit, Python, numpy, pandas);
- data the client typed: agent IDs (A0001), team codes (T1), the export's file name,
  plan names given in English (a plan without ``name_zh``) and notes in plan files.

Not allowed: "CNY" (money reads 元/万元/亿元), "n/a" (a page says why a value is missing),
English words of the kit, command lines (``perfkit pilot evaluate …``), file paths
(``/…/scenarios/x.yaml``, ``../``) and the kit's sample data ("sample_kpis.csv").
Code spans are scanned too: a page has no command to show a client.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perfkit.files.data import load_kpis
from perfkit.scheme import load_scenario
from tests.conftest import DATA, SCENARIOS
from tests.text.test_catalogue import ALLOWED_LATIN

EXPORT = DATA / "sample_kpis_zh.csv"  # the client's export: Chinese headers
#: Latin tokens a Chinese page may keep (see the module docstring).
ALLOWED = (ALLOWED_LATIN - {"max-runs"}) | {"Python", "numpy", "pandas"}
_DATA = re.compile(r"^[AT]\d+$")  # agent IDs and team codes
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9²_\-]*")


def visible_text(page: str) -> str:
    """What a reader sees of an HTML page: no styles, scripts, embedded images or tags."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"data:image/[^\"')]+", " ", page)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"&[a-z]+;|&#\d+;", " ", page)


def foreign_words(page: str, data: list[str]) -> set[str]:
    """Latin-letter words of a Chinese page outside :data:`ALLOWED` and the client's
    ``data`` (plan names, notes, file names)."""
    text = visible_text(page)
    for typed in sorted(data, key=len, reverse=True):
        text = text.replace(typed, " ")
    return {w for w in _LATIN.findall(text) if w not in ALLOWED and not _DATA.match(w)}


def no_leaks(page: str) -> list[str]:
    """What no client page may show, whatever the allow-list: paths, commands, 'n/a',
    the kit's sample data."""
    text = visible_text(page)
    checks = {
        "n/a": r"\bn/a\b",
        "CNY": r"\bCNY\b",
        "a command": r"perfkit\s+(pilot|targets|render|review|rate360|payout)\b",
        "a path": r"(\.\./|/[\w.-]+/[\w.-]+\.(yaml|csv))",
        "the kit's sample data": r"sample_kpis\.csv",
        "float noise": r"\d\.\d{7,}",
    }
    return [what for what, pattern in checks.items() if re.search(pattern, text)]


def _typed(*scenario_files: str, export: Path = EXPORT) -> list[str]:
    """What the user typed in these plan files: names (English too) and notes; and the
    name of their export."""
    out = [export.name]
    for f in scenario_files:
        sc = load_scenario(SCENARIOS / f)
        out += [sc.name, *(s.name for s in sc.segments), *sc.notes.values()]
    return out


def assert_chinese(pages: list[Path], data: list[str]) -> None:
    assert pages, "no page written"
    for path in pages:
        page = path.read_text("utf-8")
        assert re.search(r"[\u4e00-\u9fff]", visible_text(page)), path.name
        assert not foreign_words(page, data), (path.name, foreign_words(page, data))
        assert not no_leaks(page), (path.name, no_leaks(page))


def test_the_checker_catches_what_it_must() -> None:
    """The checks could fail: English words, CNY, commands, paths, n/a and noise."""
    page = (
        "<p>金额 CNY 62，运行 <code>perfkit pilot evaluate --data X</code>；"
        "实际执行的是 /srv/kit/scenarios/x.yaml；根据 sample_kpis.csv 校准；"
        "风险 n/a；目标 0.26999999999999996；payout A0001 T2 KPI P90</p>"
    )
    assert foreign_words(page, []) == {"CNY", "pilot", "evaluate", "data", "X",
                                       "srv", "kit", "scenarios", "x", "yaml", "sample_kpis",
                                       "csv", "n", "a", "payout"}  # fmt: skip
    assert set(no_leaks(page)) == {"n/a", "CNY", "a command", "a path",
                                   "the kit's sample data", "float noise"}  # fmt: skip
    assert not foreign_words("<p>工号 A0001，团队 T2，KPI 的 P90</p>", [])


@pytest.fixture(scope="module")
def kpis():
    return load_kpis(EXPORT)


def test_plan_letters_are_chinese(kpis, tmp_path) -> None:
    from perfkit.pages.letters import write_letters

    scenario = load_scenario(SCENARIOS / "quality_first.yaml")
    agents = sorted(kpis["agent_id"].astype(str).unique())[:2]
    write_letters(scenario, kpis, tmp_path, "zh", agents, formats=("html",))
    assert_chinese(sorted((tmp_path / "letters").glob("*.html")), _typed("quality_first.yaml"))


@pytest.fixture(scope="module")
def pilot_design():
    from perfkit.analysis.pilot.design import design_pilot

    return design_pilot(
        load_scenario(SCENARIOS / "marginal_ladder.yaml"),
        load_scenario(SCENARIOS / "current_flat_commission.yaml"),
        load_kpis(DATA / "pilot_kpis_before.csv"), months=(3,), seed=5, reps=100, runs=2,
    )  # fmt: skip


def test_the_pilot_plan_is_chinese_and_its_files_hold_no_noise_or_paths(
    pilot_design, tmp_path
) -> None:
    from perfkit.pages.pilot.page import plan_page

    page = tmp_path / "pilot_plan_zh.html"
    page.write_text(plan_page(pilot_design, "zh"), "utf-8")
    plans = ("marginal_ladder.yaml", "current_flat_commission.yaml")
    assert_chinese([page], _typed(*plans, export=DATA / "pilot_kpis_before.csv"))
    assert "超额累进提成" in page.read_text("utf-8")  # name_zh, not the English name
    out = pilot_design.to_dir(tmp_path / "deep" / "down" / "design")
    text = (out / "assignment.csv").read_text("utf-8") + (out / "design.json").read_text("utf-8")
    assert "../" not in text and str(Path.cwd().resolve()) not in text
    assignment = (out / "assignment.csv").read_text("utf-8").splitlines()
    heads = [row.split(",")[assignment[0].split(",").index("agents")] for row in assignment[1:]]
    assert all(h.isdigit() for h in heads), heads  # whole agents, not 16.22222222222222


@pytest.mark.slow
def test_the_pilot_evaluation_is_chinese(tmp_path) -> None:
    from perfkit.analysis.pilot.assignment import load_assignment
    from perfkit.analysis.pilot.evaluate import evaluate_pilot
    from perfkit.pages.pilot.evaluation_page import evaluation_page

    evaluation = evaluate_pilot(
        load_kpis(DATA / "pilot_kpis.csv"), load_assignment(DATA / "pilot_assignment.csv"),
        load_scenario(SCENARIOS / "marginal_ladder.yaml"),
        load_scenario(SCENARIOS / "current_flat_commission.yaml"), reps=50, seed=1,
    )  # fmt: skip
    page = tmp_path / "evaluation_zh.html"
    page.write_text(evaluation_page(evaluation, "zh"), "utf-8")
    plans = ("marginal_ladder.yaml", "current_flat_commission.yaml")
    assert_chinese([page], _typed(*plans, export=DATA / "pilot_kpis.csv"))


def test_review_sheets_and_dashboards_are_chinese(kpis, tmp_path) -> None:
    from perfkit.pages.review.floor import run_review

    scenario = load_scenario(SCENARIOS / "quality_first.yaml")
    period = sorted(kpis["period"].astype(str).unique())[-1]
    run_review(scenario, kpis, period, tmp_path, "zh", runs=0, pdf=False)
    pages = sorted(tmp_path.rglob("*.html"))
    assert len(pages) > 10
    assert_chinese(pages, _typed("quality_first.yaml"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The briefing reports and the comparison of two plans on the client's export, in
    Chinese, at the fewest runs and periods."""
    from perfkit.apps.cli.main import main

    out = tmp_path_factory.mktemp("zh_reports")
    plans = [str(SCENARIOS / f) for f in ("current_flat_commission.yaml", "quality_first.yaml")]
    code = main(
        ["render", *plans, "--data", str(EXPORT), "--lang", "zh", "--out", str(out),
         "--runs", "2", "--periods", "2", "--jobs", "1"]
    )  # fmt: skip
    assert code == 0
    return out


@pytest.mark.slow
def test_briefing_and_comparison_reports_are_chinese(rendered) -> None:
    pages = sorted(rendered.glob("*.zh.html"))
    assert {p.name for p in pages} == {
        "comparison.zh.html", "current_flat_commission.zh.html", "quality_first.zh.html"
    }  # fmt: skip
    assert_chinese(pages, _typed("current_flat_commission.yaml", "quality_first.yaml"))
    briefing = (rendered / "quality_first.zh.html").read_text("utf-8")
    assert "目标分解" in briefing  # the targets' section is among the pages scanned
    assert re.search(r"<title>[^<]*[\u4e00-\u9fff]", briefing)  # a Chinese <title>


@pytest.mark.slow
def test_the_monthly_review_report_is_chinese(kpis, tmp_path) -> None:
    from perfkit.apps.cli.main import main

    period = sorted(kpis["period"].astype(str).unique())[-1]
    plan = str(SCENARIOS / "quality_first.yaml")
    args = ["review", plan, "--data", str(EXPORT), "--period", period, "--lang", "zh"]
    assert main([*args, "--out", str(tmp_path), "--format", "html", "--runs", "3"]) == 0
    assert_chinese(sorted(tmp_path.glob("*.html")), _typed("quality_first.yaml"))
