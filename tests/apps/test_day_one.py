"""Day-one friction (issue 19, item 9): what a consultant meets with their first export
and a library scenario copied into the client's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfkit.apps.cli import main

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "scenarios" / "current_flat_commission.yaml"  # population: ../data/…
LADDER = ROOT / "scenarios" / "marginal_ladder.yaml"
DATA = ROOT / "data" / "sample_kpis.csv"


@pytest.fixture
def client(tmp_path: Path) -> Path:
    """A client folder (deep enough that ``../data`` is not the kit's) with a copy of a
    library scenario and the export; its ``population.source`` names a file not there."""
    folder = tmp_path / "clients" / "acme"
    folder.mkdir(parents=True)
    shutil.copy(LIBRARY, folder / "plan.yaml")
    shutil.copy(DATA, folder / "export.csv")
    assert not (folder.parent / "data" / "sample_kpis.csv").exists()
    return folder


def test_data_replaces_a_copied_scenarios_missing_population_source(
    client: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, export = str(client / "plan.yaml"), str(client / "export.csv")
    assert main(["payout", plan, "--data", export]) == 0
    out, err = capsys.readouterr()
    assert "total pay" in out
    assert "population.plan: 'current_flat_commission.yaml' does not exist" in err  # said once
    assert "taken as paid under this plan" in err
    assert main(["backtest", plan, str(LADDER), "--data", export]) == 0
    # without --data the stated source is what the run would use: still refused, with the way out
    assert main(["validate", plan]) == 2
    out, err = capsys.readouterr()
    assert "'../data/sample_kpis.csv' does not exist" in out + err
    assert "given --data EXPORT uses that export instead" in out + err


def test_data_does_not_excuse_a_source_outside_the_project(
    client: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (client / "plan.yaml").read_text("utf-8").replace("../data/", "../../../../etc/")
    (client / "plan.yaml").write_text(text, "utf-8")
    argv = ["payout", str(client / "plan.yaml"), "--data", str(client / "export.csv")]
    assert main(argv) == 2
    assert "--allow-outside-paths" in capsys.readouterr().err
