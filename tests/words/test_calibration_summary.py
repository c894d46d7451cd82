"""The calibration report's page 1: the export, the fit, the back-test in a sentence and
what it rests on, every number the back-test's own; the plans by their names in Chinese."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from perfkit.analysis.backtest import backtest
from perfkit.files.data import load_kpis
from perfkit.scheme import load_scenario
from perfkit.text.numbers import money
from perfkit.words.plan import localized
from perfkit.words.report.calibration import calibration_summary
from tests.conftest import DATA, SCENARIOS


@pytest.fixture(scope="module")
def case():
    kpis = load_kpis(DATA / "sample_kpis.csv")
    cur, new = (
        load_scenario(SCENARIOS / f"{n}.yaml")
        for n in ("current_flat_commission", "marginal_ladder")
    )
    return kpis, cur, new, backtest(cur, new, kpis)


def test_the_back_test_sentence_is_the_back_tests_own(case):
    kpis, cur, new, bt = case
    said, _, table = calibration_summary(kpis, None, bt, cur, new, "en")
    before, after = bt.per_agent["current_pay"].sum(), bt.per_agent["new_pay"].sum()
    assert f"pay {money(after)}" in said and f"the {money(before)} under" in said
    assert money(abs(after - before)) + (" more" if after > before else " less") in said
    losers = int(bt.per_agent["change"].lt(-0.001).sum())
    assert f"{losers} lose more than 0.1%" in said
    assert f"{kpis['agent_id'].nunique()} agents in {kpis['team'].nunique()} teams" in said
    assert "How well" not in said  # no calibration report given: no fit sentence
    assert list(table.iloc[:, 0]) == ["Total pay", "Incentive pay", "Cost of sales (pay ÷ revenue)"]


def test_the_fit_sentence_reads_the_revenue_rows(case):
    kpis, cur, new, bt = case
    fit = pd.DataFrame({"kpi": ["revenue", "revenue"], "level": ["agent-period", "agent"],
                        "r2": [0.6, 0.987], "mae": [1.0, 1.0], "mean": [1.0, 1.0]})  # fmt: skip
    said, _, _ = calibration_summary(kpis, SimpleNamespace(fit=fit), bt, cur, new, "en")
    assert "R² 0.99 over the whole period, 0.60 month by month" in said


def test_chinese_page_one_names_the_plans_in_chinese(case):
    kpis, cur, new, _ = case
    zcur, znew = localized(cur, "zh"), localized(new, "zh")
    said, lead, table = calibration_summary(
        kpis, None, backtest(zcur, znew, kpis), zcur, znew, "zh"
    )
    assert f"「{znew.name}」" in said.replace("\\", "") and "「" in lead
    assert cur.name not in said and list(table.columns)[1:3] == [zcur.name, znew.name]
