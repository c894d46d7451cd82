"""The executive summary starts on the PDF's first page: its cell is tagged, the tag
reaches the HTML as a class, and the print CSS breaks no page before a section (sections
flow; the PDF's page fill is read back in test_report_pages.py)."""

from __future__ import annotations

import jupytext
import nbformat

from perfkit.pages.report.css import REPORT_CSS
from perfkit.pages.report.html import export_html
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
