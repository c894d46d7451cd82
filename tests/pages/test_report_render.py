"""The report rendering layer: notebook → papermill → offline HTML / PDF / PNG."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import matplotlib.image
import nbformat
import pytest

from perfkit.core.errors import RenderError
from perfkit.pages.report import fonts
from perfkit.pages.report.batch import RenderJob, render_many
from perfkit.pages.report.execute import json_parameters
from perfkit.pages.report.fonts import PerfkitWarning, configure_matplotlib_fonts
from perfkit.pages.report.html import external_references, make_offline
from perfkit.pages.report.notebook import load_notebook
from perfkit.pages.report.pdf import (
    ChromiumNotFoundError,
    find_chromium,
    print_pdf,
    screenshot_png,
)
from perfkit.pages.report.render import CANCELLED, check_formats, render_notebook

SMOKE = Path(__file__).resolve().parents[1] / "notebooks" / "smoke_report.py"
LABEL = "阶梯方案 ladder-ZX81"
TITLE = "提成方案冒烟测试"
CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (Debian `chromium`, `make setup`)"
)


class _Tags(HTMLParser):
    """Collect (tag, attrs) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """One rendered smoke report (HTML, plus PDF when Chromium is there)."""
    out = tmp_path_factory.mktemp("report") / "smoke.html"
    formats = ("html", "pdf") if CHROMIUM else ("html",)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "agg")  # as `make report` does: figures must still appear
        result = render_notebook(
            SMOKE,
            {"scenario_label": LABEL, "headcount": 7, "data": Path("data/x.csv")},
            out,
            formats=formats,
            timeout=120,
        )
    return result


# --- fast unit tests ----------------------------------------------------------------------


def test_parameters_must_be_json():
    assert json_parameters({"path": Path("a/b.yaml"), "n": [1, 2.5, None]}) == {
        "path": "a/b.yaml",
        "n": [1, 2.5, None],
    }
    with pytest.raises(RenderError, match="'scheme' is not a JSON value"):
        json_parameters({"scheme": object()})


def test_unknown_format_is_an_error():
    assert check_formats(["HTML", "pdf", "html"]) == ("html", "pdf")
    with pytest.raises(RenderError, match="docx"):
        check_formats(["html", "docx"])


def test_make_offline_strips_external_scripts_and_styles():
    page = (
        '<html><head><script src="https://cdn.example/require.js"></script>'
        "<script type='text/javascript' src=//cdn.example/x.js></script>"
        '<link rel="stylesheet" href="http://cdn.example/a.css">'
        "<style>@import url('https://fonts.example/css');</style>"
        "<script>var ok = 1;</script></head>"
        '<body><a href="https://example.com/docs">docs</a></body></html>'
    )
    assert len(external_references(page)) == 4
    offline = make_offline(page)
    assert external_references(offline) == []
    assert "var ok = 1" in offline
    assert 'href="https://example.com/docs"' in offline  # a plain link is not a resource


def test_load_notebook_sets_kernelspec_and_keeps_parameters_tag():
    nb = load_notebook(SMOKE, kernel_name="perfkit")
    assert nb.metadata["kernelspec"]["name"] == "perfkit"
    assert nb.metadata["kernelspec"]["language"] == "python"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    with pytest.raises(RenderError, match="not found"):
        load_notebook(SMOKE.with_name("missing.py"))


def test_configure_fonts_puts_cjk_font_first():
    if fonts.find_cjk_font() is None:
        pytest.skip("no CJK font installed (Debian fonts-noto-cjk)")
    with matplotlib.rc_context():
        name = configure_matplotlib_fonts()
        assert name in fonts.CJK_FONTS
        assert matplotlib.rcParams["font.sans-serif"][0] == name
        assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_configure_fonts_warns_without_cjk_font(monkeypatch):
    monkeypatch.setattr(fonts, "CJK_FONTS", ("No Such Font 123",))
    monkeypatch.setattr(fonts, "_refreshed", True)
    with matplotlib.rc_context(), pytest.warns(PerfkitWarning, match="fonts-noto-cjk"):
        assert configure_matplotlib_fonts() is None


def test_missing_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PERFKIT_CHROMIUM", "no-such-browser-xyz")
    assert find_chromium() is None
    page = tmp_path / "a.html"
    page.write_text("<p>hi</p>")
    with pytest.raises(ChromiumNotFoundError, match="Debian `chromium`"):
        print_pdf(page, tmp_path / "a.pdf")


