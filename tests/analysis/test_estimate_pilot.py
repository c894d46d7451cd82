"""Learning from a pilot: `pilot evaluate --update OUT` writes the re-estimated scenario, and
its forecast of the piloted plan's lift lies inside the pilot's own 95% interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.synthetic import plan_change_export
from perfkit.analysis.pilot.assignment import load_assignment, pilot_rows
from perfkit.analysis.pilot.evaluate import evaluate_pilot, names_of
from perfkit.apps.cli.estimate import update_from_pilot
from perfkit.files.data import load_kpis
from perfkit.fit.population_choice import from_scenario
from perfkit.scheme import load_scenario
from perfkit.simulate import simulate
from tests.analysis.test_estimate_responsiveness import _flat

PILOT = ["T1", "T3", "T5"]


@pytest.fixture(scope="module")
def pilot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pilot")
    before, after = _flat(folder, "3%"), _flat(folder, "6%")
    df, _ = plan_change_export(
        load_scenario(before), load_scenario(after), agents=120, teams=6, seed=11,
        pilot_teams=PILOT, traits={"effort_cost": {"mean": 7000.0, "cv": 0.3}},
        names=(str(before), str(after)),
    )  # fmt: skip
    df.to_csv(folder / "after_pilot.csv", index=False)
    pd.DataFrame({"team": [f"T{i}" for i in range(1, 7)],
                  "arm": ["pilot" if f"T{i}" in PILOT else "control" for i in range(1, 7)],
                  "pilot_start": "2025-07", "scenario": after.name,
                  "baseline": before.name}).to_csv(folder / "assignment.csv", index=False)  # fmt: skip
    return folder, load_scenario(before), load_scenario(after)


@pytest.mark.slow
def test_the_re_estimated_scenario_forecasts_the_pilots_lift_inside_its_interval(pilot):
    folder, baseline, scenario = pilot
    kpis = load_kpis(folder / "after_pilot.csv")
    a = load_assignment(folder / "assignment.csv")
    ev = evaluate_pilot(kpis, a, scenario, baseline, None, reps=499, seed=0)
    effect = ev.effects.set_index("outcome").loc["revenue"]
    on = pilot_rows(kpis, a, names_of(scenario), names_of(baseline))
    result, paths = update_from_pilot(kpis, on, scenario, baseline, folder / "updated",
                                      seed=0, bootstrap=199)  # fmt: skip
    r = result.responsiveness
    assert r.controls == 3 and r.switchers == 3 and r.status == "estimated", r.reason
    updated = load_scenario(paths["scenario"])
    assert "estimated" not in updated.name  # the plan's own name; the file's first line says
    assert "(estimated from " in paths["scenario"].read_text(encoding="utf-8").splitlines()[0]
    sim = updated.simulation
    pop = from_scenario(updated, sim)
    months = 6
    new = simulate(scenario, runs=20, seed=0, periods=months, population=pop, settings=sim)
    old = simulate(baseline, runs=20, seed=0, periods=months, population=pop, settings=sim)
    lift = float(new.agents["revenue"].mean() - old.agents["revenue"].mean())
    assert effect["ci_low"] <= lift <= effect["ci_high"], (
        lift,
        effect["ci_low"],
        effect["ci_high"],
    )
    assert lift > 0 and np.isfinite(lift)
