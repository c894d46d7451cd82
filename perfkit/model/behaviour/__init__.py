"""Behaviour: agents choose effort, its allocation and help to maximise their certainty equivalent.

- :mod:`perfkit.model.behaviour.pricer`: what pays them (the payout engine or a test pay function);
- :mod:`perfkit.model.behaviour.pricing`: pricing candidate choices with others' choices fixed;
- :mod:`perfkit.model.behaviour.lines`: candidate lines and the best one per agent;
- :mod:`perfkit.model.behaviour.solve`: best responses period by period to a fixed point;
- :mod:`perfkit.model.behaviour.textbook`: the textbook agency model, for closed-form checks.
"""

from perfkit.model.behaviour.pricer import (
    Pricer,
    engine_pricer,
    flat_pay,
    scenario_coupling,
    scenario_cycle,
)
from perfkit.model.behaviour.solve import ConvergenceWarning, Policy, solve
from perfkit.model.behaviour.textbook import TextbookProduction

__all__ = [
    "ConvergenceWarning",
    "Policy",
    "Pricer",
    "TextbookProduction",
    "engine_pricer",
    "flat_pay",
    "scenario_coupling",
    "scenario_cycle",
    "solve",
]
