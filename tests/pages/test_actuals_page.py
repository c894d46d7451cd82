"""The briefing report of the plan in force shows the model beside what happened; the report
of another plan does not (notebooks/scenario_report.py, rendered)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfkit.pages.report.batch import RenderJob, render_many
from perfkit.text import t

ROOT = Path(__file__).resolve().parents[2]
FLAT = ROOT / "scenarios" / "current_flat_commission.yaml"
LADDER = ROOT / "scenarios" / "marginal_ladder.yaml"
DATA = ROOT / "data" / "sample_kpis.csv"
SMALL = {"runs": 10, "max_runs": 10, "periods": 12, "seed": 0}


@pytest.mark.slow
def test_only_the_plan_in_force_report_compares_the_model_with_what_happened(tmp_path):
    """≈ 40 s: the plan in force in Chinese, another plan in English."""
    base = {"baseline": str(FLAT), "data": str(DATA), **SMALL}
    specs = {"in_force": (FLAT, "zh"), "other": (LADDER, "en")}
    jobs = [
        RenderJob(
            notebook=ROOT / "notebooks" / "scenario_report.py",
            parameters={**base, "scenario": str(sc), "lang": lang, "out_dir": str(tmp_path / n)},
            out_html=tmp_path / f"{n}.html",
            timeout=300,
            cwd=ROOT,
        )
        for n, (sc, lang) in specs.items()
    ]
    outcomes = render_many(jobs, jobs_n=2, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    page = (tmp_path / "in_force.html").read_text("utf-8")
    doc = json.loads((tmp_path / "in_force" / "actuals.json").read_text("utf-8"))
    assert t("actuals.heading", "zh") in page and t("actuals.col.verdict", "zh") in page
    assert doc["plan"]["how"] == "population_plan" and doc["runs"] == 10
    assert [m["name"] for m in doc["measures"]] == [
        "revenue", "total_pay", "cost_of_sales", "attrition", "trend"
    ]  # fmt: skip
    differing = [m["name"] for m in doc["measures"] if m["differs"]]
    for name in differing:
        assert t(f"actuals.measure.{name}", "zh") in page.split(t("actuals.differs_intro", "zh"))[1]
    assert "attrition" in differing  # the scenario's prior, against few quits (docs §6)
    other = (tmp_path / "other.html").read_text("utf-8")
    assert t("actuals.heading", "en") not in other
    assert not (tmp_path / "other" / "actuals.json").exists()
