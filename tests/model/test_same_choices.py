"""The library's plans choose as they did on main 3b52de7 (issue 20: a cheaper solve, the same choices).

The stored choices (tests/model/data/library_choices.npz) were written on main 3b52de7 by
``python -m tests.model.test_same_choices``: every plan in scenarios/ simulated on its own
floor over 6 months, with its own settings and with the designer's fast ones (the live
preview). forced_distribution (the designer's settings) and non_cash_rewards (both) were
rewritten when branch rank2 fixed the smoothed rank rules to price a candidate against
the others' current choices (a change of choices on purpose). Every entry was rewritten
when branch refunds read the calibrated floor's refund rate through the count model
(perfkit.model.funnel.pooled_rates: refunds ÷ revenue had read the count's floor as a
≈ 2-7% higher rate; every library plan runs on a floor calibrated from an export, so every
plan's choices moved, on purpose). A change to the solve that only saves work must give the same effort, quality
and help to 1e-9 and the same certainty equivalents to 1e-9 relative; a change that moves
choices on purpose must rewrite the file and say so.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from perfkit.apps.designer.model import FAST_BEHAVIOUR
from perfkit.scheme import load_scenario
from perfkit.simulate import simulate

ROOT = Path(__file__).resolve().parents[2]
STORED = Path(__file__).with_name("data") / "library_choices.npz"
PLANS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
VARIANTS = ("own", "fast")


def choices(plan: str, variant: str) -> dict[str, np.ndarray]:
    """The policy of ``plan`` on its floor, 6 months, 1 run, its settings or the designer's."""
    scenario = load_scenario(ROOT / "scenarios" / f"{plan}.yaml")
    settings = None
    if variant == "fast":
        settings = scenario.simulation.model_dump() if scenario.simulation is not None else {}
        settings["behaviour"] = {**settings.get("behaviour", {}), **FAST_BEHAVIOUR}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = simulate(scenario, runs=1, seed=0, periods=6, settings=settings).policy
    return {"effort": p.effort, "quality": p.quality, "help": p.help, "ce": p.ce}


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("plan", PLANS)
def test_the_plan_chooses_as_on_main(plan: str, variant: str) -> None:
    stored = np.load(STORED)
    now = choices(plan, variant)
    for key, value in now.items():
        before = stored[f"{plan}/{variant}/{key}"]
        assert value.shape == before.shape, key
        if key == "ce":
            np.testing.assert_allclose(value, before, rtol=1e-9, atol=1e-9, err_msg=key)
        else:
            np.testing.assert_allclose(value, before, rtol=0, atol=1e-9, err_msg=key)


def write(path: Path = STORED) -> None:
    """Store every plan's choices as this checkout makes them."""
    out = {f"{plan}/{v}/{k}": a for plan in PLANS for v in VARIANTS
           for k, a in choices(plan, v).items()}  # fmt: skip
    np.savez_compressed(path, **out)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else STORED)
