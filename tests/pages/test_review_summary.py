"""The monthly review's page 1 (goals, the month against its forecast, whom to coach first,
what it rests on) and its links: only to files the review wrote."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from perfkit.pages.review.floor import run_review
from perfkit.pages.review.summary import review_summary, team_links
from perfkit.pages.review.words import kpi_value
from perfkit.scheme.loader import parse_scenario
from perfkit.text import t
from tests.pages.test_review import FLAT, floor


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    sc = parse_scenario(FLAT, source="flat.yaml")
    return run_review(sc, floor(), "2025-03", out, "en", runs=0, pdf=False), out


def test_goals_sentence_adds_up_the_teams(review):
    r, _ = review
    g = r.goals
    text = review_summary(r, 0, "en")
    reached = int((g["progress"] >= 1).sum())
    assert f"**Goals**: {reached} of {len(g)} teams reached their revenue goal" in text
    assert kpi_value("revenue", g["actual"].sum(), "en") in text
    assert kpi_value("revenue", g["goal"].sum(), "en") in text
    assert "**Against the forecast**" not in text  # no forecast run: no such sentence
    assert "**Coach first**" in text and "**What it rests on**" in text
    assert "simulated runs" not in text


def test_forecast_sentence_names_what_is_outside_the_band(review):
    r, _ = review
    bands = pd.DataFrame({"metric": ["revenue_per_agent", "connect_rate"], "actual": [1.0, 0.2],
                          "p10": [2.0, 0.1], "p50": [3.0, 0.2], "p90": [4.0, 0.3],
                          "flag": ["below", "ok"], "good": ["no", ""]})  # fmt: skip
    text = review_summary(dataclasses.replace(r, bands=bands), 40, "zh")
    assert "2 项指标中有 1 项超出预测的 P10–P90 区间" in text and "低于 P10 ⚠" in text
    assert "40 次模拟" in text
    said = review_summary(dataclasses.replace(r, bands=bands), 40, "en", caveat="Paid under X.")
    assert "below P10 ⚠. Paid under X." in said.replace("\\", "")
    inside = bands.assign(flag="ok", good="")
    assert t("revsum.forecast_inside", "en", n=2) in review_summary(
        dataclasses.replace(r, bands=inside), 40, "en"
    )


def test_links_only_to_files_that_exist(review):
    r, out = review
    links = team_links(r, out, "review-2025-03", "en")
    assert "(review-2025-03/team_T0.html)" in links and "(review-2025-03/team_T1.html)" in links
    assert ".pdf" not in links  # no PDF printed: none linked
    pdf = out / "sheets" / "T0.pdf"
    pdf.write_bytes(b"%PDF-")
    with_pdf = dataclasses.replace(r, files=dataclasses.replace(r.files, team_pdfs=[pdf]))
    assert "(review-2025-03/sheets/T0.pdf)" in team_links(with_pdf, out, "review-2025-03", "en")
    pdf.unlink()
    assert ".pdf" not in team_links(with_pdf, out, "review-2025-03", "en")  # gone: unlinked
