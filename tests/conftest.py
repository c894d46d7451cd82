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
