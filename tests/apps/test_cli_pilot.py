"""`perfkit pilot design` and `perfkit pilot evaluate` end to end, and their bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from perfkit.apps.cli.main import main
from tests.conftest import DATA, SCENARIOS

PLAN, CURRENT = SCENARIOS / "marginal_ladder.yaml", SCENARIOS / "current_flat_commission.yaml"


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def designed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("design")
    code = main(
        ["pilot", "design", str(PLAN), "--baseline", str(CURRENT), "--data",
         str(DATA / "pilot_kpis_before.csv"), "--out", str(out), "--months", "2", "4",
         "--reps", "400", "--runs", "2", "--seed", "1", "--no-pdf"]
    )  # fmt: skip
    assert code == 0
    return out


def test_design_writes_the_plan(designed: Path) -> None:
    names = {p.name for p in designed.iterdir()}
    assert {"assignment.csv", "power.csv", "forecast.csv", "design.json",
            "pilot_plan_en.html", "pilot_plan_zh.html"} <= names  # fmt: skip
    a = pd.read_csv(designed / "assignment.csv", encoding="utf-8-sig")
    choice = json.loads((designed / "design.json").read_text())["choice"]
    assert (a["arm"] == "pilot").sum() == choice["teams"]
    assert set(a["pilot_start"]) == {"2025-09"}
    for plan in set(a["scenario"]) | set(a["baseline"]):  # where `pilot evaluate` looks
        assert not plan.startswith(("..", "/")), plan  # never climbs out, never this machine's
        assert (designed / plan).is_file() or Path(plan).is_file(), plan


@pytest.mark.slow
def test_evaluate_end_to_end(designed: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(
        capsys, "pilot", "evaluate", "--data", DATA / "pilot_kpis.csv", "--assignment",
        DATA / "pilot_assignment.csv", "--forecast", designed, "--out", tmp_path, "--reps", "199",
        "--no-pdf",
    )  # fmt: skip
    assert code == 0, err
    assert "recommendation: roll out" in out
    assert "CNY +" in out and " pp " in out  # money with its currency, team rates in points
    effects = pd.read_csv(tmp_path / "effects.csv", encoding="utf-8-sig")
    assert list(effects["outcome"]) == [
        "revenue", "profit", "orders", "dials", "pay", "cost_of_sales", "complaints", "attrition",
    ]  # fmt: skip
    assert effects["forecast"].notna().all()
    assert (effects["ci_low"] < effects["ci_high"]).all()
    assert "wild" in (tmp_path / "evaluation_en.html").read_text()
    assert "建议" in (tmp_path / "evaluation_zh.html").read_text()


def _bad(capsys, tmp_path: Path, *argv: object) -> str:
    code, _out, err = run(capsys, "pilot", *argv)
    assert code == 2
    assert "Traceback" not in err and err.startswith("perfkit pilot: error:")
    return err


def test_evaluate_without_a_control_group(tmp_path: Path, capsys) -> None:
    a = pd.read_csv(DATA / "pilot_assignment.csv", encoding="utf-8-sig").assign(arm="pilot")
    a.to_csv(tmp_path / "a.csv", index=False)
    err = _bad(capsys, tmp_path, "evaluate", "--data", DATA / "pilot_kpis.csv", "--assignment",
               tmp_path / "a.csv", "--scenario", PLAN, "--baseline", CURRENT, "--out", tmp_path)  # fmt: skip
    assert "no control group" in err


def test_evaluate_with_unknown_teams(tmp_path: Path, capsys) -> None:
    a = pd.read_csv(DATA / "pilot_assignment.csv", encoding="utf-8-sig")
    a.loc[0, "team"] = "T77"
    a.to_csv(tmp_path / "a.csv", index=False)
    err = _bad(capsys, tmp_path, "evaluate", "--data", DATA / "pilot_kpis.csv", "--assignment",
               tmp_path / "a.csv", "--scenario", PLAN, "--baseline", CURRENT, "--out", tmp_path)  # fmt: skip
    assert "'T77' not in" in err and "pilot_kpis.csv" in err


def test_evaluate_with_one_pre_period(tmp_path: Path, capsys) -> None:
    a = pd.read_csv(DATA / "pilot_assignment.csv", encoding="utf-8-sig").assign(
        pilot_start="2025-02"
    )
    a.to_csv(tmp_path / "a.csv", index=False)
    err = _bad(capsys, tmp_path, "evaluate", "--data", DATA / "pilot_kpis.csv", "--assignment",
               tmp_path / "a.csv", "--scenario", PLAN, "--baseline", CURRENT, "--out", tmp_path)  # fmt: skip
    assert "at least 2 pre-periods" in err


def test_evaluate_with_every_team_on_the_pilot_plan(tmp_path: Path, capsys) -> None:
    k = pd.read_csv(DATA / "pilot_kpis.csv", encoding="utf-8-sig")
    k["plan"] = k["plan"].where(k["period"] < "2025-09", "marginal_ladder.yaml")
    k.to_csv(tmp_path / "k.csv", index=False)
    err = _bad(capsys, tmp_path, "evaluate", "--data", tmp_path / "k.csv", "--assignment",
               DATA / "pilot_assignment.csv", "--out", tmp_path)  # fmt: skip
    assert "all teams treated" in err


def test_design_with_every_team_in_the_pilot(tmp_path: Path, capsys) -> None:
    err = _bad(capsys, tmp_path, "design", PLAN, "--baseline", CURRENT, "--data",
               DATA / "pilot_kpis_before.csv", "--teams", "10", "--out", tmp_path)  # fmt: skip
    assert "10 pilot teams of 10" in err and "control group" in err
    assert not (tmp_path / "assignment.csv").exists()
