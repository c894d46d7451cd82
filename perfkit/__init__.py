"""perfkit — design, back-test, simulate, compare and report telesales incentive-pay schemes.

The main entry points::

    import perfkit
    scenario = perfkit.load_scenario("scenarios/marginal_ladder.yaml")
    kpis = perfkit.load_kpis("data/sample_kpis_zh.csv")
    statements = perfkit.compute_statements(kpis, scenario)
    result = perfkit.simulate(scenario, runs=200, seed=0)
    comparison = perfkit.compare([baseline, scenario], baseline=0)

Heavy modules load on first use, so ``import perfkit`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_scenario": "perfkit.scheme",
    "parse_scenario": "perfkit.scheme",
    "load_kpis": "perfkit.files.data",
    "compute_statements": "perfkit.payout",
    "tornado": "perfkit.analysis.sweep",
    "PerfkitError": "perfkit.core.errors",
}
#: Modules that can be called as their main function: ``perfkit.simulate(...)``.
_CALLABLE_MODULES = {
    "simulate": "perfkit.simulate",
    "compare": "perfkit.analysis.compare",
    "sweep": "perfkit.analysis.sweep",
    "optimize": "perfkit.analysis.optimize",
    "backtest": "perfkit.analysis.backtest",
}

__all__ = sorted([*_EXPORTS, *_CALLABLE_MODULES])


def __getattr__(name: str) -> Any:
    if name in _CALLABLE_MODULES:
        return importlib.import_module(_CALLABLE_MODULES[name])
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'perfkit' has no attribute '{name}'")