def test_browser_failure_is_a_render_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PERFKIT_CHROMIUM", "false")  # a "browser" that exits 1
    page = tmp_path / "a.html"
    page.write_text("<p>hi</p>")
    with pytest.raises(RenderError, match=r"Chromium failed \(exit 1\)"):
        print_pdf(page, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


# --- rendering (kernel, browser) ----------------------------------------------------------


@pytest.mark.slow
def test_html_report_is_offline_with_code_hidden(smoke):
    html = smoke.html.read_text("utf-8")
    assert LABEL in html
    assert "data/x.csv" not in html  # parameters are not printed unless the notebook does so
    markdown = re.findall(r"<div[^>]*jp-MarkdownCell[^>]*>(.*?)</div>\s*</div>", html, re.DOTALL)
    assert any(TITLE in cell for cell in markdown)
    assert f"<title>{TITLE}" in html
    assert re.search(r'<img\b[^>]*\bsrc="data:image/png;base64,[A-Za-z0-9+/]{1000}', html)
    body = html.split("<body", 1)[1]  # the stylesheet names input classes; the body must not
    # no code input, prompts or injected parameters
    for code in ("import ", "plt.style.use", "configure_matplotlib_fonts", "# Parameters"):
        assert code not in body
    for marker in ("jp-InputArea", "input_area", "jp-InputPrompt", "injected-parameters"):
        assert marker not in body
    # no error output, no stderr noise
    for marker in (
        "jp-OutputArea-error",
        "Traceback",
        "papermill-error",
        'data-mime-type="application/vnd.jupyter.stderr"',
    ):
        assert marker not in body
    # nothing fetched from the network
    for tag, attrs in _tags(html):
        if tag in ("script", "link", "img", "iframe"):
            url = attrs.get("src") or attrs.get("href") or ""
            assert not url.startswith(("http://", "https://", "//")), (tag, url)
    assert external_references(html) == []
    assert "cdnjs" not in html and "unpkg" not in html


@pytest.mark.slow
def test_executed_notebook_is_kept_for_audit(smoke):
    nb = nbformat.read(smoke.ipynb, as_version=4)
    params = nb.metadata["papermill"]["parameters"]
    assert params["scenario_label"] == LABEL
    assert params["data"] == "data/x.csv"  # a Path was passed as a string
    assert nb.metadata["papermill"]["output_path"] == str(smoke.ipynb)
    stderr = [
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("name") == "stderr"
    ]
    if fonts.find_cjk_font() is not None:
        assert not any("missing from font" in text for text in stderr), stderr
    assert smoke.seconds > 0
    leftovers = {p.name for p in smoke.html.parent.iterdir()} - {p.name for p in smoke.paths}
    assert leftovers == set()  # no temporary files left behind


@pytest.mark.slow
@needs_chromium
def test_pdf_is_a_real_pdf(smoke):
    assert smoke.pdf is not None
    data = smoke.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 10_000


@pytest.mark.slow
@needs_chromium
def test_screenshot_is_not_blank(smoke, tmp_path):
    png = screenshot_png(smoke.html, tmp_path / "smoke.png", width=1200, height=1400)
    pixels = matplotlib.image.imread(png)
    assert pixels.shape[:2] == (1400, 1200)
    assert pixels[..., :3].std() > 0.05


@pytest.mark.slow
def test_failing_notebook_writes_no_report(tmp_path):
    out = tmp_path / "failing.html"
    out.write_text("OLD GOOD REPORT", "utf-8")
    with pytest.raises(RenderError) as info:
        render_notebook(SMOKE, {"fail_with": "boom-3141"}, out, timeout=120)
    message = str(info.value)
    assert "boom-3141" in message and "ValueError" in message
    assert "smoke_report.py [failing]" in message and "cell 4 (`" in message
    assert "\n" not in message and "Traceback" not in message
    assert out.read_text("utf-8") == "OLD GOOD REPORT"
    assert {p.name for p in tmp_path.iterdir()} == {"failing.html", "failing.failed.ipynb"}


@pytest.mark.slow
def test_data_tables_are_published_with_the_report_and_not_on_interrupt(tmp_path):
    out, data = tmp_path / "r.html", tmp_path / "data" / "r"
    result = render_notebook(SMOKE, {"scenario_label": "ALPHA-1", "out_dir": data}, out)
    assert (data / "table.csv").read_text("utf-8") == "label\nALPHA-1\n"
    nb = nbformat.read(str(result.ipynb), as_version=4)
    injected = [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and f'out_dir = "{data}"' in injected[0]  # the audit copy names the real place
    assert nb.metadata["papermill"]["parameters"]["out_dir"] == str(data)
    CANCELLED.set()  # as if the user pressed Ctrl-C while this render was running
    try:
        with pytest.raises(RenderError, match="interrupted; nothing was written"):
            render_notebook(SMOKE, {"scenario_label": "BRAVO-2", "out_dir": data}, out)
    finally:
        CANCELLED.clear()
    assert (data / "table.csv").read_text("utf-8") == "label\nALPHA-1\n"
    assert "ALPHA-1" in out.read_text("utf-8") and "BRAVO-2" not in out.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "r.html", "r.ipynb"]


@pytest.mark.slow
def test_render_many_reports_each_outcome(tmp_path):
    jobs = [
        RenderJob(SMOKE, {"scenario_label": "good"}, tmp_path / "good.html", timeout=120),
        RenderJob(SMOKE.with_name("no_such_report.py"), {}, tmp_path / "bad.html"),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfkitWarning)
        good, bad = render_many(jobs, jobs_n=2, progress=False)
    assert good.ok and good.error is None and good.seconds > 0
    assert good.result.html.is_file() and good.result.html in good.paths
    assert "good" in good.result.html.read_text("utf-8")
    assert not bad.ok and "no_such_report.py" in bad.error and bad.result is None
    assert bad.paths == [] and not (tmp_path / "bad.html").exists()


def test_missing_chromium_still_writes_html(smoke, tmp_path, monkeypatch):
    """No browser: a clear error for the PDF, but the HTML and notebook are written."""
    executed = nbformat.read(smoke.ipynb, as_version=4)
    monkeypatch.setattr("perfkit.pages.report.render.run_notebook", lambda *a, **k: executed)
    monkeypatch.setenv("PERFKIT_CHROMIUM", "no-such-browser-xyz")
    out = tmp_path / "nopdf.html"
    with pytest.raises(ChromiumNotFoundError, match="chromium") as info:
        render_notebook(SMOKE, {}, out, formats=("html", "pdf"))
    result = info.value.result
    assert result is not None and result.pdf is None and result.html == out
    assert LABEL in out.read_text("utf-8")
    assert {p.name for p in tmp_path.iterdir()} == {"nopdf.html", "nopdf.ipynb"}


def test_render_many_starts_the_heaviest_first(tmp_path, monkeypatch):
    """A long comparison does not start last; outcomes still come back in job order."""
    import perfkit.pages.report.batch as batch

    started = []

    def fake(job, kernels=None):
        started.append(job.name)
        return batch.RenderOutcome(job=job, ok=True, seconds=0.0)

    monkeypatch.setattr(batch, "render_one", fake)
    jobs = [RenderJob(SMOKE, {}, tmp_path / f"{n}.html", weight=w)
            for n, w in (("a", 1.0), ("b", 1.0), ("comparison", 10.0))]  # fmt: skip
    outcomes = render_many(jobs, jobs_n=1, progress=False)
    assert started == ["comparison", "a", "b"]
    assert [o.job.name for o in outcomes] == ["a", "b", "comparison"]


def test_render_many_renders_a_report_once_its_work_says_it_is_ready(tmp_path, monkeypatch):
    """While ``before`` runs (the batch's simulations), a report it calls ready renders at
    once, before the work ends; the reports it never called for render after it."""
    import threading

    import perfkit.pages.report.batch as batch

    started, rendered = [], threading.Event()

    def fake(job, kernels=None):
        started.append(job.name)
        rendered.set()
        return batch.RenderOutcome(job=job, ok=True, seconds=0.0)

    def work(ready):
        ready(1)
        assert rendered.wait(30)  # rendered while the work still runs
        ready(1)  # told twice: rendered once
        started.append("work done")

    monkeypatch.setattr(batch, "render_one", fake)
    jobs = [RenderJob(SMOKE, {}, tmp_path / f"{n}.html", weight=w)
            for n, w in (("a", 1.0), ("b", 1.0), ("comparison", 10.0))]  # fmt: skip
    outcomes = render_many(jobs, jobs_n=1, progress=False, before=work)
    assert started == ["b", "work done", "comparison", "a"]
    assert [o.job.name for o in outcomes] == ["a", "b", "comparison"]
