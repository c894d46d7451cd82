"""The printed comparison, read back from its PDF: page 1 decides (ranking, recommendation,
the three numbers, what it rests on), at most ten pages, and no page but the last more
than half blank (the share of the page's height down to its last line of text or image)."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from perfkit.pages.report.pdf import find_chromium
from perfkit.pages.report.render import render_notebook
from perfkit.text import t
from tests.conftest import ROOT, SCENARIOS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed"),
]

#: The report's print margins (css.py ``@page``), in PDF points (1 mm = 72 / 25.4 pt).
TOP, BOTTOM = 14 * 72 / 25.4, 16 * 72 / 25.4


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices ``[a b c d e f]``."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]  # fmt: skip


def lowest_ink(page: PageObject) -> float:
    """How far down the page its last text line or image reaches, in points from the top."""
    height = float(page.mediabox.height)
    lows = [0.0]

    def text(s, cm, tm, font, size):
        if s.strip():
            m = _times(tm, cm)
            lows.append(height - m[5] + 0.25 * abs(size * m[3]))  # the baseline, descender

    def image(op, args, cm, tm):
        if op == b"Do":  # an image (a chart) drawn into the unit square the matrix maps
            lows.append(height - min(cm[5], cm[5] + cm[1] + cm[3]))

    page.extract_text(visitor_text=text, visitor_operand_before=image)
    return max(lows)


def filled(page: PageObject) -> float:
    """The share of the printable height above the page's lowest ink."""
    usable = float(page.mediabox.height) - TOP - BOTTOM
    return (lowest_ink(page) - TOP) / usable


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> PdfReader:
    """A small comparison of three plans (few runs and periods), printed to PDF."""
    out = tmp_path_factory.mktemp("pages") / "comparison.html"
    names = ("marginal_ladder", "whole_amount_ladder")
    parameters = {
        "scenarios": [str(SCENARIOS / f"{n}.yaml") for n in names],
        "baseline": str(SCENARIOS / "current_flat_commission.yaml"),
        "runs": 5,
        "periods": 4,
        "seed": 0,
        "lang": "en",
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "agg")
        result = render_notebook(
            ROOT / "notebooks" / "plan_comparison.py", parameters, out, formats=("html", "pdf"),
            timeout=300, cwd=ROOT,
        )  # fmt: skip
    return PdfReader(result.pdf)


def _text(page: PageObject) -> str:
    """The page's text on one line, ligatures (ﬁ, ﬂ) spelt out."""
    return " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())


def test_first_page_decides(pdf):
    first = _text(pdf.pages[0])
    for phrase in ("Executive summary", "Ranking by profit after pay", "Recommendation for",
                   "What it rests on", "The three numbers that matter", "95% interval",
                   "Gross profit after pay", "Total pay", "Revenue"):  # fmt: skip
        assert phrase in first, phrase
    assert "Whole-amount ladder" in first and "Marginal ladder" in first
    assert "gross margin of 50%" in first  # what profit assumes, with its source


def test_at_most_ten_pages_with_the_appendix_last(pdf):
    assert len(pdf.pages) <= 10
    pages = [_text(p) for p in pdf.pages]
    appendix = t("report.heading.appendix", "en")
    findings = t("report.heading.plan_recommendations", "en")
    first = {key: next(i for i, s in enumerate(pages) if key in s) for key in (appendix, findings)}
    assert first[findings] <= first[appendix]


def test_no_page_but_the_last_is_half_blank(pdf):
    shares = [round(filled(p), 2) for p in pdf.pages]
    assert all(0 < s <= 1.02 for s in shares), shares
    assert min(shares[:-1]) >= 0.5, shares


def test_fill_reads_a_half_page():
    """The measure itself: a page whose only line sits at mid-height is about half full."""
    page = PageObject.create_blank_page(width=595, height=842)
    mid = 842 / 2
    stream = f"BT /F1 12 Tf 1 0 0 1 72 {mid:.1f} Tm (x) Tj ET".encode()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})  # fmt: skip
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    content = ContentStream(None, None)
    content.set_data(stream)
    page.replace_contents(content)
    assert lowest_ink(page) == pytest.approx(mid + 3, abs=0.5)
    assert filled(page) == pytest.approx((mid + 3 - TOP) / (842 - TOP - BOTTOM), abs=0.01)
