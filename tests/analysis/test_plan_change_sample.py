"""The bundled plan-change export is what its script makes with the current code.

data/sample_kpis_plan_change.csv feeds ``make report``'s estimate and forecast check, the
estimation tests and the docs; a file the kit's own generator no longer reproduces hides
a change of the simulator (it once held hires drawn by a removed rule).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

from tests.conftest import DATA, ROOT

spec = importlib.util.spec_from_file_location(
    "make_plan_change_sample", ROOT / "scripts/make_plan_change_sample.py"
)
make = importlib.util.module_from_spec(spec)
sys.modules["make_plan_change_sample"] = make
spec.loader.exec_module(make)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_script_reproduces_the_bundled_export_byte_for_byte(tmp_path: Path) -> None:
    out = make.write(tmp_path)
    bundled = DATA / make.NAME
    assert digest(out) == digest(bundled), (
        "data/sample_kpis_plan_change.csv is not what scripts/make_plan_change_sample.py "
        "makes now: regenerate it and update what depends on its numbers"
    )
    truth = out.with_suffix(".truth.json")
    assert truth.read_bytes() == bundled.with_suffix(".truth.json").read_bytes()
