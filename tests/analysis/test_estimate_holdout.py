"""Hold-out validation: the split, its errors, the metrics, and one run on the bundled export."""

from __future__ import annotations

import pandas as pd
import pytest

from perfkit.analysis.estimate.holdout import compare, report_section, split
from perfkit.apps.cli.main import main
from perfkit.core.errors import DataError, ParameterError
from perfkit.files.data import load_kpis
from tests.conftest import DATA, SCENARIOS

CURRENT = SCENARIOS / "current_flat_commission.yaml"
SAMPLE = DATA / "sample_kpis_plan_change.csv"


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return load_kpis(SAMPLE)


def test_split_holds_out_months_and_teams(export):
    held = split(export, "2025-10", None, "x")
    assert (export.loc[held, "period"] >= "2025-10").all() and held.sum() > 0
    teams = split(export, "2025-10", ["T1"], "x")
    assert set(export.loc[teams, "team"]) == {"T1"} and teams.sum() < held.sum()


@pytest.mark.parametrize(
    ("start", "teams", "error", "words"),
    [
        ("2026-03", None, DataError, "nothing to hold out"),
        ("2025-02", None, DataError, "1 month(s) before it"),
        (None, ["T1"], ParameterError, "needs --holdout-from"),
        ("2025-10", ["T9"], DataError, "no team 'T9'"),
    ],
)
def test_split_errors_say_what_is_wrong(export, start, teams, error, words):
    with pytest.raises(error) as err:
        split(export, start, teams, "kpis.csv")
    assert words in str(err.value)


def test_held_out_teams_are_censored_at_the_split_not_counted_as_quits(export):
    from perfkit.analysis.estimate.attrition import quits

    held = split(export, "2025-10", ["T1", "T2"], "x")
    kept = export.loc[~held].reset_index(drop=True)
    _, quit = quits(kept)
    _, quit_all = quits(export)
    before = (export["period"] < "2025-09").to_numpy()
    # every quit seen before the split is still one; nobody of T1, T2 "quits" at the split
    assert quit[(kept["period"] < "2025-09").to_numpy()].sum() == quit_all[before].sum()
    at_split = (kept["team"].isin(["T1", "T2"]) & (kept["period"] == "2025-09")).to_numpy()
    assert at_split.sum() >= 30 and not quit[at_split].any()


def test_cli_nothing_to_hold_out_exits_2(capsys, tmp_path):
    code = main(["validate-forecast", str(CURRENT), "--data", str(SAMPLE), "--holdout-from",
                 "2027-01", "--out", str(tmp_path)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "nothing to hold out" in err and "Traceback" not in err


def test_metrics_on_a_worked_example():
    # team A: runs 100, 110, 120 (mean 110, P10 102, P90 118), actual 100: outside, 10% off;
    # team B: runs 80, 90, 100 (mean 90, P10 82, P90 98), actual 90: inside, exact
    sims = pd.DataFrame({"run": [0, 1, 2] * 2, "period": ["2025-10"] * 6,
                         "team": ["A"] * 3 + ["B"] * 3,
                         "revenue": [100.0, 110, 120, 80, 90, 100]})  # fmt: skip
    sims["orders"] = sims["dials"] = sims["revenue"]
    actual = pd.DataFrame({"period": ["2025-10"] * 2, "team": ["A", "B"],
                           "revenue": [100.0, 90.0]})  # fmt: skip
    actual["orders"] = actual["dials"] = actual["revenue"]
    table, metrics = compare(sims, actual)
    m = metrics.set_index("kpi").loc["revenue"]
    assert m["mape"] == pytest.approx((0.10 + 0.0) / 2)
    assert m["bias"] == pytest.approx(200 / 190 - 1)
    assert m["coverage"] == pytest.approx(0.5)
    t = table[table["kpi"] == "revenue"].set_index("team")
    assert t.loc["A", "p10"] == pytest.approx(102.0) and t.loc["A", "p90"] == pytest.approx(118.0)
    assert t.loc["B", "inside"] and not t.loc["A", "inside"]


def test_bundled_holdout_forecast_and_report_section(tmp_path):
    from perfkit.analysis.estimate.holdout import validate_forecast, write

    check = validate_forecast(CURRENT, SAMPLE, holdout_from="2025-10", runs=20, bootstrap=99)
    m = check.metrics.set_index("kpi")
    assert list(m.index) == ["revenue", "orders", "dials"]
    assert m.loc["dials", "team_months"] == 6 * 3
    assert abs(m.loc["dials", "bias"]) < 0.10  # dials are the calibrated quantity
    assert (m["mape"] < 0.5).all()
    paths = write(check, tmp_path)
    assert paths["table"].exists() and "MAPE" in paths["summary"].read_text(encoding="utf-8")
    text, table = report_section(check, "zh")
    assert "模型对本团队的预测准确度" in text and "外呼量" in set(table.iloc[:, 0])
