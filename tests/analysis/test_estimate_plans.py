"""The plan in force per row: plan column, plan map, unknown plans, per-row pricing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.backtest import backtest
from perfkit.apps.cli.main import main
from perfkit.core.errors import DataError
from perfkit.files.data import load_kpis
from perfkit.payout import compute_statements
from perfkit.payout.in_force import PLAN, plan_history, priced
from perfkit.scheme import load_scenario
from tests.conftest import DATA, SCENARIOS

CURRENT = SCENARIOS / "current_flat_commission.yaml"
LADDER = SCENARIOS / "marginal_ladder.yaml"
SAMPLE = DATA / "sample_kpis_plan_change.csv"


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return load_kpis(SAMPLE)


def test_plan_column_names_each_rows_plan(export):
    df, hist = plan_history(export, load_scenario(CURRENT), str(SAMPLE))
    assert hist.names == ["current_flat_commission", "marginal_ladder"]
    late = df["period"] >= "2025-07"
    assert (df.loc[late, PLAN] == "marginal_ladder").all()
    assert (df.loc[~late, PLAN] == "current_flat_commission").all()


def test_rows_are_priced_under_their_own_plan(export):
    df, hist = plan_history(export, load_scenario(CURRENT), str(SAMPLE))
    st = priced(df, hist)
    late = df["period"] >= "2025-07"
    ladder = compute_statements(df.loc[late], load_scenario(LADDER))
    flat = compute_statements(df.loc[~late], load_scenario(CURRENT))
    assert st["total_pay"].sum() == pytest.approx(
        ladder["total_pay"].sum() + flat["total_pay"].sum()
    )
    # a marginal ladder 2/4/6% on revenue differs from 3% flat: the split is not a no-op
    assert ladder["commission"].sum() != pytest.approx(
        0.03 * df.loc[late, "revenue"].sum(), rel=1e-3
    )
    bt = backtest(hist, load_scenario(LADDER), df)
    assert bt.per_agent["current_pay"].sum() == pytest.approx(st["total_pay"].sum())


def test_unknown_plan_names_line_value_and_known_plans(tmp_path, export):
    text = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    text[5] = text[5].replace("current_flat_commission", "pilot_2026")
    bad = tmp_path / "kpis.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        plan_history(load_kpis(bad), load_scenario(CURRENT), str(bad))
    msg = str(err.value)
    assert "'pilot_2026'" in msg and "line 6" in msg
    assert "marginal_ladder" in msg and "current_flat_commission" in msg


def test_cli_unknown_plan_exits_2_without_traceback(tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("marginal_ladder", "no_such_plan", 1)
    bad = tmp_path / "kpis.csv"
    bad.write_text(text, encoding="utf-8")
    code = main(["backtest", str(CURRENT), str(LADDER), "--data", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "no_such_plan" in err and "Traceback" not in err


def test_plan_map_sets_plans_by_team_and_period(tmp_path):
    kpis = load_kpis(DATA / "sample_kpis.csv")
    pm = tmp_path / "plans.csv"
    pm.write_text(f"plan,team,from\n{LADDER},T1,2025-07\n", encoding="utf-8")
    df, _ = plan_history(kpis, load_scenario(CURRENT), "kpis", pm)
    on = (df["team"] == "T1") & (df["period"] >= "2025-07")
    assert (df.loc[on, PLAN] == "marginal_ladder").all()
    assert (df.loc[~on, PLAN] == "current_flat_commission").all()
    assert on.any() and (~on).any()


def test_plan_map_line_matching_nothing_is_an_error(tmp_path):
    kpis = load_kpis(DATA / "sample_kpis.csv")
    pm = tmp_path / "plans.csv"
    pm.write_text(f"plan,team\n{LADDER},T99\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2: matches no row"):
        plan_history(kpis, load_scenario(CURRENT), "kpis", pm)


def test_blank_plan_takes_the_default_and_none_without_default_is_an_error(export):
    df = export.copy()
    df[PLAN] = np.where(df["period"] >= "2025-07", "marginal_ladder", "")
    out, _ = plan_history(df, load_scenario(CURRENT), str(SAMPLE))
    assert set(out[PLAN]) == {"current_flat_commission", "marginal_ladder"}
    with pytest.raises(DataError, match="no plan named"):
        plan_history(df, None, str(SAMPLE))
