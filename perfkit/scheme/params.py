"""Read and change one scenario parameter by its path, as sweeps and optimisers do.

Paths are dotted, with list items picked by index or, on the scorecard, by KPI:

- ``pay.base_salary``, ``team.weight``, ``commission.rate``
- ``scorecard.revenue.weight``, ``scorecard[0].target``
- ``commission.ladder[1].rate`` / ``commission.ladder[1].from``
- ``grades.bands.S``, ``pay.performance_pay.grade_coefficients.A``, ``bonuses[0].amount``

A path into a section the scenario leaves out (``simulation.margin_rate``,
``population.traits.effort_cost.mean`` where it has no ``simulation:`` or ``population:``)
reads and sets the default the simulation uses then: the section is written out first.

Changing one scorecard weight rescales the other weights so they still total
100 (the changed weight is kept as given): a sweep of the revenue weight from 30
to 70 then means "revenue's share of the score", which is what consultants ask.
"""

from __future__ import annotations

import copy
import re
import warnings
from typing import Any

from perfkit.core.errors import ScenarioError
from perfkit.core.kpis import canonical_kpi
from perfkit.scheme import Scenario, parse_scenario
from perfkit.scheme.population import Simulation, SyntheticPopulation

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_LADDER_FIELDS = {"from": 0, "rate": 1}


def _tokens(path: str) -> list[str | int]:
    out: list[str | int] = []
    for name, index in _TOKEN.findall(path):
        out.append(int(index) if index else name)
    if not out:
        raise ScenarioError("<parameter>", [(path, "empty parameter path")])
    return out


def _step(node: Any, token: str | int, path: str) -> Any:
    """Resolve one path token against a dict or list node (returns the key to use)."""
    if isinstance(node, list):
        if isinstance(token, int):
            if token >= len(node):
                raise ScenarioError(
                    "<parameter>", [(path, f"index {token} out of range (length {len(node)})")]
                )
            return token
        if token in _LADDER_FIELDS and node and not isinstance(node[0], dict):
            return _LADDER_FIELDS[token]
        kpi = canonical_kpi(token) or token  # scorecard.销售额.weight = scorecard.revenue.weight
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("kpi") == kpi:
                return i
        raise ScenarioError("<parameter>", [(path, f"no list item named '{token}'")])
    if isinstance(node, dict):
        if token not in node:
            keys = ", ".join(sorted(map(str, node))) or "none"
            raise ScenarioError("<parameter>", [(path, f"no key '{token}' here; keys are: {keys}")])
        return token
    raise ScenarioError("<parameter>", [(path, f"'{token}' goes below a plain value")])


def _raw(scenario: Scenario, tokens: list[str | int]) -> dict[str, Any]:
    """The scenario as plain data, with the default section a path into ``tokens`` enters
    written out when the scenario leaves it out (a missing section means its defaults)."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    if tokens[0] == "simulation":
        raw.setdefault("simulation", Simulation().model_dump(mode="json", exclude_none=True))
    elif tokens[0] == "population":
        raw.setdefault("population", SyntheticPopulation().model_dump(mode="json"))
    return raw


def get_param(scenario: Scenario, path: str) -> Any:
    """The current value at ``path``."""
    tokens = _tokens(path)
    node: Any = _raw(scenario, tokens)
    for token in tokens:
        node = node[_step(node, token, path)]
    return node


def with_param(scenario: Scenario, path: str, value: Any, quiet: bool = False) -> Scenario:
    """A new, re-validated scenario with ``path`` set to ``value``; ``quiet``: without the
    plan's warnings (given already when it was loaded)."""
    tokens = _tokens(path)
    raw = copy.deepcopy(_raw(scenario, tokens))
    node: Any = raw
    for token in tokens[:-1]:
        node = node[_step(node, token, path)]
    key = _step(node, tokens[-1], path)
    if len(tokens) >= 2 and tokens[-2] == "shares" and isinstance(value, int | float):
        value = value / 100.0 if value > 1 else value  # 20 means 20%, as in scenario files
        if tokens[0] == "grades":  # the other grades keep their proportions; total 100%
            rest = sum(float(v) for k, v in node.items() if k != key)
            if rest > 0 and value <= 1:
                for k in node:
                    if k != key:
                        node[k] = float(node[k]) * (1.0 - value) / rest
    node[key] = value
    if tokens[0] == "scorecard" and tokens[-1] == "weight" and len(tokens) == 3:
        _rebalance(raw["scorecard"], node, float(value), path)
    try:
        with warnings.catch_warnings():
            if quiet:
                warnings.simplefilter("ignore")
            return parse_scenario(raw, source=f"{scenario.source} [{path}={value}]")
    except ScenarioError as err:
        raise ScenarioError(err.source, err.problems) from None


def _rebalance(
    items: list[dict[str, Any]], changed: dict[str, Any], weight: float, path: str
) -> None:
    """Scale the other scorecard weights so all weights total 100."""
    if not 0 < weight < 100 and len(items) > 1:
        raise ScenarioError("<parameter>", [(path, f"weight {weight:g} must be between 0 and 100")])
    others = [it for it in items if it is not changed]
    rest = sum(float(it["weight"]) for it in others)
    for it in others:
        it["weight"] = float(it["weight"]) * (100.0 - weight) / rest
    # absorb rounding so the total is exactly 100
    if others:
        others[-1]["weight"] = 100.0 - weight - sum(float(it["weight"]) for it in others[:-1])
