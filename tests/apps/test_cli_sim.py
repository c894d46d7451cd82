"""The simulation commands of the CLI: files written, numbers consistent, errors clean."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from perfkit.apps.cli import main
from perfkit.scheme import load_scenario
from tests.conftest import SCENARIOS, roster

LADDER = str(SCENARIOS / "marginal_ladder.yaml")
CURRENT = str(SCENARIOS / "current_flat_commission.yaml")


def test_simulate_writes_summary_json_matching_the_tables(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sim"
    assert (
        main(
            [
                "simulate",
                LADDER,
                "--runs",
                "6",
                "--seed",
                "3",
                "--periods",
                "3",
                "--out",
                str(out),
                "--csv",
            ]
        )
        == 0
    )
    doc = json.loads((out / "summary.json").read_text())
    runs = pd.read_csv(out / "runs.csv")
    for metric in (
        "revenue",
        "orders",
        "total_pay",
        "incentive_pay",
        "cost_of_sales",
        "profit",
        "mean_effort",
        "complaint_rate",
        "csat",
        "attrition",
        "pay_gini",
    ):
        stats = doc["summary"][metric]
        assert set(stats) >= {"mean", "p10", "p50", "p90"}
        assert stats["mean"] == pytest.approx(runs[metric].mean())
    assert (out / "agents.parquet").exists() and (out / "agents.csv").exists()
    assert "revenue" in capsys.readouterr().out


def test_simulate_is_reproducible(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            main(
                [
                    "simulate",
                    LADDER,
                    "--runs",
                    "4",
                    "--seed",
                    "9",
                    "--periods",
                    "2",
                    "--out",
                    str(tmp_path / name),
                ]
            )
            == 0
        )
    a = json.loads((tmp_path / "a" / "summary.json").read_text())["summary"]
    b = json.loads((tmp_path / "b" / "summary.json").read_text())["summary"]
    assert a == b


def test_simulate_takes_runs_seed_and_periods_from_the_scenario(tmp_path: Path, capsys) -> None:
    raw = yaml.safe_load(Path(LADDER).read_text(encoding="utf-8"))
    raw["population"] = {"source": "synthetic", "agents": 30, "teams": 2}
    raw["simulation"] = {"runs": 3, "seed": 5, "periods": 2}
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert main(["simulate", str(path), "--out", str(tmp_path / "a")]) == 0
    assert "3 runs, seed 5" in capsys.readouterr().out
    doc = json.loads((tmp_path / "a" / "summary.json").read_text())
    runs = pd.read_parquet(tmp_path / "a" / "runs.parquet")
    assert len(runs) == 3
    # the command line wins over the scenario
    assert (
        main(["simulate", str(path), "--runs", "2", "--seed", "5", "--out", str(tmp_path / "b")])
        == 0
    )
    assert "2 runs, seed 5" in capsys.readouterr().out
    assert doc["summary"]["revenue"]["mean"] > 0


def test_compare_names_the_baseline_first_and_writes_tables(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cmp"
    code = main(
        [
            "compare",
            LADDER,
            CURRENT,
            "--baseline",
            CURRENT,
            "--runs",
            "4",
            "--periods",
            "3",
            "--out",
            str(out),
            "--data",
            str(SCENARIOS.parent / "data" / "sample_kpis.csv"),
        ]
    )
    assert code == 0
    doc = json.loads((out / "comparison.json").read_text())
    assert doc["baseline"] == load_scenario(CURRENT).name
    assert doc["plans"][0] == doc["baseline"]
    assert doc["summary"][doc["baseline"]]["revenue"]["delta"] == 0
    bands = pd.read_csv(out / "bands.csv")
    assert set(bands["view"]) == {"static", "dynamic"}


def test_sweep_prints_one_row_per_value(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sweep.csv"
    code = main(
        [
            "sweep",
            LADDER,
            "--param",
            "commission.ladder[1].rate",
            "--values",
            "0.03",
            "5%",  # percentages as in scenario files
            "--runs",
            "3",
            "--periods",
            "2",
            "--jobs",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = pd.read_csv(out)
    assert list(table["commission.ladder[1].rate"]) == [0.03, 0.05]
    assert table["total_pay"].iloc[1] > table["total_pay"].iloc[0]


def test_optimize_writes_a_valid_best_scenario(tmp_path: Path, capsys) -> None:
    out = tmp_path / "opt"
    code = main(
        [
            "optimize",
            LADDER,
            "--vary",
            "commission.ladder[1].rate",
            "0.02",
            "0.06",
            "--objective",
            "profit",
            "--constraint",
            "cost_of_sales <= 0.5",
            "--runs",
            "3",
            "--periods",
            "2",
            "--maxiter",
            "6",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    best = load_scenario(out / "marginal_ladder_optimized.yaml")
    optimum = json.loads((out / "optimum.json").read_text())
    assert best.commission.bands[1][1] == pytest.approx(
        optimum["best"]["commission.ladder[1].rate"]
    )
    assert 0.02 <= optimum["best"]["commission.ladder[1].rate"] <= 0.06
    doc = yaml.safe_load((out / "marginal_ladder_optimized.yaml").read_text())
    assert doc["name"].endswith("(optimised for profit)")
    assert "under cost_of_sales <= 0.5." in doc["description"]
    assert "NOT FEASIBLE" not in doc["description"]


def test_optimize_without_a_feasible_plan_says_so_and_fails(tmp_path: Path, capsys) -> None:
    out = tmp_path / "opt"
    argv = ["optimize", LADDER, "--vary", "commission.ladder[1].rate", "0.02", "0.06"]
    argv += ["--constraint", "cost_of_sales <= 0.01", "--runs", "2", "--periods", "1"]
    code = main([*argv, "--maxiter", "3", "--out", str(out)])
    assert code == 1
    assert "no plan in the search met every constraint" in capsys.readouterr().err
    assert json.loads((out / "optimum.json").read_text())["feasible"] is False
    doc = yaml.safe_load((out / "marginal_ladder_optimized.yaml").read_text())
    assert "NOT FEASIBLE" in doc["description"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["sweep", LADDER, "--param", "commission.nope", "--values", "1"], "no key 'nope'"),
        (
            ["optimize", LADDER, "--vary", "pay.base_salary", "10", "5", "--out", "x"],
            "must be below",
        ),
        (
            [
                "optimize",
                LADDER,
                "--vary",
                "pay.base_salary",
                "1",
                "5",
                "--constraint",
                "pay >>> 3",
                "--out",
                "x",
            ],
            "not of the form",
        ),
        (["simulate", LADDER, "--runs", "0", "--out", "x"], "runs"),
        (["render", LADDER, "--runs", "0", "--out", "x"], "--runs 0: expected"),
        (
            ["sweep", LADDER, "--param", "commission.gate", "--values", "1", "--jobs", "0"],
            "--jobs 0",
        ),
        (["render", LADDER, "--jobs", "0", "--out", "x"], "--jobs 0: expected"),
        (["render", LADDER, "--out", LADDER], "exists and is not a folder"),
        (
            ["sweep", LADDER, "--param", "commission.gate", "--values", "1", "--dask", "nohost"],
            "--dask",
        ),
        (
            ["optimize", LADDER, "--vary", "commission.gate", "low", "5", "--out", "x"],
            "'low' is not a number",
        ),
    ],
)
def test_bad_requests_are_one_message(argv: list[str], needle: str, capsys) -> None:
    """Each is refused before any simulation or kernel starts, in one line, exit 2."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_render_checks_the_data_before_starting_a_kernel(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "kpis.csv"
    lines = (SCENARIOS.parent / "data" / "sample_kpis.csv").read_text("utf-8-sig").splitlines()
    head, row = lines[0].split(","), lines[1].split(",")
    row[head.index("revenue")] = "abc"
    bad.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    code = main(["render", LADDER, "--data", str(bad), "--out", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert code == 2
    assert "column 'revenue': non-numeric value 'abc' on line 2" in err
    assert not (tmp_path / "reports").exists()


# --------------------------------------------------------------------------- --data
def test_compare_with_data_runs_every_plan_on_the_export(tmp_path: Path, capsys, client_export):
    out = tmp_path / "cmp"
    argv = ["compare", CURRENT, LADDER, "--data", str(client_export), "--runs", "2"]
    assert main([*argv, "--periods", "2", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    agents, teams = roster(client_export)
    doc = json.loads((out / "comparison.json").read_text("utf-8"))
    assert (doc["population"]["agents"], set(doc["population"]["team_names"])) == (37, teams)
    table = pd.read_csv(out / "agents.csv")
    for _, plan in table.groupby("plan"):
        assert set(plan["agent_id"]) == agents and set(plan["team"]) == teams
    assert (
        f"population: calibrated from {client_export.name} (37 agents in 2 teams)" in captured.out
    )
    warning = [line for line in captured.err.splitlines() if "warning" in line]
    assert len(warning) == 1 and f"client's export {client_export.name}" in warning[0]
    assert "ignored the population stated by current_flat_commission.yaml" in warning[0]


@pytest.mark.parametrize("command", ["simulate", "sweep", "optimize"])
def test_every_simulation_command_takes_the_export(
    command: str, tmp_path: Path, capsys, client_export
) -> None:
    out = tmp_path / "out"
    argv = {
        "simulate": ["simulate", LADDER, "--out", str(out)],
        "sweep": ["sweep", LADDER, "--param", "commission.gate", "--values", "0", "--jobs", "1"],
        "optimize": [
            *("optimize", LADDER, "--vary", "commission.gate", "0", "5000"),
            *("--maxiter", "2", "--out", str(out)),
        ],
    }[command]
    code = main([*argv, "--data", str(client_export), "--runs", "2", "--periods", "1"])
    captured = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in captured.err
    assert (
        f"population: calibrated from {client_export.name} (37 agents in 2 teams)" in captured.out
    )
    assert "ignored the population stated by marginal_ladder.yaml" in captured.err
    if command == "simulate":
        pop = pd.read_parquet(out / "population.parquet")
        assert set(pop["agent_id"]) == roster(client_export)[0]
        meta = json.loads((out / "summary.json").read_text("utf-8"))["meta"]
        assert meta["population"]["source"] == client_export.name
    if command == "optimize":
        assert json.loads((out / "optimum.json").read_text("utf-8"))["population"]["agents"] == 37


def test_a_missing_export_is_one_message(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.csv"
    assert main(["simulate", LADDER, "--data", str(missing), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"perfkit simulate: error: {missing}: invalid KPI data" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_render_names_the_population_before_any_kernel_starts(
    tmp_path: Path, capsys, monkeypatch, client_export
) -> None:
    import perfkit.pages.report.batch

    started: list = []
    monkeypatch.setattr(
        perfkit.pages.report.batch, "render_many", lambda jobs, **_: started.extend(jobs) or []
    )
    argv = ["render", CURRENT, LADDER, "--data", str(client_export), "--out", str(tmp_path / "r")]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert (
        f"population: calibrated from {client_export.name} (37 agents in 2 teams)" in captured.out
    )
    assert "ignored the population stated by current_flat_commission.yaml" in captured.err
    assert {job.parameters["data"] for job in started} == {str(client_export.resolve())}
    assert len(started) == 3  # two scenario reports and the comparison
