"""Running the largest floors: a memory budget, estimates and refusals, and Dask.

- :mod:`perfkit.model.scale.memory`: sizes ("8GB"), the machine's memory, the default budget;
- :mod:`perfkit.model.scale.limits`: the budget and scheduler in force (``--memory``,
  ``--dask``, or ``PERFKIT_MEMORY`` / ``PERFKIT_DASK``) and the block size they imply;
- :mod:`perfkit.model.scale.estimate`: a job's memory and time before it starts, and the
  refusal, with numbers and options, of what cannot fit;
- :mod:`perfkit.model.scale.tasks`: independent tasks (pricing blocks, pay chunks) run in
  place or on a Dask cluster, with a clear error when every worker is lost.

The blocks themselves are cut in perfkit.model.behaviour.blocks; see docs/scale.md.
"""

from perfkit.model.scale.limits import Limits, current, use
from perfkit.model.scale.tasks import close_clients

__all__ = ["Limits", "close_clients", "current", "use"]
