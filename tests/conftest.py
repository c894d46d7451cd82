"""Shared fixtures: paths to bundled data and scenarios, and a small valid scheme."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SCENARIOS = ROOT / "scenarios"

BASIC: dict[str, Any] = {
    "name": "test scheme",
    "currency": "CNY",
    "pay": {
        "base_salary": 4000,
        "performance_pay": {
            "base": 2000,
            "grade_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.8, "D": 0.0},
        },
    },
    "scorecard": [
        {"kpi": "revenue", "weight": 60, "target": 30000, "cap": "150%"},
        {"kpi": "connect_rate", "weight": 20, "target": 0.28},
        {"kpi": "complaint_rate", "weight": 20, "target": 0.002},
    ],
    "grades": {"method": "bands", "bands": {"S": 110, "A": 95, "B": 80, "C": 60}},
    "commission": {"base": "revenue", "mode": "marginal", "ladder": [[0, 0.02], [30000, 0.04]]},
}


@pytest.fixture
def basic() -> dict[str, Any]:
    """A fresh deep copy of a small valid scenario mapping."""
    return copy.deepcopy(BASIC)


@pytest.fixture(scope="session")
def client_export(tmp_path_factory) -> Path:
    """A small client's KPI export unlike the bundled population: the Chinese sample's
    teams T1 and T3, April–June 2025 (37 agents in the last month, no team T2)."""
    import csv

    with (DATA / "sample_kpis_zh.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    team, month = header.index("组别"), header.index("月份")
    keep = [r for r in rows if r[team] in ("T1", "T3") and r[month] >= "2025-04"]
    path = tmp_path_factory.mktemp("client") / "client_kpis.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *keep])
    return path


def roster(export: Path) -> tuple[set[str], set[str]]:
    """The agents of an export's last period and its teams: the population calibrated from it."""
    from perfkit.files.data import load_kpis

    kpis = load_kpis(export)
    last = kpis[kpis["period"] == kpis["period"].max()]
    return set(last["agent_id"].astype(str)), set(kpis["team"].astype(str))
