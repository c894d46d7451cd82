"""``make report``'s forecast check: the Makefile's own commands, run through the CLI on a
small plan-change export (not through make), write the comparison numbers.

The commands are read from the Makefile's ``forecast-check`` and ``estimate-sample``
recipes, with the bundled sample replaced by two of its six teams from April and ``reports/`` by a
temporary folder, so a change to the Makefile is what this test runs.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pandas as pd
import pytest

from perfkit.apps.cli import main

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = ROOT / "Makefile"
SAMPLE = ROOT / "data" / "sample_kpis_plan_change.csv"


def recipe(target: str) -> list[str]:
    """The command lines of ``target`` in the Makefile (tab-indented, after its rule)."""
    lines = MAKEFILE.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{target}\s*:", line))
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        out.append(line[1:])
    return out


def argv(line: str, data: Path, out: Path) -> list[str]:
    """A recipe line as perfkit CLI arguments on ``data``, writing under ``out``."""
    words = shlex.split(line)
    assert words[0] == "$(BIN)/perfkit", line
    swap = {"$(CHANGE_DATA)": str(data)}
    args = [swap.get(w, w) for w in words[1:]]
    at = args.index("--out") + 1
    assert args[at].startswith("reports/"), line
    args[at] = str(out / args[at].removeprefix("reports/"))
    args[args.index("scenarios/current_flat_commission.yaml")] = str(
        ROOT / "scenarios" / "current_flat_commission.yaml"
    )
    return args


def test_make_report_runs_the_forecast_check_and_the_estimate():
    report = " ".join(recipe("report"))
    assert "forecast-check" in report and "estimate-sample" in report
    assert "reports/forecast_check/validation.md" in report  # says where to look
    assert "--holdout-from" in recipe("forecast-check")[0]
    # the library's reports beside the two checks, not before them: one make, three jobs
    line = next(x for x in recipe("report") if "library" in x)
    assert "-j3" in line.split() and "forecast-check" in line and "estimate-sample" in line
    assert recipe("library")[0].split()[1:3] == ["$(BIN)/perfkit", "render"]


@pytest.mark.slow
def test_the_makefile_commands_write_the_comparison_numbers(tmp_path, capsys):
    """≈ 1 min: the hold-out check and the estimate on 2 teams × 9 months."""
    small = tmp_path / "plan_change_small.csv"
    rows = pd.read_csv(SAMPLE, encoding="utf-8-sig")
    keep = rows["team"].isin(["T1", "T2"]) & (rows["period"] >= "2025-04")
    rows.loc[keep].to_csv(small, index=False)
    (check,) = recipe("forecast-check")
    assert main(argv(check, small, tmp_path)) == 0
    said = capsys.readouterr().out
    doc = json.loads((tmp_path / "forecast_check" / "validation.json").read_text("utf-8"))
    md = (tmp_path / "forecast_check" / "validation.md").read_text("utf-8")
    assert [m["kpi"] for m in doc["metrics"]] == ["revenue", "orders", "dials"]
    for m in doc["metrics"]:
        assert m["team_months"] == 6  # 2 teams × 3 held-out months
        row = (f"| {m['kpi']} | {m['mape']:.1%} | {m['bias']:+.1%} | {m['coverage']:.0%} | "
               f"{m['team_months']} |")  # fmt: skip
        assert row in md
        assert f"MAPE {m['mape']:6.1%}" in said
    table = pd.read_csv(tmp_path / "forecast_check" / "forecast_vs_actual.csv")
    assert set(table["period"]) == {"2025-10", "2025-11", "2025-12"}
    assert (table["actual"] > 0).all() and (table["p10"] <= table["p90"]).all()

    (estimate,) = recipe("estimate-sample")
    assert main(argv(estimate, small, tmp_path)) == 0
    said = capsys.readouterr().out
    out = tmp_path / "estimate"
    doc = json.loads((out / "estimates.json").read_text("utf-8"))
    md = (out / "estimates.md").read_text("utf-8")
    assert "effort cost mean:" in said and "attrition at par:" in said
    assert f"{doc['effort_cost']['prior']:,.0f}" in md
    assert f"{doc['attrition']['quits']} quits" in md
    assert list(out.glob("*_estimated.yaml"))


def test_validate_forecast_refuses_too_few_bootstrap_draws(tmp_path, capsys):
    args = ["validate-forecast", str(ROOT / "scenarios" / "current_flat_commission.yaml"),
            "--data", str(SAMPLE), "--holdout-from", "2025-10", "--bootstrap", "10",
            "--out", str(tmp_path / "o")]  # fmt: skip
    assert main(args) == 2
    assert "--bootstrap: expected at least 50 resamples, got 10" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
