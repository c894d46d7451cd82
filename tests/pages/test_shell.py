"""Every standalone page is the one shell (issue 18 item 5): doctype, ``lang``, charset, the
strict content policy and the shared base stylesheet, on letters and their index, review
sheets, team dashboards and the review index, pilot plans and evaluations; and a hostile
name is shown on each as the text it is."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from perfkit.pages.report.css import REPORT_CSS
from perfkit.pages.report.html import export_html
from perfkit.pages.report.pdf import _FLAGS, find_chromium
from perfkit.pages.shell import BASE_CSS, CONTENT_POLICY, document
from tests.conftest import DATA, SCENARIOS

HOSTILE = '<script>alert(1)</script>" onerror="alert(2)'
CHROMIUM = find_chromium()


class _Page(HTMLParser):
    """Tags with attributes, ``<style>`` text and visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title", "script"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if not self._in:
            self.text.append(data)
        elif self._in[-1] == "style":
            self.style += data


def _parse(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    return page


def _visible(page: _Page) -> str:
    return re.sub(r"\s+", " ", "".join(page.text))


def assert_shell(markup: str, lang: str) -> _Page:
    """``markup`` is the shared shell: doctype, lang, charset, the content policy before
    any style, the base stylesheet first; no script and no event handler anywhere."""
    page = _parse(markup)
    assert markup.startswith("<!DOCTYPE html>")
    assert page.tags[0] == ("html", {"lang": "zh-CN" if lang == "zh" else "en"})
    metas = [a for t, a in page.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    policy = [a for a in metas if a.get("http-equiv") == "Content-Security-Policy"]
    assert [a["content"] for a in policy] == [CONTENT_POLICY]
    assert markup.index("Content-Security-Policy") < markup.index("<style>")
    assert page.style.startswith(BASE_CSS)
    assert not [t for t, _ in page.tags if t == "script"]
    assert not [k for _, a in page.tags for k in a if k.startswith("on")]
    return page


def test_document_is_doctype_lang_charset_policy_title_and_base_css_then_the_page_css():
    markup = document(HOSTILE, "<p>body</p>", "zh", extra_css="p { color: red; }")
    page = assert_shell(markup, "zh")
    assert page.style == BASE_CSS + "p { color: red; }"
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;&quot; onerror=&quot;" in markup
    assert_shell(document("t", "", "en"), "en")


def test_reports_share_the_policy_and_the_base_css():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x")])
    page = _parse(export_html(nb, title="t"))
    metas = [a for t, a in page.tags if t == "meta"]
    assert CONTENT_POLICY in [a.get("content") for a in metas]
    assert REPORT_CSS.startswith(BASE_CSS) and BASE_CSS in page.style


# --- every page type, with a hostile name ----------------------------------------------


def _letters(tmp: Path) -> dict[str, str]:
    from perfkit.files.data import load_kpis
    from perfkit.pages.letters import write_letters
    from perfkit.scheme import load_scenario

    kpis = load_kpis(DATA / "sample_kpis.csv")
    kpis["name"] = kpis["name"].where(kpis["agent_id"] != "A0001", HOSTILE)
    sc = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    write_letters(sc, kpis, tmp, "zh", ["A0001"])
    return {p.name: p.read_text("utf-8") for p in (tmp / "index.html", tmp / "letters/A0001.html")}


def _review(tmp: Path) -> dict[str, str]:
    from perfkit.pages.review import review_month
    from perfkit.pages.review.batch import write_review
    from perfkit.pages.review.coaching import coaching_focus
    from perfkit.pages.review.dashboard import slug
    from perfkit.scheme.loader import parse_scenario
    from tests.pages.test_review import FLAT, floor

    kpis = floor()
    kpis.loc[kpis["agent_id"] == "A00", "name"] = HOSTILE
    kpis.loc[kpis["team"] == "T0", "team"] = HOSTILE
    month = review_month(kpis, parse_scenario(FLAT, source="flat.yaml"), "2025-03")
    write_review(month, coaching_focus(month), tmp, "en", pdf=False)
    team = slug(HOSTILE)
    files = ("index.html", f"team_{team}.html", f"sheets/{team}.html", f"sheets/{team}/A00.html")
    return {name: (tmp / name).read_text("utf-8") for name in files}


def _pilot_plan() -> dict[str, str]:
    from perfkit.analysis.pilot.design import design_pilot
    from perfkit.files.data import load_kpis
    from perfkit.pages.pilot.page import plan_page
    from perfkit.scheme import load_scenario

    d = design_pilot(
        load_scenario(SCENARIOS / "marginal_ladder.yaml"),
        load_scenario(SCENARIOS / "current_flat_commission.yaml"),
        load_kpis(DATA / "pilot_kpis_before.csv"), months=(2,), reps=100, runs=1,
    )  # fmt: skip
    teams = d.assignment.assign(team=d.assignment["team"].where(d.assignment.index != 0, HOSTILE))
    d = replace(d, assignment=teams, meta=d.meta | {"scenario": HOSTILE})
    return {"plan": plan_page(d, "en")}


#: The plan names a pilot page shows (the Chinese ones on a Chinese page).
_PLAN_NAMES = ("scenario", "baseline", "scenario_zh", "baseline_zh")


def _pilot_evaluation() -> dict[str, str]:
    from perfkit.analysis.pilot.assignment import load_assignment
    from perfkit.analysis.pilot.evaluate import evaluate_pilot
    from perfkit.files.data import load_kpis
    from perfkit.pages.pilot.evaluation_page import evaluation_page
    from perfkit.scheme import load_scenario

    e = evaluate_pilot(
        load_kpis(DATA / "pilot_kpis.csv"), load_assignment(DATA / "pilot_assignment.csv"),
        load_scenario(SCENARIOS / "marginal_ladder.yaml"),
        load_scenario(SCENARIOS / "current_flat_commission.yaml"), reps=99,
    )  # fmt: skip
    return {
        "evaluation": evaluation_page(
            replace(e, meta=e.meta | dict.fromkeys(_PLAN_NAMES, HOSTILE)), "zh"
        )
    }


KINDS = {"letters": "zh", "review": "en", "pilot_plan": "en", "pilot_evaluation": "zh"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Each page type's pages (name → HTML), built once for the module."""
    cache: dict[str, dict[str, str]] = {}

    def build(kind: str) -> dict[str, str]:
        if kind not in cache:
            tmp = tmp_path_factory.mktemp(kind)
            cache[kind] = {
                "letters": lambda: _letters(tmp),
                "review": lambda: _review(tmp),
                "pilot_plan": _pilot_plan,
                "pilot_evaluation": _pilot_evaluation,
            }[kind]()
        return cache[kind]

    return build


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_the_shell_and_shows_a_hostile_name_as_text(pages, kind):
    built = pages(kind)
    assert len(built) == {"letters": 2, "review": 4}.get(kind, 1), sorted(built)
    for name, markup in built.items():
        page = assert_shell(markup, KINDS[kind])
        assert HOSTILE in _visible(page), name
        assert "<script>" not in markup, name


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian `chromium`)")
def test_a_browser_shows_the_hostile_name_as_text_and_runs_nothing(pages, tmp_path):
    for kind in ("letters", "review", "pilot_plan"):
        for name, markup in pages(kind).items():
            path = tmp_path / f"{kind}-{len(name)}.html"
            path.write_text(markup, "utf-8")
            cmd = [CHROMIUM, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                   "--virtual-time-budget=2000", "--dump-dom", path.as_uri()]  # fmt: skip
            dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
            body = _parse("<body" + dom.split("<body", 1)[1])
            assert HOSTILE in _visible(body), (kind, name)
            assert not [t for t, _ in body.tags if t == "script"], (kind, name)


def _fonts(pdf: Path) -> set[str]:
    """The families of the fonts a printed page uses (Chromium prints Type 3 fonts, named
    by their descriptor's family)."""
    from pypdf import PdfReader

    fonts = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    found = set()
    for key in fonts:
        font = fonts[key].get_object()
        name = font["/FontDescriptor"].get("/FontFamily") if "/FontDescriptor" in font else None
        found.add(str(name or font.get("/BaseFont", "")).split("+")[-1])
    return found


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed")
@pytest.mark.parametrize(
    ("lang", "text", "cjk"),
    [("en", "Details under “What decides this verdict”.", False),
     ("zh", "详见“决定结论的因素”。", True)],
)  # fmt: skip
def test_quotes_come_from_the_font_of_the_pages_language(tmp_path, lang, text, cjk):
    """An English page's curly quotes come from a Latin font (a CJK font's are full-width
    and read as a stray space); a Chinese page's text and quotes from the CJK font."""
    from perfkit.pages.report.pdf import print_pdf

    html = tmp_path / "page.html"
    html.write_text(document("t", f"<p>{text}</p>", lang), encoding="utf-8")
    fonts = _fonts(print_pdf(html, tmp_path / "page.pdf"))
    assert fonts and all(("CJK" in f) == cjk for f in fonts), fonts
