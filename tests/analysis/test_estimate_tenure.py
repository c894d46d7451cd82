"""Tenure without hire dates: taken from each agent's first month, said in one line, and a
flat plan forecast on the client's floor stays at the export's level."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from perfkit.files.data import load_kpis
from perfkit.fit.calibration.estimates import TENURE_NOTE, tenure_from_first_month
from perfkit.scheme import load_scenario
from perfkit.simulate import simulate
from tests.conftest import DATA, SCENARIOS


def test_tenure_counts_from_the_first_month_and_first_month_agents_get_the_prior():
    df = pd.DataFrame({"agent_id": ["a", "a", "a", "b", "b"],
                       "period": ["2025-01", "2025-02", "2025-03", "2025-02", "2025-03"]})  # fmt: skip
    with pytest.warns(Warning, match="no hire_date") as caught:
        tenure = tenure_from_first_month(df, 24.0)
    assert tenure.tolist() == [24.0, 25.0, 26.0, 0.0, 1.0]  # b joined in February
    assert len(caught) == 1
    assert "2025-01" in str(caught[0].message) and "24 months" in str(caught[0].message)


@pytest.fixture(scope="module")
def no_hire_dates(tmp_path_factory):
    raw = pd.read_csv(DATA / "sample_kpis.csv")
    path = tmp_path_factory.mktemp("export") / "kpis_no_hire_dates.csv"
    raw.drop(columns=["hire_date"]).to_csv(path, index=False)
    return path


def test_an_export_without_hire_dates_is_flagged_on_reading(no_hire_dates):
    assert load_kpis(no_hire_dates).attrs.get("tenure_missing") is True
    assert not load_kpis(DATA / "sample_kpis.csv").attrs.get("tenure_missing")


def test_a_flat_plan_stays_at_the_exports_revenue_per_agent_month(no_hire_dates):
    """Before: tenure 0 for everyone doubled skill and grew the forecast to 2× by month 12."""
    export = load_kpis(no_hire_dates)
    level = export["revenue"].sum() / len(export)
    sc = load_scenario(SCENARIOS / "current_flat_commission.yaml")  # the plan in force
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = simulate(sc, runs=20, seed=0, periods=12, population=no_hire_dates)
    said = {str(w.message) for w in caught if "no hire_date" in str(w.message)}
    assert len(said) == 1 and TENURE_NOTE.split(":")[0] in next(iter(said))
    by_month = res.agents.groupby("period", observed=True)["revenue"].mean() / level
    assert len(by_month) == 12
    assert np.all(np.abs(by_month.to_numpy() - 1) < 0.10), by_month.round(3).tolist()
