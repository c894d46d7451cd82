"""``--fill`` / ``--drop-incomplete``: every command that reads an export takes them, from
the one shared definition, and applies them through the one loader."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest

from perfkit.apps.cli import main
from perfkit.apps.cli.main import build_parser
from tests.conftest import DATA, SCENARIOS


def _commands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> dict[str, argparse.ArgumentParser]:
    """Every leaf sub-command by its full name (``pilot design``)."""
    out: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix} {name}".strip()
                nested = _commands(sub, full)
                out.update(nested or {full: sub})
    return out


def _options(p: argparse.ArgumentParser) -> set[str]:
    return {o for a in p._actions for o in a.option_strings}


def test_every_command_that_reads_an_export_takes_the_blank_cell_options() -> None:
    commands = _commands(build_parser())
    readers = {n for n, p in commands.items() if "--data" in _options(p)}
    assert {"review", "targets", "letters", "payout", "rate360", "pilot design"} <= readers
    lacking = sorted(
        n for n in readers if not {"--fill", "--drop-incomplete"} <= _options(commands[n])
    )
    assert lacking == []


@pytest.fixture()
def blank_export(tmp_path: Path) -> Path:
    """The sample export with three blank satisfaction cells in June."""
    df = pd.read_csv(DATA / "sample_kpis.csv", dtype=str, keep_default_na=False)
    rows = df.index[df["month"] == "2025-06"][:3]
    df.loc[rows, "csat"] = ""
    path = tmp_path / "blank.csv"
    df.to_csv(path, index=False)
    return path


def test_review_refuses_blank_read_cells_with_advice_it_accepts(
    blank_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = SCENARIOS / "quality_first.yaml"
    args = ["review", str(plan), "--data", str(blank_export), "--period", "2025-06"]
    assert main([*args, "--out", str(tmp_path / "a"), "--runs", "0"]) == 2
    err = capsys.readouterr().err
    assert "--fill satisfaction=" in err and "--drop-incomplete" in err
    parsed = build_parser().parse_args([*args, "--fill", "satisfaction=agent_mean"])
    assert parsed.fill == ["satisfaction=agent_mean"]


def test_targets_applies_the_fill_and_the_drop(
    blank_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = SCENARIOS / "quality_first.yaml"
    args = ["targets", str(plan), "--data", str(blank_export), "--period", "2025-06"]
    assert main([*args, "--out", str(tmp_path / "b"), "--fill", "satisfaction=agent_mean"]) == 0
    assert "note:" in capsys.readouterr().out  # the policy is said
    assert main([*args, "--out", str(tmp_path / "c"), "--drop-incomplete"]) == 0
    kept = pd.read_csv(tmp_path / "c" / "decomposition.csv")
    full = pd.read_csv(tmp_path / "b" / "decomposition.csv")
    per_kpi = full["kpi"].nunique()
    assert (kept["level"] == "agent").sum() == (full["level"] == "agent").sum() - 3 * per_kpi


@pytest.mark.slow
def test_review_runs_with_the_fill_end_to_end(
    blank_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The policy reaches the notebook's kernel too (it reloads the export)."""
    plan = SCENARIOS / "quality_first.yaml"
    args = ["review", str(plan), "--data", str(blank_export), "--period", "2025-06",
            "--out", str(tmp_path), "--runs", "0", "--format", "html",
            "--fill", "satisfaction=agent_mean"]  # fmt: skip
    assert main(args) == 0
    assert "sheets and" in capsys.readouterr().out
    assert (tmp_path / "review-2025-06.html").is_file()
