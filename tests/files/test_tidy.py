"""Numbers in HR's files rounded to their unit (perfkit.files.tidy.rounded)."""

from __future__ import annotations

import math

import pandas as pd

from perfkit.files.tidy import rounded


def test_each_number_is_rounded_to_what_its_unit_shows() -> None:
    df = pd.DataFrame(
        {
            "kpi": ["complaint_rate", "revenue"],
            "value": [0.26999999999999996, 4937.683925982859],  # per row: a rate, money
            "revenue": [1250.0000000000036, 33260.664999],  # a money column by its name
            "agents": [16.22222222222222, 8.6],  # heads
            "score_gain": [13.650986342943852, math.nan],  # no unit: two decimals
            "team": ["T1", "T2"],
        }
    )
    out = rounded(df, {"agents": "heads"}, by_kpi=["value"])
    assert out["value"].tolist() == [0.27, 4937.68]
    assert out["revenue"].tolist() == [1250.0, 33260.66]
    assert out["agents"].tolist() == [16, 9] and out["agents"].dtype == "int64"
    assert out["score_gain"].iloc[0] == 13.65 and math.isnan(out["score_gain"].iloc[1])
    assert out["team"].tolist() == ["T1", "T2"] and df["value"].iloc[0] != 0.27  # a copy
    assert out.to_csv(index=False).count("999999") == 0


def test_a_rate_keeps_four_decimals_of_a_percent() -> None:
    df = pd.DataFrame({"metric": ["conversion_rate"], "actual": [0.008406542056074766]})
    assert rounded(df, by_kpi=["actual"], kpi="metric")["actual"].iloc[0] == 0.008407
