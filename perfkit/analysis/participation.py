"""Participation: the fixed salary adjusts so agents' mean certainty equivalent meets
their outside option.

The firm's real problem (Holmström–Milgrom): a stronger incentive raises effort and
risk, and the firm pays for that risk through the salary agents need to stay. Under
the participation rule every plan's base salary (``pay.base_salary``) is set so the
mean over agents and periods of each agent's certainty equivalent per period (the
solved policy's ``ce``, on the expected path) equals the mean outside option per
period: Δ = mean(outside option) × months per period − mean(CE). With CARA utility a
lump sum moves the CE one for one, so one step meets the rule; one more step
corrects where a guarantee or floor breaks that. The salary cannot go below zero
(then agents keep a surplus: the rule is slack); :func:`perfkit.analysis.optimize.optimize`
rounds the optimum's salary up to whole yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from perfkit.analysis.sweep import Point, SimSpec, simulate_point
from perfkit.scheme.params import get_param

SALARY = "pay.base_salary"
#: Largest mean CE shortfall or surplus (currency per agent-period) accepted.
TOLERANCE = 1.0


@dataclass(frozen=True)
class Participation:
    """The salary set by the rule and how close the mean CE is to the outside option."""

    base_salary: float
    mean_ce: float  # per agent-period, at that salary
    outside_option: float  # mean per agent-period
    slack: bool  # the salary is at zero and agents still get more than their option

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("base_salary", "mean_ce", "outside_option", "slack")}


def ce_gap(result: Any, months: float) -> tuple[float, float]:
    """Mean CE per agent-period and mean outside option per period of a simulation."""
    ce = float(np.mean(result.policy.ce))
    outside = float(result.population["outside_option"].mean()) * months
    return ce, outside


def participating(spec: SimSpec, point: Point, months: float) -> tuple[Point, Any, Participation]:
    """``point`` with the salary set by the participation rule, its simulation and the rule's
    numbers (see the module docstring). The CE does not depend on the runs: probe with one."""
    probe = replace(spec, runs=1)
    salary = float(get_param(spec.scenario_at(point), SALARY))
    result = simulate_point(probe, {**point, SALARY: salary})
    for _ in range(2):
        ce, outside = ce_gap(result, months)
        salary = max(0.0, salary + outside - ce)
        result = simulate_point(spec, {**point, SALARY: salary})
        ce, outside = ce_gap(result, months)
        if abs(ce - outside) <= TOLERANCE or (salary == 0.0 and ce > outside):
            break
    return {**point, SALARY: salary}, result, rule_at(result, salary, months)


def rule_at(result: Any, salary: float, months: float) -> Participation:
    """The participation numbers of a simulation run at ``salary``."""
    ce, outside = ce_gap(result, months)
    return Participation(salary, ce, outside, salary == 0.0 and ce > outside)
