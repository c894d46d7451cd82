"""Remembered points choose what pricing every candidate afresh chooses, smoothed rules too.

The smooth step and the mode step read back a candidate priced once
(perfkit.model.behaviour.points). That is exact only if a candidate's certainty
equivalent does not depend on the candidates priced beside it. Smoothed rules (rank
prizes, forced distributions, top-N rewards, team thresholds) once ranked a deviator
against its slot's candidates of the same index, so the memory was off for them; they
now rank it against the others' current choices (tests/model/test_rank_pricing.py), and
the memory is on everywhere. Checked by solving the same plan with ``points.REMEMBER``
on and off: every coupling type a smoothed rule prices and the bundled plans with
smoothed rules, with their own settings and the designer's fast ones. The same effort,
quality and help to 1e-9 and certainty equivalents to 1e-9 relative, and fewer
candidates priced with the memory (else the check would be vacuous).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from perfkit.apps.designer.model import FAST_BEHAVIOUR
from perfkit.model.behaviour import points, pricing
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.simulate import simulate
from tests.model.test_rank_pricing import PLANS

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = ("own", "fast")


def _settings(scenario, variant: str) -> dict | None:
    """The scenario's own settings, or the designer's fast behaviour over them."""
    if variant == "own":
        return None
    settings = scenario.simulation.model_dump() if scenario.simulation is not None else {}
    settings["behaviour"] = {**settings.get("behaviour", {}), **FAST_BEHAVIOUR}
    return settings


def _solved(scenario, variant: str, remember: bool, periods: int, monkeypatch) -> tuple:
    """The policy's choices and the candidate rows priced, memory on or off."""
    rows = [0]
    inner = pricing.PricingTable.price

    def counted(self, m, window, luck, cands, path, plan=None):
        rows[0] += cands.effort.size
        return inner(self, m, window, luck, cands, path, plan)

    with monkeypatch.context() as mp:
        mp.setattr(points, "REMEMBER", remember)
        mp.setattr(pricing.PricingTable, "price", counted)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = simulate(
                scenario, runs=1, seed=0, periods=periods, settings=_settings(scenario, variant)
            ).policy
    return {"effort": p.effort, "quality": p.quality, "help": p.help, "ce": p.ce}, rows[0]


def _same_with_and_without_memory(scenario, variant: str, periods: int, monkeypatch) -> None:
    off, rows_off = _solved(scenario, variant, False, periods, monkeypatch)
    on, rows_on = _solved(scenario, variant, True, periods, monkeypatch)
    for key in ("effort", "quality", "help"):
        np.testing.assert_allclose(on[key], off[key], rtol=0, atol=1e-9, err_msg=key)
    np.testing.assert_allclose(on["ce"], off["ce"], rtol=1e-9, atol=1e-9, err_msg="ce")
    assert rows_on < rows_off, "the memory read nothing back"


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", list(PLANS))
def test_every_smoothed_coupling_chooses_the_same_with_remembered_points(
    name: str, variant: str, monkeypatch
) -> None:
    doc = {
        "name": "ranked",
        "population": {"source": "synthetic", "agents": 24, "teams": 3, "seed": 5},
    }
    _same_with_and_without_memory(parse_scenario({**doc, **PLANS[name]}), variant, 3, monkeypatch)


@pytest.mark.parametrize("variant", [pytest.param("own", marks=pytest.mark.slow), "fast"])
@pytest.mark.parametrize("plan", ["non_cash_rewards", "forced_distribution"])
def test_the_bundled_smoothed_plans_choose_the_same_with_remembered_points(
    plan: str, variant: str, monkeypatch
) -> None:
    scenario = load_scenario(ROOT / "scenarios" / f"{plan}.yaml")
    _same_with_and_without_memory(scenario, variant, 6, monkeypatch)
