"""Let ``perfkit.simulate(...)`` and ``perfkit.compare(...)`` be called like functions.

The documented API calls them as functions, while the code lives in modules of the
same names; giving those modules a ``__call__`` serves both without shadowing the
module (``from perfkit.simulate import SimulationResult`` keeps working).
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.__name__.rsplit(".", 1)[-1])(*args, **kwargs)


def make_callable(module_name: str) -> None:
    """Calling the module calls its function of the same name."""
    sys.modules[module_name].__class__ = _CallableModule
