"""The executive summary starts on the PDF's first page: its cell is tagged, the tag
reaches the HTML as a class, and the print CSS breaks no page before a section (sections
flow; the PDF's page fill is read back in test_report_pages.py)."""

from __future__ import annotations

import re
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


@pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed")
def test_sensitivity_amounts_are_never_broken_inside(tmp_path):
    """The sensitivity table is too wide to keep every cell on one line: its cells break
    at their spaces only, so no amount is split from its unit ('2,870万\\n元')."""
    sweep = pd.DataFrame(
        {"提成比例": ["1.5%", "4.5%"], "销售额": ["2,870万元", "3,569万元"],
         "薪酬总额": ["544.8万元", "656.4万元"], "销售成本率（薪酬÷销售额）": ["19.0%", "18.4%"],
         "扣薪后毛利": ["801.3万元", "1,031万元"],
         "毛利相对参照点（95% 置信区间）": ["−137.3万元 (−158.3万元\u00a0–\u00a0−116.4万元)",
                                           "92.5万元 (80.5万元\u00a0–\u00a0104.6万元)"]}
    )  # fmt: skip
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    html = _styled(sweep, amounts=True).to_html()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    nb.cells = [cell]
    page = tmp_path / "sweep.html"
    page.write_text(export_html(nb, title="t", lang="zh"), encoding="utf-8")
    text = PdfReader(print_pdf(page, tmp_path / "sweep.pdf")).pages[0].extract_text()
    words = normalize("NFKC", text).split()
    amounts = [a for a in words if "万" in a or "元" in a]
    assert amounts and all(re.search(r"[\d,.]+万元\)?$", a) for a in amounts), amounts
