"""User-typed text in reports is shown as text: it never runs, links to script or loads
anything (issue 12 item 1). Unit tests of the escaping helpers, then a real browser."""

from __future__ import annotations

import re
import subprocess
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.filters.markdown import markdown2html

from perfkit.pages.report.html import add_content_policy, export_html, external_references
from perfkit.pages.report.pdf import _FLAGS, find_chromium, screenshot_png
from perfkit.pages.shell import CONTENT_POLICY
from perfkit.words.escape import html_text, sanitize_html
from perfkit.words.report import bullets, md_text, safe_style
from tests.hostile import JS_LINK, ONERROR, SCRIPT, hostile_kpis, scenario_text

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = find_chromium()


class _Page(HTMLParser):
    """Elements (tag, attrs) and visible text of a page (script/style/title excluded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("img", "br", "hr", "meta", "link", "input"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        where = self._open[-1] if self._open else ""
        if where == "title":
            self.title += data
        elif where not in ("script", "style"):
            self.text.append(data)


def _page(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    return page


def _visible(markup: str) -> str:
    return re.sub(r"\s+", " ", "".join(_page(markup).text)).strip()


# --- the helpers ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60))
def test_md_text_renders_back_to_the_typed_text(s):
    """Whatever is typed renders (through nbconvert's Markdown) as exactly that text."""
    rendered = markdown2html(md_text(s))
    assert _visible(rendered) == re.sub(r"\s+", " ", s).strip()
    # nothing but paragraphs: no link, image, heading, list, emphasis, code or raw tag
    assert {tag for tag, _ in _page(rendered).tags} <= {"p"}


@pytest.mark.parametrize(
    "typed",
    [
        SCRIPT,
        ONERROR,
        JS_LINK,
        "![i](http://127.0.0.1:9/x) <http://a.b> https://a.b/c www.a.b me@a.b",
        "# not a heading\n\n- not a list\n1. nor this\n    not code",
        "**bold** _em_ `code` ~~del~~ $x$ | a | b |\n|---|---|",
        "&lt;script&gt; &#60;b&#62;",
    ],
)
def test_md_text_payloads_stay_text(typed):
    rendered = markdown2html(f"Plan: {md_text(typed)}")
    assert _visible(rendered) == "Plan: " + re.sub(r"\s+", " ", typed).strip()
    assert {tag for tag, _ in _page(rendered).tags} == {"p"}


def test_bullets_escape_plain_lines_and_keep_markdown_ones():
    assert markdown2html(bullets([SCRIPT])).count("<script") == 0
    assert _visible(markdown2html(bullets([SCRIPT]))) == SCRIPT
    md = bullets([f"**{md_text('<b>x</b>')}** y"], markdown=True)
    assert "<strong>&lt;b&gt;x&lt;/b&gt;</strong>" in markdown2html(md)


def test_html_text_escapes_quotes_for_attributes():
    assert html_text('"><script>') == "&quot;&gt;&lt;script&gt;"


def test_safe_style_escapes_cells_headers_and_index():
    df = pd.DataFrame({SCRIPT: [ONERROR, 1.5]}, index=pd.Index([f"row{SCRIPT}", "x"]))
    out = safe_style(df).to_html()
    tags = {tag for tag, _ in _page(out).tags}
    assert "script" not in tags and "img" not in tags
    visible = _visible(out)
    assert visible.count(SCRIPT) == 2 and ONERROR in visible
    assert "1.500000" in visible  # numbers keep the default format
    assert "<script" in df.style.to_html()  # what the helper is for: Styler does not escape


def test_sanitize_html_keeps_markdown_tags_only():
    dirty = (
        '<h2 id="a">T</h2><p><em>e</em> <a href="https://x.y/">ok</a> <a href="javascript:alert(1)">'
        'bad</a> <img src="http://x/y"> <iframe src="http://x"></iframe><script>x()</script>'
        '<span onclick="x()">s</span></p>'
    )
    clean = sanitize_html(dirty)
    tags = _page(clean).tags
    assert {t for t, _ in tags} == {"h2", "p", "em", "a", "span"}
    assert [a.get("href") for t, a in tags if t == "a"] == ["https://x.y/", None]
    assert all("onclick" not in a for _, a in tags)
    assert "&lt;script&gt;" in clean and "&lt;img" in clean  # shown, not run


def test_content_policy_is_the_first_thing_in_head():
    page = add_content_policy("<html><head><title>x</title></head><body></body></html>")
    assert page.index("Content-Security-Policy") < page.index("<title>")
    for rule in ("default-src 'none'", "script-src 'none'", "img-src data:"):
        assert rule in CONTENT_POLICY


def test_exported_markdown_outputs_are_sanitised_even_unescaped():
    """Defence in depth: raw HTML in a Markdown *output* (a string that missed md_text)
    is shown as text in the exported page, and the page carries the CSP."""
    raw = f'# T {SCRIPT}\n\n{ONERROR} <img src="http://127.0.0.1:9/x"> <iframe src=x></iframe> {JS_LINK}'
    out = nbformat.v4.new_output("display_data", data={"text/markdown": raw, "text/plain": ""})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[out])])
    page = export_html(nb, title="t")
    body = page.split("<body", 1)[1]
    tags = {t for t, _ in _page(body).tags}
    assert not tags & {"script", "img", "iframe"}
    assert not any(
        str(v).startswith("javascript:") for _, a in _page(body).tags for v in a.values()
    )
    assert "&lt;script" in body and "&lt;img" in body and external_references(page) == []
    assert "Content-Security-Policy" in page.split("<body", 1)[0]


