"""The executive summary starts on the PDF's first page: its cell is tagged, the tag
reaches the HTML as a class, and the print CSS breaks no page before a section (sections
flow; the PDF's page fill is read back in test_report_pages.py)."""

from __future__ import annotations

from unicodedata import normalize

import jupytext
import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from perfkit.pages.report.css import REPORT_CSS
from perfkit.pages.report.html import export_html
from perfkit.pages.report.pdf import find_chromium, print_pdf
from perfkit.words.report.display import _styled
from tests.conftest import ROOT


def test_summary_cell_is_tagged():
    nb = jupytext.read(ROOT / "notebooks" / "scenario_report.py")
    cells = [c for c in nb.cells if 'rt.heading("summary"' in c.source]
    assert len(cells) == 1 and "summary" in cells[0].metadata.get("tags", [])


def test_tag_reaches_html_and_css_keeps_summary_on_page_one():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x", metadata={"tags": ["summary"]})
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "## 1. S"})]
    nb.cells = [cell]
    html = export_html(nb, title="t")
    assert "celltag_summary" in html
    printed = REPORT_CSS.split("@media print")[-1]  # the report's own, after the base's
    assert "break-before" not in printed and "page-break-before" not in printed
    assert "break-after: avoid" in printed.split("h4")[1]  # headings keep with what follows


#: Page 1's three numbers as the zh comparison prints them (long plan names, intervals).
THREE_ZH = pd.DataFrame(
    {
        "指标": ["扣薪后毛利", "薪酬总额", "销售额"],
        "现行方案：基本工资 + 3% 固定提成": ["938.7万元", "596.6万元", "3,256万元"],
        "超额累进提成 2% / 4% / 6%": ["1,073万元", "609.9万元", "3,574万元"],
        "变化": ["+134.3万元", "+13.3万元", "+317.9万元"],
        "95% 区间": [
            "+124.6万元 至 +144.0万元",
            "+11.4万元 至 +15.2万元",
            "+295.3万元 至 +340.6万元",
        ],
    }
)


@pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed")
def test_page_one_figures_never_wrap_when_printed(tmp_path):
    """Printed on A4 with the report CSS, every figure of page 1's table stays on one line
    (the headers may wrap): read back from the PDF's text, line by line."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    html = _styled(THREE_ZH, figures=True).to_html()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    nb.cells = [cell]
    page = tmp_path / "three.html"
    page.write_text(export_html(nb, title="t", lang="zh"), encoding="utf-8")
    lines = PdfReader(print_pdf(page, tmp_path / "three.pdf")).pages[0].extract_text().splitlines()
    text = "\n".join(" ".join(normalize("NFKC", line).split()) for line in lines)
    for cell_text in THREE_ZH.iloc[:, 1:].to_numpy().ravel():
        assert " ".join(cell_text.split()) in text, cell_text
    assert "扣薪后毛利" in text


#: A sweep of the commission rate as perfkit.analysis.sweep returns it (the 3% row is the
#: reference), with the widest intervals a report shows: both ends negative, in millions.
SWEEP = pd.DataFrame(
    {"commission.rate": [0.015, 0.02, 0.03, 0.04, 0.045],
     "revenue": [28.70e6, 30.1e6, 32.5e6, 34.9e6, 35.69e6],
     "total_pay": [5.448e6, 5.7e6, 6.0e6, 6.4e6, 6.564e6],
     "cost_of_sales": [0.19, 0.189, 0.186, 0.185, 0.184],
     "profit": [8.013e6, 8.9e6, 9.385e6, 10.1e6, 10.31e6],
     "profit:diff": [-1.373e6, -0.48e6, 0, 0.71e6, 0.925e6],
     "profit:diff_low": [-1.583e6, -0.6e6, 0, 0.6e6, 0.805e6],
     "profit:diff_high": [-1.164e6, -0.36e6, 0, 0.82e6, 1.046e6]}
)  # fmt: skip
SWEEP.attrs["reference"] = 2


@pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sensitivity_amounts_and_intervals_are_whole_and_on_the_page(tmp_path, lang):
    """The sensitivity table is too wide to keep every cell on one line: a cell breaks
    only before its interval, so no amount leaves its unit ('2,870万\\n元', 'CNY\\n28.7M'),
    no interval breaks at its dash (Unicode allows a break after '–' even before a no-break
    space), and the table stays on the A4 page: every figure and interval is read back
    whole, on one line, from the printed PDF (a figure cut off at the page's edge is not)."""
    from perfkit.words.report.appendix import sweep_table

    name = {"en": "Commission rate", "zh": "提成比例"}[lang]  # the lever, as the report names it
    sweep = sweep_table(SWEEP, "commission.rate", name, "CNY", lang)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    html = _styled(sweep, amounts=True).to_html()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    nb.cells = [cell]
    page = tmp_path / "sweep.html"
    page.write_text(export_html(nb, title="t", lang=lang), encoding="utf-8")
    text = PdfReader(print_pdf(page, tmp_path / "sweep.pdf")).pages[0].extract_text()
    lines = [" ".join(normalize("NFKC", line).replace("\u2060", "").split()) for line in
             text.replace("\u2012", "–").splitlines()]  # fmt: skip
    pieces = [p for c in sweep.iloc[:, 1:].to_numpy().ravel() for p in c.split(" (")]
    for piece in pieces:  # the figure, then "(low – high)" on a line of its own or after it
        want = " ".join(normalize("NFKC", piece).replace("\u2060", "").split()).lstrip("(")
        assert any(want in line for line in lines), (want, lines)