def test_chart_text_is_not_mathtext():
    """A plan named with "$" signs draws as typed instead of failing as bad mathtext."""
    import matplotlib.pyplot as plt

    from perfkit.pages import plots

    plots.apply_style()
    fig, ax = plt.subplots()
    ax.set_title(r"Plan $\frac$ costs $5")
    ax.bar([r"$\sqrt{$"], [1])
    fig.canvas.draw()  # would raise ValueError with mathtext on
    assert ax.get_title() == r"Plan $\frac$ costs $5"
    plt.close(fig)


# --- in a real browser ------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """A local HTTP server that records every path asked of it."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], _Recorder.hits
    httpd.shutdown()


def _dump_dom(page: Path, tmp: Path) -> str:
    """The DOM after Chromium loaded ``page`` and ran whatever it would run (3 s budget)."""
    cmd = [
        CHROMIUM,
        *_FLAGS,
        f"--user-data-dir={tmp / 'profile'}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def hostile_reports(server, tmp_path_factory):
    """The scenario and comparison reports of the hostile scenario on the hostile export."""
    port, _ = server
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "hostile.yaml").write_text(scenario_text(port), encoding="utf-8")
    hostile_kpis(port).to_csv(tmp / "kpis.csv", index=False)
    baseline = ROOT / "scenarios" / "current_flat_commission.yaml"
    cmd = [
        *("perfkit", "render", str(tmp / "hostile.yaml"), str(baseline)),
        *("--baseline", str(baseline), "--data", str(tmp / "kpis.csv")),
        *("--runs", "2", "--periods", "2", "--out", str(tmp / "out")),
    ]
    from perfkit.apps.cli.main import main

    assert main(cmd[1:]) == 0
    return port, tmp, [tmp / "out" / "hostile.html", tmp / "out" / "comparison.html"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian `chromium`)")
def test_browser_control_page_would_catch_a_leak(server, tmp_path):
    """The harness sees a script run and a request leave when a page does either."""
    port, hits = server
    page = tmp_path / "control.html"
    page.write_text(
        f"<html><head><title>t</title></head><body>{SCRIPT}"
        f'<img src="http://127.0.0.1:{port}/control"></body></html>',
        encoding="utf-8",
    )
    dom = _dump_dom(page, tmp_path)
    assert "<title>PWNED</title>" in dom
    assert "/control" in hits


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian `chromium`)")
@pytest.mark.parametrize("policy", ["with CSP", "without CSP"])
def test_hostile_names_render_as_text_in_a_browser(hostile_reports, server, tmp_path, policy):
    """No payload runs and no request leaves, even with the page's CSP removed (so the
    escaping alone holds); the typed text is there to read."""
    port, _, reports = hostile_reports
    _, hits = server
    for report in reports:
        markup = report.read_text("utf-8")
        assert "Content-Security-Policy" in markup
        assert external_references(markup) == []  # nothing left to warn about
        if policy == "without CSP":
            markup = re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", markup)
        page = tmp_path / report.name
        page.write_text(markup, encoding="utf-8")
        hits.clear()
        dom = _dump_dom(page, tmp_path)
        parsed = _page(dom)
        # the title is the plan's name as typed (text), never what the payload would set
        assert parsed.title.strip() != "PWNED", report.name
        assert parsed.title == _page(markup).title, report.name
        assert not any(a.get("id") == "pwned-marker" for _, a in parsed.tags), report.name
        assert not any("data-pwned" in a for _, a in parsed.tags), report.name
        for tag, attrs in parsed.tags:
            assert tag not in ("script", "iframe"), (report.name, tag, attrs)
            assert not any(str(v).startswith("javascript:") for v in attrs.values()), attrs
            if tag == "img":
                assert str(attrs.get("src", "")).startswith("data:image/png"), attrs
        assert hits == [], (report.name, hits)
        text = re.sub(r"\s+", " ", "".join(parsed.text))
        for typed in (SCRIPT, JS_LINK, f'<img src="http://127.0.0.1:{port}/name">'):
            assert typed in text, (report.name, typed)
    scenario_page = re.sub(r"\s+", " ", "".join(_page(reports[0].read_text("utf-8")).text))
    for typed in ("S" + SCRIPT, "train" + f'<img src="http://127.0.0.1:{port}/reward">'):
        assert typed in scenario_page  # grade and reward names, as typed
    assert "**bold**" in scenario_page  # Markdown in a description is text too


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian `chromium`)")
def test_hostile_report_still_draws_charts_and_styles(hostile_reports, tmp_path):
    """The CSP keeps the report's own needs: inline CSS and data: images."""
    _, _, reports = hostile_reports
    png = screenshot_png(reports[0], tmp_path / "hostile.png", width=1200, height=1600)
    import matplotlib.image

    pixels = matplotlib.image.imread(png)
    assert pixels[..., :3].std() > 0.05
    dom = _page(_dump_dom(reports[0], tmp_path))
    charts = [a for t, a in dom.tags if t == "img" and str(a.get("src", "")).startswith("data:")]
    assert len(charts) >= 5
